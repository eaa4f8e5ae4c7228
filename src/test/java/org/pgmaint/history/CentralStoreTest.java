package org.pgmaint.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.testing.PgmaintProcess;
import org.pgmaint.testing.TestDatabase;

/** A central PostgreSQL store written by four pgmaint processes at once: every run recorded, once. */
class CentralStoreTest {
    @TempDir
    Path dir;

    @Test
    void fourConcurrentProcessesRecordEveryRunWithNoLostOrDuplicatedRows() throws Exception {
        List<TestDatabase> databases = new ArrayList<>();
        try (TestDatabase store = TestDatabase.create()) {
            for (int i = 0; i < 4; i++) {
                TestDatabase db = TestDatabase.create();
                databases.add(db);
                db.execFlushed("create schema app", "create table app.a(id int primary key)", "create table app.b(id int)",
                        "create index b_id on app.b (id)", "insert into app.b select generate_series(1, " + (100 * (i + 1)) + ")");
            }
            ConnectionSettings s = store.settings();
            String url = "history.url=postgresql://" + s.user() + "@" + s.host() + ":" + s.port() + "/" + store.name();
            for (int round = 0; round < 2; round++) {
                List<PgmaintProcess> processes = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Path own = Files.createDirectories(dir.resolve("p" + round + i));
                    processes.add(PgmaintProcess.start(own, "plan", databases.get(i), "--set", url));
                }
                for (int i = 0; i < 4; i++) {
                    int code = processes.get(i).waitFor(180);
                    assertEquals(0, code, Files.readString(dir.resolve("p" + round + i).resolve("stderr.txt")));
                }
            }
            for (TestDatabase db : databases) {
                String where = " where database_name = '" + db.name() + "'";
                assertEquals(2L, ((Number) store.value("select count(*) from history_run" + where)).longValue());
                // two tables and one index per run, each exactly once
                assertEquals(4L, ((Number) store.value("select count(*) from history_table t join history_run r using (run_id)"
                        + where)).longValue());
                assertEquals(2L, ((Number) store.value("select count(*) from history_index t join history_run r using (run_id)"
                        + where + " and t.index_name = 'b_id'")).longValue());
                // each run measured the cluster's pg_default once (V2__tablespace.sql on the central store)
                assertEquals(2L, ((Number) store.value("select count(*) from history_tablespace t join history_run r"
                        + " using (run_id)" + where + " and t.tablespace_name = 'pg_default' and t.tablespace_bytes > 0"))
                        .longValue());
            }
            assertEquals(8L, ((Number) store.value("select count(*) from history_run")).longValue());
            long migrations;
            try (java.util.stream.Stream<Path> files = Files.list(Path.of("src/main/resources/db/history"))) {
                migrations = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
            }
            // each migration applied once, however many processes opened the new store at once
            assertEquals(migrations, ((Number) store.value("select count(*) from pgmaint_history_migrations where success"))
                    .longValue());
        } finally {
            databases.forEach(TestDatabase::close);
        }
    }
}
