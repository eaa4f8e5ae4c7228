package org.pgmaint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.QuietAutovacuum;
import org.pgmaint.testing.TestDatabase;

/**
 * checksum_failures on a private cluster initdb'd with --data-checksums (the embedded binaries of the build's major):
 * clean, no finding; then a heap page of a table is overwritten on disk while the cluster is stopped, the table
 * is read after the restart, and the plan reports the failure, critical.
 */
class ChecksumFailuresTest {

    @Test
    void aCorruptPageReadIsCriticalAndACleanClusterWithChecksumsSaysNothing(@TempDir Path work) throws Exception {
        Path data = work.resolve("data");
        initdbWithChecksums(data);
        String file;
        EmbeddedPostgres server = start(data);
        try {
            exec(server, "postgres", "create database checksums_clean", "create database checksums_corrupt");
            exec(server, "checksums_corrupt", "create table orders(id int, note text)",
                    "insert into orders select g, 'order ' || g from generate_series(1, 1000) g");
            file = value(server, "checksums_corrupt", "select pg_relation_filepath('orders')");
            assertEquals("on", value(server, "postgres", "show data_checksums"));

            assertEquals(List.of(), checksumFindings(server, "checksums_clean", 0), "checksums on, no failure: nothing to say");
        } finally {
            server.close();   // a fast shutdown: the checkpoint writes the table's pages
        }
        try (RandomAccessFile heap = new RandomAccessFile(data.resolve(file).toFile(), "rw")) {
            heap.seek(4000);  // inside block 0's tuples: the page header stays readable, the checksum no longer fits
            heap.write("not what was written".repeat(10).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        EmbeddedPostgres restarted = start(data);
        try {
            SQLException read = assertThrows(SQLException.class, () -> value(restarted, "checksums_corrupt", "select count(*) from orders"));
            assertTrue(read.getMessage().contains("invalid page in block 0"), read.getMessage());
            awaitFailureCounted(restarted);

            List<Map<String, Object>> found = checksumFindings(restarted, "checksums_corrupt", 1);
            assertEquals(1, found.size(), found::toString);
            assertEquals("critical", found.get(0).get("severity"));
            assertTrue(found.get(0).get("message").toString().startsWith("data page checksum failures: 1 in this database (last "),
                    found::toString);
            assertEquals(List.of(), checksumFindings(restarted, "checksums_clean", 0), "the other database read no bad page");
        } finally {
            restarted.close();
        }
    }

    private static List<Map<String, Object>> checksumFindings(EmbeddedPostgres server, String db, int exitCode) {
        Cli.Result plan = Cli.run("plan", "-h", "127.0.0.1", "-p", String.valueOf(server.getPort()), "-U", "postgres",
                "-d", db, "--format", "json");
        assertEquals(exitCode, plan.exitCode(), plan::toString);
        return JsonRead.list(JsonRead.object(plan.out()), "findings").stream()
                .filter(f -> "checksum_failures".equals(f.get("kind"))).toList();
    }

    private static void awaitFailureCounted(EmbeddedPostgres server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"1".equals(value(server, "checksums_corrupt",
                "select checksum_failures from pg_stat_database where datname = current_database()"))) {
            assertTrue(System.nanoTime() < deadline, "the failure was never counted");
            Thread.sleep(100);
        }
    }

    /** initdb of the embedded binaries the shared test server was started from, with --data-checksums. */
    private static void initdbWithChecksums(Path data) throws Exception {
        int major;
        try (TestDatabase db = TestDatabase.create()) {
            major = db.serverMajor();
        }
        Path bin = embeddedBin(major);
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U"));   // initdb refuses root; the embedded server does the same
        }
        command.addAll(List.of(bin.resolve("initdb").toString(), "--data-checksums", "-D", data.toString(), "-U", "postgres",
                "-A", "trust", "-E", "UTF-8", "--no-sync"));
        Process initdb = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(initdb.getInputStream().readAllBytes());
        assertEquals(0, initdb.waitFor(), output);
    }

    /** The embedded binaries are unpacked once per JVM, below the working folder of the first server started. */
    private static Path embeddedBin(int major) throws IOException, InterruptedException {
        try (Stream<Path> dirs = Files.find(Path.of("target"), 2, (d, a) -> a.isDirectory()
                && d.getFileName().toString().startsWith("PG-") && d.getParent().getFileName().toString().startsWith("embedded-pg"))) {
            for (Path dir : dirs.sorted().toList()) {
                Path postgres = dir.resolve("bin/postgres");
                if (!Files.isExecutable(postgres)) {
                    continue;
                }
                Process version = new ProcessBuilder(postgres.toString(), "--version").redirectErrorStream(true).start();
                String text = new String(version.getInputStream().readAllBytes());
                version.waitFor();
                if (text.contains("PostgreSQL) " + major + ".")) {
                    return dir.resolve("bin");
                }
            }
        }
        throw new AssertionError("no embedded PostgreSQL " + major + " binaries under target/embedded-pg*");
    }

    private static EmbeddedPostgres start(Path data) throws IOException {
        return QuietAutovacuum.on(EmbeddedPostgres.builder()).setOverrideWorkingDirectory(new File("target/embedded-pg"))
                .setDataDirectory(data.toFile()).setCleanDataDirectory(false).setServerConfig("fsync", "off")
                .setPGStartupWait(Duration.ofSeconds(60)).start();
    }

    private static void exec(EmbeddedPostgres server, String db, String... statements) throws SQLException {
        try (Connection c = Connections.open(settings(server, db)); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static String value(EmbeddedPostgres server, String db, String sql) throws SQLException {
        try (Connection c = Connections.open(settings(server, db)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static ConnectionSettings settings(EmbeddedPostgres server, String db) {
        return new ConnectionSettings("127.0.0.1", server.getPort(), "postgres", db, "", Duration.ofSeconds(10), "disable");
    }
}
