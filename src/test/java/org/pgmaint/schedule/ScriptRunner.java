package org.pgmaint.schedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a shell script of bin/ as a process and captures its exit code and output. */
final class ScriptRunner {
    static final Path BIN = Path.of("bin").toAbsolutePath();

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private ScriptRunner() {
    }

    static Result run(Map<String, String> env, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(BIN.resolve(script).toString());
        command.addAll(Arrays.asList(args));
        return exec(env, command);
    }

    static Result exec(Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        String script = command.get(0);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Path out = Files.createTempFile("pgmaint-script", ".out");
        Path err = Files.createTempFile("pgmaint-script", ".err");
        try {
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not finish in 120 s");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A launcher for this build of pgmaint (the same program bin/pgmaint starts from the packaged jar). */
    static Path launcher(Path dir) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String script = "#!/bin/sh\nexec '" + java + "' -Dpgmaint.home='" + Path.of("").toAbsolutePath()
                + "' -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true -cp '" + System.getProperty("java.class.path")
                + "' org.pgmaint.cli.Main \"$@\"\n";
        Path file = dir.resolve("pgmaint");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
        return file;
    }
}
