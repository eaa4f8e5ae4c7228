package org.pgmaint.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The types a configuration value may have; each parses text and says what a valid value looks like. */
public enum ValueType {
    STRING("any text"),
    INT("a whole number such as 5"),
    NUMBER("a number such as 20 or 7.5"),
    BOOL("true or false"),
    DURATION("a duration such as 500ms, 30s, 10min, 1h or 2d"),
    LIST("a list such as [a, b]");

    private static final Pattern DURATION_TEXT =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)?");

    /** The longest duration any value may have. */
    public static final Duration LONGEST = Duration.ofDays(36_500);

    private final String validForm;

    ValueType(String validForm) {
        this.validForm = validForm;
    }

    public String validForm() {
        return validForm;
    }

    /** Parses one value; throws IllegalArgumentException with the valid form when it does not fit. */
    public Object parse(String text) {
        String value = text == null ? "" : text.trim();
        try {
            return switch (this) {
                case STRING -> value;
                case INT -> Integer.parseInt(value);
                case NUMBER -> finite(value);
                case BOOL -> parseBool(value);
                case DURATION -> parseDuration(value);
                case LIST -> value.isEmpty() ? List.of() : Arrays.stream(value.split(",")).map(String::trim).toList();
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(invalid(value));
        }
    }

    private String invalid(String value) {
        return "'" + value + "' is not valid: should be " + validForm;
    }

    private Double finite(String value) {
        double number = Double.parseDouble(value);
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException(invalid(value));
        }
        return number;
    }

    private Boolean parseBool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(invalid(value));
        };
    }

    private Duration parseDuration(String value) {
        Matcher m = DURATION_TEXT.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(invalid(value));
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit.charAt(0)) {
            case 'd' -> amount * 86_400_000d;
            case 'h' -> amount * 3_600_000d;
            case 'm' -> unit.equals("ms") ? amount : amount * 60_000d;
            default -> amount * 1000d;
        };
        if (millis > LONGEST.toMillis()) {
            // beyond this, deadlines in nanoseconds overflow; no setting needs a century
            throw new IllegalArgumentException("'" + value + "' is not valid: too long, should be at most "
                    + format(LONGEST) + " (100 years)");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    public static String format(Object value) {
        if (value instanceof Duration d) {
            long ms = d.toMillis();
            if (ms % 86_400_000 == 0 && ms > 0) return ms / 86_400_000 + "d";
            if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
            if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "min";
            if (ms % 1000 == 0) return ms / 1000 + "s";
            return ms + "ms";
        }
        if (value instanceof Double n && n == Math.rint(n) && !Double.isInfinite(n)) {
            return String.valueOf(n.longValue());
        }
        if (value instanceof List<?> list) {
            return list.toString();
        }
        return String.valueOf(value);
    }
}
