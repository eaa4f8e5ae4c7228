package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.pgmaint.testing.VersionIndependent;

/** Only the named command is built at start-up; help and mistakes still see every command. */
@VersionIndependent
class MainCommandLineTest {
    private static final List<String> ALL = List.of("plan", "run", "apply", "validate", "checks", "test-checks", "config", "report", "history",
            "cache-processor", "help");

    @Test
    void buildsOnlyTheNamedCommand() {
        CommandLine cli = Main.commandLine("run", "--dry-run");
        assertEquals(List.of("run"), List.copyOf(cli.getSubcommands().keySet()));
        assertTrue(cli.getSubcommands().get("run").getUsageMessage().startsWith("Usage: pgmaint run "));
    }

    @Test
    void helpNoCommandAndUnknownOnesSeeEveryCommand() {
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "plan"}, {"nosuch"}, {"-V"}}) {
            assertEquals(ALL, List.copyOf(Main.commandLine(args).getSubcommands().keySet()), String.join(" ", args));
        }
    }
}
