package org.pgmaint.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    private static String describe(Map<String, String> env, Map<String, String> flags, Path file) {
        return String.join("\n", ConfigLoader.load(new ConfigLoader.Sources(file, env, flags, Path.of("."))).describe());
    }

    @Test
    void safety18_passwordsInConnectionUrisAreMaskedWhereverTheUriIsShown() throws Exception {
        String uri = "postgresql://alice:s3cret-pw@db.example:5433/app?sslmode=require";
        String masked = "postgresql://alice:********@db.example:5433/app?sslmode=require";
        // -d on the command line, through the real command
        Cli.Result flag = Cli.run("config", "-d", uri);
        assertEquals(0, flag.exitCode(), flag::toString);
        assertFalse(flag.out().contains("s3cret"), flag::toString);
        assertTrue(flag.out().contains("connection.dbname = " + masked + "  # flag"), flag::toString);
        // PGDATABASE and the config file: what `pgmaint config` prints
        String fromEnv = describe(Map.of("PGDATABASE", uri), Map.of(), null);
        assertFalse(fromEnv.contains("s3cret"), fromEnv);
        assertTrue(fromEnv.contains("connection.dbname = " + masked + "  # env PGDATABASE"), fromEnv);
        Path file = java.nio.file.Files.createTempDirectory("pgmaint-uri").resolve("pgmaint.yaml");
        java.nio.file.Files.writeString(file, "connection:\n  dbname: \"" + uri + "\"\n");
        Cli.Result fromFile = Cli.run("config", "--config", file.toString());
        assertFalse(fromFile.out().contains("s3cret"), fromFile::toString);
        assertTrue(fromFile.out().contains("connection.dbname = " + masked), fromFile::toString);

        // a malformed URI: the error names the key, never the password
        Cli.Result malformed = Cli.run("plan", "-d", "postgresql://alice:s3cret pw@db.example/app");
        assertEquals(2, malformed.exitCode(), malformed::toString);
        assertTrue(malformed.err().contains("connection.dbname"), malformed::toString);
        assertFalse(malformed.toString().contains("s3cret"), malformed::toString);
        Cli.Result badEscape = Cli.run("plan", "-d", "postgresql://alice:s3%zzcret@db.example/app");
        assertEquals(2, badEscape.exitCode(), badEscape::toString);
        assertFalse(badEscape.toString().contains("zzcret"), badEscape::toString);

        // a real server refusing the connection: the message names the URI's target, not its password
        try (TestDatabase db = TestDatabase.create()) {
            ConnectionSettings s = db.settings();
            Cli.Result refused = Cli.run("plan", "-d", "postgresql://" + s.user() + ":s3cret-pw@" + s.host() + ":" + s.port()
                    + "/no_such_database_" + db.name());
            assertEquals(3, refused.exitCode(), refused::toString);
            assertTrue(refused.err().contains("no_such_database_"), refused::toString);
            assertFalse(refused.toString().contains("s3cret"), refused::toString);
        }
    }

    @Test
    void safety18_configShowsTheEffectiveRedisUrlMasked() {
        String fromEnv = describe(Map.of("REDIS_URL", "redis://cache:r3dis-pw@redis.example:6380/2"), Map.of(), null);
        assertFalse(fromEnv.contains("r3dis-pw"), fromEnv);
        assertTrue(fromEnv.contains("cache.redis_url = redis://cache:********@redis.example:6380/2  # env REDIS_URL"), fromEnv);
        String passwordOnly = describe(Map.of("REDIS_URL", "redis://r3dis-pw@redis.example:6380/2"), Map.of(), null);
        assertFalse(passwordOnly.contains("r3dis-pw"), passwordOnly);
        String key = describe(Map.of("REDIS_URL", "redis://ignored"),
                Map.of("cache.redis_url", "rediss://:k3y-pw@tls.example:6380/0"), null);
        assertFalse(key.contains("k3y-pw"), key);
        assertTrue(key.contains("cache.redis_url = rediss://:********@tls.example:6380/0  # flag"), key);
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
