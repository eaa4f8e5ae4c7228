package org.pgmaint.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The values a key accepts beyond its type, declared with the key ({@link ConfigKeys}) so that {@code validate},
 * {@code config} and {@code run} refuse the same values, wherever they come from (file, environment, flag).
 */
public interface Validator {
    /** Every value of the key's type. */
    Validator ANY = new Validator() {
        @Override
        public boolean accepts(Object value) {
            return true;
        }

        @Override
        public String describe(ValueType type) {
            return type.validForm();
        }
    };

    boolean accepts(Object value);

    /** What a valid value looks like, e.g. "a whole number from 1 to 64" or "one of: auto, manual". */
    String describe(ValueType type);

    /** Throws IllegalArgumentException saying what is valid when the value is not accepted. */
    default void check(ValueType type, Object value, String text) {
        if (!accepts(value)) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not valid: should be " + describe(type));
        }
    }

    /** A number or duration from min to max inclusive. */
    static Validator between(Comparable<?> min, Comparable<?> max) {
        return Range.of(min, max);
    }

    /** A number or duration of at least min. */
    static Validator atLeast(Comparable<?> min) {
        return Range.of(min, null);
    }

    /** 0 (meaning {@code zeroMeans}, e.g. "never") or a value from min to max. */
    static Validator zeroOr(String zeroMeans, Comparable<?> min, Comparable<?> max) {
        return Range.zeroOr(zeroMeans, min, max);
    }

    /** One of the given words, exactly. */
    static Validator oneOf(String... values) {
        return new OneOf(List.of(values), false);
    }

    /** One of the given words in any case ("Manual" is manual). */
    static Validator oneOfIgnoringCase(String... values) {
        return new OneOf(List.of(values), true);
    }

    /** Text matching {@code pattern}; {@code description} says what that is, with an example. */
    static Validator matching(String pattern, String description) {
        Pattern compiled = Pattern.compile(pattern);
        return new Validator() {
            @Override
            public boolean accepts(Object value) {
                return compiled.matcher(String.valueOf(value)).matches();
            }

            @Override
            public String describe(ValueType type) {
                return description;
            }
        };
    }

    /** A list of names, or the one word {@code all} alone (a name beside it would be ambiguous). */
    static Validator allOrNames(String all) {
        return new Validator() {
            @Override
            public boolean accepts(Object value) {
                return !(value instanceof List<?> names) || !names.contains(all) || names.size() == 1;
            }

            @Override
            public String describe(ValueType type) {
                return all + " alone, or a list of names such as [app, billing]";
            }
        };
    }

    /** The words a key accepts. */
    record OneOf(List<String> values, boolean ignoreCase) implements Validator {
        @Override
        public boolean accepts(Object value) {
            String text = String.valueOf(value).trim();
            return values.contains(ignoreCase ? text.toLowerCase(Locale.ROOT) : text);
        }

        @Override
        public String describe(ValueType type) {
            return "one of: " + String.join(", ", values);
        }
    }
}
