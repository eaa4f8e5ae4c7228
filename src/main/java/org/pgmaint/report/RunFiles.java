package org.pgmaint.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pgmaint.config.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's trail under {@code report.dir} (default logs/maintenance/): {@code maintenance_<ts>.log},
 * {@code report_<ts>.txt}, {@code report_<ts>.json}, {@code report_<ts>.html}, and {@code alert_<ts>.txt} when
 * something needs a human; then files past {@code report.retention_days} are removed. Usage by a run:
 * <pre>
 * try (RunLog log = RunFiles.startLog(settings, started)) {       // also parses the templates
 *     ... connect; on DatabaseUnavailableException: RunFiles.writeFailure(settings, mode, e.getMessage(), started)
 *     ... plan and execute ...
 *     RunFiles.write(result, settings);
 * }
 * </pre>
 */
public final class RunFiles {
    private static final Logger log = LoggerFactory.getLogger(RunFiles.class);

    private RunFiles() {
    }

    /** Checks the templates (so a broken template stops a run before it changes anything) and opens the run's log. */
    public static RunLog startLog(ReportSettings settings, Instant startedAt) throws IOException {
        Templates.in(settings.templatesDir()).validate();
        PrivateFiles.directory(settings.dir());
        return RunLog.start(settings.dir(), RunStamp.of(startedAt, settings.zone()));
    }

    /** Writes the reports (and the alert when needed) of a finished run, the metrics file, then applies retention. */
    public static List<Path> write(RunResult result, ReportSettings settings) throws IOException {
        Templates templates = Templates.in(settings.templatesDir());
        String stamp = RunStamp.of(result.startedAt(), settings.zone());
        Path dir = settings.dir();
        PrivateFiles.directory(dir);
        Map<String, Object> model = new LinkedHashMap<>(ReportModel.of(result, settings.topTables(), false));
        model.put("files", fileNames(stamp));

        // the alert sends the reader to the log: what went wrong must be in it (failed actions and checks are
        // logged as they happen)
        result.errors().forEach(error -> log.error("the run did not complete: {}", error));
        List<Path> written = new ArrayList<>();
        Path logFile = dir.resolve("maintenance_" + stamp + ".log");
        if (Files.exists(logFile)) {
            written.add(logFile);
        }
        written.add(PrivateFiles.write(dir.resolve("report_" + stamp + ".json"), JsonReport.render(result)));
        written.add(PrivateFiles.write(dir.resolve("report_" + stamp + ".txt"), templates.render(Templates.REPORT_TEXT, model)));
        written.add(PrivateFiles.write(dir.resolve("report_" + stamp + ".html"), templates.render(Templates.REPORT_HTML, model)));
        List<?> alerts = (List<?>) model.get("alerts");
        if (!alerts.isEmpty()) {
            Path alert = PrivateFiles.write(dir.resolve("alert_" + stamp + ".txt"), templates.render(Templates.ALERT_TEXT, model));
            written.add(alert);
            log.warn("{} alert(s): see {}", alerts.size(), alert);
        }
        if (settings.metricsFile() != null) {
            written.add(Metrics.write(settings.metricsFile(), Metrics.render(result, settings.topTables())));
        }
        written.forEach(file -> log.info("wrote {}", file));
        removeOld(settings);
        return written;
    }

    /** A run that could not reach the database: an alert saying so (and the metrics), then retention. */
    public static List<Path> writeFailure(ReportSettings settings, String mode, String message, Instant at) throws IOException {
        String stamp = RunStamp.of(at, settings.zone());
        log.error("the database could not be reached: {}", message);
        Path logFile = settings.dir().resolve("maintenance_" + stamp + ".log");
        Map<String, Object> model = new LinkedHashMap<>(ReportModel.unreachable(mode, message, at));
        Map<String, Object> files = fileNames(stamp);
        if (!Files.exists(logFile)) {
            files.remove("log");
        }
        model.put("files", files);
        String text;
        try {
            text = Templates.in(settings.templatesDir()).render(Templates.ALERT_TEXT, model);
        } catch (InvalidInputException e) {
            // the alert matters more than the template: say both in plain words
            Alert alert = Alert.unreachable(message);
            text = alert.title() + "\n\n" + alert.detail() + "\n\nWhat to do first: " + alert.firstStep()
                    + "\n\n(The alert template could not be used: " + e.describe() + ")\n";
        }
        List<Path> written = new ArrayList<>();
        PrivateFiles.directory(settings.dir());
        if (Files.exists(logFile)) {
            written.add(logFile);
        }
        written.add(PrivateFiles.write(settings.dir().resolve("alert_" + stamp + ".txt"), text));
        if (settings.metricsFile() != null) {
            written.add(Metrics.write(settings.metricsFile(), Metrics.renderUnreachable(mode, at)));
        }
        removeOld(settings);
        return written;
    }

    public static List<Path> writeFailure(ReportSettings settings, String mode, String message) throws IOException {
        return writeFailure(settings, mode, message, Instant.now());
    }

    private static void removeOld(ReportSettings settings) throws IOException {
        for (Path old : Retention.clean(settings.dir(), settings.retentionDays(), Instant.now(), settings.zone())) {
            log.info("removed {} (older than {} days)", old, settings.retentionDays());
        }
    }

    private static Map<String, Object> fileNames(String stamp) {
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("stamp", stamp);
        files.put("log", "maintenance_" + stamp + ".log");
        files.put("text", "report_" + stamp + ".txt");
        files.put("json", "report_" + stamp + ".json");
        files.put("html", "report_" + stamp + ".html");
        files.put("alert", "alert_" + stamp + ".txt");
        return files;
    }
}
