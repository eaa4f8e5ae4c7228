package org.pgmaint.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.config.ConfigLoader;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.engine.Engine;
import org.pgmaint.engine.Installation;
import org.pgmaint.model.Mode;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.TestDatabase;
import org.pgmaint.testing.TestServer;

/**
 * The tablespace sizes a real run records, and where the capacity comes from on a real server: the filesystem of
 * the data directory when the server is on this host and the role may read data_directory, else unknown.
 */
class TablespaceTrendTest {
    @TempDir
    Path dir;

    private static Map<String, Object> pgDefault(Engine.Planned planned) {
        return planned.collection().results().stream().filter(r -> r.check().id().equals("tablespace_trend"))
                .findFirst().orElseThrow(() -> new AssertionError(planned.collection().failed().toString())).rows()
                .stream().filter(r -> r.get("tablespace").equals("pg_default")).findFirst().orElseThrow();
    }

    private static Engine engine(Map<String, String> flags) {
        return Engine.load(ConfigLoader.defaultsWith(flags), Installation.home(), Clock.systemUTC());
    }

    @Test
    void aRecordedPlanWritesEachTablespaceSizeAndPruningTakesThemWithTheRun() {
        Path file = dir.resolve("h.db");
        try (TestDatabase db = TestDatabase.create()) {
            db.execFlushed("create table filler(id int primary key, pad text)",
                    "insert into filler select g, repeat('x', 200) from generate_series(1, 1000) g");
            Cli.Result plan = Cli.run("plan", db, "--set", "history.enabled=true", "--set", "history.url=sqlite:" + file);
            assertEquals(0, plan.exitCode(), plan::toString);
            long size = ((Number) db.value("select pg_tablespace_size('pg_default')")).longValue();
            TargetKey key = TargetKey.of(db.settings());
            HistorySettings settings = new HistorySettings(true, "sqlite:" + file, dir, 400, false, Clock.systemUTC());
            try (HistoryStore store = HistoryStore.open(settings)) {
                List<HistoryStore.TablespacePoint> points = store.tablespacePoints(key, Instant.EPOCH);
                assertEquals(List.of("pg_default"), points.stream().map(HistoryStore.TablespacePoint::name).toList(),
                        () -> points + " " + plan + " " + store.runs(key, Instant.EPOCH));
                // the whole cluster's pg_default, not this database's size; other tests' databases come and go
                assertTrue(points.get(0).bytes() > ((Number) db.value("select pg_database_size(current_database())"))
                        .longValue() && Math.abs(points.get(0).bytes() - size) < 512L << 20, points + " vs " + size);

                Instant old = Instant.now().minus(Duration.ofDays(500));
                store.write(new RunRecord(new RunRecord.RunInfo(UUID.randomUUID().toString(), key, "run", "standard", old,
                        old.plusSeconds(1), 0, "test"), new RunRecord.DatabaseSample("15", null, 1L, 1L, 1L, 1L, 1L, 1L),
                        List.of(), List.of(), List.of(), List.of(), List.of(new RunRecord.TablespaceSample("pg_default", 1))));
                assertEquals(2, store.tablespacePoints(key, Instant.EPOCH).size());
                assertEquals(1, store.prune(Instant.now().minus(Duration.ofDays(400))));
                assertEquals(points, store.tablespacePoints(key, Instant.EPOCH));
            }
        }
    }

    @Test
    void onThisHostASuperuserGetsTheDataDirectorysFilesystemAndAConfiguredCapacityWins() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Assumptions.assumeTrue((Boolean) db.value("select coalesce(inet_server_addr() <<= inet '127.0.0.0/8'"
                    + " or inet_server_addr() = inet '::1', true)"), "the test server is on another host");
            Path dataDirectory = Path.of((String) db.value("show data_directory"));
            Map<String, Object> row = pgDefault(engine(Map.of("history.enabled", "false"))
                    .evaluate(db.connection(), Mode.STANDARD, db.settings()));
            FileStore store = Files.getFileStore(dataDirectory);
            assertEquals(dataDirectory.toString(), row.get("location"));
            assertEquals("filesystem", row.get("capacity_source"));
            assertEquals(store.getTotalSpace(), row.get("capacity_bytes"));
            assertTrue(Math.abs((Long) row.get("free_bytes") - store.getUsableSpace()) < 512L << 20, row::toString);
            assertEquals("no growth rate yet: no run recorded about 7 or 30 days ago (within a day)", row.get("no_forecast"));

            Map<String, Object> configured = pgDefault(engine(Map.of("history.enabled", "false",
                    "capacity.pg_default", "1.5TB")).evaluate(db.connection(), Mode.STANDARD, db.settings()));
            assertEquals("config", configured.get("capacity_source"));
            assertEquals(3L << 39, configured.get("capacity_bytes"));
            assertEquals((3L << 39) - (Long) configured.get("bytes"), configured.get("free_bytes"));
        }
    }

    @Test
    void aRoleThatMayNotReadDataDirectoryGetsNoCapacityUntilGrantedPgReadAllSettings() throws Exception {
        ConnectionSettings admin = TestServer.admin();
        String role = "pgmaint_capacity_" + ProcessHandle.current().pid();
        try (TestDatabase db = TestDatabase.create()) {
            Assumptions.assumeTrue((Boolean) db.value("select coalesce(inet_server_addr() <<= inet '127.0.0.0/8'"
                    + " or inet_server_addr() = inet '::1', true)"), "the test server is on another host");
            db.exec("create role " + role + " login");
            ConnectionSettings asRole = new ConnectionSettings(admin.host(), admin.port(), role, db.name(),
                    admin.password(), admin.connectTimeout(), admin.sslmode());
            Engine engine = engine(Map.of("history.enabled", "false"));
            try (Connection connection = Connections.open(asRole)) {
                Map<String, Object> row = pgDefault(engine.evaluate(connection, Mode.STANDARD, asRole));
                assertNotNull(row.get("bytes"), "the database's own default tablespace needs no privilege");
                assertNull(row.get("location"));
                assertNull(row.get("capacity_source"));
                assertNull(row.get("free_bytes"));
                assertEquals(TablespaceTrends.Capacity.unknown("capacity unknown: set capacity.pg_default, or connect as"
                        + " a role that may read data_directory (superuser or pg_read_all_settings)"),
                        TablespaceTrends.capacity(new TablespaceTrends.Now("pg_default", (Long) row.get("bytes"),
                                (String) row.get("location"), true), Map.of()));
            }
            db.exec("grant pg_read_all_settings to " + role);
            try (Connection connection = Connections.open(asRole)) {
                Map<String, Object> row = pgDefault(engine.evaluate(connection, Mode.STANDARD, asRole));
                assertEquals(db.value("show data_directory"), row.get("location"));
                assertEquals("filesystem", row.get("capacity_source"));
            }
        } finally {
            try (Connection c = Connections.open(admin); Statement s = c.createStatement()) {
                s.execute("drop role if exists " + role);
            }
        }
    }
}
