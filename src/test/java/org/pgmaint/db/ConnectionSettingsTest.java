package org.pgmaint.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigLoader;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.PgmaintProcess;
import org.pgmaint.testing.TestDatabase;

/** Connections resolve like libpq's: service files, connection strings, PG* variables, and nothing dropped. */
class ConnectionSettingsTest {
    @TempDir
    Path dir;

    private static ConnectionSettings resolve(Map<String, String> env, Map<String, String> flags) {
        Config config = ConfigLoader.load(new ConfigLoader.Sources(null, env, flags, Path.of(".")));
        return ConnectionSettings.from(config, env);
    }

    private static String problems(InvalidInputException e) {
        return e.describe();
    }

    private Map<String, String> serviceEnv(String service, String fileText) throws Exception {
        Path file = dir.resolve("pg_service.conf");
        Files.writeString(file, fileText);
        Map<String, String> env = new HashMap<>();
        env.put("PGSERVICEFILE", file.toString());
        env.put("PGSYSCONFDIR", dir.resolve("no-system-dir").toString());
        if (service != null) {
            env.put("PGSERVICE", service);
        }
        return env;
    }

    @Test
    void serviceFileSettingsOverrideTheEnvironmentAndFlagsOverrideTheService() throws Exception {
        Map<String, String> env = serviceEnv("newbie", """
                # the team's services
                [other]
                dbname=wrong
                [newbie]
                host=db.example
                port = 5433
                dbname=newbie_db
                user=newbie
                connect_timeout=7
                sslmode=require
                application_name=nightly
                """);
        env.put("PGHOST", "env-host");
        env.put("PGDATABASE", "env_db");
        ConnectionSettings fromService = resolve(env, Map.of());
        assertEquals(new ConnectionSettings("db.example", 5433, "newbie", "newbie_db", "", Duration.ofSeconds(7),
                "require", "nightly"), fromService);

        ConnectionSettings overridden = resolve(env, Map.of("connection.dbname", "flag_db", "connection.port", "6000"));
        assertEquals("flag_db", overridden.dbname());
        assertEquals(6000, overridden.port());
        assertEquals("db.example", overridden.host());

        // an empty value counts as not set, as in libpq; the first setting of a key in a service counts
        assertEquals("newbie_db", resolve(env, Map.of("connection.dbname", "host='' dbname=''")).dbname());
        assertEquals("db.example", resolve(env, Map.of("connection.dbname", "host='' dbname=''")).host());

        // service= in a URI's query: the URI's own values win over the service's
        env.remove("PGSERVICE");
        ConnectionSettings uri = resolve(env, Map.of("connection.dbname", "postgresql://uri-host/uri_db?service=newbie"));
        assertEquals("uri-host", uri.host());
        assertEquals("uri_db", uri.dbname());
        assertEquals("newbie", uri.user());
        assertEquals(5433, uri.port());
        // written last: it replaces the file
        Map<String, String> twice = serviceEnv("t", "[t]\ndbname=first\ndbname=second\n");
        assertEquals("first", resolve(twice, Map.of()).dbname());
    }

