package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.VersionIndependent;

/** Reports go to standard output in the charset System.out itself uses, names outside ASCII included. */
@VersionIndependent
class StandardOutputTest {
    private static final String TEXT = "[warning] fk_without_index \"Weird Schema\".\"Odd \"\"Name\"\" Table\" Ω ñ 表\n";

    @Test
    void writesTheBytesSystemOutWouldWrite() {
        PrintStream original = System.out;
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        ByteArrayOutputStream printStream = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(ours, true, StandardOutput.charset()));
            StandardOutput.print(TEXT);
            System.setOut(new PrintStream(printStream, true, StandardOutput.charset()));
            System.out.print(TEXT);
            System.out.flush();
        } finally {
            System.setOut(original);
        }
        assertArrayEquals(printStream.toByteArray(), ours.toByteArray());
    }

    @Test
    void followsTheStdoutEncodingProperties() {
        String stdout = System.getProperty("stdout.encoding");
        String sunStdout = System.getProperty("sun.stdout.encoding");
        try {
            System.clearProperty("stdout.encoding");
            System.setProperty("sun.stdout.encoding", "UTF-16BE");
            assertEquals(StandardCharsets.UTF_16BE, StandardOutput.charset());
            System.setProperty("stdout.encoding", "ISO-8859-1");
            assertEquals(StandardCharsets.ISO_8859_1, StandardOutput.charset());
            System.clearProperty("stdout.encoding");
            System.setProperty("sun.stdout.encoding", "no-such-charset");
            assertEquals(Charset.defaultCharset(), StandardOutput.charset());
        } finally {
            restore("stdout.encoding", stdout);
            restore("sun.stdout.encoding", sunStdout);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
