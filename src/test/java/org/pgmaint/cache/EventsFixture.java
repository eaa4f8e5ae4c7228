package org.pgmaint.cache;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.pgmaint.db.Identifiers;
import org.pgmaint.testing.TestDatabase;
import org.pgmaint.testing.TestRedis;

/**
 * An events table in a scratch database, with an audit table that records every marking (so a test can see
 * an event marked twice), and the keys of its events in Redis.
 */
final class EventsFixture {
    final TestDatabase db;
    final EventTable table;
    final TestRedis redis;

    EventsFixture(TestDatabase db, EventTable table, TestRedis redis) {
        this.db = db;
        this.table = table;
        this.redis = redis;
        String t = table.qualifiedName();
        String id = Identifiers.quote(table.idColumn());
        String processed = Identifiers.quote(table.processedColumn());
        if (!table.schema().equals("public")) {
            db.exec("create schema " + Identifiers.quote(table.schema()));
        }
        db.exec("create table " + t + " (" + id + " bigint generated always as identity primary key, "
                        + Identifiers.quote(table.keyColumn()) + " text not null, "
                        + Identifiers.quote(table.createdColumn()) + " timestamptz not null default now(), "
                        + processed + " timestamptz)",
                table.pendingIndexSql(),
                "create table marks (event_id bigint not null, marked_by int not null default pg_backend_pid())",
                "create function record_mark() returns trigger language plpgsql as $$ begin"
                        + " insert into marks(event_id) values ((to_jsonb(new) ->> " + literal(table.idColumn()) + ")::bigint);"
                        + " return null; end $$",
                "create trigger record_mark after update of " + processed + " on " + t
                        + " for each row when (new." + processed + " is not null) execute function record_mark()");
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static EventTable hostileTable() {
        return new EventTable("Weird Schema", "drop table x; --", "Id \"col\"", "cache key", "Created At", "processed;at");
    }

    CacheSettings settings(int batchSize) {
        return new CacheSettings(table, batchSize, Duration.ofMillis(500), "pgmaint_test_channel", false,
                redis.endpoint(), Duration.ofSeconds(2), Duration.ofMillis(500));
    }

    /** Sets count keys in Redis and inserts an event for each; returns the keys. */
    List<String> backlog(String name, int count) {
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(redis.key(name + ":" + i));
        }
        redis.set(keys);
        insertEvents(keys);
        return keys;
    }

    void insertEvents(List<String> keys) {
        try (Connection c = db.newConnection()) {
            insertEvents(c, keys);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void insertEvents(Connection c, List<String> keys) throws SQLException {
        for (int from = 0; from < keys.size(); from += 10_000) {
            try (PreparedStatement insert = c.prepareStatement("insert into " + table.qualifiedName() + " ("
                    + Identifiers.quote(table.keyColumn()) + ") select unnest(?::text[])")) {
                Array array = c.createArrayOf("text", keys.subList(from, Math.min(keys.size(), from + 10_000)).toArray());
                insert.setArray(1, array);
                insert.executeUpdate();
            }
        }
    }

    long pending() {
        return count(Identifiers.quote(table.processedColumn()) + " is null");
    }

    long processed() {
        return count(Identifiers.quote(table.processedColumn()) + " is not null");
    }

    private long count(String where) {
        return ((Number) db.value("select count(*) from " + table.qualifiedName() + " where " + where)).longValue();
    }

    long marks() {
        return ((Number) db.value("select count(*) from marks")).longValue();
    }

    long distinctMarks() {
        return ((Number) db.value("select count(distinct event_id) from marks")).longValue();
    }

    /** Keys of the events marked processed (committed), to check against Redis. */
    List<String> processedKeys() {
        List<String> keys = new ArrayList<>();
        for (List<Object> row : db.query("select " + Identifiers.quote(table.keyColumn()) + " from " + table.qualifiedName()
                + " where " + Identifiers.quote(table.processedColumn()) + " is not null")) {
            keys.add((String) row.get(0));
        }
        return keys;
    }
}
