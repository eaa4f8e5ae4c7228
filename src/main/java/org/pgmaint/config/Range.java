package org.pgmaint.config;

/**
 * The values a number or duration key accepts: from {@code min} to {@code max} inclusive (null: unbounded), and 0
 * as well when {@code zeroMeans} says what 0 does ("never", "none"). Made by {@link Validator#between} and its
 * siblings.
 */
record Range(Comparable<?> min, Comparable<?> max, String zeroMeans) implements Validator {

    public static Range of(Comparable<?> min, Comparable<?> max) {
        return new Range(min, max, null);
    }

    /** 0 (meaning {@code zeroMeans}) or a value from min to max. */
    public static Range zeroOr(String zeroMeans, Comparable<?> min, Comparable<?> max) {
        return new Range(min, max, zeroMeans);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public boolean accepts(Object value) {
        if (!(value instanceof Comparable v)) {
            return true;
        }
        if (zeroMeans != null && isZero(value)) {
            return true;
        }
        return (min == null || v.compareTo(min) >= 0) && (max == null || v.compareTo(max) <= 0);
    }

    private static boolean isZero(Object value) {
        return value instanceof java.time.Duration d ? d.isZero() : value instanceof Number n && n.doubleValue() == 0;
    }

    /** "a whole number from 1 to 64", "0 (never) or a duration from 1s to 1h". */
    @Override
    public String describe(ValueType type) {
        String kind = switch (type) {
            case INT -> "a whole number";
            case DURATION -> "a duration";
            default -> "a number";
        };
        String bounds;
        if (min != null && max != null) {
            bounds = " from " + ValueType.format(min) + " to " + ValueType.format(max);
        } else if (min != null) {
            bounds = " of at least " + ValueType.format(min);
        } else if (max != null) {
            bounds = " of at most " + ValueType.format(max);
        } else {
            bounds = "";
        }
        return (zeroMeans == null ? "" : "0 (" + zeroMeans + ") or ") + kind + bounds;
    }
}
