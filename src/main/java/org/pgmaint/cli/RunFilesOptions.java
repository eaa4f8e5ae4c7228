package org.pgmaint.cli;

import java.nio.file.Path;
import org.pgmaint.config.Config;
import org.pgmaint.engine.Installation;
import org.pgmaint.report.ReportSettings;
import picocli.CommandLine.Option;

/** Options of commands that leave run files or metrics: add with {@code @Mixin RunFilesOptions files;}. */
public class RunFilesOptions {
    @Option(names = "--metrics-file", paramLabel = "PATH",
            description = "Also write the run's figures in Prometheus textfile-collector format to PATH (atomically).")
    Path metricsFile;

    ReportSettings settings(Config config) {
        return ReportSettings.from(config, Installation.home(), metricsFile);
    }
}
