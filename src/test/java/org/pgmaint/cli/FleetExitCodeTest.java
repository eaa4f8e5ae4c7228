package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FleetExitCodeTest {
    @Test
    void theWorstCodeWinsAndUnreachableIsThreeOnlyWhenNothingWasReached() {
        assertEquals(0, ExitCodes.worst(List.of(0, 0)));
        assertEquals(1, ExitCodes.worst(List.of(0, 3)));
        assertEquals(3, ExitCodes.worst(List.of(3, 3)));
        assertEquals(4, ExitCodes.worst(List.of(1, 4, 3)));
        assertEquals(2, ExitCodes.worst(List.of(4, 2, 0)));
        assertEquals(70, ExitCodes.worst(List.of(2, 70)));
        assertEquals(143, ExitCodes.worst(List.of(70, 143, 0)));
    }
}
