package org.pgmaint.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.cli.ExitCodes;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.TestDatabase;

/**
 * Every invalid value of every key, generated from the key table, is refused by {@code validate}, {@code config}
 * and {@code run} alike: exit 2 and the same message naming the source, the key and what is valid.
 */
class KeyValidationAgreementTest {
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    /** Values of the key's type that its validator refuses, and text that is not of its type at all. */
    static List<String> invalidValues(ConfigKey key) {
        List<String> candidates = new ArrayList<>();
        switch (key.type()) {
            case INT, NUMBER -> candidates.add("many");
            case DURATION -> candidates.add("soon");
            case BOOL -> candidates.add("maybe");
            case LIST -> candidates.addAll(List.of("a, b", "[all, app]"));
            case STRING -> candidates.addAll(List.of("bogus", "", "bad-name!", "1st"));
        }
        if (key.validator() instanceof Range range) {
            if (range.min() != null) {
                candidates.add(ValueType.format(step(range.min(), -1)));
            }
            if (range.max() != null) {
                candidates.add(ValueType.format(step(range.max(), 1)));
            }
        }
        return candidates.stream().filter(text -> refuses(key, text)).toList();
    }

    private static Object step(Comparable<?> bound, int direction) {
        return bound instanceof Duration d ? d.plusMillis(direction) : ((Integer) bound) + direction;
    }

    private static boolean refuses(ConfigKey key, String text) {
        try {
            key.parse(text);
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static Cli.Result validate(String... args) {
        return Cli.run(concat("validate", args));
    }

    private static Cli.Result config(String... args) {
        return Cli.run(concat("config", args));
    }

    private Cli.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(db.cliArgs()));
        // a connection flag would win over --set of its key
        Map.of("-h", ConfigKeys.HOST, "-p", ConfigKeys.PORT, "-U", ConfigKeys.USER, "-d", ConfigKeys.DBNAME)
                .forEach((flag, key) -> {
                    if (String.join(" ", args).contains(key.name() + "=")) {
                        all.subList(all.indexOf(flag), all.indexOf(flag) + 2).clear();
                    }
                });
        all.addAll(List.of("--set", "report.dir=" + dir.resolve("runs")));
        all.addAll(List.of(args));
        return Cli.run(concat("run", all.toArray(String[]::new)));
    }

    private static String[] concat(String command, String... args) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** The problem lines of an error, without the header (validate may name the kind of input differently). */
    private static List<String> problems(Cli.Result result) {
        return result.err().lines().filter(line -> line.startsWith("  ")).toList();
    }

    @Test
    void everyKeyWithAValidatorHasInvalidValuesToTry() {
        for (ConfigKey key : ConfigKeys.all().values()) {
            if (key.type() != ValueType.STRING || key.validator() != Validator.ANY) {
                assertFalse(invalidValues(key).isEmpty(), key.name() + " accepts every generated value");
            }
        }
    }

    @Test
    void validateConfigAndRunRefuseEachInvalidValueAlike() {
        int tried = 0;
        for (ConfigKey key : ConfigKeys.all().values()) {
            for (String text : invalidValues(key)) {
                String set = key.name() + "=" + text;
                Cli.Result validate = validate("--set", set);
                Cli.Result config = config("--set", set);
                Cli.Result run = run("--set", set);
                assertEquals(ExitCodes.INVALID_INPUT, validate.exitCode(), set + ": " + validate);
                assertEquals(ExitCodes.INVALID_INPUT, run.exitCode(), set + ": " + run);
                assertEquals(ExitCodes.INVALID_INPUT, config.exitCode(), set + ": " + config);
                String expected = "  command line: " + key.name() + ": '" + text.trim() + "' is ";
                assertEquals(1, problems(validate).size(), validate.err());
                assertTrue(problems(validate).get(0).startsWith(expected), set + ":\n" + validate.err());
                assertEquals(validate.err(), run.err(), set);
                assertEquals(validate.err(), config.err(), set);
                tried++;
            }
        }
        assertTrue(tried > ConfigKeys.all().size(), "tried " + tried);
    }

    @Test
    void aFileWithEveryInvalidValueGetsOneErrorListingThemAllWithFileAndLine() {
        StringBuilder yaml = new StringBuilder();
        Map<String, Integer> lines = new LinkedHashMap<>();
        String section = "";
        int line = 0;
        for (ConfigKey key : ConfigKeys.all().values()) {
            List<String> invalid = invalidValues(key);
            if (invalid.isEmpty()) {
                continue;
            }
            String[] parts = key.name().split("\\.", 2);
            if (!parts[0].equals(section)) {
                section = parts[0];
                yaml.append(section).append(":\n");
                line++;
            }
            yaml.append("  ").append(parts[1]).append(": \"").append(invalid.get(0)).append("\"\n");
            lines.put(key.name(), ++line);
        }
        Path file = Files2.write(dir.resolve("pgmaint.yaml"), yaml.toString());
        Cli.Result validate = validate("--config", file.toString());
        Cli.Result config = config("--config", file.toString());
        Cli.Result run = run("--config", file.toString());
        assertEquals(ExitCodes.INVALID_INPUT, validate.exitCode(), validate::toString);
        assertEquals(lines.size(), problems(validate).size(), validate.err());
        lines.forEach((key, at) -> assertTrue(validate.err().contains("  " + file + ":" + at + ": " + key + ": "),
                key + " at line " + at + ":\n" + validate.err()));
        assertEquals(validate.err(), run.err());
        assertEquals(validate.err(), config.err());
    }

