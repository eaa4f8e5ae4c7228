package org.pgmaint.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.testing.VersionIndependent;

/**
 * A SIGTERM or SIGINT sent to bin/pgmaint, or to bin/run_database_maintenance.sh (what cron and
 * systemd start), reaches the JVM, so pgmaint can stop cleanly; the script exits with the JVM's code. The launcher
 * is a copy of bin/pgmaint in a home with a jar and no sources (no build); its "java" is a stand-in that records
 * the signals it gets. Without a class-data archive a run takes the branch that records one, where the launcher
 * cannot exec java.
 */
@VersionIndependent
class LauncherSignalTest {

    private static final String FAKE_JAVA = """
            #!/usr/bin/env bash
            trap 'echo TERM >> "$FAKE_JAVA_LOG"; exit 143' TERM
            trap 'echo INT >> "$FAKE_JAVA_LOG"; exit 130' INT
            echo "started $$" >> "$FAKE_JAVA_LOG"
            while true; do sleep 0.05; done
            """;

    private static Path home(Path dir) throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("target"));
        for (String script : List.of("pgmaint", "run_database_maintenance.sh")) {
            Files.copy(ScriptRunner.BIN.resolve(script), home.resolve("bin").resolve(script), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.writeString(home.resolve("target/pgmaint-0.0.jar"), "");
        Path javaHome = dir.resolve("jdk");
        Files.createDirectories(javaHome.resolve("bin"));
        Files.writeString(javaHome.resolve("release"), "JAVA_VERSION=\"17.0.1\"\n");
        Path java = javaHome.resolve("bin/java");
        Files.writeString(java, FAKE_JAVA);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-x---"));
        return home;
    }

    private static int signalled(Path dir, String signal, List<String> command) throws Exception {
        Path log = dir.resolve("java.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PGMAINT_"));
        builder.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        builder.environment().put("FAKE_JAVA_LOG", log.toString());
        builder.environment().put("PGMAINT_ENV_FILE", dir.resolve("none.env").toString());
        Process script = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(Files.exists(log) && Files.readString(log).contains("started"))) {
            assertTrue(System.nanoTime() < deadline, "the stand-in java never started: " + Files.readString(dir.resolve("out.txt")));
            Thread.sleep(50);
        }
        Thread.sleep(300);
        new ProcessBuilder("kill", "-s", signal, String.valueOf(script.pid())).inheritIO().start().waitFor();
        boolean exited = script.waitFor(10, TimeUnit.SECONDS);
        String got = Files.readString(log);
        // the stand-in, if the signal never reached it, is ended by its own pid
        String pid = got.lines().filter(line -> line.startsWith("started ")).findFirst().orElseThrow().substring(8).trim();
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        assertTrue(exited, "the script did not exit after SIG" + signal);
        assertTrue(got.contains(signal), "java got: " + got.strip().replace('\n', ' ') + "; script output: "
                + Files.readString(dir.resolve("out.txt")));
        return script.exitValue();
    }

    @Test
    void safety04_sigtermToTheLauncherRecordingItsArchiveReachesJava(@TempDir Path dir) throws Exception {
        Path home = home(dir);
        int exit = signalled(dir, "TERM", List.of(home.resolve("bin/pgmaint").toString(), "run", "--format", "json"));
        assertEquals(143, exit, "the launcher exits with java's code");
        assertTrue(!Files.exists(home.resolve("target/pgmaint-0.0.jsa")), "no archive kept from an interrupted run");
    }

    @Test
    void safety04_sigintToTheLauncherRecordingItsArchiveReachesJava(@TempDir Path dir) throws Exception {
        Path home = home(dir);
        assertEquals(130, signalled(dir, "INT", List.of(home.resolve("bin/pgmaint").toString(), "run")));
    }

    @Test
    void safety04_sigtermToTheCronWrapperReachesJava(@TempDir Path dir) throws Exception {
        Path home = home(dir);
        assertEquals(143, signalled(dir, "TERM", List.of(home.resolve("bin/run_database_maintenance.sh").toString())));
    }
}
