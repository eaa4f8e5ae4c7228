package org.pgmaint.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What {@code mvn package} leaves in target/, run as an installed tool would be (failsafe, after package). */
class PackagedJarIT {
    static final Path JAR = Path.of(System.getProperty("pgmaint.jar", "target/missing.jar"));

    record Result(int exitCode, String out) {
    }

    static Result exec(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static Result pgmaint(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(Arrays.asList(args));
        return exec(command.toArray(String[]::new));
    }

    @Test
    void theJarAnswersVersionWithThePomVersion() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "no jar at " + JAR);
        Result result = pgmaint("--version");
        assertEquals(0, result.exitCode(), result.out());
        Result git = exec("git", "rev-parse", "--short=12", "HEAD");
        String commit = git.exitCode() == 0 ? " (commit " + git.out().strip() + ")" : "";
        assertEquals("pgmaint " + System.getProperty("pgmaint.version") + commit, result.out().strip());
    }
}