    @Test
    void theUserFileWinsOverTheSystemFileAndTheSystemFileIsUsedWhenTheUserFileLacksTheService() throws Exception {
        Path system = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(system.resolve("pg_service.conf"), "[shared]\ndbname=system_db\n[mine]\ndbname=system_mine\n");
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(".pg_service.conf"), "[mine]\ndbname=user_mine\n");
        Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString(), "PGSYSCONFDIR", system.toString()));
        env.put("PGSERVICE", "mine");
        assertEquals("user_mine", resolve(env, Map.of()).dbname());
        env.put("PGSERVICE", "shared");
        assertEquals("system_db", resolve(env, Map.of()).dbname());
    }

    @Test
    void aServiceThatIsNotFoundIsAnErrorNamingItAndTheFilesLookedIn() throws Exception {
        Map<String, String> env = serviceEnv("newbie", "[other]\ndbname=x\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> resolve(env, Map.of()));
        assertTrue(problems(e).contains("definition of service \"newbie\" not found"), problems(e));
        assertTrue(problems(e).contains(dir.resolve("pg_service.conf").toString()), problems(e));
        assertTrue(problems(e).contains(dir.resolve("no-system-dir").resolve("pg_service.conf").toString()), problems(e));
    }

    @Test
    void parametersPgmaintCannotHonourAreRefusedByNameNeverDropped() throws Exception {
        Map<String, String> env = serviceEnv("s", "[s]\ndbname=x\nsslcrl=/etc/crl.pem\nkeepalives=0\nfoo=1\n");
        String service = problems(assertThrows(InvalidInputException.class, () -> resolve(env, Map.of())));
        assertTrue(service.contains(":3: sslcrl: connection parameter \"sslcrl\" is not supported"), service);
        assertTrue(service.contains(":4: keepalives:"), service);
        assertTrue(service.contains(":5: foo: unknown connection parameter \"foo\""), service);

        String query = problems(assertThrows(InvalidInputException.class, () -> resolve(Map.of(),
                Map.of("connection.dbname", "postgresql://h/db?keepalives_idle=5&password=s3cret"))));
        assertTrue(query.contains("\"keepalives_idle\" is not supported"), query);
        assertFalse(query.contains("s3cret"), query);

        for (String var : new String[] {"PGSSLCRL", "PGGSSENCMODE", "PGREQUIREPEER", "PGCHANNELBINDING"}) {
            String fromEnv = problems(assertThrows(InvalidInputException.class, () -> resolve(Map.of(var, "x"), Map.of())));
            assertTrue(fromEnv.contains("environment variable " + var + ": is not supported"), fromEnv);
        }
        Map<String, String> badPort = serviceEnv("s", "[s]\nport=54x32\n");
        String port = problems(assertThrows(InvalidInputException.class, () -> resolve(badPort, Map.of())));
        assertTrue(port.contains(":2: port: should be a port number"), port);
    }

    @Test
    void keywordValueStringsParseLikeLibpqWithQuotesAndEscapes() {
        assertEquals(Map.of("host", "db.example", "port", "5433", "dbname", "my db", "user", "o'brien",
                        "password", "back\\slash 'x'", "application_name", "a\\b"),
                Conninfo.parse("host=db.example port = 5433 dbname='my db' user='o\\'brien' "
                        + "password='back\\\\slash \\'x\\'' application_name=a\\\\b"));
        assertEquals(Map.of("user", "al@ice", "password", "p+w/d", "host", "::1", "port", "5433", "dbname", "my db",
                        "sslmode", "require"),
                Conninfo.parse("postgresql://al%40ice:p+w%2Fd@[::1]:5433/my%20db?sslmode=require"));
        assertEquals(Map.of("host", "h1,h2,::1", "port", "5433,,5434", "dbname", "db"),
                Conninfo.parse("postgresql://h1:5433,h2,[::1]:5434/db"));
        assertEquals(Map.of("host", "/run/pg", "dbname", "db"), Conninfo.parse("postgresql://%2Frun%2Fpg/db"));
        for (String bad : new String[] {"host=h dbname", "host='unterminated", "postgresql://[::1/db",
                "postgresql://h/db?x%zz=1", "postgresql://h/%00"}) {
            assertThrows(IllegalArgumentException.class, () -> Conninfo.parse(bad), bad);
        }
    }

    @Test
    void aKeywordValueStringConnectsWithItsApplicationNameAndOverridesTheService() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            ConnectionSettings s = db.settings();
            String conninfo = "host=" + s.host() + " port=" + s.port() + " dbname='" + db.name() + "' user=" + s.user()
                    + " sslmode=" + s.sslmode() + " connect_timeout=5 application_name='nightly run'"
                    + (s.password().isEmpty() ? "" : " password='" + s.password() + "'");
            Map<String, String> env = serviceEnv(null, "[newbie]\ndbname=service_db\nport=1\napplication_name=svc\n");
            ConnectionSettings settings = resolve(env, Map.of("connection.dbname", conninfo + " service=newbie"));
            assertEquals(Duration.ofSeconds(5), settings.connectTimeout());
            try (var c = Connections.open(settings); var st = c.createStatement();
                 var rs = st.executeQuery("select current_database(), current_setting('application_name')")) {
                rs.next();
                assertEquals(db.name(), rs.getString(1));
                assertEquals("nightly run", rs.getString(2));
            }
            org.pgmaint.testing.Cli.Result plan = org.pgmaint.testing.Cli.run("plan", "--format", "json", "-d", conninfo);
            assertEquals(0, plan.exitCode(), plan::toString);
            assertEquals(db.name(), JsonRead.object(plan.out()).get("database"), plan::toString);
        }
    }

    @Test
    void unknownKeysInAConnectionStringAreExitTwoNamingTheKeyAndPasswordsStayMasked() {
        org.pgmaint.testing.Cli.Result unknown = org.pgmaint.testing.Cli.run("plan", "-d",
                "host=127.0.0.1 dbname=x password='s3 cret' colour=blue");
        assertEquals(2, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("unknown connection parameter \"colour\""), unknown::toString);
        assertFalse(unknown.toString().contains("s3 cret"), unknown::toString);
        org.pgmaint.testing.Cli.Result notYet = org.pgmaint.testing.Cli.run("plan", "-d", "dbname=x sslcrl=/etc/crl.pem");
        assertEquals(2, notYet.exitCode(), notYet::toString);
        assertTrue(notYet.err().contains("\"sslcrl\" is not supported by pgmaint yet"), notYet::toString);
        org.pgmaint.testing.Cli.Result config = org.pgmaint.testing.Cli.run("config", "-d",
                "host=h dbname=d password='s3 cret' user=u");
        assertEquals(0, config.exitCode(), config::toString);
        assertTrue(config.out().contains("connection.dbname = host=h dbname=d password=******** user=u"), config::toString);
        assertFalse(config.toString().contains("s3"), config::toString);
        org.pgmaint.testing.Cli.Result query = org.pgmaint.testing.Cli.run("config", "-d",
                "postgresql://h/d?password=s3cret&sslmode=require");
        assertTrue(query.out().contains("postgresql://h/d?password=********&sslmode=require"), query::toString);
    }

    @Test
    void aSocketDirectoryIsASocketAndFailuresNameWhatWasTriedAsPsqlDoes() throws Exception {
        ConnectionSettings socket = resolve(Map.of("PGHOST", "/tmp"), Map.of());
        assertTrue(socket.endpoints().get(0).isSocket(), socket::toString);
        assertEquals(Path.of("/tmp/.s.PGSQL.5432"), socket.endpoints().get(0).socketFile());
        assertFalse(resolve(Map.of("PGHOST", "localhost"), Map.of()).endpoints().get(0).isSocket());
        org.pgmaint.testing.Cli.Result missing = org.pgmaint.testing.Cli.run("plan", "-h", dir.toString(), "-p", "5432");
        assertEquals(3, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("connection to server on socket \"" + dir.resolve(".s.PGSQL.5432")
                + "\" failed: No such file or directory"), missing::toString);
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        org.pgmaint.testing.Cli.Result refused = org.pgmaint.testing.Cli.run("plan", "-h", "localhost", "-p",
                String.valueOf(port), "-U", "maint", "-d", "app");
        assertEquals(3, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("connection to server at \"localhost\" (127.0.0.1), port " + port
                + " failed: Connection refused"), refused::toString);
        assertTrue(refused.err().contains("(database \"app\", user \"maint\", sslmode prefer)"), refused::toString);

        org.pgmaint.testing.Cli.Result unknown = org.pgmaint.testing.Cli.run("plan", "-h", "no-such-host.invalid",
                "--set", "connection.connect_timeout=2s");
        assertEquals(3, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("could not translate host name \"no-such-host.invalid\" to address: unknown host"),
                unknown::toString);
    }

    /** A past bug: PGSERVICE was ignored and pgmaint planned against another database, exit 0. */
    @Test
    void planWithPgserviceReportsTheServicesDatabaseAndExplicitDbnameOverridesIt() throws Exception {
        try (TestDatabase target = TestDatabase.create(); TestDatabase other = TestDatabase.create()) {
            ConnectionSettings s = target.settings();
            Path file = dir.resolve("services.conf");
            Files.writeString(file, "[newbie]\nhost=" + s.host() + "\nport=" + s.port() + "\nuser=" + s.user()
                    + "\ndbname=" + s.dbname() + (s.password().isEmpty() ? "" : "\npassword=" + s.password())
                    + "\nsslmode=" + s.sslmode() + "\n");
            Map<String, String> env = Map.of("PGSERVICE", "newbie", "PGSERVICEFILE", file.toString(),
                    "PGSYSCONFDIR", dir.toString(), "PGHOST", "no-such-host.invalid", "PGDATABASE", "wrong_db");

            PgmaintProcess plan = PgmaintProcess.startWithEnv(Files.createDirectories(dir.resolve("a")), env,
                    "plan", "--format", "json");
            assertEquals(0, plan.waitFor(120), plan::toString);
            assertEquals(target.name(), JsonRead.object(plan.out()).get("database"), plan::toString);

            PgmaintProcess override = PgmaintProcess.startWithEnv(Files.createDirectories(dir.resolve("b")), env,
                    "plan", "--format", "json", "-d", other.name());
            assertEquals(0, override.waitFor(120), override::toString);
            assertEquals(other.name(), JsonRead.object(override.out()).get("database"), override::toString);

            Map<String, String> missing = new HashMap<>(env);
            missing.put("PGSERVICE", "nosuch");
            PgmaintProcess refused = PgmaintProcess.startWithEnv(Files.createDirectories(dir.resolve("c")), missing,
                    "plan", "--format", "json");
            assertEquals(2, refused.waitFor(120), refused::toString);
            assertTrue(refused.err().contains("definition of service \"nosuch\" not found"), refused::toString);
            assertTrue(refused.err().contains(file.toString()), refused::toString);
        }
    }
}
