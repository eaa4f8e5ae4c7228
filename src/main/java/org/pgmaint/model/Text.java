package org.pgmaint.model;

import java.util.Locale;

/** Number formatting for reasons and messages written by rules: {@code Text.pct(40.04)} is "40.0%". */
public final class Text {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    private Text() {
    }

    /** A percentage with one decimal: 40.0%. */
    public static String pct(double value) {
        return String.format(Locale.ROOT, "%.1f%%", value);
    }

    /** A number without needless decimals: 20, 7.5. */
    public static String num(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value)) {
            return String.valueOf((long) value);
        }
        return String.format(Locale.ROOT, "%s", value);
    }

    /** Bytes the way pg_size_pretty writes them: 8192 bytes is "8 kB". */
    public static String bytes(double value) {
        int unit = 0;
        double v = value;
        while (Math.abs(v) >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return unit == 0 ? String.format(Locale.ROOT, "%.0f B", v) : String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }
}
