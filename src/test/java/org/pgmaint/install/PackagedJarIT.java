package org.pgmaint.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What {@code mvn package} leaves in target/, run as an installed tool would be (failsafe, after package). */
class PackagedJarIT {
    static final Path JAR = Path.of(System.getProperty("pgmaint.jar", "target/missing.jar"));
    static final Path MAN = Path.of("target/man/man1");
    static final Path COMPLETION = Path.of("target/completion/pgmaint");

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
        Result head = installed("git") ? exec("git", "rev-parse", "HEAD") : new Result(1, "");
        Matcher printed = Pattern.compile("pgmaint (\\S+)(?: \\(commit ([0-9a-f]{12})\\))?")
                .matcher(result.out().strip());
        assertTrue(printed.matches(), "--version printed: " + result.out());
        assertEquals(System.getProperty("pgmaint.version"), printed.group(1));
        if (head.exitCode() == 0) {
            // HEAD, or an ancestor when something was committed while the build ran
            assertTrue(printed.group(2) != null
                    && exec("git", "merge-base", "--is-ancestor", printed.group(2), "HEAD").exitCode() == 0, result.out());
        }
    }

    static boolean installed(String tool) throws InterruptedException {
        try {
            return exec("sh", "-c", "command -v " + tool).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void manRendersTheGeneratedPages() throws Exception {
        Assumptions.assumeTrue(installed("man"), "man is not installed");
        Result main = exec("env", "MANWIDTH=100", "man", "-l", MAN.resolve("pgmaint.1").toString());
        assertEquals(0, main.exitCode(), main.out());
        for (String text : List.of("PGMAINT(1)", "pgmaint - PostgreSQL maintenance engine", "COMMANDS", "plan", "cache-processor",
                "-V, --version")) {
            assertTrue(main.out().contains(text), "pgmaint(1) should show '" + text + "':\n" + main.out());
        }
        Result plan = exec("env", "MANWIDTH=100", "man", "-l", MAN.resolve("pgmaint-plan.1").toString());
        assertEquals(0, plan.exitCode(), plan.out());
        assertTrue(plan.out().contains("PGMAINT-PLAN(1)") && plan.out().contains("--full"), plan.out());
        // troff's own complaints ("warning: ..."); the page itself names the severity "warning" (--min-severity)
        assertFalse(plan.out().toLowerCase(java.util.Locale.ROOT).contains("warning:"), plan.out());
    }

    @Test
    void bashCompletionIsRegisteredAndCompletesCommandsAndOptions() throws Exception {
        Assumptions.assumeTrue(installed("bash"), "bash is not installed");
        Result registered = exec("bash", "-c", "source \"$1\"; complete -p pgmaint", "bash", COMPLETION.toString());
        assertEquals(0, registered.exitCode(), registered.out());
        assertTrue(registered.out().strip().matches("complete .*-F _complete_pgmaint.* pgmaint"), registered.out());
        assertEquals("plan", completions("pgmaint", "pl"));
        assertEquals("--full", completions("pgmaint", "plan", "--fu"));
    }

    /** What bash offers for the last word, as when TAB is pressed there. */
    private static String completions(String... words) throws Exception {
        String script = "source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(( $# - 1 )); COMP_LINE=\"$*\"; "
                + "_complete_pgmaint 2>/dev/null; echo \"${COMPREPLY[*]}\"";
        List<String> command = new ArrayList<>(List.of("bash", "-c", script, "bash", COMPLETION.toString()));
        command.addAll(Arrays.asList(words));
        Result result = exec(command.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.out());
        return result.out().strip();
    }
}
