package org.pgmaint.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.config.ConfigLoader;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.PgmaintProcess;
import org.pgmaint.testing.SocketCluster;
import org.pgmaint.testing.TestDatabase;
import org.pgmaint.testing.TestServer;

/**
 * The libpq connection forms over Unix-domain sockets, on a private socket-only cluster with peer authentication
 * (and a password role for ~/.pgpass): each connects to the intended database, and over the socket.
 */
class SocketConnectionTest {
    private static final int PORT = 55410;
    private static final String PASSWORD_ROLE = "c1_pw_role";
    private static final String SECRET = "s0cket-secret";
    private static SocketCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        assumeTrue(SocketCluster.available(), "needs /usr/lib/postgresql/15/bin and a postgres OS user");
        cluster = SocketCluster.start(PORT, "local all " + PASSWORD_ROLE + " scram-sha-256");
        cluster.sql("postgres", "create database app_db");
        cluster.sql("postgres", "create role " + PASSWORD_ROLE + " login password '" + SECRET + "'");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ConnectionSettings resolve(Map<String, String> env, Map<String, String> flags) {
        return ConnectionSettings.from(ConfigLoader.load(new ConfigLoader.Sources(null, env, flags, Path.of("."))), env);
    }

    /** current_database() and whether the connection is a socket (inet_server_addr() is null). */
    private static String[] where(ConnectionSettings settings) throws Exception {
        try (Connection c = Connections.open(settings); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_database(), inet_server_addr() is null")) {
            rs.next();
            return new String[] {rs.getString(1), rs.getBoolean(2) ? "socket" : "tcp"};
        }
    }

    private static void assertSocket(String database, ConnectionSettings settings) throws Exception {
        String[] where = where(settings);
        assertEquals(database, where[0], settings::toString);
        assertEquals("socket", where[1], settings::toString);
    }

    private String dirText() {
        return cluster.socketDir().toString();
    }

    @Test
    void aSocketDirectoryAsHostFlagAsPghostAsAKeywordStringAndAsAUri() throws Exception {
        String port = String.valueOf(PORT);
        assertSocket("app_db", resolve(Map.of(), Map.of("connection.host", dirText(), "connection.port", port,
                "connection.user", "postgres", "connection.dbname", "app_db")));
        assertSocket("app_db", resolve(Map.of("PGHOST", dirText(), "PGPORT", port, "PGUSER", "postgres",
                "PGDATABASE", "app_db"), Map.of()));
        assertSocket("app_db", resolve(Map.of(), Map.of("connection.dbname",
                "host=" + dirText() + " port=" + port + " user=postgres dbname=app_db")));
        assertSocket("app_db", resolve(Map.of(), Map.of("connection.dbname", "postgresql://postgres@%2F"
                + dirText().substring(1).replace("/", "%2F") + ":" + port + "/app_db")));
        assertSocket("app_db", resolve(Map.of(), Map.of("connection.dbname",
                "postgresql:///app_db?host=" + dirText() + "&port=" + port + "&user=postgres")));

        Cli.Result plan = Cli.run("plan", "--format", "json", "-h", dirText(), "-p", port, "-U", "postgres", "-d", "app_db");
        assertEquals(0, plan.exitCode(), plan::toString);
        assertEquals("app_db", JsonRead.object(plan.out()).get("database"), plan::toString);
    }

    @Test
    void aServiceNamingTheSocketDirectoryWithAndWithoutOverrides() throws Exception {
        Path file = Files.writeString(dir.resolve("pg_service.conf"), "[sock]\nhost=" + dirText() + "\nport=" + PORT
                + "\nuser=postgres\ndbname=app_db\n");
        Map<String, String> env = Map.of("PGSERVICE", "sock", "PGSERVICEFILE", file.toString(),
                "PGSYSCONFDIR", dir.toString(), "PGHOST", "no-such-host.invalid");
        assertSocket("app_db", resolve(env, Map.of()));
        assertSocket("postgres", resolve(env, Map.of("connection.dbname", "postgres")));
    }

