package org.pgmaint.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.pgmaint.cache.RedisEndpoint;
import redis.clients.jedis.Jedis;

/**
 * A redis-server of the test's own on a free port that the test may stop and start: without persistence (it
 * comes back empty), or with an append-only file written at every command (it comes back as it was stopped).
 */
public final class OwnRedisServer implements AutoCloseable {
    private final int port;
    private final Path appendOnlyDir;
    private final String password;

    public OwnRedisServer(boolean persistent) throws IOException {
        this(persistent, null);
    }

    /** @param password the server's requirepass, or null for none */
    public OwnRedisServer(boolean persistent, String password) throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            this.port = probe.getLocalPort();
        }
        this.appendOnlyDir = persistent ? Files.createTempDirectory("pgmaint-redis-") : null;
        this.password = password;
    }

    public RedisEndpoint endpoint() {
        return new RedisEndpoint("127.0.0.1", port, null, null, 0, false);
    }

    public void start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--daemonize", "yes"));
        if (appendOnlyDir == null) {
            command.addAll(List.of("--appendonly", "no"));
        } else {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always", "--dir", appendOnlyDir.toString()));
        }
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("redis-server did not start on port " + port);
        }
        TestDatabase.await("redis-server on port " + port, this::isUp);
    }

    public void stop() {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            if (password != null) {
                jedis.auth(password);
            }
            jedis.shutdown(redis.clients.jedis.params.ShutdownParams.shutdownParams().nosave());
        } catch (RuntimeException ignored) {
            // the connection drops as the server goes down
        }
        TestDatabase.await("redis-server on port " + port + " to stop", () -> !isUp());
    }

    public boolean isUp() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        if (isUp()) {
            stop();
        }
        if (appendOnlyDir != null) {
            try (var files = Files.walk(appendOnlyDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
