package org.pgmaint.model;

/** Number formatting for reasons and messages written by rules: {@code Text.pct(40.04)} is "40.0%". */
public final class Text {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    private Text() {
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