    @Test
    void noHostAtAllIsTheDefaultSocketDirectoryThenTmp() throws Exception {
        ConnectionSettings none = resolve(Map.of(), Map.of("connection.user", "postgres", "connection.dbname", "postgres"));
        assertEquals("", none.host());
        assertTrue(none.endpoints().get(0).isSocket());
        // the shared server's socket (trust): reading current_database() only
        assumeTrue(Files.exists(Path.of("/var/run/postgresql/.s.PGSQL.5432")));
        assertSocket("postgres", none);

        // a port no server has in /var/run/postgresql but the embedded server has in /tmp: the socket there
        ConnectionSettings admin = TestServer.admin();
        assumeTrue(TestServer.isEmbedded() && Files.exists(Path.of("/tmp/.s.PGSQL." + admin.port())));
        ConnectionSettings tmp = resolve(Map.of(), Map.of("connection.user", "postgres", "connection.dbname", "postgres",
                "connection.port", String.valueOf(admin.port())));
        assertEquals(Path.of("/tmp/.s.PGSQL." + admin.port()), tmp.endpoints().get(0).socketFile());
        assertSocket("postgres", tmp);
    }

    @Test
    void aHostListWithTargetSessionAttrsSkipsTheReadOnlyServerAsLibpqDoes() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            ConnectionSettings tcp = db.settings();
            cluster.sql("postgres", "create database " + db.name());
            cluster.sql("postgres", "alter database " + db.name() + " set default_transaction_read_only = on");
            String hosts = "postgresql://postgres@/" + db.name() + "?host=" + dirText() + "," + tcp.host()
                    + "&port=" + PORT + "," + tcp.port() + "&sslmode=" + tcp.sslmode();
            String[] readWrite = where(resolve(Map.of(), Map.of("connection.dbname", hosts + "&target_session_attrs=read-write")));
            assertEquals(db.name(), readWrite[0]);
            assertEquals("tcp", readWrite[1]);
            assertSocket(db.name(), resolve(Map.of(), Map.of("connection.dbname", hosts + "&target_session_attrs=read-only")));
            assertSocket(db.name(), resolve(Map.of(), Map.of("connection.dbname", hosts)));
            // PGTARGETSESSIONATTRS, with a dead first entry: the next one is tried
            String[] fromEnv = where(resolve(Map.of("PGTARGETSESSIONATTRS", "read-write"), Map.of("connection.dbname",
                    "host=" + dir + "," + dirText() + "," + tcp.host() + " port=" + PORT + "," + PORT + "," + tcp.port()
                            + " user=postgres dbname=" + db.name() + " sslmode=" + tcp.sslmode())));
            assertEquals("tcp", fromEnv[1]);

