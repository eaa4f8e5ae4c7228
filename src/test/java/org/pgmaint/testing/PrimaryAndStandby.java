package org.pgmaint.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;

/**
 * A private primary and a real streaming standby of the build's major, for the replication checks. The embedded
 * binaries have no pg_basebackup, so the standby is a cold copy: the primary is filled, given a physical slot for
 * the standby, stopped cleanly, its data directory copied, and the copy given {@code standby.signal},
 * {@code primary_conninfo} and {@code primary_slot_name}; then both start and the standby streams from the slot.
 * Started once per test class (CI time); {@link #close()} stops both and deletes their directories.
 */
public final class PrimaryAndStandby implements AutoCloseable {
    public static final String SLOT = "standby_1";
    private final Path primaryDir;
    private final Path standbyDir;
    private final Map<String, String> settings;
    private final int primaryPort;
    private EmbeddedPostgres primary;
    private EmbeddedPostgres standby;

    private PrimaryAndStandby(Path root, Map<String, String> settings) throws IOException {
        this.primaryDir = Files.createDirectories(root.resolve("primary"));
        this.standbyDir = root.resolve("standby");
        this.settings = Map.copyOf(settings);
        EmbeddedPostgres first = start(primaryDir, 0);
        this.primaryPort = first.getPort();
        try (Connection c = Connections.open(settings(first)); Statement s = c.createStatement()) {
            s.execute("select pg_catalog.pg_create_physical_replication_slot('" + SLOT + "', true)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the standby's slot: " + e.getMessage(), e);
        } finally {
            first.close();
        }
        copy(primaryDir, standbyDir);
        // PostgreSQL refuses a data directory others may read
        Files.setPosixFilePermissions(standbyDir, PosixFilePermissions.fromString("rwx------"));
        Files.createFile(standbyDir.resolve("standby.signal"));
        Files.writeString(standbyDir.resolve("postgresql.auto.conf"), "\nprimary_conninfo = 'host=127.0.0.1 port="
                + primaryPort + " user=postgres application_name=" + SLOT + "'\nprimary_slot_name = '" + SLOT + "'\n",
                StandardOpenOption.APPEND);
        primary = start(primaryDir, primaryPort);
        try {
            startStandby();
        } catch (IOException | RuntimeException e) {
            primary.close();
            throw e;
        }
    }

    /**
     * @param settings server settings of both (the primary's max_slot_wal_keep_size, archive_mode, ...)
     */
    public static PrimaryAndStandby start(Map<String, String> settings) {
        try {
            Path root = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "replication-pg-");
            return new PrimaryAndStandby(root, settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a primary and a standby", e);
        }
    }

    private EmbeddedPostgres start(Path dataDir, int port) throws IOException {
        File work = new File("target/embedded-pg-replication");
        work.mkdirs();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setOverrideWorkingDirectory(work)
                .setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setServerConfig("autovacuum", "off").setServerConfig("fsync", "off")
                .setServerConfig("hot_standby", "on").setServerConfig("max_connections", "40")
                .setPGStartupWait(Duration.ofSeconds(60));
        if (port > 0) {
            builder.setPort(port);
        }
        settings.forEach(builder::setServerConfig);
        return builder.start();
    }

    private static void copy(Path from, Path to) throws IOException {
        Set<String> leftOut = Set.of("postmaster.pid", "postmaster.opts");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!leftOut.contains(file.getFileName().toString())) {
                    Files.copy(file, target);
                }
            }
        }
    }

    /** Starts the standby (again) and waits until it streams from its slot. */
    public void startStandby() throws IOException {
        standby = start(standbyDir, 0);
        TestDatabase.await("the standby streaming from slot " + SLOT, () -> slotActive());
    }

    /** Stops the standby cleanly: its slot on the primary stays, inactive. */
    public void stopStandby() throws IOException {
        if (standby != null) {
            standby.close();
            standby = null;
        }
        TestDatabase.await("slot " + SLOT + " inactive", () -> !slotActive());
    }

    private boolean slotActive() {
        try (Connection c = Connections.open(primary()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select active from pg_catalog.pg_replication_slots where slot_name = '"
                     + SLOT + "'")) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }

    public ConnectionSettings primary() {
        return settings(primary);
    }

    public ConnectionSettings standby() {
        return settings(standby);
    }

    private static ConnectionSettings settings(EmbeddedPostgres pg) {
        return new ConnectionSettings("127.0.0.1", pg.getPort(), "postgres", "postgres", "", Duration.ofSeconds(10), "disable");
    }

    @Override
    public void close() throws IOException {
        try {
            if (standby != null) {
                standby.close();
            }
        } finally {
            if (primary != null) {
                primary.close();
            }
            try (Stream<Path> files = Files.walk(primaryDir.getParent())) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