    @Test
    void valuesOnceRefusedOnlyByRunOrNotAtAllAreRefusedByAllThree() {
        Path file = Files2.write(dir.resolve("once.yaml"), "connection:\n  sslmode: bogus\napproval:\n  vacuum: sometimes\n"
                + "executor:\n  jobs: 0\ncache:\n  batch_size: 0\n  channel: bad-channel\n  table: \"\"\n");
        for (Cli.Result result : List.of(validate("--config", file.toString()), config("--config", file.toString()),
                run("--config", file.toString()))) {
            assertEquals(ExitCodes.INVALID_INPUT, result.exitCode(), result::toString);
            assertEquals(List.of(
                    "  " + file + ":2: connection.sslmode: 'bogus' is not valid: should be one of: disable, allow, prefer,"
                            + " require, verify-ca, verify-full",
                    "  " + file + ":4: approval.vacuum: 'sometimes' is not valid: should be one of: auto, manual, never, full",
                    "  " + file + ":6: executor.jobs: '0' is not valid: should be a whole number from 1 to 64",
                    "  " + file + ":8: cache.batch_size: '0' is not valid: should be a whole number from 1 to 100000",
                    "  " + file + ":9: cache.channel: 'bad-channel' is not valid: should be a channel name: letters, digits"
                            + " and _, at most 63, not starting with a digit, e.g. pgmaint_cache_invalidation",
                    "  " + file + ":10: cache.table: '' is not valid: should be a name (any characters but NUL, quoted for"
                            + " you), e.g. cache_invalidation_events"), problems(result));
        }
    }

    @Test
    void theEnvironmentIsCheckedLikeFlags() {
        for (ConfigKey key : ConfigKeys.all().values()) {
            for (String text : invalidValues(key)) {
                InvalidInputException env = assertThrows(InvalidInputException.class, () -> ConfigLoader.load(
                        new ConfigLoader.Sources(null, Map.of(key.envName(), text), Map.of(), dir)), key.name());
                InvalidInputException flag = assertThrows(InvalidInputException.class, () -> ConfigLoader.load(
                        new ConfigLoader.Sources(null, Map.of(), Map.of(key.name(), text), dir)), key.name());
                assertEquals(flag.problems().get(0).message(), env.problems().get(0).message(), key.name());
                assertEquals("environment variable " + key.envName(), env.problems().get(0).source());
            }
        }
    }

    @Test
    void valuesCheckedAfterLoadingAreRefusedByValidateAsByRun() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("thresholds.vacuum_dead_tuple_pct", "-1");
        settings.put("thresholds.no_such_threshold", "5");
        settings.put("connection.dbname", "postgresql://localhost:99999/app");
        settings.put("params.no_such_check.limit", "5");
        settings.forEach((key, text) -> {
            String set = key + "=" + text;
            Cli.Result validate = validate("--set", set);
            Cli.Result run = run("--set", set);
            assertEquals(ExitCodes.INVALID_INPUT, validate.exitCode(), set + ": " + validate);
            assertEquals(ExitCodes.INVALID_INPUT, run.exitCode(), set + ": " + run);
            assertFalse(problems(validate).isEmpty(), validate.err());
            assertEquals(problems(validate), problems(run), set);
        });
        Path file = Files2.write(dir.resolve("sections.yaml"), "exclusions:\n  - colour: red\n"
                + "retention_policies:\n  - name: Events\n    colour: red\n");
        Cli.Result validate = validate("--config", file.toString());
        Cli.Result run = run("--config", file.toString());
        assertEquals(ExitCodes.INVALID_INPUT, validate.exitCode(), validate::toString);
        assertEquals(ExitCodes.INVALID_INPUT, run.exitCode(), run::toString);
        assertTrue(problems(validate).size() >= 2, "exclusions and retention_policies together:\n" + validate.err());
        assertEquals(problems(validate), problems(run));
    }

    @Test
    void unknownKeysFromFlagsAndTheEnvironmentGetTheNearestMatch() {
        InvalidInputException env = assertThrows(InvalidInputException.class, () -> ConfigLoader.load(
                new ConfigLoader.Sources(null, Map.of("PGMAINT_EXECUTOR_JOBZ", "2"), Map.of(), dir)));
        assertTrue(env.describe().contains("environment variable PGMAINT_EXECUTOR_JOBZ: unknown setting; did you mean "
                + "PGMAINT_EXECUTOR_JOBS?"), env.describe());
        Path file = Files2.write(dir.resolve("typo.yaml"), "executor:\n  jobz: 2\n");
        Cli.Result validate = validate("--config", file.toString());
        assertTrue(validate.err().contains(file + ":2: executor.jobz: unknown key; did you mean jobs? valid keys here:"),
                validate.err());
    }
}
