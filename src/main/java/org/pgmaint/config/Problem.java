package org.pgmaint.config;

/**
 * One thing wrong with user input: where it is (a file and line, an environment variable,
 * a flag), which key, and what a valid value looks like.
 */
public record Problem(String source, int line, String key, String message) {

    public static Problem at(String source, int line, String key, String message) {
        return new Problem(source, line, key, message);
    }

    public static Problem of(String source, String key, String message) {
        return new Problem(source, 0, key, message);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(source);
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (key != null && !key.isEmpty()) {
            text.append(key).append(": ");
        }
        return text.append(message).toString();
    }
}
