package org.pgmaint.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pgmaint.config.ConfigLoader;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.TestDatabase;

class ConnectionsTest {
    @Test
    void connectionsIdentifyAsPgmaint() throws Exception {
        try (TestDatabase db = TestDatabase.create(); Connection c = Connections.open(db.settings());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select current_setting('application_name')")) {
            rs.next();
            assertEquals("pgmaint", rs.getString(1));
        }
    }

    @Test
    void identifiersRoundTripThroughTheOneQuotingFunction() {
        assertEquals("\"Weird Schema\".\"Odd \"\"Name\"\" Table\"", Identifiers.quote("Weird Schema", "Odd \"Name\" Table"));
        assertEquals("\"app\".\"drop table app.customer; --\"", Identifiers.quote("app", "drop table app.customer; --"));
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create schema \"Weird Schema\"", "create table " + Identifiers.quote("Weird Schema", "Odd \"Name\" Table") + "(id int)");
            assertEquals("Odd \"Name\" Table", db.value("select relname::text from pg_class where relname like 'Odd%'"));
            java.util.List<String> hostile = java.util.List.of("\"", "\"\"", "a.b", "select", " lead", "Ünïcödé 表",
                    "back\\slash", "semi;colon --", "$1", "quote'single");
            for (String name : hostile) {
                db.exec("create table " + Identifiers.quote("Weird Schema", name) + "(id int)");
            }
            java.util.Set<String> names = new java.util.TreeSet<>();
            db.query("select relname::text from pg_class where relnamespace = '\"Weird Schema\"'::regnamespace")
                    .forEach(row -> names.add((String) row.get(0)));
            java.util.Set<String> expected = new java.util.TreeSet<>(hostile);
            expected.add("Odd \"Name\" Table");
            assertEquals(expected, names);
        }
    }

    @Test
    void launcherVariablesAreNotMistakenForSettings() {
        ConfigLoader.load(new ConfigLoader.Sources(null, Map.of("PGMAINT_NO_CDS", "1", "PGMAINT_JAVA_OPTS", "-Xmx1g",
                "PGMAINT_ENV_FILE", "/etc/pgmaint/pgmaint.env", "PGMAINT_HOME", "/opt/pgmaint"), Map.of(), Path.of(".")));
    }

    @Test
    void helpWorksAfterACommand() {
        Cli.Result result = Cli.run("plan", "--help");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("--full") && result.out().contains("--dbname"), result.out());
    }
}
