package org.pgmaint.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.CatalogLoader;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.PgmaintProcess;
import org.slf4j.LoggerFactory;
import org.pgmaint.testing.VersionIndependent;

/** Compiled rule bases are reused only for the very same sources, and a broken cache only costs time. */
@VersionIndependent
class RuleCacheTest {
    private static Catalog catalog;

    @TempDir
    Path temp;

    @BeforeAll
    static void load() {
        catalog = CatalogLoader.load(List.of(Path.of("checks")));
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void secondBuildOfTheSameRulesLoadsTheCompiledRules() throws IOException {
        RuleCache cache = RuleCache.at(temp.resolve("cache"));
        RuleBase first = RuleBase.build(catalog, List.of(Path.of("rules")), cache);
        RuleBase second = RuleBase.build(catalog, List.of(Path.of("rules")), cache);
        assertFalse(first.fromCache());
        assertTrue(second.fromCache());
        assertEquals(first.ruleCount(), second.ruleCount());
        assertEquals(1, entries(temp.resolve("cache")).size());
        assertEquals(first.factType("TableActivity").getFields().size(),
                second.factType("TableActivity").getFields().size());
    }

    @Test
    void anEditedRuleFileIsCompiledAgain() throws IOException {
        Path rules = temp.resolve("rules");
        Path file = Files2.write(rules.resolve("mine.drl"), rule("\"wide\""));
        RuleCache cache = RuleCache.at(temp.resolve("cache"));
        RuleBase.build(catalog, List.of(rules), cache);
        Files.writeString(file, rule("\"renamed\""));
        RuleBase edited = RuleBase.build(catalog, List.of(rules), cache);
        assertFalse(edited.fromCache(), "a changed rule text is never served from the cache");
        assertEquals("renamed", edited.kieBase().getKiePackage("pgmaint").getRules().iterator().next().getName());
        assertEquals(2, entries(temp.resolve("cache")).size());
    }

    @Test
    void aCorruptCacheEntryIsReplaced() throws IOException {
        RuleCache cache = RuleCache.at(temp.resolve("cache"));
        RuleBase.build(catalog, List.of(Path.of("rules")), cache);
        Path entry = entries(temp.resolve("cache")).get(0);
        Files.writeString(entry, "not a jar");
        RuleBase rebuilt = RuleBase.build(catalog, List.of(Path.of("rules")), cache);
        assertFalse(rebuilt.fromCache());
        assertTrue(RuleBase.build(catalog, List.of(Path.of("rules")), cache).fromCache(), "rewritten after the rebuild");
    }

    @Test
    void anUnwritableCacheOnlyCostsTime() throws IOException {
        Path notADirectory = Files.writeString(temp.resolve("file"), "x");
        RuleCache cache = RuleCache.at(notADirectory.resolve("cache"));
        long declared;
        try (var files = Files.list(Path.of("rules"))) {
            declared = files.filter(f -> f.toString().endsWith(".drl")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(line -> line.startsWith("rule \"")).count();
        }
        assertEquals(declared, RuleBase.build(catalog, List.of(Path.of("rules")), cache).ruleCount());
        assertFalse(RuleBase.build(catalog, List.of(Path.of("rules")), cache).fromCache());
    }

    @Test
    void rulesWithErrorsAreNeverCached() throws IOException {
        Path rules = temp.resolve("rules");
        Files2.write(rules.resolve("bad.drl"), "package pgmaint;\n\nrule \"bad\"\nwhen\n    TableActivity( nosuch > 5 )\nthen\nend\n");
        RuleCache cache = RuleCache.at(temp.resolve("cache"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> RuleBase.build(catalog, List.of(rules), cache));
        assertTrue(e.describe().contains("bad.drl:5"), e.describe());
        assertFalse(Files.exists(temp.resolve("cache")) && !entries(temp.resolve("cache")).isEmpty());
    }

    @Test
    void settingNamesTheFolderOrTurnsTheCacheOff() {
        assertTrue(RuleCache.fromSetting("off").isOff());
        assertEquals(Path.of("/var/cache/x"), RuleCache.fromSetting("/var/cache/x").dir());
        assertTrue(RuleCache.fromSetting("").dir().endsWith("pgmaint"));
    }

    @Test
    void withoutAWritableHomeTheCacheGoesToTheServiceFoldersInOrder() throws IOException {
        Path noHome = Files.writeString(temp.resolve("home-is-a-file"), "");
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        String user = System.getProperty("user.name");
        Path cache = temp.resolve("cache");
        Path state = temp.resolve("state");
        assertEquals(cache, RuleCache.fromSetting("", Map.of("CACHE_DIRECTORY", cache + ":/elsewhere",
                "STATE_DIRECTORY", state.toString()), noHome, tmp, user).dir());
        assertEquals(state.resolve("rule-cache"),
                RuleCache.fromSetting("", Map.of("STATE_DIRECTORY", state.toString()), noHome, tmp, user).dir());
        Path home = Files.createDirectories(temp.resolve("home"));
        assertEquals(home.resolve(".cache/pgmaint"),
                RuleCache.fromSetting("", Map.of("STATE_DIRECTORY", state.toString()), home, tmp, user).dir());
        assertEquals(temp.resolve("xdg/pgmaint"),
                RuleCache.fromSetting("", Map.of("XDG_CACHE_HOME", temp.resolve("xdg").toString()), home, tmp, user).dir());
    }

    @Test
    void lastResortIsAPrivateFolderInTmpAndTheSecondBuildUsesItQuietly() throws IOException {
        Path noHome = Files.writeString(temp.resolve("home-is-a-file"), "");
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        String user = System.getProperty("user.name");
        RuleCache cache = RuleCache.fromSetting("", Map.of(), noHome, tmp, user);
        assertEquals(tmp.resolve("pgmaint-" + user + "-rules"), cache.dir());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.dir())));
        Logger logger = (Logger) LoggerFactory.getLogger(RuleCache.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            assertFalse(RuleBase.build(catalog, List.of(Path.of("rules")), cache).fromCache());
            assertTrue(RuleBase.build(catalog, List.of(Path.of("rules")), cache).fromCache());
        } finally {
            logger.detachAppender(logged);
        }
        assertEquals(List.of(), logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList());
    }

