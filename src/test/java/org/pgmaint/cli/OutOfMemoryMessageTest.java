package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** A run that runs out of heap, on any thread, ends with a message naming the setting, not a stack trace. */
class OutOfMemoryMessageTest {

    @Test
    void anOutOfMemoryErrorWrappedByAnotherThreadEndsWithTheHeapLimitAndTheSetting() {
        OutOfMemoryError memory = new OutOfMemoryError("Java heap space");
        // the rule base is built on another thread, the checks on a pool: their errors arrive wrapped
        Exception wrapped = new CompletionException(new ExecutionException(memory));
        assertSame(memory, Main.memoryError(wrapped));

        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.handle(wrapped, false);
        } finally {
            System.setErr(oldErr);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.INTERNAL_ERROR, code);
        assertTrue(message.startsWith("pgmaint: out of memory (Java heap space)"), message);
        assertTrue(message.contains("heap limit of " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB"), message);
        assertTrue(message.contains("PGMAINT_JAVA_OPTS=-Xmx"), message);
        assertFalse(message.contains("\tat "), "no stack trace without --debug: " + message);
        assertEquals(1, message.strip().lines().count(), message);
    }

    @Test
    void otherFailuresAreNotTakenForMemory() {
        assertNull(Main.memoryError(new CompletionException(new IllegalStateException("x"))));
        assertNull(Main.memoryError(new StackOverflowError()));
    }
}
