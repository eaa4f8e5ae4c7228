package org.pgmaint.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size as a DBA writes it ({@code 500GB}, {@code 1.5TB}, {@code 10 GB}): units of 1024 as in PostgreSQL's
 * memory settings and {@code pg_size_pretty}, so the figures pgmaint prints and the ones given agree.
 */
public final class ByteSize {
    public static final String VALID_FORM = "a size such as 500GB, 10GB or 1.5TB (units B, kB, MB, GB, TB, PB,"
            + " 1kB = 1024 bytes; more than 0)";
    private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|tb|pb)");
    private static final String UNITS = "bkmgtp";

    private ByteSize() {
    }

    /** The bytes of {@code text}; throws IllegalArgumentException naming the valid form when it is no size. */
    public static long parse(String text) {
        String value = text == null ? "" : text.trim();
        Matcher m = TEXT.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not valid: should be " + VALID_FORM);
        }
        BigDecimal bytes = new BigDecimal(m.group(1))
                .multiply(BigDecimal.valueOf(1024).pow(UNITS.indexOf(m.group(2).charAt(0))));
        if (bytes.signum() <= 0 || bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + value + "' is not valid: should be " + VALID_FORM);
        }
        return bytes.longValue();
    }
}
