package org.pgmaint.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.pgmaint.db.ConnectionSettings;

/**
 * An embedded server of the build's major with server settings the shared {@link TestServer} does not have
 * (max_prepared_transactions for prepared-transaction fixtures), started once per JVM per set of settings and
 * stopped when the JVM ends. The shared server stays as it is.
 */
public final class ServerWithSettings {
    private static final Map<Map<String, String>, ConnectionSettings> STARTED = new HashMap<>();

    private ServerWithSettings() {
    }

    public static synchronized ConnectionSettings admin(Map<String, String> settings) {
        return STARTED.computeIfAbsent(Map.copyOf(settings), ServerWithSettings::start);
    }

    private static ConnectionSettings start(Map<String, String> settings) {
        try {
            File dir = new File("target/embedded-pg-settings");
            dir.mkdirs();
            EmbeddedPostgres.Builder builder = QuietAutovacuum.on(EmbeddedPostgres.builder())
                    .setOverrideWorkingDirectory(dir)
                    .setServerConfig("fsync", "off")
                    .setPGStartupWait(Duration.ofSeconds(60));
            settings.forEach(builder::setServerConfig);
            EmbeddedPostgres server = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
            return new ConnectionSettings("127.0.0.1", server.getPort(), "postgres", "postgres", "",
                    Duration.ofSeconds(10), "disable");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an embedded PostgreSQL with " + settings, e);
        }
    }
}
