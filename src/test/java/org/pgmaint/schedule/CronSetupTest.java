package org.pgmaint.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.testing.VersionIndependent;

/** setup_maintenance_cron.sh: idempotent, keeps the user's lines, --remove, --print, checked times. */
@VersionIndependent
class CronSetupTest {
    private static final String SCRIPT = "setup_maintenance_cron.sh";
    private static final List<String> USER_LINES = List.of("MAILTO=dba@example.org",
            "15 1 * * * /usr/local/bin/backup.sh # nightly backup", "# a comment that mentions pgmaint");

    private static List<String> pgmaintLines(List<String> lines) {
        return lines.stream().filter(l -> l.contains("run_database_maintenance.sh")).toList();
    }

    private static void assertInstalled(List<String> lines, String standardAt, String fullAt) {
        String runner = ScriptRunner.BIN.resolve("run_database_maintenance.sh").toString();
        assertEquals(List.of(standardAt + " * * 1-5 " + runner + " >/dev/null # pgmaint:standard",
                fullAt + " * * 6,0 " + runner + " --full >/dev/null # pgmaint:full"), pgmaintLines(lines), lines.toString());
        assertTrue(lines.containsAll(USER_LINES), lines.toString());
    }

    @Test
    void crontabFile(@TempDir Path dir) throws Exception {
        Path tab = dir.resolve("crontab");
        Files.write(tab, USER_LINES);
        String file = tab.toString();
        for (int i = 0; i < 2; i++) {
            ScriptRunner.Result r = ScriptRunner.run(Map.of(), SCRIPT, "--crontab-file", file);
            assertEquals(0, r.exitCode(), r::toString);
        }
        assertInstalled(Files.readAllLines(tab), "0 3", "0 3");
        assertEquals(USER_LINES.size() + 2, Files.readAllLines(tab).size());

        ScriptRunner.Result moved = ScriptRunner.run(Map.of(), SCRIPT, "--crontab-file", file, "--standard-time", "22:30",
                "--full-time", "04:05");
        assertEquals(0, moved.exitCode(), moved::toString);
        assertInstalled(Files.readAllLines(tab), "30 22", "5 4");

        List<String> before = Files.readAllLines(tab);
        ScriptRunner.Result printed = ScriptRunner.run(Map.of(), SCRIPT, "--crontab-file", file, "--print");
        assertEquals(0, printed.exitCode(), printed::toString);
        assertInstalled(List.of(printed.out().split("\n")), "0 3", "0 3");
        assertEquals(before, Files.readAllLines(tab), "--print changes nothing");

        ScriptRunner.Result bad = ScriptRunner.run(Map.of(), SCRIPT, "--crontab-file", file, "--full-time", "3am");
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("--full-time '3am' should look like HH:MM"), bad::toString);
        assertEquals(before, Files.readAllLines(tab), "a bad option changes nothing");

