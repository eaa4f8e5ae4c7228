package org.pgmaint.model;

import java.util.Map;
import org.slf4j.MDC;

/**
 * Which target and database the current thread works for, in a run over several databases: every log line
 * (console and the run's log) then names them ({@code %db} in the log patterns). Threads a database's work
 * starts (collection connections, executor jobs) take the context of the thread that starts them.
 */
public final class LogContext {
    public static final String DATABASE = "pgmaint.database";

    private LogContext() {
    }

    /** Marks this thread's work as that of one database until the returned scope closes. */
    public static Scope database(String target, String database) {
        MDC.put(DATABASE, target + " / " + database);
        return () -> MDC.remove(DATABASE);
    }

    /** {@code work} to run on another thread, with this thread's context. */
    public static Runnable carried(Runnable work) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            try {
                work.run();
            } finally {
                MDC.clear();
            }
        };
    }

    /** As {@link #carried(Runnable)}, for work with a result. */
    public static <T> java.util.concurrent.Callable<T> carried(java.util.concurrent.Callable<T> work) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            try {
                return work.call();
            } finally {
                MDC.clear();
            }
        };
    }

    /** The scope of a {@link #database} mark. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
