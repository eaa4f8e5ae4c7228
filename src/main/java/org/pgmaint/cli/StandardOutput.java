package org.pgmaint.cli;

import java.nio.charset.Charset;

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
