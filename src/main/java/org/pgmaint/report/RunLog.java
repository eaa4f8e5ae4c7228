package org.pgmaint.report;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The run's log file (maintenance_&lt;ts&gt;.log): while open, pgmaint's messages from INFO up also go to the
 * file, while the console keeps showing only what it showed before (WARN, or DEBUG with --debug).
 */
public final class RunLog implements AutoCloseable {
    private static final String PGMAINT = "org.pgmaint";

    private final Path file;
    private final FileAppender<ILoggingEvent> appender;
    private final Level previousLevel;
    private final List<ConsoleAppender<ILoggingEvent>> filtered = new ArrayList<>();

    private RunLog(Path file) throws IOException {
        this.file = file;
        PrivateFiles.create(file);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        EscapedMessageConverter.register(context);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{0}: %db%msg%n");
        encoder.start();
        appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("pgmaint-run-" + file.getFileName());
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();

        Logger pgmaint = context.getLogger(PGMAINT);
        previousLevel = pgmaint.getLevel();
        Level effective = pgmaint.getEffectiveLevel();
        if (effective.isGreaterOrEqual(Level.INFO) && effective != Level.INFO) {
            // keep the console as quiet as before while the file receives INFO
            for (Iterator<Appender<ILoggingEvent>> it = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                    ThresholdFilter filter = new ThresholdFilter();
                    filter.setLevel(effective.toString());
                    filter.start();
                    console.addFilter(filter);
                    filtered.add(console);
                }
            }
            pgmaint.setLevel(Level.INFO);
        }
        pgmaint.addAppender(appender);
    }

    /** Starts logging to {@code <dir>/maintenance_<stamp>.log} (created 0640). */
    public static RunLog start(Path dir, String stamp) throws IOException {
        return new RunLog(dir.resolve(RunFile.LOG.fileName(stamp)));
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger pgmaint = context.getLogger(PGMAINT);
        pgmaint.detachAppender(appender);
        appender.stop();
        if (!filtered.isEmpty()) {
            pgmaint.setLevel(previousLevel);
            filtered.forEach(ConsoleAppender::clearAllFilters);
        }
    }
}
