package org.pgmaint.checktest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Comparator;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.CatalogLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.model.Mode;
import org.pgmaint.model.Severity;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.WideTables;

/** Test files are read as strictly as checks: every problem with its file, line and key, all at once. */
class CheckTestLoaderTest {
    @TempDir
    Path dir;

    private List<String> problems(String name, String text) {
        Path file = Files2.write(dir.resolve(name), text);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CheckTestLoader.load(List.of(dir), catalog()));
        return e.problems().stream().sorted(Comparator.comparingInt(Problem::line)).map(Problem::toString)
                .map(p -> p.replace(file.toString(), "F")).toList();
    }

    /** A catalog of one check, wide_tables, with threshold wide_table_columns. */
    private Catalog catalog() {
        Files2.write(dir.resolve("catalog/wide_tables.yaml"), WideTables.CHECK);
        return CatalogLoader.load(List.of(dir.resolve("catalog")));
    }

    @Test
    void aGoodFileIsReadWithEveryPart() {
        Files2.write(dir.resolve("wide_tables.test.yaml"), """
                requires: {max_prepared_transactions: 1, archive_mode: "on"}
                mode: full
                settings:
                  thresholds: {wide_table_columns: 3}
                  params: {}
                setup:
                  - create schema app
                  - fails: create index concurrently x on app.nothing (a)
                  - await: select true
                sessions:
                  - {application_name: report job, sql: [begin, select 1]}
                  - sql: select pg_sleep(60)
                await: [select true]
                expect:
                  - {kind: wide_table, object: 'app."Odd ""Name\"""', index: i, severity: warning, contains: columns}
                expect_not:
                  - {action: vacuum, object: app.t}
                teardown: [select 2]
                """);
        CheckTest test = CheckTestLoader.load(List.of(dir), catalog()).get(0);
        assertEquals("wide_tables", test.checkId());
        assertEquals(Mode.FULL, test.mode());
        assertEquals("1", test.requires().get("max_prepared_transactions"));
        assertEquals("on", test.requires().get("archive_mode"));
        assertEquals(List.of("select 2"), test.teardown());
        assertEquals(List.of(CheckTest.SetupStep.Kind.RUN, CheckTest.SetupStep.Kind.FAILS, CheckTest.SetupStep.Kind.AWAIT),
                test.setup().stream().map(CheckTest.SetupStep::kind).toList());
        assertEquals(List.of("begin", "select 1"), test.sessions().get(0).statements());
        assertEquals("pgmaint test session", test.sessions().get(1).applicationName());
        assertEquals(new Expectation(15, "wide_table", null, "app", "Odd \"Name\"", "i", Severity.WARNING, "columns"),
                test.expect().get(0));
        assertEquals(new Expectation(17, null, "vacuum", "app", "t", null, null, null), test.expectNot().get(0));
    }

    @Test
    void unknownDuplicateAndBadKeysAreNamedWithTheirLines() {
        assertEquals(List.of(
                "F:1: setup: an item is a statement, {fails: statement} or {await: condition}, one of them",
                "F:2: setup: duplicate key (first on line 1): each key may appear once, so no value silently replaces another",
                "F:3: mode: 'weekly' is not a mode; valid: standard or full (the plan of --full)",
                "F:5: settings.thresholds.no_such_threshold: unknown threshold; declared by the checks: wide_table_columns",
                "F:7: expect.kind: duplicate key (first on line 7): each key may appear once, so no value silently replaces another",
                "F:8: expect: give either kind: <finding kind> or action: <vacuum, analyze, reindex, cancel_query, retention_delete>, one of them",
                "F:9: expect.action: 'drop' is not an action; valid: vacuum, analyze, reindex, cancel_query, retention_delete",
                "F:10: expect.object: 'orders' is not valid (the schema is missing): should be schema.table as in SQL, e.g. public.orders,"
                        + " or \"a.b\".\"Odd Name\" with double quotes around names with dots, spaces or capitals",
                "F:11: expect.severity: actions have no severity; only findings do",
                "F:12: sessions.sql: missing (required): the statements the session runs, e.g. [begin, select 1]",
                "F:12: sessions.wait: unknown key; valid keys here: application_name, sql",
                "F:13: severity: unknown key; valid keys here: requires, setup, sessions, await, mode, settings, expect, expect_not, teardown"),
                problems("wide_tables.test.yaml", """
                        setup: [{fails: select 1, await: select true}]
                        setup: []
                        mode: weekly
                        settings:
                          thresholds: {no_such_threshold: 1}
                        expect:
                          - {kind: a, kind: b}
                          - {kind: a, action: vacuum}
                          - {action: drop}
                          - {kind: a, object: orders}
                          - {action: vacuum, severity: info}
                        sessions: [{application_name: x}, {sql: select 1, wait: 1s}]
                        severity: high
                        """));
    }

    @Test
    void aTestWithoutItsCheckOrWithoutExpectationsIsRefused() {
        assertEquals(List.of("F:1: no check 'wide' in the catalog: a test file is named <check id>.test.yaml",
                        "F:1: expect: missing (required): the findings or actions the fixture provokes, e.g. - {kind: fk_without_index, object: app.orders}"),
                problems("wide.test.yaml", "setup: [select 1]\n"));
    }
}
