package org.pgmaint.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.TestDatabase;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import org.pgmaint.testing.VersionIndependent;

/** The Redis URL's password, database number and TLS (rediss://) against redis-servers of the test's own. */
@VersionIndependent
class RedisConnectionTest {

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static void run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0, String.join(" ", command) + ": " + output);
    }

    @Test
    void passwordAndDatabaseNumberFromTheUrl() throws Exception {
        int port = freePort();
        Path dir = Files.createTempDirectory("pgmaint-redis-auth");
        run(dir, "redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--requirepass", "s3cr:et@x",
                "--save", "", "--appendonly", "no", "--daemonize", "yes");
        DefaultJedisClientConfig auth = DefaultJedisClientConfig.builder().password("s3cr:et@x").build();
        try (Jedis db3 = new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder()
                .password("s3cr:et@x").database(3).build());
             Jedis db0 = new Jedis(new HostAndPort("127.0.0.1", port), auth);
             TestDatabase db = TestDatabase.create()) {
            TestDatabase.await("redis-server with a password", () -> {
                try {
                    return "PONG".equals(db0.ping());
                } catch (RuntimeException e) {
                    return false;
                }
            });
            db3.set("shared:key", "v");
            db0.set("shared:key", "v");
            db.exec("create table cache_invalidation_events (id bigserial primary key, cache_key text not null,"
                    + " created_at timestamptz default now(), processed_at timestamptz)",
                    "insert into cache_invalidation_events (cache_key) values ('shared:key')");
            RedisEndpoint endpoint = RedisEndpoint.parse("redis://:s3cr%3Aet%40x@127.0.0.1:" + port + "/3");
            CacheSettings settings = new CacheSettings(EventTable.defaults(), 10, java.time.Duration.ofSeconds(1), "c",
                    false, endpoint, java.time.Duration.ofSeconds(2), java.time.Duration.ofMillis(100));
            try (CacheProcessor processor = new CacheProcessor(settings, db.settings(), new StopSignal())) {
                processor.drain();
                assertEquals(1, processor.processedCount());
            }
            assertTrue(!db3.exists("shared:key"), "deleted in database 3");
            assertTrue(db0.exists("shared:key"), "database 0 untouched");
            db0.shutdown(redis.clients.jedis.params.ShutdownParams.shutdownParams().nosave());
        } catch (redis.clients.jedis.exceptions.JedisConnectionException expectedOnShutdown) {
            // SHUTDOWN closes the connection
        } finally {
            delete(dir);
        }
    }

    @Test
    void tlsWithAVerifiedCertificateAndHostName() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        Path dir = Files.createTempDirectory("pgmaint-redis-tls");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        run(dir, Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-alias", "redis", "-file", "cert.pem", "-keystore", "trust.p12", "-storepass", "changeit", "-storetype", "PKCS12");
        int port = freePort();
        run(dir, "redis-server", "--port", "0", "--tls-port", String.valueOf(port), "--bind", "127.0.0.1",
                "--tls-cert-file", "cert.pem", "--tls-key-file", "key.pem", "--tls-ca-cert-file", "cert.pem",
                "--tls-auth-clients", "no", "--save", "", "--appendonly", "no", "--daemonize", "yes");
        List<String> trust = List.of("-Djavax.net.ssl.trustStore=" + dir.resolve("trust.p12"),
                "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12");
        Path log = dir.resolve("processor.log");
        try (TestDatabase db = TestDatabase.create()) {
            TestDatabase.await("redis-server with TLS", () -> redisCli(dir, port, "ping").equals("PONG"));
            redisCli(dir, port, "set", "tls:key", "v");
            db.exec("create table cache_invalidation_events (id bigserial primary key, cache_key text not null,"
                    + " created_at timestamptz default now(), processed_at timestamptz)",
                    "insert into cache_invalidation_events (cache_key) values ('tls:key')");

            // the certificate names 127.0.0.1, not localhost: the host name check refuses the connection
            Process wrongName = ProcessorProcessTest.launch(trust, db, "rediss://localhost:" + port + "/0", log);
            TestDatabase.await("the refused TLS connection logged", () -> read(log).contains("Redis unavailable"));
            assertTrue(read(log).contains("SSLHandshakeException: No name matching localhost found"), read(log));
            wrongName.destroy();
            assertTrue(wrongName.waitFor(10, TimeUnit.SECONDS));
            assertEquals("1", redisCli(dir, port, "exists", "tls:key"), "nothing deleted over an unverified connection");
            assertEquals(1L, ((Number) db.value("select count(*) from cache_invalidation_events where processed_at is null"))
                    .longValue());

            Process verified = ProcessorProcessTest.launch(trust, db, "rediss://127.0.0.1:" + port + "/0", log, "--once");
            assertTrue(verified.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, verified.exitValue(), read(log));
            assertEquals("0", redisCli(dir, port, "exists", "tls:key"));
            assertEquals(0L, ((Number) db.value("select count(*) from cache_invalidation_events where processed_at is null"))
                    .longValue());
        } finally {
            redisCli(dir, port, "shutdown", "nosave");
            delete(dir);
        }
    }

    private static String redisCli(Path dir, int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--tls", "--cacert", dir.resolve("cert.pem").toString(),
                "-h", "127.0.0.1", "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            process.waitFor(10, TimeUnit.SECONDS);
            return output;
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
