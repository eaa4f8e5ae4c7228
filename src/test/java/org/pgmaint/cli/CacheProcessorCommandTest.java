package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.TestDatabase;
import org.pgmaint.testing.TestRedis;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** `pgmaint cache-processor` from the command line: --install, --once, the shipped SQL, bad input. */
class CacheProcessorCommandTest {
    private static final String EVENTS = "create table %s (id bigint generated always as identity primary key,"
            + " cache_key text not null, created_at timestamptz not null default now(), processed_at timestamptz)";

    /** Inserts an event on one connection and returns the notifications another connection LISTENing on channel got. */
    private static List<String> notificationsAfterInsert(TestDatabase db, String channel, String insert) throws Exception {
        try (Connection listener = db.newConnection(); Statement s = listener.createStatement()) {
            s.execute("listen \"" + channel + "\"");
            db.exec(insert);
            List<String> channels = new ArrayList<>();
            PGNotification[] got = listener.unwrap(PGConnection.class).getNotifications(2000);
            for (PGNotification n : got == null ? new PGNotification[0] : got) {
                channels.add(n.getName());
            }
            return channels;
        }
    }

    @Test
    void installAddsTheNotifyTriggerForConfiguredNames() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create schema \"Weird Schema\"", EVENTS.formatted("\"Weird Schema\".\"Odd \"\"Name\"\" Table\""));
            String[] names = {"--set", "cache.schema=Weird Schema", "--set", "cache.table=Odd \"Name\" Table",
                    "--set", "cache.channel=Odd_Channel"};
            for (int run = 0; run < 2; run++) { // idempotent
                Cli.Result result = Cli.run("cache-processor", db, concat(names, "--install"));
                assertEquals(0, result.exitCode(), result.toString());
                assertTrue(result.out().contains("installed trigger pgmaint_cache_notify on Weird Schema.Odd \"Name\" Table"), result.out());
            }
            assertEquals(List.of("Odd_Channel"), notificationsAfterInsert(db, "Odd_Channel",
                    "insert into \"Weird Schema\".\"Odd \"\"Name\"\" Table\" (cache_key) select 'k' || g from generate_series(1, 50) g"));
            assertEquals(1L, ((Number) db.value("select count(*) from pg_indexes where indexname = 'Odd \"Name\" Table_pending_idx'"))
                    .longValue());
        }
    }

    @Test
    void theShippedSqlFileCreatesTableIndexAndTrigger() throws Exception {
        String sql = Files.readString(Path.of("sql/cache_invalidation_trigger.sql"));
        try (TestDatabase db = TestDatabase.create()) {
            db.exec(sql, sql);
            assertEquals(List.of("pgmaint_cache_invalidation"), notificationsAfterInsert(db, "pgmaint_cache_invalidation",
                    "insert into cache_invalidation_events (cache_key) values ('a'), ('b')"));
        }
    }

    @Test
    void onceProcessesTheBacklogAndExits() {
        try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.shared()) {
            db.exec(EVENTS.formatted("cache_invalidation_events"));
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                keys.add(redis.key("once:" + i));
            }
            redis.set(keys);
            db.exec("insert into cache_invalidation_events (cache_key) select '" + redis.prefix() + "once:' || g"
                    + " from generate_series(0, 1199) g");
            Cli.Result result = Cli.run("cache-processor", db, "--once", "--set", "cache.redis_url=" + redis.url(),
                    "--set", "cache.batch_size=500");
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.out().contains("processed 1200 events"), result.out());
            assertEquals(0, redis.countExisting(keys));
            assertEquals(0L, ((Number) db.value("select count(*) from cache_invalidation_events where processed_at is null")).longValue());
        }
    }

    @Test
    void badSettingsAndAMissingTableExitWithCode2() {
        try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.shared()) {
            Cli.Result bad = Cli.run("cache-processor", db, "--once", "--set", "cache.batch_size=-5");
            assertEquals(ExitCodes.INVALID_INPUT, bad.exitCode(), bad.toString());
            assertTrue(bad.err().contains("cache.batch_size: '-5' is not valid: should be a whole number from 1 to 100000"), bad.err());

            Cli.Result missing = Cli.run("cache-processor", db, "--once", "--set", "cache.redis_url=" + redis.url());
            assertEquals(ExitCodes.INVALID_INPUT, missing.exitCode(), missing.toString());
            assertTrue(missing.err().contains("cache_invalidation_events") && missing.err().contains("does not exist"),
                    missing.err());
        }
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
