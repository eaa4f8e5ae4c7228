package org.pgmaint.report;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.pgmaint.model.Text;

/**
 * {@code %msg} in every log pattern of the context (console and run log): the message through {@link Text#escape},
 * so a name or a server error quoting one cannot start a line of its own in the log. Stack traces are not touched.
 */
public final class EscapedMessageConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Text.escape(event.getFormattedMessage());
    }

    /** {@code %db}: "[target / database] " on the lines of a database's work in a fleet run, escaped; else nothing. */
    public static final class DatabaseConverter extends ClassicConverter {
        @Override
        public String convert(ILoggingEvent event) {
            String database = event.getMDCPropertyMap().get(org.pgmaint.model.LogContext.DATABASE);
            return database == null ? "" : "[" + Text.escape(database) + "] ";
        }
    }

    /** Makes %msg, %m and %message of the context's pattern layouts escape (before their encoders start). */
    static void register(Context context) {
        Map<String, Supplier<DynamicConverter>> rules = new HashMap<>();
        for (String word : new String[] {"msg", "m", "message"}) {
            rules.put(word, EscapedMessageConverter::new);
        }
        rules.put("db", DatabaseConverter::new);
        context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
    }
}
