package org.pgmaint.report;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKey;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;

/**
 * Where and how a run's files are written.
 *
 * @param metricsFile Prometheus textfile-collector output, or null for none
 * @param zone        the zone of the timestamps in file names (the host's: cron runs in local time)
 */
public record ReportSettings(Path dir, Path templatesDir, int retentionDays, int topTables, Path metricsFile,
                             ZoneId zone) {

    public static ReportSettings from(Config config, Path home, Path metricsFile) {
        List<Problem> problems = new ArrayList<>();
        int retention = atLeastOne(config, ConfigKeys.REPORT_RETENTION_DAYS, "days, e.g. 30", problems);
        int top = atLeastOne(config, ConfigKeys.REPORT_TOP_TABLES, "tables, e.g. 10", problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("configuration", problems);
        }
        String templates = config.string(ConfigKeys.REPORT_TEMPLATES_DIR);
        Path templatesDir = templates.isBlank() ? home.resolve("templates") : Path.of(templates);
        return new ReportSettings(Path.of(config.string(ConfigKeys.REPORT_DIR)), templatesDir, retention, top,
                metricsFile, ZoneId.systemDefault());
    }

    private static int atLeastOne(Config config, ConfigKey key, String example, List<Problem> problems) {
        int value = config.integer(key);
        if (value < 1) {
            problems.add(Problem.of(config.origin(key.name()), key.name(),
                    value + " is too small: should be a whole number of at least 1 " + example));
        }
        return value;
    }

    public ReportSettings withMetricsFile(Path file) {
        return new ReportSettings(dir, templatesDir, retentionDays, topTables, file, zone);
    }

    public ReportSettings withZone(ZoneId value) {
        return new ReportSettings(dir, templatesDir, retentionDays, topTables, metricsFile, value);
    }
}