            DatabaseUnavailableException none = assertThrows(DatabaseUnavailableException.class, () -> Connections.open(
                    resolve(Map.of(), Map.of("connection.dbname", "host=" + dir + "," + dirText() + " port=" + PORT
                            + " user=postgres dbname=" + db.name() + " target_session_attrs=read-write"))));
            assertTrue(none.getMessage().contains("connection to server on socket \"" + dir.resolve(".s.PGSQL." + PORT)
                    + "\" failed: No such file or directory"), none.getMessage());
            assertTrue(none.getMessage().contains("connection to server on socket \"" + cluster.socketDir()
                    .resolve(".s.PGSQL." + PORT) + "\" failed: session is read-only"), none.getMessage());
        }
    }

    @Test
    void pgpassMatchesASocketByItsDirectoryAndLocalhostOnlyForTheDefaultDirectory() throws Exception {
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "localhost:" + PORT + ":*:" + PASSWORD_ROLE + ":wrong\n"
                + dirText().replace(":", "\\:") + ":" + PORT + ":*:" + PASSWORD_ROLE + ":" + SECRET + "\n");
        Files.setPosixFilePermissions(pgpass, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Map<String, String> env = new HashMap<>(Map.of("PGPASSFILE", pgpass.toString(), "PGHOST", dirText(),
                "PGPORT", String.valueOf(PORT), "PGUSER", PASSWORD_ROLE, "PGDATABASE", "app_db"));
        PgmaintProcess plan = PgmaintProcess.startWithEnv(Files.createDirectories(dir.resolve("a")), env,
                "plan", "--format", "json");
        assertEquals(0, plan.waitFor(120), plan::toString);
        assertEquals("app_db", JsonRead.object(plan.out()).get("database"), plan::toString);

        // only the localhost line: libpq uses it for the default socket directory, not for this one
        Files.writeString(pgpass, "localhost:" + PORT + ":*:" + PASSWORD_ROLE + ":" + SECRET + "\n");
        PgmaintProcess refused = PgmaintProcess.startWithEnv(Files.createDirectories(dir.resolve("b")), env,
                "plan", "--format", "json");
        assertEquals(3, refused.waitFor(120), refused::toString);
        assertTrue(refused.err().contains("connection to server on socket \"" + cluster.socketDir()
                .resolve(".s.PGSQL." + PORT) + "\" failed:"), refused::toString);
        assertFalse(refused.toString().contains(SECRET), refused::toString);

        assertEquals("localhost", new Endpoint("", "", PORT).pgpassHost());
        assertEquals("localhost", new Endpoint("/var/run/postgresql", "", PORT).pgpassHost());
        assertEquals(dirText(), new Endpoint(dirText(), "", PORT).pgpassHost());
        assertEquals("db1", new Endpoint("db1", "10.0.0.1", PORT).pgpassHost());
    }

    @Test
    void peerAuthenticationAsThePostgresOsUserWithNoConnectionFlags() throws Exception {
        // the postgres OS user reaches the folders of the runs through the test's folder
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("PGHOST", dirText(), "PGPORT", String.valueOf(PORT));
        PgmaintProcess plan = PgmaintProcess.startAsPostgres(dir.resolve("env"), env, "plan", "--format", "json");
        assertEquals(0, plan.waitFor(180), plan::toString);
        // the cluster listens on no TCP address: a connection is a socket connection
        assertEquals("postgres", JsonRead.object(plan.out()).get("database"), plan::toString);

        PgmaintProcess flags = PgmaintProcess.startAsPostgres(dir.resolve("flags"), Map.of(), "plan", "--format", "json",
                "-h", dirText(), "-p", String.valueOf(PORT), "-d", "app_db");
        assertEquals(0, flags.waitFor(180), flags::toString);
        assertEquals("app_db", JsonRead.object(flags.out()).get("database"), flags::toString);

        // psql, the same way
        String psql = SocketCluster.asPostgres("env -i PGHOST=" + dirText() + " PGPORT=" + PORT + " "
                + SocketCluster.BIN.resolve("psql") + " -XAtc 'select current_database(), inet_server_addr() is null'");
        assertEquals("postgres|t", psql.strip());
    }

    @Test
    void formsPgmaintCannotHonourAreExitTwoNamingThem() throws Exception {
        Map<String, String> cases = Map.of(
                "host=h1,h2,h3 port=1,2 dbname=x", "could not match 2 port numbers to 3 hosts",
                "host=h1,h2 hostaddr=10.0.0.1,10.0.0.2,10.0.0.3 dbname=x", "could not match 2 host names to 3 hostaddr values",
                "hostaddr=db.example dbname=x", "hostaddr: should be a numeric IPv4 or IPv6 address",
                "host=db1 hostaddr=10.0.0.1 sslmode=verify-full dbname=x", "cannot be combined with sslmode=verify-full",
                "dbname=x target_session_attrs=readwrite", "target_session_attrs: should be one of any, read-write",
                "dbname=x passfile=/tmp/p", "connection parameter \"passfile\" is not supported by pgmaint yet",
                "dbname=x keepalives=0", "connection parameter \"keepalives\" is not supported by pgmaint yet");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Cli.Result result = Cli.run("plan", "-d", c.getKey());
            assertEquals(2, result.exitCode(), result::toString);
            assertTrue(result.err().contains(c.getValue()), c.getKey() + "\n" + result);
        }
        Path pem = Files.writeString(dir.resolve("client.key"), "-----BEGIN PRIVATE KEY-----\nMII...\n-----END PRIVATE KEY-----\n");
        String key = assertThrows(InvalidInputException.class, () -> resolve(Map.of("PGSSLKEY", pem.toString()), Map.of()))
                .describe();
        assertTrue(key.contains("environment variable PGSSLKEY: sslkey: \"" + pem + "\" is a PEM key"), key);
        String crl = assertThrows(InvalidInputException.class, () -> resolve(Map.of("PGSSLCRL", "/x"), Map.of())).describe();
        assertTrue(crl.contains("environment variable PGSSLCRL: is not supported"), crl);
    }

    @Test
    void configAndValidateShowAndCheckTheConnectionAsPlanResolvesIt() {
        Cli.Result config = Cli.run("config", "-d", "host=/run/x,db2 port=5433,5434 user=maint dbname=app"
                + " target_session_attrs=read-write options='-c work_mem=1MB'");
        assertEquals(0, config.exitCode(), config::toString);
        assertTrue(config.out().contains("# connection: /run/x/.s.PGSQL.5433,db2:5434/app as maint, sslmode prefer,"
                + " target_session_attrs read-write, options -c work_mem=1MB, application_name pgmaint"), config::toString);
        Cli.Result refusedConfig = Cli.run("config", "-d", "dbname=x keepalives=0");
        assertEquals(2, refusedConfig.exitCode(), refusedConfig::toString);
        assertTrue(refusedConfig.err().contains("\"keepalives\" is not supported"), refusedConfig::toString);

        Cli.Result validate = Cli.run("validate", "--set", "connection.dbname=host=" + dirText() + " dbname=app_db");
        assertEquals(0, validate.exitCode(), validate::toString);
        assertTrue(validate.out().contains("connection: " + dirText() + "/.s.PGSQL.5432/app_db as "), validate::toString);
        Cli.Result refused = Cli.run("validate", "--set", "connection.dbname=dbname=x target_session_attrs=rw");
        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("target_session_attrs: should be one of"), refused::toString);
    }

    @Test
    void theEnvironmentsLibpqParametersAreHonoured() {
        ConnectionSettings s = resolve(Map.of("PGHOSTADDR", "10.0.0.1", "PGHOST", "db1", "PGOPTIONS", "-c work_mem=64MB",
                "PGTARGETSESSIONATTRS", "primary", "PGSSLROOTCERT", "/etc/ca.crt", "PGSSLCERT", "/etc/c.crt",
                "PGSSLKEY", "/etc/c.pk8", "PGAPPNAME", "nightly", "PGCONNECT_TIMEOUT", "4"), Map.of());
        assertEquals(new Endpoint("db1", "10.0.0.1", 5432), s.endpoints().get(0));
        assertEquals("-c work_mem=64MB", s.options());
        assertEquals("primary", s.targetSessionAttrs());
        assertEquals(new ConnectionSettings.SslFiles("/etc/ca.crt", "/etc/c.crt", "/etc/c.pk8"), s.sslFiles());
        assertEquals("nightly", s.applicationName());
        assertEquals(4, s.connectTimeout().toSeconds());
        assertEquals("jdbc:postgresql://10.0.0.1:5432/" + s.dbname(), Connections.url(s));
        assertEquals("-c work_mem=64MB", Connections.properties(s).getProperty("options"));
        assertEquals("/etc/c.pk8", Connections.properties(s).getProperty("sslkey"));
    }

    @Test
    void optionsReachTheServer() throws Exception {
        String[] row;
        ConnectionSettings s = resolve(Map.of("PGOPTIONS", "-c work_mem=12345kB"), Map.of("connection.dbname",
                "host=" + dirText() + " port=" + PORT + " user=postgres dbname=app_db"));
        try (Connection c = Connections.open(s); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select current_setting('work_mem')")) {
            rs.next();
            row = new String[] {rs.getString(1)};
        }
        assertEquals("12345kB", row[0]);
    }
}
