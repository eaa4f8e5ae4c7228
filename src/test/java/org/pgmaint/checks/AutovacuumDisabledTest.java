package org.pgmaint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.ServerWithSettings;

/**
 * autovacuum_disabled's server-wide finding, on a server started with autovacuum = off (the shared test server
 * runs it on, idle, so no other test sees this finding; the test file covers the per-table findings there): critical
 * in a database with tables, a warning in one without (nothing to tend yet: `pgmaint plan` on an empty maintenance
 * database still exits 0).
 */
class AutovacuumDisabledTest {

    @Test
    void serverWideOffIsCriticalWhereTablesDependOnIt() throws Exception {
        ConnectionSettings admin = ServerWithSettings.admin(Map.of("autovacuum", "off"));
        try (Connection c = Connections.open(admin); Statement s = c.createStatement()) {
            s.execute("drop database if exists autovacuum_off_tables with (force)");
            s.execute("drop database if exists autovacuum_off_empty with (force)");
            s.execute("create database autovacuum_off_tables");
            s.execute("create database autovacuum_off_empty");
        }
        try {
            try (Connection c = Connections.open(database(admin, "autovacuum_off_tables")); Statement s = c.createStatement()) {
                s.execute("create table orders(id int primary key)");
            }
            Map<String, Object> withTables = plan(admin, "autovacuum_off_tables", 1);
            Map<String, Object> server = only(withTables);
            assertEquals("critical", server.get("severity"), server::toString);
            assertTrue(server.get("message").toString().startsWith("autovacuum = off on this server")
                    && server.get("message").toString().contains("1 tables of this database depend on it"), server::toString);

            Map<String, Object> empty = only(plan(admin, "autovacuum_off_empty", 0));
            assertEquals("warning", empty.get("severity"), empty::toString);
            assertTrue(empty.get("message").toString().contains("no user table yet"), empty::toString);
        } finally {
            try (Connection c = Connections.open(admin); Statement s = c.createStatement()) {
                s.execute("drop database autovacuum_off_tables with (force)");
                s.execute("drop database autovacuum_off_empty with (force)");
            }
        }
    }

    private static Map<String, Object> only(Map<String, Object> report) {
        List<Map<String, Object>> found = JsonRead.list(report, "findings").stream()
                .filter(f -> "autovacuum_disabled".equals(f.get("kind"))).toList();
        assertEquals(1, found.size(), found::toString);
        return found.get(0);
    }

    private static Map<String, Object> plan(ConnectionSettings admin, String dbname, int exitCode) {
        Cli.Result result = Cli.run("plan", "-h", admin.host(), "-p", String.valueOf(admin.port()), "-U", admin.user(),
                "-d", dbname, "--format", "json");
        assertEquals(exitCode, result.exitCode(), result::toString);
        return JsonRead.object(result.out());
    }

    private static ConnectionSettings database(ConnectionSettings admin, String dbname) {
        return new ConnectionSettings(admin.host(), admin.port(), admin.user(), dbname, admin.password(),
                admin.connectTimeout(), admin.sslmode());
    }
}
