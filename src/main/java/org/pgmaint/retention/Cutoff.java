package org.pgmaint.retention;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Where "now" comes from when deciding which rows are expired: the database's clock by default (so that the
 * application server's clock does not matter), or a fixed clock in tests. A purge computes its cutoff once, at
 * its start, so the boundary does not creep forward while it runs.
 */
public final class Cutoff {
    private final Clock clock;

    private Cutoff(Clock clock) {
        this.clock = clock;
    }

    public static Cutoff databaseClock() {
        return new Cutoff(null);
    }

    public static Cutoff fixed(Clock clock) {
        return new Cutoff(clock);
    }

    /** now - age, as a timestamptz value to bind: rows strictly older are expired. */
    public OffsetDateTime of(Connection connection, Duration age) throws SQLException {
        return now(connection).minus(age).atOffset(ZoneOffset.UTC);
    }

    private Instant now(Connection connection) throws SQLException {
        if (clock != null) {
            return clock.instant();
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select statement_timestamp()")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }
}
