package org.pgmaint.model;

/**
 * Number formatting for reasons and messages written by rules ({@code Text.pct(40.04)} is "40.0%"), and
 * {@link #escape}, the one function that makes names safe for text output.
 */
public final class Text {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    private Text() {
    }

    /**
     * Text as it may appear in a line of text output (progress, plan, reports, alerts, logs): a backslash becomes
     * {@code \\}, newline, tab and carriage return {@code \n}, {@code \t}, {@code \r}, any other control character
     * {@code \xNN}, and the characters that break lines or reorder them on screen (U+0085, U+2028, U+2029, bidi
     * overrides) as backslash-u and four hex digits. A name can then never start a line of its own or rewrite what is shown: a table
     * named "x\n[2/1] done drop table y" prints as {@code x\n[2/1] done drop table y} on one line. JSON is not
     * escaped this way: it carries names exactly.
     */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !needsEscape(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    String hex = Integer.toHexString(c);
                    out.append(c < 0x100 ? "\\x" + (hex.length() < 2 ? "0" : "") : "\\u" + "0".repeat(4 - hex.length()))
                            .append(hex);
                }
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == '\\' || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }

    /**
     * A duration the way people say it, in its two largest units: 850 ms, 12.3 s, 4 min 5 s, 10 h 2 min,
     * 3 d 4 h; 1 min, not 1 min 0 s. The one duration format of messages, reasons and reports.
     */
    public static String duration(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0) {
            return "0 ms";
        }
        long millis = Math.round(seconds * 1000);
        if (millis < 1000) {
            return millis + " ms";
        }
        if (seconds < 59.95) {
            return oneDecimal(seconds) + " s";
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return pair(s / 60, " min", s % 60, " s");
        }
        if (s < 86_400) {
            return pair(s / 3600, " h", s % 3600 / 60, " min");
        }
        return pair(s / 86_400, " d", s % 86_400 / 3600, " h");
    }

    /** "10 h 2 min"; "10 h" when the smaller unit is 0. */
    private static String pair(long large, String largeUnit, long small, String smallUnit) {
        return small == 0 ? large + largeUnit : large + largeUnit + " " + small + smallUnit;
    }

    /** A percentage with one decimal: 40.0%. */
    public static String pct(double value) {
        return oneDecimal(value) + "%";
    }

    /** A number without needless decimals: 20, 7.5. */
    public static String num(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value)) {
            return String.valueOf((long) value);
        }
        return String.valueOf(value);
    }

    /** Bytes the way pg_size_pretty writes them: 8192 bytes is "8 kB". */
    public static String bytes(double value) {
        int unit = 0;
        double v = value;
        while (Math.abs(v) >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return unit == 0 ? Math.round(v) + " B" : oneDecimal(v) + " " + UNITS[unit];
    }

    /**
     * {@code %.1f} without a Formatter (rules format tens of thousands of numbers per run): rounded half up, as
     * Formatter does, from the shortest decimal that identifies the double.
     */
    static String oneDecimal(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        String text = new java.math.BigDecimal(Double.toString(value)).setScale(1, java.math.RoundingMode.HALF_UP)
                .toPlainString();
        // Formatter keeps the sign of a negative value that rounds to zero (-0.04 is "-0.0")
        return Math.copySign(1.0, value) < 0 && text.charAt(0) != '-' ? "-" + text : text;
    }
}
