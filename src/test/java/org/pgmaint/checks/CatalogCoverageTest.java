package org.pgmaint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.CatalogLoader;
import org.pgmaint.catalog.Check;
import org.pgmaint.checktest.CheckTest;
import org.pgmaint.checktest.CheckTestLoader;
import org.pgmaint.checktest.CheckTestRunner;
import org.pgmaint.checktest.OutcomeTable;
import org.pgmaint.checktest.TestOutcome;
import org.pgmaint.collect.CheckResult;
import org.pgmaint.collect.CollectedFacts;
import org.pgmaint.collect.Collector;
import org.pgmaint.engine.Installation;
import org.pgmaint.model.Mode;
import org.pgmaint.testing.ServerWithSettings;
import org.pgmaint.testing.TestDatabase;
import org.pgmaint.testing.TestServer;

/**
 * Keeps the catalog honest: every check parses, runs on this server (in both modes, with no failure, skip or
 * column mismatch, over hostile names), never returns a system schema, is claimed by a test class
 * through {@link Covers}, and has a test file ({@code <id>.test.yaml}) with a look-alike that passes here.
 */
class CatalogCoverageTest {
    private static final Set<String> SYSTEM = Set.of("pg_catalog", "information_schema", "pg_toast");

    private static Catalog catalog() {
        return CatalogLoader.load(List.of(Installation.home().resolve("checks")));
    }

    @Test
    void everyCheckRunsOnThisServerInEveryMode() {
        Catalog catalog = catalog();
        try (TestDatabase db = TestDatabase.create()) {
            db.execFlushed("create schema \"Weird Schema\"",
                    "create table \"Weird Schema\".\"Odd \"\"Name\"\" Table\"(id int primary key, \"drop table x; --\" int)",
                    "create index \"i; drop\" on \"Weird Schema\".\"Odd \"\"Name\"\" Table\" (\"drop table x; --\")",
                    "insert into \"Weird Schema\".\"Odd \"\"Name\"\" Table\" select g, g from generate_series(1, 1000) g",
                    "analyze \"Weird Schema\".\"Odd \"\"Name\"\" Table\"",
                    "create temp table scratch(id int)");
            for (Mode mode : Mode.values()) {
                CollectedFacts collection = new Collector(db.connection(), Duration.ofSeconds(30), Map.of()).collect(catalog, mode);
                assertEquals(List.of(), collection.failed(), "failed checks in " + mode);
                assertEquals(List.of(), collection.skipped(), "skipped checks on PostgreSQL " + db.serverMajor());
                Set<String> ran = new TreeSet<>();
                for (CheckResult result : collection.results()) {
                    ran.add(result.check().id());
                    for (Map<String, Object> row : result.rows()) {
                        Object schema = row.get("schema_name");
                        assertFalse(schema != null && (SYSTEM.contains(schema) || schema.toString().startsWith("pg_temp")
                                || schema.toString().startsWith("pg_toast")), result.check().id() + " returned " + row);
                    }
                }
                Set<String> expected = new TreeSet<>();
                // checks with their own collector (retention_expired) are run by it, and tested with it
                catalog.checks().stream().filter(c -> c.runsIn(mode) && c.collector() == null && !c.onReplicas())
                        .forEach(c -> expected.add(c.id()));
                assertEquals(expected, ran);
                // the scope: replica checks run on a replica's connection; any server answers them the same way
                CollectedFacts onReplica = new Collector(db.connection(), Duration.ofSeconds(30), Map.of())
                        .collectOnReplica(catalog, mode);
                assertEquals(List.of(), onReplica.failed(), "failed replica checks in " + mode);
                Set<String> replicaChecks = new TreeSet<>();
                catalog.checks().stream().filter(c -> c.runsIn(mode) && c.onReplicas()).forEach(c -> replicaChecks.add(c.id()));
                assertEquals(replicaChecks, new TreeSet<>(onReplica.results().stream().map(r -> r.check().id()).toList()));
            }
        }
    }

