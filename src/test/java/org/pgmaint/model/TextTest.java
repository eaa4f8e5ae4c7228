package org.pgmaint.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.VersionIndependent;

/** Text writes numbers exactly as Formatter's %.1f would, without a Formatter. */
@VersionIndependent
class TextTest {
    @Test
    void oneDecimalMatchesFormatter() {
        Random random = new Random(42);
        double[] edges = {0, -0.0, 0.05, 0.15, 0.25, 1.05, 2.675, 9.95, 99.95, 19.999, 20.0, 1e10, 123456789.05, -1.25, -0.04, -0.05,
                Double.MIN_VALUE, 1024 * 1.04999};
        for (double value : edges) {
            assertEquals(String.format(Locale.ROOT, "%.1f", value), Text.oneDecimal(value), "value " + value);
        }
        for (int i = 0; i < 100_000; i++) {
            double value = switch (i % 4) {
                case 0 -> random.nextDouble() * 100;
                case 1 -> Math.round(random.nextDouble() * 10_000) / 100.0;
                case 2 -> random.nextDouble() * 1e7;
                default -> -random.nextDouble();
            };
            assertEquals(String.format(Locale.ROOT, "%.1f", value), Text.oneDecimal(value), "value " + value);
        }
    }

    @Test
    void percentagesNumbersAndSizes() {
        assertEquals("40.0%", Text.pct(40.04));
        assertEquals("20", Text.num(20.0));
        assertEquals("7.5", Text.num(7.5));
        assertEquals("8.0 kB", Text.bytes(8192));
        assertEquals("1023 B", Text.bytes(1023));
        assertEquals("1.5 GB", Text.bytes(1.5 * 1024 * 1024 * 1024));
    }

    @Test
    void safety11_escapeLeavesNoControlCharacterAndReadsBackUnambiguously() {
        assertEquals("plain Ünïcödé 表 name", Text.escape("plain Ünïcödé 表 name"));
        assertEquals("x\\n[34/33] done", Text.escape("x\n[34/33] done"));
        assertEquals("a\\tb\\rc\\x00d\\x1b[2J\\x7f\\x85\\u2028\\u202e", Text.escape("a\tb\rc\u0000d\u001b[2J\u007f\u0085\u2028\u202e"));
        // a backslash is doubled, so a name that contains the two characters \n is told from one with a newline
        assertEquals("back\\\\n", Text.escape("back\\n"));
    }

    @Test
    void durationsReadInTheirTwoLargestUnits() {
        assertEquals("0 ms", Text.duration(0));
        assertEquals("850 ms", Text.duration(0.85));
        assertEquals("1.0 s", Text.duration(0.9996));
        assertEquals("12.3 s", Text.duration(12.34));
        assertEquals("1 min", Text.duration(59.96));
        assertEquals("2 h", Text.duration(7200));
        assertEquals("4 min 6 s", Text.duration(245.9));
        assertEquals("10 h 2 min", Text.duration(36131.8));
        assertEquals("3 d 4 h", Text.duration(3 * 86_400 + 4 * 3600 + 59));
        assertEquals("0 ms", Text.duration(-5));
    }
}
