package org.pgmaint.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabaseTargetTest {
    private static ConnectionSettings on(String host, int port) {
        return new ConnectionSettings(host, port, "postgres", "app", "secret", Duration.ofSeconds(3), "prefer");
    }

    @Test
    void aSingleDatabaseIsNamedAfterItsServer() {
        assertEquals("db1.example.com:5433", DatabaseTarget.single(on("db1.example.com", 5433)).target());
        assertEquals("local:5432", DatabaseTarget.single(on("", 5432)).target());
        assertEquals("local:5432", DatabaseTarget.single(on("/var/run/postgresql", 5432)).target());
    }

    @Test
    void anotherDatabaseKeepsTheTargetAndEverythingButTheName() {
        DatabaseTarget first = new DatabaseTarget("prod", on("db1", 5432));
        DatabaseTarget other = first.withDatabase("billing");
        assertEquals("prod", other.target());
        assertEquals("billing", other.database());
        assertEquals("secret", other.connection().password());
        assertEquals(first.connection().endpoints(), other.connection().endpoints());
        assertEquals("app", first.database());
    }

    @Test
    void aTargetNeedsAName() {
        assertThrows(IllegalArgumentException.class, () -> new DatabaseTarget("", on("db1", 5432)));
    }
}
