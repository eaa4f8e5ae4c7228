package org.pgmaint.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.execute.RunResult;
import org.pgmaint.model.Mode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's trail under {@code report.dir} (default logs/maintenance/): {@code maintenance_<ts>.log},
 * {@code report_<ts>.txt}, {@code report_<ts>.json}, {@code report_<ts>.html}, and {@code alert_<ts>.txt} when
 * something needs a human; then files past {@code report.retention_days} are removed. Usage by a run:
 * <pre>
 * try (RunLog log = RunFiles.startLog(settings, started)) {       // also parses the templates
 *     ... connect; on DatabaseUnavailableException: RunFiles.writeFailure(settings, database, mode, e.getMessage(), started)
 *     ... plan and execute ...
 *     RunFiles.write(result, settings);
 * }
 * </pre>
 */
public final class RunFiles {
    private static final Logger log = LoggerFactory.getLogger(RunFiles.class);

    private RunFiles() {
    }

    /**
     * Checks the templates and every place the run will write (so a broken template or an unwritable folder stops
     * a run before it changes anything: exit 2 naming the key and the path) and opens the run's log.
     */
    public static RunLog startLog(ReportSettings settings, Instant startedAt) {
        Templates.in(settings.templatesDir()).validate();
        checkWritable(settings);
        try {
            return RunLog.start(settings.dir(), RunStamp.of(startedAt, settings.zone()));
        } catch (IOException e) {
            throw new InvalidInputException("run files", Problem.of(settings.dir().toString(), ConfigKeys.REPORT_DIR.name(),
                    "cannot write the run's log here: " + PrivateFiles.reason(e)));
        }
    }

    /** report.dir and the metrics file's folder can take new files; else exit 2 naming each key (or flag) and path. */
    public static void checkWritable(ReportSettings settings) {
        List<Problem> problems = new ArrayList<>();
        try {
            PrivateFiles.checkWritableFolder(settings.dir(), true);
        } catch (IOException e) {
            problems.add(Problem.of(settings.dir().toString(), ConfigKeys.REPORT_DIR.name(),
                    "cannot write run files here: " + PrivateFiles.reason(e)));
        }
        if (settings.metricsFile() != null) {
            checkWritableFile(settings.metricsFile(), "--metrics-file", true).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("run files", problems);
        }
    }

    /**
     * A problem (naming {@code option} and the path) when {@code file} cannot be written: it is a folder, or its
     * folder is missing (and {@code createFolder} is false) or takes no new file.
     */
    public static java.util.Optional<Problem> checkWritableFile(Path file, String option, boolean createFolder) {
        Path target = file.toAbsolutePath();
        if (Files.isDirectory(target)) {
            return java.util.Optional.of(Problem.of(file.toString(), option, "is a folder; should name a file"));
        }
        try {
            PrivateFiles.checkWritableFolder(target.getParent(), createFolder);
            return java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.of(Problem.of(file.toString(), option, "cannot be written: its folder "
                    + target.getParent() + ": " + PrivateFiles.reason(e)));
        }
    }

