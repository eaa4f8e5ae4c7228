package org.pgmaint.report;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;

/** The timestamp in run file names ({@link RunFile}), e.g. report_20261124_030000.txt. */
public final class RunStamp {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

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
        Matcher m = RunFile.PATTERN.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(m.group(1), FORMAT).atZone(zone).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