        for (int i = 0; i < 2; i++) {
            ScriptRunner.Result removed = ScriptRunner.run(Map.of(), SCRIPT, "--crontab-file", file, "--remove");
            assertEquals(0, removed.exitCode(), removed::toString);
        }
        assertEquals(USER_LINES, Files.readAllLines(tab));
    }

    /** Debian's cron package: the crontab of the user "nobody" (skipped without crontab, root, or if nobody has one). */
    @Test
    void realCrontab() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/crontab")), "Debian's cron package is not installed");
        assumeTrue("root".equals(System.getProperty("user.name")), "editing another user's crontab needs root");
        Process list = new ProcessBuilder("crontab", "-u", "nobody", "-l").redirectErrorStream(true).start();
        String existing = new String(list.getInputStream().readAllBytes());
        assumeTrue(list.waitFor() != 0, "nobody already has a crontab; not touching it: " + existing);
        Path input = Files.createTempFile("crontab", ".txt");
        try {
            Files.write(input, USER_LINES);
            assertEquals(0, new ProcessBuilder("crontab", "-u", "nobody", input.toString()).inheritIO().start().waitFor());
            for (int i = 0; i < 2; i++) {
                ScriptRunner.Result r = ScriptRunner.run(Map.of(), SCRIPT, "--user", "nobody");
                assertEquals(0, r.exitCode(), r::toString);
            }
            assertInstalled(crontab(), "0 3", "0 3");
            ScriptRunner.Result removed = ScriptRunner.run(Map.of(), SCRIPT, "--user", "nobody", "--remove");
            assertEquals(0, removed.exitCode(), removed::toString);
            assertEquals(USER_LINES, crontab().stream().filter(l -> !l.startsWith("# DO NOT EDIT")
                    && !l.startsWith("# (") && !l.isBlank()).toList());
        } finally {
            new ProcessBuilder("crontab", "-u", "nobody", "-r").start().waitFor();
            Files.deleteIfExists(input);
        }
    }

    private static List<String> crontab() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("crontab", "-u", "nobody", "-l").start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor());
        return List.of(out.split("\n"));
    }

    /** A PATH of links to every program of /usr/bin and /bin except crontab (cron is not installed). */
    private static String pathWithoutCrontab(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String system : List.of("/usr/bin", "/bin")) {
            try (var programs = Files.list(Path.of(system))) {
                for (Path program : (Iterable<Path>) programs::iterator) {
                    Path link = bin.resolve(program.getFileName().toString());
                    if (!program.getFileName().toString().equals("crontab") && Files.notExists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, program);
                    }
                }
            }
        }
        return bin.toString();
    }

    @Test
    void safety23_withoutCrontabExitsTwoNamingTheAlternatives(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("PATH", pathWithoutCrontab(dir));
        for (String[] args : List.of(new String[0], new String[] {"--print"}, new String[] {"--remove"})) {
            ScriptRunner.Result r = ScriptRunner.run(env, SCRIPT, args);
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.err().contains("crontab not found: install cron, or use --crontab-file / the systemd timers"),
                    r::toString);
        }
        ScriptRunner.Result help = ScriptRunner.run(env, SCRIPT, "--help");
        assertEquals(0, help.exitCode(), help::toString);
        Path tab = dir.resolve("crontab");
        ScriptRunner.Result file = ScriptRunner.run(env, SCRIPT, "--crontab-file", tab.toString());
        assertEquals(0, file.exitCode(), file::toString);
        assertEquals(2, pgmaintLines(Files.readAllLines(tab)).size());
    }

    /**
     * A file for /etc/cron.d needs the user field: --user writes it, and a target in /etc/cron.d without --user is
     * refused before anything is written; the help no longer suggests the user-less format for /etc/cron.d.
     */
    @Test
    void safety23_systemCrontabFilesGetTheUserField(@TempDir Path dir) throws Exception {
        Path tab = dir.resolve("pgmaint");
        ScriptRunner.Result r = ScriptRunner.run(Map.of(), SCRIPT, "--crontab-file", tab.toString(), "--user", "nobody");
        assertEquals(0, r.exitCode(), r::toString);
        String runner = ScriptRunner.BIN.resolve("run_database_maintenance.sh").toString();
        assertEquals(List.of("0 3 * * 1-5 nobody " + runner + " >/dev/null # pgmaint:standard",
                "0 3 * * 6,0 nobody " + runner + " --full >/dev/null # pgmaint:full"), Files.readAllLines(tab));

        Path cronD = Path.of("/etc/cron.d/pgmaint-safety23-" + ProcessHandle.current().pid());
        ScriptRunner.Result refused = ScriptRunner.run(Map.of(), SCRIPT, "--crontab-file", cronD.toString());
        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("needs the user field") && refused.err().contains("--user USER"), refused::toString);
        assertTrue(Files.notExists(cronD), "nothing written to /etc/cron.d");

        ScriptRunner.Result help = ScriptRunner.run(Map.of(), SCRIPT, "--help");
        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(!help.out().contains("/etc/cron.d without the user field"), help::toString);
        assertTrue(help.out().contains("user crontab format"), help::toString);
    }
}
