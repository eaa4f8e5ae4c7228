package org.pgmaint.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.CatalogLoader;
import org.pgmaint.db.DatabaseUnavailableException;
import org.pgmaint.model.Mode;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.TestDatabase;

/**
 * Checks spread over several connections: each still in its own read-only transaction with its own
 * statement_timeout, a failing one fails alone, results in catalog order, and a further connection that cannot
 * be opened only means less parallelism.
 */
class ParallelCollectionTest {
    private static TestDatabase db;
    @TempDir
    static Path dir;
    private static Catalog catalog;

    @BeforeAll
    static void setUp() throws IOException {
        db = TestDatabase.create();
        // three slow checks that report which backend ran them and in which transaction settings, then one that
        // overruns its own statement_timeout and one that tries to write
        for (String id : List.of("c_slow", "a_slow", "b_slow")) {
            write(id, "5s", "pg_catalog.pg_backend_pid() as pid, pg_catalog.current_setting('transaction_read_only') as read_only,"
                    + " pg_catalog.current_setting('statement_timeout') as timeout from pg_catalog.pg_sleep(0.7)");
        }
        write("d_overrun", "300ms", "pg_catalog.pg_backend_pid() as pid, 'x' as read_only, 'x' as timeout"
                + " from pg_catalog.pg_sleep(3)");
        write("e_writer", "5s", "pg_catalog.pg_backend_pid() as pid, 'x' as read_only, 'x' as timeout"
                + " from pg_catalog.nextval('pgmaint_test_seq')");
        db.exec("create sequence pgmaint_test_seq");
        catalog = CatalogLoader.load(List.of(dir));
    }

    private static void write(String id, String timeout, String select) throws IOException {
        String type = Character.toUpperCase(id.charAt(0)) + id.substring(2).replace("_", "") + "Fact";
        Files.writeString(dir.resolve(id + ".yaml"), """
                id: %s
                description: test check
                modes: [standard]
                fact:
                  type: %s%s
                  fields:
                    pid: int
                    read_only: text
                    timeout: text
                statement_timeout: %s
                sql:
                  13: select /* pgmaint:%s */ %s
                """.formatted(id, type, id.charAt(0), timeout, id, select));
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void checksRunOnSeveralConnectionsInTheirOwnReadOnlyTransactions() {
        AtomicInteger opened = new AtomicInteger();
        CollectedFacts collection = new Collector(db.connection(), () -> {
            opened.incrementAndGet();
            return db.newConnection();
        }, 3, Duration.ofSeconds(30), Map.of()).collect(catalog, Mode.STANDARD);

        assertEquals(List.of("a_slow", "b_slow", "c_slow"),
                collection.results().stream().map(r -> r.check().id()).toList(), "results in catalog order");
        Set<Object> pids = new HashSet<>();
        for (CheckResult result : collection.results()) {
            Map<String, Object> row = result.rows().get(0);
            assertEquals("on", row.get("read_only"), result.check().id());
            assertEquals("5s", row.get("timeout"), result.check().id());
            pids.add(row.get("pid"));
        }
        assertEquals(2, opened.get(), "two further connections for three connections in all");
        assertTrue(pids.size() >= 2, "the slow checks ran on different backends: " + pids);

        assertEquals(List.of("d_overrun", "e_writer"), collection.failed().stream().map(CheckNotRun::id).toList());
        assertTrue(collection.failed().get(0).reason().contains("statement timeout"), collection.failed().toString());
        assertTrue(collection.failed().get(1).reason().contains("read-only transaction"), collection.failed().toString());
    }

    @Test
    void theRunsConnectionIsBackInAutocommitAndTheFurtherOnesAreClosed() throws Exception {
        List<Connection> further = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Connection main = db.newConnection()) {
            new Collector(main, () -> {
                Connection c = db.newConnection();
                further.add(c);
                return c;
            }, 2, Duration.ofSeconds(30), Map.of()).collect(catalog, Mode.STANDARD);
            assertTrue(main.getAutoCommit());
            assertTrue(!main.isReadOnly());
        }
        assertEquals(1, further.size());
        assertTrue(further.get(0).isClosed());
    }

    @Test
    void oneConnectionRunsEverythingOnIt() {
        CollectedFacts collection = new Collector(db.connection(), Duration.ofSeconds(30), Map.of()).collect(catalog, Mode.STANDARD);
        assertEquals(3, collection.results().size());
        assertEquals(1, collection.results().stream().map(r -> r.rows().get(0).get("pid")).distinct().count());
        assertEquals(2, collection.failed().size());
    }

    @Test
    void aFurtherConnectionThatCannotBeOpenedOnlyCostsParallelism() {
        CollectedFacts collection = new Collector(db.connection(), () -> {
            throw new DatabaseUnavailableException("too many clients already", null);
        }, 2, Duration.ofSeconds(30), Map.of()).collect(catalog, Mode.STANDARD);
        assertEquals(3, collection.results().size());
        assertEquals(2, collection.failed().size());
    }

    @Test
    void theNumberOfConnectionsIsValidated() {
        Cli.Result result = Cli.run("plan", db, "--set", "collect.connections=0");
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().contains("collect.connections"), result.err());
        assertTrue(result.err().contains("should be a whole number from 1 to 8"), result.err());
    }
}
