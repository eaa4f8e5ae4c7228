package org.pgmaint.report;

import java.nio.file.Path;
import java.time.ZoneId;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKeys;

/**
 * Where and how a run's files are written.
 *
 * @param listing     what the text and HTML reports list of the findings (report.text_limit; the JSON has all)
 * @param metricsFile Prometheus textfile-collector output, or null for none
 * @param zone        the zone of the timestamps in file names (the host's: cron runs in local time)
 * @param history     the database's history for the HTML report's charts and index.html ({@link RunHistory#NONE}: none)
 */
public record ReportSettings(Path dir, Path templatesDir, int retentionDays, int topTables, Path metricsFile,
                             ZoneId zone, Listing listing, RunHistory history) {

    public ReportSettings {
        history = history == null ? RunHistory.NONE : history;
    }

    public ReportSettings(Path dir, Path templatesDir, int retentionDays, int topTables, Path metricsFile, ZoneId zone,
                          Listing listing) {
        this(dir, templatesDir, retentionDays, topTables, metricsFile, zone, listing, RunHistory.NONE);
    }

    public ReportSettings(Path dir, Path templatesDir, int retentionDays, int topTables, Path metricsFile, ZoneId zone) {
        this(dir, templatesDir, retentionDays, topTables, metricsFile, zone, Listing.DEFAULT);
    }

    public static ReportSettings from(Config config, Path home, Path metricsFile) {
        // range-checked where the keys are declared (ConfigKeys)
        int retention = config.integer(ConfigKeys.REPORT_RETENTION_DAYS);
        int top = config.integer(ConfigKeys.REPORT_TOP_TABLES);
        String templates = config.string(ConfigKeys.REPORT_TEMPLATES_DIR);
        Path templatesDir = templates.isBlank() ? home.resolve("templates") : Path.of(templates);
        return new ReportSettings(Path.of(config.string(ConfigKeys.REPORT_DIR)), templatesDir, retention, top,
                metricsFile, ZoneId.systemDefault(), Listing.DEFAULT.withLimit(config.integer(ConfigKeys.REPORT_TEXT_LIMIT)));
    }

    /** The same settings writing into another folder (a database's own under report.dir in a fleet run). */
    public ReportSettings withDir(Path folder) {
        return new ReportSettings(folder, templatesDir, retentionDays, topTables, metricsFile, zone, listing, history);
    }

    public ReportSettings withMetricsFile(Path file) {
        return new ReportSettings(dir, templatesDir, retentionDays, topTables, file, zone, listing, history);
    }

    public ReportSettings withListing(Listing value) {
        return new ReportSettings(dir, templatesDir, retentionDays, topTables, metricsFile, zone, value, history);
    }

    public ReportSettings withHistory(RunHistory value) {
        return new ReportSettings(dir, templatesDir, retentionDays, topTables, metricsFile, zone, listing, value);
    }
}
