package org.pgmaint.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.pgmaint.cli.Main;

/**
 * pgmaint as its own process (java -cp the test class path org.pgmaint.cli.Main ...), so a test can send it real
 * signals: stdout and stderr go to files in a folder of the test's; the run files go to its {@code reports} folder.
 */
public final class PgmaintProcess {
    private final Process process;
    private final Path dir;

    private PgmaintProcess(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** Starts {@code pgmaint COMMAND <db flags> --set report.dir=DIR/reports MORE...}. */
    public static PgmaintProcess start(Path dir, String command, TestDatabase db, String... more) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classpath, Main.class.getName(), command));
        args.addAll(List.of(db.cliArgs()));
        args.addAll(List.of("--set", "report.dir=" + dir.resolve("reports")));
        args.addAll(List.of(more));
        ProcessBuilder builder = new ProcessBuilder(args).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PGMAINT_"));
        try {
            return new PgmaintProcess(builder.start(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code pgmaint ARGS...} with exactly the PG* variables given (the test's own PG* and PGMAINT_
     * variables are removed): how a test sets PGSERVICE and friends, which cannot be set in-process.
     */
    public static PgmaintProcess startWithEnv(Path dir, java.util.Map<String, String> env, String... arguments) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classpath, Main.class.getName()));
        args.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(args).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PGMAINT_") || name.startsWith("PG"));
        builder.environment().putAll(env);
        try {
            return new PgmaintProcess(builder.start(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code pgmaint ARGS...} as the {@code postgres} OS user (runuser) with exactly the variables given
     * (plus PATH, HOME, USER): how a test runs pgmaint the way a Debian cron job of that user does. The class path
     * entries under root's home, which that user cannot read, are hard links in {@code DIR/lib}.
     */
    public static PgmaintProcess startAsPostgres(Path dir, java.util.Map<String, String> env, String... arguments) {
        try {
            Files.createDirectories(dir);
            Path lib = Files.createDirectories(dir.resolve("lib"));
            List<String> entries = new ArrayList<>();
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            for (String entry : classpath.split(java.io.File.pathSeparator)) {
                Path path = Path.of(entry).toAbsolutePath();
                if (path.startsWith(System.getProperty("user.home")) && Files.isRegularFile(path)) {
                    Path link = lib.resolve(entries.size() + "-" + path.getFileName());
                    Files.deleteIfExists(link);
                    Files.createLink(link, path);
                    path = link;
                }
                entries.add(path.toString());
            }
            new ProcessBuilder("chmod", "-R", "a+rwX", dir.toString()).start().waitFor();
            List<String> args = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", "env", "-i",
                    "PATH=/usr/bin:/bin", "HOME=/var/lib/postgresql", "USER=postgres", "LOGNAME=postgres"));
            env.forEach((name, value) -> args.add(name + "=" + value));
            args.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", String.join(java.io.File.pathSeparator, entries),
                    Main.class.getName()));
            args.addAll(List.of(arguments));
            ProcessBuilder builder = new ProcessBuilder(args).directory(dir.toFile())
                    .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
            return new PgmaintProcess(builder.start(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Sends a signal by name (TERM, INT, KILL) with kill(1). */
    public void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", name, String.valueOf(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -s " + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** True when the process ignores SIGINT (started in the background of a shell without job control). */
    public boolean ignoresSigint() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 2L) != 0;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits for the exit and returns the exit code; fails when it takes longer than the limit. */
    public int waitFor(long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("pgmaint did not exit within " + seconds + " s\n" + this);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public void destroyForcibly() {
        process.destroyForcibly();
    }

    public String out() {
        return read(dir.resolve("stdout.txt"));
    }

    public String err() {
        return read(dir.resolve("stderr.txt"));
    }

    public Path reports() {
        return dir.resolve("reports");
    }

    /** The run files of one kind (report_*.json, alert_*.txt, ...) in the reports folder. */
    public List<Path> files(String glob) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(reports())) {
            return found;
        }
        try (var stream = Files.newDirectoryStream(reports(), glob)) {
            stream.forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "--- stdout\n" + out() + "\n--- stderr\n" + err();
    }
}
