package org.pgmaint.history;

import java.nio.file.Path;
import java.time.Clock;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKeys;

/**
 * Whether history is kept, where, and for how long. {@code url} empty means the embedded file {@code history.db}
 * in report.dir (zero setup); the clock is the one every history figure is computed with (tests set it).
 */
public record HistorySettings(boolean enabled, String url, Path reportDir, int retentionDays, boolean alertEveryRun,
                              Clock clock) {

    public static HistorySettings from(Config config, Clock clock) {
        return new HistorySettings(config.bool(ConfigKeys.HISTORY_ENABLED), config.string(ConfigKeys.HISTORY_URL),
                Path.of(config.string(ConfigKeys.REPORT_DIR)), config.integer(ConfigKeys.HISTORY_RETENTION_DAYS),
                "every_run".equals(config.string(ConfigKeys.HISTORY_ALERTS)), clock);
    }

    /** The same settings with history off. */
    public HistorySettings disabled() {
        return new HistorySettings(false, url, reportDir, retentionDays, alertEveryRun, clock);
    }

    /** True when the store is a central PostgreSQL database. */
    public boolean central() {
        return url.startsWith("postgres");
    }

    /** The embedded store's file. */
    public Path file() {
        return url.startsWith("sqlite:") ? Path.of(url.substring("sqlite:".length())) : reportDir.resolve("history.db");
    }

    /** Where the history is, for messages (a central URI without its password). */
    public String describe() {
        return central() ? org.pgmaint.config.Secrets.maskUri(url) : file().toString();
    }
}
