package org.pgmaint.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.pgmaint.db.ConnectionSettings;

/**
 * The PostgreSQL server tests use: an external one when named (TEST_DATABASE_URL, or PGHOST), otherwise an
 * embedded server of the build's major version (-Dpgmaint.test.pgMajor, Maven profiles pg13 / pg18),
 * started once per JVM with autovacuum on but idle ({@link QuietAutovacuum}) so statistics stay where the tests put them.
 */
public final class TestServer {
    private static ConnectionSettings admin;
    private static EmbeddedPostgres embedded;

    private TestServer() {
    }

    public static synchronized ConnectionSettings admin() {
        if (admin == null) {
            admin = locate();
        }
        return admin;
    }

    public static boolean isEmbedded() {
        admin();
        return embedded != null;
    }

    private static ConnectionSettings locate() {
        String url = System.getenv("TEST_DATABASE_URL");
        ConnectionSettings base = new ConnectionSettings("127.0.0.1", 5432, "postgres", "postgres", "",
                Duration.ofSeconds(10), "disable");
        if (url != null && !url.isBlank()) {
            return base.withUri(url, "TEST_DATABASE_URL");
        }
        String host = System.getenv("PGHOST");
        if (host != null && !host.isBlank()) {
            return new ConnectionSettings(host, intEnv("PGPORT", 5432), envOr("PGUSER", "postgres"), "postgres",
                    envOr("PGPASSWORD", ""), Duration.ofSeconds(10), "disable");
        }
        try {
            File dir = new File("target/embedded-pg");
            dir.mkdirs();
            embedded = QuietAutovacuum.on(EmbeddedPostgres.builder())
                    .setOverrideWorkingDirectory(dir)
                    .setServerConfig("max_connections", "60")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
            return new ConnectionSettings("127.0.0.1", embedded.getPort(), "postgres", "postgres", "",
                    Duration.ofSeconds(10), "disable");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }
}
