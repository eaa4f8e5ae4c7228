package org.pgmaint.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.TestDatabase;

/**
 * The release archive (target/pgmaint-VERSION.tar.gz) unpacked and installed with its bin/install.sh into a
 * temporary prefix, then used from there: pgmaint itself, as a service user too, its man page, its bash and zsh
 * completion and its systemd units (failsafe, after package).
 */
class InstallIT {
    private static final Path RELEASE = Path.of(System.getProperty("pgmaint.release", "target/missing.tar.gz"));
    private static final List<String> SERVICES = List.of("pgmaint-maintenance.service", "pgmaint-maintenance-full.service",
            "pgmaint-cache-processor.service");
    /** A path of the default installation (prefix /usr/local, settings in /etc) that install.sh did not rewrite. */
    private static final Pattern DEFAULT_PATHS = Pattern.compile("(?m)(^|[\\s=:-])(/usr/local/|/etc/pgmaint/)");
    private static Path root;
    private static Path prefix;
    private static Path etc;

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    static Result exec(Map<String, String> env, Path dir, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("PGMAINT_") || name.startsWith("PG"));
        builder.environment().putAll(env);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    static Result exec(String... command) throws IOException, InterruptedException {
        return exec(Map.of(), null, command);
    }

    static boolean installed(String tool) throws InterruptedException {
        try {
            return exec("sh", "-c", "command -v " + tool).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @BeforeAll
    static void install() throws Exception {
        assertTrue(Files.isRegularFile(RELEASE), "no release archive at " + RELEASE);
        // not a 0700 @TempDir: the service-user test runs pgmaint from here as another user
        root = Files.createTempDirectory(Path.of("/tmp"), "pgmaint-install-it");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        prefix = root.resolve("usr");
        etc = root.resolve("etc");
        Result unpacked = exec("tar", "-xzf", RELEASE.toAbsolutePath().toString(), "-C", root.toString());
        assertEquals(0, unpacked.exitCode(), unpacked::toString);
        Path release = root.resolve("pgmaint-" + System.getProperty("pgmaint.version"));
        for (String dir : List.of("bin", "lib", "checks", "rules", "templates", "share/man/man1",
                "share/bash-completion/completions", "share/zsh/site-functions", "systemd")) {
            assertTrue(Files.isDirectory(release.resolve(dir)), "the archive holds " + dir);
        }
        Result installed = exec(release.resolve("bin/install.sh").toString(), "--prefix", prefix.toString(),
                "--sysconfdir", etc.toString());
        assertEquals(0, installed.exitCode(), installed::toString);
    }

    @AfterAll
    static void removeRoot() throws IOException {
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static List<String> installationFiles() throws IOException {
        try (Stream<Path> files = Files.walk(prefix.resolve("lib/pgmaint"))) {
            return files.map(Path::toString).sorted().toList();
        }
    }

    private static List<String> plan(TestDatabase db, String... more) {
        List<String> command = new ArrayList<>(List.of(prefix.resolve("bin/pgmaint").toString(), "plan"));
        command.addAll(Arrays.asList(db.cliArgs()));
        command.addAll(Arrays.asList(more));
        return command;
    }

    @Test
    void theInstalledCommandPlansTheTestDatabase() throws Exception {
        assertTrue(Files.isSymbolicLink(prefix.resolve("bin/pgmaint")));
        try (TestDatabase db = TestDatabase.create()) {
            Result plan = exec(Map.of("JAVA_HOME", System.getProperty("java.home")), root,
                    plan(db).toArray(String[]::new));
            assertEquals(0, plan.exitCode(), plan::toString);
            assertTrue(plan.out().contains("plan for database " + db.name()), plan.out());
        }
    }

    /** What a unit's DynamicUser sees: no home, a read-only installation, $CACHE_DIRECTORY for the caches. */
    @Test
    void aServiceUserWithoutAHomeReusesItsCachesAndWritesNothingIntoTheInstallation() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && installed("runuser"), "needs root and runuser");
        Path cache = Files.createDirectory(root.resolve("var-cache-pgmaint"));
        assertEquals(0, exec("chown", "nobody", cache.toString()).exitCode());
        List<String> before = installationFiles();
        try (TestDatabase db = TestDatabase.create()) {
            List<String> errors = new ArrayList<>();
            for (int run = 0; run < 2; run++) {
                List<String> command = new ArrayList<>(List.of("runuser", "-u", "nobody", "--", "env", "-i",
                        "PATH=/usr/bin:/bin", "JAVA_HOME=" + System.getProperty("java.home"), "CACHE_DIRECTORY=" + cache));
                command.addAll(plan(db, "--debug"));
                Result plan = exec(Map.of(), cache, command.toArray(String[]::new));
                assertEquals(0, plan.exitCode(), plan::toString);
                errors.add(plan.err());
            }
            assertFalse(String.join("", errors).contains("WARN"), errors::toString);
            assertTrue(errors.get(1).contains("loaded from the cache"), errors.get(1));
        }
        try (Stream<Path> files = Files.list(cache)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.matches("rules-.*\\.jar")), "compiled rules: " + names);
            assertTrue(names.stream().anyMatch(n -> n.matches("pgmaint-\\d+\\.jsa")), "class-data archive: " + names);
        }
        assertEquals(before, installationFiles());
    }

    @Test
    void manRendersTheInstalledPage() throws Exception {
        assumeTrue(installed("man"), "man is not installed");
        Result page = exec(Map.of("MANWIDTH", "100"), null, "man", "-l", prefix.resolve("share/man/man1/pgmaint.1").toString());
        assertEquals(0, page.exitCode(), page::toString);
        assertTrue(page.out().contains("PGMAINT(1)") && page.out().contains("cache-processor"), page.out());
        assertTrue(Files.isRegularFile(prefix.resolve("share/man/man1/pgmaint-plan.1")));
    }

    @Test
    void bashCompletionIsRegistered() throws Exception {
        assumeTrue(installed("bash"), "bash is not installed");
        Result registered = exec("bash", "-c", "source \"$1\"; complete -p pgmaint", "bash",
                prefix.resolve("share/bash-completion/completions/pgmaint").toString());
        assertEquals(0, registered.exitCode(), registered::toString);
        assertTrue(registered.out().strip().matches("complete .*-F _complete_pgmaint.* pgmaint"), registered.out());
    }

    /**
     * compinit finds _pgmaint on $fpath for the command pgmaint, and its functions complete under zsh's bash
     * emulation (compgen, as bashcompinit calls it; zsh itself then keeps the words that match what was typed).
     */
    @Test
    void zshFindsTheCompletionFunctionAndItCompletesCommandsAndOptions() throws Exception {
        assumeTrue(installed("zsh"), "zsh is not installed (Debian: apt-get install zsh)");
        String script = """
                fpath=($1 $fpath); autoload -U compinit && compinit -u -D
                print -r -- "function: ${_comps[pgmaint]}"
                eval "$(sed '$d' $1/_pgmaint)"
                for line in "pgmaint pl" "pgmaint plan --fu"; do
                  words=(${=line}); CURRENT=${#words}; COMP_WORDS=("${words[@]}"); COMP_CWORD=$((CURRENT - 1)); COMP_LINE=$line
                  print -r -- "[$line] $(compgen -F _complete_pgmaint -- ${words[-1]} | tr '\\n' ' ')"
                done
                """;
        Result zsh = exec("zsh", "-f", "-c", script, "zsh", prefix.resolve("share/zsh/site-functions").toString());
        assertEquals(0, zsh.exitCode(), zsh::toString);
        assertEquals("", zsh.err(), zsh::toString);
        List<String> lines = zsh.out().lines().toList();
        assertEquals("function: _pgmaint", lines.get(0), zsh::toString);
        assertTrue(List.of(lines.get(1).split(" ")).contains("plan"), zsh::toString);
        List<String> planOptions = List.of(lines.get(2).split(" "));
        assertTrue(planOptions.contains("--full") && !planOptions.contains("cache-processor"), zsh::toString);
    }

    @Test
    void theInstalledUnitsNameTheInstallationAndVerifyClean() throws Exception {
        assumeTrue(installed("systemd-analyze"), "systemd-analyze is not installed");
        Path units = prefix.resolve("lib/systemd/system");
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify"));
        try (Stream<Path> files = Files.list(units)) {
            files.map(Path::toString).sorted().forEach(command::add);
        }
        assertEquals(5, command.size() - 2, command::toString);
        // verify also looks up the man: pages the units name, on the installation's MANPATH
        Result verify = exec(Map.of("MANPATH", prefix.resolve("share/man").toString()), null, command.toArray(String[]::new));
        assertEquals(new Result(0, "", ""), verify);
        for (String service : SERVICES) {
            String text = Files.readString(units.resolve(service));
            Matcher exec = Pattern.compile("(?m)^ExecStart=(\\S+)").matcher(text);
            assertTrue(exec.find(), service);
            assertTrue(exec.group(1).startsWith(prefix.resolve("lib/pgmaint/bin/").toString()) && Files.isExecutable(Path.of(exec.group(1))),
                    service + " runs " + exec.group(1));
            assertFalse(DEFAULT_PATHS.matcher(text).find(), service + " names only the installation's paths:\n" + text);
        }
        Path env = etc.resolve("pgmaint/pgmaint.env");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)),
                "the environment file the units load may hold a password");
    }

    @Test
    void destdirStagesTheFilesButTheUnitsNameThePrefix() throws Exception {
        Path staged = root.resolve("stage");
        Path release = root.resolve("pgmaint-" + System.getProperty("pgmaint.version"));
        Result installed = exec(release.resolve("bin/install.sh").toString(), "--destdir", staged.toString());
        assertEquals(0, installed.exitCode(), installed::toString);
        assertTrue(Files.isRegularFile(staged.resolve("usr/local/lib/pgmaint/lib/pgmaint.jar")));
        assertTrue(Files.isRegularFile(staged.resolve("etc/pgmaint/pgmaint.env")));
        assertTrue(Files.readString(staged.resolve("usr/local/lib/systemd/system/pgmaint-maintenance.service"))
                .contains("ExecStart=/usr/local/lib/pgmaint/bin/run_database_maintenance.sh\n"));
        Result refused = exec(release.resolve("bin/install.sh").toString(), "--prefix", "relative/path");
        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("--prefix 'relative/path' should be an absolute path"), refused::toString);
    }
}
