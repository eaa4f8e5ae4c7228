package org.pgmaint.report;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The timestamp in run file names, e.g. report_20261124_030000.txt, and the pattern of pgmaint's own files. */
public final class RunStamp {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    /** Only files with these names are ever removed by retention. */
    static final Pattern RUN_FILE = Pattern.compile("(maintenance|report|alert)_(\\d{8}_\\d{6})\\.(log|txt|json|html)");

    private RunStamp() {
    }

    /**
     * A run's time as the reports show it (JSON report, templates): ISO-8601 in UTC to the whole second,
     * {@code 2026-11-24T03:00:00Z}; the fraction is cut off, not rounded.
     */
    public static String utc(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static String of(Instant instant, ZoneId zone) {
        return FORMAT.format(instant.atZone(zone));
    }

    /** The time a run file's name says it was written, or empty when the name is not one of pgmaint's. */
    static Optional<Instant> parse(String fileName, ZoneId zone) {
        Matcher m = RUN_FILE.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(m.group(2), FORMAT).atZone(zone).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
