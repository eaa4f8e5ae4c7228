package org.pgmaint.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import org.pgmaint.report.PrivateFiles;

/**
 * Writes a whole report to standard output at once, encoded as {@code System.out} encodes text. A plan at
 * 10,000 tables is ~16 MB of text: encoded in one call it takes a fraction of the time the PrintStream's
 * character path takes (docs/performance.md).
 */
final class StandardOutput {
    private StandardOutput() {
    }

    static void print(String text) {
        byte[] bytes = text.getBytes(charset());
        System.out.write(bytes, 0, bytes.length);
        System.out.flush();
    }

    /**
     * Streams a report to standard output as it is made, in 64 KB pieces: a JSON plan at 100,000 tables is
     * hundreds of megabytes, which as one string and its bytes took more memory than the plan.
     */
    static void print(PrivateFiles.Content content) {
        try {
            Writer out = new BufferedWriter(new OutputStreamWriter(System.out, charset()), 1 << 16);
            content.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** System.out's charset: stdout.encoding from Java 19, sun.stdout.encoding (on a console) before, else the default. */
    static Charset charset() {
        for (String property : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
            String name = System.getProperty(property);
            if (name != null && Charset.isSupported(name)) {
                return Charset.forName(name);
            }
        }
        return Charset.defaultCharset();
    }
}
