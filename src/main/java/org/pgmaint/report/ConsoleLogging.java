package org.pgmaint.report;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * Logback's configuration, in code: warnings and errors on stderr, Drools and KIE silent (pgmaint reports rule
 * build errors itself, with file and line). Found by logback through META-INF/services; written in code because
 * reading an XML configuration cost a fifth of a small run's start-up. {@code --debug} lowers org.pgmaint to DEBUG
 * and {@link RunLog} adds the run's log file.
 */
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        EscapedMessageConverter.register(context);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0}: %db%msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("org.pgmaint").setLevel(Level.WARN);
        context.getLogger("org.jooq").setLevel(Level.WARN);
        context.getLogger("org.jooq.Constants").setLevel(Level.OFF);
        context.getLogger("org.drools").setLevel(Level.OFF);
        context.getLogger("org.kie").setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
