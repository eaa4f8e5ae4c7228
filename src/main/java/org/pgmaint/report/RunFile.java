package org.pgmaint.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The files of one run, named {@code <prefix>_<stamp>.<extension>} (report_20261124_030000.txt): built here only,
 * and {@link #PATTERN} matches exactly these names, so run-file cleanup never touches a user's other files.
 */
public enum RunFile {
    LOG("maintenance", "log"), TEXT("report", "txt"), JSON("report", "json"), HTML("report", "html"),
    ALERT("alert", "txt"), SCRIPT("script", "sql"), REVERT("revert", "sql"),
    /** The summary of a run over several databases, in report.dir (each database's files are in its folder). */
    FLEET_TEXT("fleet", "txt"), FLEET_JSON("fleet", "json"), FLEET_HTML("fleet", "html"),
    FLEET_ALERT("fleet_alert", "txt");

    /** Any run file's name; group 1 is the stamp ({@link RunStamp}). */
    static final Pattern PATTERN = Pattern.compile("(?:" + words(f -> f.prefix) + ")_(\\d{8}_\\d{6})\\.(?:"
            + words(f -> f.extension) + ")");

    private final String prefix;
    private final String extension;

    RunFile(String prefix, String extension) {
        this.prefix = prefix;
        this.extension = extension;
    }

    /** The file's name for a run's stamp. */
    public String fileName(String stamp) {
        return prefix + "_" + stamp + "." + extension;
    }

    /** The key under which templates find the name ({@code files.text}, docs/reports.md). */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static String words(java.util.function.Function<RunFile, String> part) {
        return Arrays.stream(values()).map(part).distinct().collect(Collectors.joining("|"));
    }
}
