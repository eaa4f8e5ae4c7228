package org.pgmaint.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.pgmaint.cache.RedisEndpoint;
import redis.clients.jedis.Jedis;

/** A redis-server of the test's own on a free port, without persistence, that the test may stop and start. */
public final class OwnRedisServer implements AutoCloseable {
    private final int port;

    public OwnRedisServer() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            this.port = probe.getLocalPort();
        }
    }

    public RedisEndpoint endpoint() {
        return new RedisEndpoint("127.0.0.1", port, null, null, 0, false);
    }

    public void start() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "yes").inheritIO().start();
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("redis-server did not start on port " + port);
        }
        TestDatabase.await("redis-server on port " + port, this::isUp);
    }

    public void stop() {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
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
    public void close() {
        if (isUp()) {
            stop();
        }
    }
}