    @Test
    void everyCheckIsCoveredByATestClass() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(CatalogCoverageTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, String> coveredBy = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith("Test.class")).toList()) {
                String name = classes.relativize(file).toString().replace(java.io.File.separatorChar, '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name);
                Covers covers = type.getAnnotation(Covers.class);
                if (covers == null) {
                    continue;
                }
                boolean hasTests = Stream.of(type.getDeclaredMethods()).map(Method::getAnnotations).flatMap(Stream::of)
                        .anyMatch(a -> a.annotationType() == Test.class);
                assertTrue(hasTests, name + " claims checks but has no @Test");
                for (String id : covers.value()) {
                    coveredBy.put(id, type.getSimpleName());
                }
            }
        }
        Catalog catalog = catalog();
        Set<String> ids = new TreeSet<>(catalog.checks().stream().map(Check::id).toList());
        Set<String> uncovered = new TreeSet<>(ids);
        uncovered.removeAll(coveredBy.keySet());
        // a check with its own test file is covered by it (run by the test below): no Java per check
        CheckTestLoader.load(List.of(Installation.home().resolve("checks")), catalog).forEach(t -> uncovered.remove(t.checkId()));
        assertEquals(Set.of(), uncovered, "checks neither a test class @Covers nor a test file tests");
        Set<String> unknown = new TreeSet<>(coveredBy.keySet());
        unknown.removeAll(ids);
        assertEquals(Set.of(), unknown, "@Covers names checks the catalog does not have");
    }

    @Test
    void everyCheckHasATestFileWithALookAlikeAndItPassesOnThisServer() {
        Catalog catalog = catalog();
        Set<String> ids = new TreeSet<>(catalog.checks().stream().map(Check::id).toList());
        List<CheckTest> tests = CheckTestLoader.load(List.of(Installation.home().resolve("checks")), catalog);
        // scope: replica checks make no finding of their own: a real standby tests them (ReplicaLastScanTest)
        catalog.checks().stream().filter(Check::onReplicas).forEach(c -> ids.remove(c.id()));
        assertEquals(Set.of(), CheckTestLoader.untested(ids, tests), "checks without a <id>.test.yaml beside them");
        for (CheckTest test : tests) {
            assertFalse(test.expectNot().isEmpty(), test.checkId() + ": expect_not names no look-alike");
        }
        CheckTestRunner shared = new CheckTestRunner(TestServer.admin(), Installation.home(), Map.of());
        StringBuilder failures = new StringBuilder();
        for (CheckTest test : tests) {
            TestOutcome outcome = shared.run(test);
            if (outcome.skipped() != null && fixedAtInitdb(test.requires().keySet())) {
                // data_checksums: on by default from 18, and no server start changes it; a Java test covers the
                // other state on every major (ChecksumFailuresTest)
                continue;
            }
            if (outcome.skipped() != null) {
                // a fixture the shared server cannot hold (max_prepared_transactions = 0): on a server that can
                Map<String, String> settings = new TreeMap<>();
                test.requires().forEach(settings::put);
                outcome = new CheckTestRunner(ServerWithSettings.admin(settings), Installation.home(), Map.of()).run(test);
                assertEquals(null, outcome.skipped(), test.checkId());
            }
            if (!outcome.passed()) {
                failures.append(OutcomeTable.failure(outcome));
            }
        }
        assertEquals("", failures.toString(), "check tests that fail on PostgreSQL " + serverMajor());
    }

    /** Whether one of these settings is fixed when the cluster is created (context internal), so no restart can set it. */
    private static boolean fixedAtInitdb(Set<String> settings) {
        try (TestDatabase db = TestDatabase.create()) {
            return settings.stream().anyMatch(name -> "internal".equals(db.value(
                    "select context from pg_settings where name = '" + name.replace("'", "''") + "'")));
        }
    }

    private static int serverMajor() {
        try (TestDatabase db = TestDatabase.create()) {
            return db.serverMajor();
        }
    }
}
