package org.pgmaint.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.CatalogLoader;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.testing.Files2;

/** Compiled rule bases are reused only for the very same sources, and a broken cache only costs time. */
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

    private static String rule(String name) {
        return "package pgmaint;\n\nrule " + name + "\nwhen\n    TableActivity( )\nthen\nend\n";
    }
}