    @Test
    void aTmpFolderOthersCanWriteIsNeverUsed() throws IOException {
        Path noHome = Files.writeString(temp.resolve("home-is-a-file"), "");
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        String user = System.getProperty("user.name");
        Path planted = Files.createDirectory(tmp.resolve("pgmaint-" + user + "-rules"));
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(RuleCache.fromSetting("", Map.of(), noHome, tmp, user).isOff(),
                "compiled rules are loaded as code: never from a folder another user can write");
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwx------"));
        assertTrue(RuleCache.fromSetting("", Map.of(), noHome, tmp, "someone-else").isOff(), "a folder of another user");
    }

    /** A service account: no HOME in the environment, a home folder that cannot hold ~/.cache. */
    @Test
    void aServiceUserWithoutAHomeReusesTheCompiledRulesWithoutWarnings() throws IOException {
        Path noHome = Files.writeString(temp.resolve("home-is-a-file"), "");
        Path cacheDirectory = temp.resolve("var-cache-pgmaint");
        List<String> jvm = List.of("-Duser.home=" + noHome, "-Djava.io.tmpdir=" + Files.createDirectories(temp.resolve("tmp")));
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("CACHE_DIRECTORY", cacheDirectory.toString()))) {
            List<String> logs = new java.util.ArrayList<>();
            for (int run = 0; run < 2; run++) {
                PgmaintProcess validate = PgmaintProcess.startInEnvironment(
                        Files.createDirectories(temp.resolve("run-" + env.size() + "-" + run)), env, jvm, "validate", "--debug");
                assertEquals(0, validate.waitFor(120), validate::toString);
                logs.add(validate.err());
            }
            assertFalse(String.join("", logs).contains("WARN"), logs::toString);
            assertFalse(logs.get(0).contains("loaded from the cache"), logs.get(0));
            assertTrue(logs.get(1).contains("loaded from the cache"), logs.get(1));
        }
        List<String> names = entries(cacheDirectory).stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(1, names.stream().filter(n -> n.startsWith("rules-")).count(), "systemd's CacheDirectory= holds the compiled rules " + names);
        assertEquals(1, names.stream().filter(n -> n.startsWith("valid-")).count(), "and the templates' validation mark " + names);
        assertEquals(2, names.size(), names::toString);
    }

    private static String rule(String name) {
        return "package pgmaint;\n\nrule " + name + "\nwhen\n    TableActivity( )\nthen\nend\n";
    }
}
