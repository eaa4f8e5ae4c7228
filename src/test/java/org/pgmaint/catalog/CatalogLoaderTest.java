package org.pgmaint.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.VersionIndependent;

@VersionIndependent
class CatalogLoaderTest {
    @TempDir
    Path dir;

    private String errors(String fileName, String yaml) {
        Files2.write(dir.resolve(fileName), yaml);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CatalogLoader.load(List.of(dir)));
        return e.describe();
    }

    @Test
    void builtInCatalogLoads() {
        Catalog catalog = CatalogLoader.load(List.of(Path.of("checks")));
        assertTrue(catalog.check("table_activity").isPresent());
        assertEquals(20.0, catalog.thresholds().get("vacuum_dead_tuple_pct").defaultValue());
    }

    @Test
    void versionSelectionTakesTheHighestKeyNotAboveTheServer() {
        Files2.write(dir.resolve("versioned.yaml"), Files2.check("versioned")
                + "  16: |\n    select /* pgmaint:versioned */ 'x'::text as schema_name, 'y'::text as table_name\n");
        Check check = CatalogLoader.load(List.of(dir)).check("versioned").orElseThrow();
        assertTrue(check.sqlFor(15).orElseThrow().original().contains("pg_stat_user_tables"));
        assertTrue(check.sqlFor(18).orElseThrow().original().contains("'x'"));
        assertEquals("sql.16", check.sqlKeyFor(17));
        assertTrue(check.sqlFor(12).isEmpty());
    }

    @Test
    void requiredRoleIsAPredefinedRoleAndNothingElse() {
        String text = errors("r.yaml", """
                id: r
                description: x
                requires: {role: pg_montor, user: postgres}
                fact: {type: R, fields: {a: text}}
                sql:
                  13: "select /* pgmaint:r */ 'a'::text as a"
                """);
        assertTrue(text.contains("r.yaml:3: requires.role: 'pg_montor' is not a predefined role; valid: [pg_checkpoint,"), text);
        assertTrue(text.contains("r.yaml:3: requires.user: unknown key; valid keys here: role"), text);
        Files2.write(dir.resolve("r.yaml"), Files2.check("r") + "requires: {role: pg_monitor}\n");
        assertEquals("pg_monitor", CatalogLoader.load(List.of(dir)).check("r").orElseThrow().requiredRole());
        assertEquals(null, CatalogLoader.load(List.of(Path.of("checks"))).check("archiver_failing").orElseThrow().requiredRole());
    }

    @Test
    void parameterWithoutDefaultAndUndeclaredParameter() {
        String text = errors("p.yaml", """
                id: p
                description: x
                fact: {type: P, fields: {a: text}}
                params:
                  limit_rows: {type: bigint}
                sql:
                  13: "select /* pgmaint:p */ 'a'::text as a where 1 < :limit_rows and :other > 0"
                """);
        assertTrue(text.contains("p.yaml:5: params.limit_rows.default: missing: every parameter needs a default"), text);
        assertTrue(text.contains("p.yaml:7: sql.13: uses :other but params does not declare it"), text);
    }

    @Test
    void markerTypesAndVersionsAreChecked() {
        String text = errors("q.yaml", """
                id: q
                description: x
                modes: [standard, weekly]
                fact: {type: lowercase, fields: {a: varchar}}
                sql:
                  12: "select 1"
                  15: "select 'a'::text as a"
                """);
        assertTrue(text.contains("q.yaml:3: modes: 'weekly' is not a mode; valid: [standard, full]"), text);
        assertTrue(text.contains("fact.type: 'lowercase' should be a CamelCase name"), text);
        assertTrue(text.contains("fact.fields.a: unknown type 'varchar'; valid: text, int, bigint"), text);
        assertTrue(text.contains("sql.12: pgmaint supports PostgreSQL 13 and later"), text);
        assertTrue(text.contains("sql.15: the query should carry its marker comment /* pgmaint:q */"), text);
    }

    @Test
    void idMustMatchFileNameAndSameFactTypeMustMatch() {
        Files2.write(dir.resolve("one.yaml"), "id: one\ndescription: x\nfact: {type: Shared, fields: {a: text}}\n"
                + "sql: {13: \"select /* pgmaint:one */ 'a'::text as a\"}\n");
        String text = errors("two.yaml", "id: deux\ndescription: x\nfact: {type: Shared, fields: {a: int}}\n"
                + "sql: {13: \"select /* pgmaint:deux */ 1 as a\"}\n");
        assertTrue(text.contains("two.yaml:1: id: 'deux' should equal the file name (two)"), text);
        assertTrue(text.contains("type Shared is also declared with other fields in " + dir.resolve("one.yaml")), text);
    }

    @Test
    void namedParametersSkipLiteralsCommentsAndCasts() {
        NamedSql sql = NamedSql.parse("select ':no', \":nope\", $$ :nada $$, x::text /* :none */ -- :zip\n from t where a = :yes and b = any(:list)");
        assertEquals(List.of("yes", "list"), sql.parameterOrder());
        assertTrue(sql.jdbcSql().contains("a = ? and b = any(?)"), sql.jdbcSql());
        assertTrue(sql.jdbcSql().contains("x::text"));
        assertThrows(IllegalArgumentException.class, () -> NamedSql.parse("select '{}'::jsonb ? 'a'"));
    }
    @Test
    void safety06_aCheckIsExactlyOneStatementAndATrailingSemicolonIsLeftOut() {
        NamedSql trailing = NamedSql.parse("select ';' as a, :p as b; -- done\n");
        assertEquals("select ';' as a, ? as b  -- done\n", trailing.jdbcSql());
        assertEquals(List.of("p"), trailing.parameterOrder());
        assertEquals("select E'\\';:x' as a", NamedSql.parse("select E'\\';:x' as a").jdbcSql());
        for (String several : List.of("select 1; commit; create table x()", "select 1; select 2", "; select 1; select 2")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NamedSql.parse(several), several);
            assertTrue(e.getMessage().contains("a check is exactly one statement"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> NamedSql.parse("select 'unterminated"));
        assertThrows(IllegalArgumentException.class, () -> NamedSql.parse("-- only a comment\n;"));
    }

    @Test
    void aReportSectionNamesRealNumericFieldsAndBelongsToOneCheck() {
        Files2.write(dir.resolve("first.yaml"), """
                id: first
                description: x
                fact: {type: First, fields: {schema_name: text, table_name: text, wasted_bytes: bigint}}
                report:
                  largest: {title: Largest, order_by: wasted_bytes, columns: {wasted_bytes: bytes}}
                sql: {13: "select /* pgmaint:first */ 'a'::text as schema_name, 'b'::text as table_name, 1::bigint as wasted_bytes"}
                """);
        String text = errors("second.yaml", """
                id: second
                description: x
                fact: {type: Second, fields: {schema_name: text, table_name: text, wasted_bytes: bigint, note: text}}
                report:
                  largest: {title: Again, order_by: wasted_bytes, columns: {wasted_bytes: bytes}}
                  renamed:
                    title: Renamed
                    order_by: bloat_bytes
                    columns: {note: bytes, wasted_bytes: megabytes}
                    metric: {name: table_waste, field: table_bytes, help: x}
                sql: {13: "select /* pgmaint:second */ 'a'::text as schema_name, 'b'::text as table_name, 1::bigint as wasted_bytes, ''::text as note"}
                """);
        assertTrue(text.contains("second.yaml:5: report.largest: section 'largest' is already fed by check first"), text);
        assertTrue(text.contains("second.yaml:8: report.renamed.order_by: 'bloat_bytes' is not a numeric field of fact Second;"
                + " its numeric fields: [wasted_bytes]"), text);
        assertTrue(text.contains("second.yaml:9: report.renamed.columns.note: 'note' is not a numeric field"), text);
        assertTrue(text.contains("second.yaml:9: report.renamed.columns.wasted_bytes: unknown format 'megabytes';"
                + " valid: [count, bytes, pct, number]"), text);
        assertTrue(text.contains("second.yaml:10: report.renamed.metric.name: 'table_waste' should be a snake_case name"
                + " starting with pgmaint_"), text);

        String noTable = errors("second.yaml", "id: second\ndescription: x\nfact: {type: Second, fields: {n: int}}\n"
                + "report: {few: {title: Few, order_by: n, columns: {n: count}}}\n"
                + "sql: {13: \"select /* pgmaint:second */ 1 as n\"}\n");
        assertTrue(noTable
                .contains("second.yaml:4: report: a report section lists tables: fact.fields needs schema_name: text"), noTable);
    }

    @Test
    void aParameterFromAConfigKeyNamesARealKeyOfAFittingType() {
        String text = errors("f.yaml", """
                id: f
                description: x
                fact: {type: F, fields: {a: int}}
                params:
                  min_age: {type: int, default: 600, from: cancel.query_timout}
                  roles: {type: int, default: 0, from: cancel.exclude_roles}
                  secret: {type: text, default: "", from: connection.password}
                  pids: {type: "text[]", default: [], from: pgmaint.own_backend_pids}
                sql:
                  13: "select /* pgmaint:f */ 1 as a where :min_age > 0 and :roles >= 0 and :secret = '' and :pids is not null"
                """);
        assertTrue(text.contains("f.yaml:5: params.min_age.from: 'cancel.query_timout' is not a configuration key:"
                + " did you mean cancel.query_timeout?"), text);
        assertTrue(text.contains("f.yaml:6: params.roles.from: cancel.exclude_roles is a list"), text);
        assertTrue(text.contains("it cannot set a parameter of type int"), text);
        assertTrue(text.contains("f.yaml:7: params.secret.from: 'connection.password' is not a configuration key"), text);
        assertTrue(text.contains("f.yaml:8: params.pids.from: pgmaint.own_backend_pids is a list of pids"), text);

        Files2.write(dir.resolve("f.yaml"), """
                id: f
                description: x
                fact: {type: F, fields: {a: int}}
                params:
                  min_age: {type: int, default: 600, from: cancel.query_timeout}
                sql:
                  13: "select /* pgmaint:f */ 1 as a where :min_age > 0"
                """);
        assertEquals("cancel.query_timeout", CatalogLoader.load(List.of(dir)).check("f").orElseThrow()
                .params().get("min_age").from());

        String fixed = errors("f.yaml", """
                id: f
                description: x
                fact: {type: F, fields: {a: int}}
                params:
                  own: {type: text, default: "x", from: pgmaint.system_schemas}
                sql:
                  13: "select /* pgmaint:f */ 1 as a where 'app' !~ :own"
                """);
        assertTrue(fixed.contains("f.yaml:5: params.own.default: not allowed with from: pgmaint.system_schemas"), fixed);
        Files2.write(dir.resolve("f.yaml"), """
                id: f
                description: x
                fact: {type: F, fields: {a: int}}
                params:
                  own: {type: text, from: pgmaint.system_schemas}
                sql:
                  13: "select /* pgmaint:f */ 1 as a where 'app' !~ :own"
                """);
        assertEquals(org.pgmaint.db.SystemSchemas.REGEX, CatalogLoader.load(List.of(dir)).check("f").orElseThrow()
                .params().get("own").defaultValue());
    }
}
