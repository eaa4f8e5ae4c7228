package org.pgmaint.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sizing rule itself, with given batch durations (the handler tests run it against a real server). */
class BatchSizerTest {
    private static final long MS = 1_000_000;

    @Test
    void doublesWhileUnderAThirdOfTheTargetUpToTwentyTimesTheStart() {
        BatchSizer sizer = new BatchSizer(5000, Duration.ofMillis(250));
        int[] expected = {10_000, 20_000, 40_000, 80_000, 100_000, 100_000};
        for (int size : expected) {
            sizer.took(10 * MS);
            assertEquals(size, sizer.size());
        }
        assertEquals(100_000, sizer.cap());
    }

    @Test
    void keepsTheSizeBetweenAThirdOfTheTargetAndTheTarget() {
        BatchSizer sizer = new BatchSizer(5000, Duration.ofMillis(300));
        sizer.took(100 * MS);
        sizer.took(150 * MS);
        sizer.took(300 * MS);
        assertEquals(5000, sizer.size());
        sizer.took(100 * MS - 1);
        assertEquals(10_000, sizer.size());
    }

    @Test
    void aBatchOverTheTargetIsFollowedByOneSizedForHalfTheTarget() {
        BatchSizer sizer = new BatchSizer(40_000, Duration.ofMillis(250));
        sizer.took(500 * MS);
        assertEquals(10_000, sizer.size());
        sizer.took(10_000 * MS);
        assertEquals(125, sizer.size());
        sizer.took(Long.MAX_VALUE);
        assertEquals(1, sizer.size());
        sizer.took(Long.MAX_VALUE);
        assertEquals(1, sizer.size(), "never below one row");
    }

    @Test
    void aZeroTargetKeepsTheConfiguredSize() {
        BatchSizer sizer = new BatchSizer(5000, Duration.ZERO);
        sizer.took(1);
        sizer.took(10_000 * MS);
        assertEquals(5000, sizer.size());
    }

    @Test
    void theCapIsAMillionRowsButNeverBelowTheConfiguredSize() {
        assertEquals(1_000_000, new BatchSizer(200_000, Duration.ofSeconds(1)).cap());
        assertEquals(1_000_000, new BatchSizer(1_000_000, Duration.ofSeconds(1)).cap());
        assertEquals(60, new BatchSizer(3, Duration.ofSeconds(1)).cap());
    }
}