    /** Writes the reports (and the alert when needed) of a finished run, the metrics file, then applies retention. */
    public static List<Path> write(RunResult result, ReportSettings settings) throws IOException {
        Templates templates = Templates.in(settings.templatesDir());
        String stamp = RunStamp.of(result.startedAt(), settings.zone());
        Path dir = settings.dir();
        writing(dir, () -> PrivateFiles.directory(dir));
        Map<String, Object> model = new LinkedHashMap<>(ReportModel.of(result, settings, false));
        model.put("files", fileNames(stamp));
        TrendCharts.model(settings.history().trends(result.startedAt().minus(TrendCharts.WINDOW), result.startedAt()))
                .ifPresent(trends -> model.put("trends", trends));

        // the alert sends the reader to the log: what went wrong must be in it (failed actions and checks are
        // logged as they happen)
        result.errors().forEach(error -> log.error("the run did not complete: {}", error));
        List<Path> written = new ArrayList<>();
        Path logFile = dir.resolve(RunFile.LOG.fileName(stamp));
        if (Files.exists(logFile)) {
            written.add(logFile);
        }
        Path json = dir.resolve(RunFile.JSON.fileName(stamp));
        writing(json, () -> PrivateFiles.write(json, out -> JsonReport.write(result, out)));
        written.add(json);
        written.add(write(dir.resolve(RunFile.TEXT.fileName(stamp)), templates.render(Templates.REPORT_TEXT, model)));
        written.add(write(dir.resolve(RunFile.HTML.fileName(stamp)), templates.render(Templates.REPORT_HTML, model)));
        String script = RunFile.SCRIPT.fileName(stamp);
        String revert = RunFile.REVERT.fileName(stamp);
        written.add(write(dir.resolve(script), RemediationScript.script(result.plan(), result.startedAt(), revert)));
        written.add(write(dir.resolve(revert), RemediationScript.revert(result.plan(), result.startedAt(), script)));
        List<?> alerts = (List<?>) model.get("alerts");
        if (!alerts.isEmpty()) {
            Path alert = write(dir.resolve(RunFile.ALERT.fileName(stamp)), templates.render(Templates.ALERT_TEXT, model));
            written.add(alert);
            log.warn("{} alert(s): see {}", alerts.size(), alert);
        }
        if (settings.metricsFile() != null) {
            Path metrics = settings.metricsFile();
            writing(metrics, () -> written.add(Metrics.write(metrics, Metrics.render(result, settings.topTables()))));
        }
        written.forEach(file -> log.info("wrote {}", file));
        removeOld(settings);
        // after the retention: the index links only files that stay
        writing(dir.resolve(RunIndex.FILE), () -> RunIndex.write(dir, settings.history(), settings.zone(), false,
                result.startedAt()).ifPresent(index -> {
                    written.add(index);
                    log.info("wrote {}", index);
                }));
        return written;
    }

    /**
     * A run that could not reach the database: an alert saying so (and the metrics), then retention.
     *
     * @param database the database the run was to connect to (the configured name: none was reached)
     */
    public static List<Path> writeFailure(ReportSettings settings, String database, Mode mode, String message, Instant at)
            throws IOException {
        String stamp = RunStamp.of(at, settings.zone());
        log.error("the database could not be reached: {}", message);
        Path logFile = settings.dir().resolve(RunFile.LOG.fileName(stamp));
        Map<String, Object> model = new LinkedHashMap<>(ReportModel.unreachable(database, mode, message, at));
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
        written.add(PrivateFiles.write(settings.dir().resolve(RunFile.ALERT.fileName(stamp)), text));
        if (settings.metricsFile() != null) {
            written.add(Metrics.write(settings.metricsFile(), Metrics.renderUnreachable(database, mode, at)));
        }
        removeOld(settings);
        return written;
    }

    interface FileWrite {
        void run() throws IOException;
    }

    /** Runs one write; a failure is an IOException whose message names the file ("cannot write FILE: why"). */
    private static void writing(Path file, FileWrite write) throws IOException {
        try {
            write.run();
        } catch (IOException e) {
            throw new IOException("cannot write " + file + ": " + PrivateFiles.reason(e), e);
        }
    }

    private static Path write(Path file, String content) throws IOException {
        writing(file, () -> PrivateFiles.write(file, content));
        return file;
    }

    private static void removeOld(ReportSettings settings) throws IOException {
        for (Path old : RunFileCleanup.clean(settings.dir(), settings.retentionDays(), Instant.now(), settings.zone())) {
            log.info("removed {} (older than {} days)", old, settings.retentionDays());
        }
    }

    private static Map<String, Object> fileNames(String stamp) {
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("stamp", stamp);
        for (RunFile file : RunFile.values()) {
            if (file.name().startsWith("FLEET")) {
                continue; // the fleet summary's, not one database's
            }
            files.put(file.key(), file.fileName(stamp));
        }
        return files;
    }
}
