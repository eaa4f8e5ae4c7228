package org.pgmaint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.TestDatabase;

/** fk_without_index, duplicate_index, overlapping_index, invalid_index, unused_index on one shared fixture. */
@Covers({"fk_without_index", "duplicate_index", "overlapping_index", "invalid_index", "invalid_unique_duplicates", "unused_index"})
class IndexChecksTest {
    static final String WEIRD = "Weird Schema";
    static final String ODD = "Odd \"Name\" Table";
    static final String ODD_SQL = "\"Weird Schema\".\"Odd \"\"Name\"\" Table\"";
    static final String HOSTILE = "drop table x; --";
    static final String UQ_TABLE = "uq \"t\"\nable";
    static final String UQ_TABLE_SQL = "\"Weird Schema\".\"uq \"\"t\"\"\nable\"";
    static final String UQ_INDEX = "uq\nidx";
    static final String UQ_INDEX_SQL = "\"uq\nidx\"";

    private static TestDatabase db;
    private static PlanRun plan;

    @BeforeAll
    static void fixture() {
        db = TestDatabase.create();
        db.exec("create schema app", "create schema \"Weird Schema\"",
                "create table app.site(site int, code int, primary key (site, code))",
                // FK (site, code): covered by (code, site); served on code only by (code, qty, site); not by (qty, code, site)
                "create table app.covered(id int primary key, site int, code int, qty int, foreign key (site, code) references app.site)",
                "create index covered_code_site on app.covered (code, site)",
                "create table app.uncovered(id int primary key, site int, code int, qty int,"
                        + " constraint uncovered_site_fk foreign key (site, code) references app.site)",
                "create index uncovered_qty_code_site on app.uncovered (qty, code, site)",
                "create table app.partly(id int primary key, site int, code int, qty int,"
                        + " constraint partly_site_fk foreign key (site, code) references app.site)",
                "create index partly_code_qty_site on app.partly (code, qty, site)",
                // partial "IS NOT NULL" on the key's columns covers; another predicate does not
                "create table app.partial_notnull(id int primary key, site int, code int, foreign key (site, code) references app.site)",
                "create index on app.partial_notnull (site, code) where site is not null and code is not null",
                "create table app.partial_other(id int primary key, site int, code int, foreign key (site, code) references app.site)",
                "create index on app.partial_other (site, code) where code > 0",
                // hostile names
                "create table " + ODD_SQL + "(id int primary key, \"Site Id\" int, code int, note text, foreign key (\"Site Id\", code) references app.site)",
                "create index \"Odd idx 1\" on " + ODD_SQL + " (note)",
                "create index \"Odd idx 2\" on " + ODD_SQL + " (note)",
                // partitioned: reported once, on the parent
                "create table app.parted(id int, site int, code int, foreign key (site, code) references app.site) partition by range (id)",
                "create table app.parted_1 partition of app.parted for values from (0) to (100)",
                // duplicates
                "create table app.customer(id int primary key, email text, status int)",
                "create index customer_email_idx1 on app.customer (email)",
                "create index customer_email_idx2 on app.customer (email)",
                "create index customer_email_partial on app.customer (email) where status = 1",
                "create index customer_lower_email on app.customer (lower(email))",
                "create index customer_id_copy on app.customer (id)",
                "create table app.two_uniques(a int, constraint two_u1 unique (a))",
                "alter table app.two_uniques add constraint two_u2 unique (a)",
                "create table app.\"" + HOSTILE.replace("\"", "\"\"") + "\"(v int)",
                "create index \"dup; drop 1\" on app.\"" + HOSTILE + "\" (v)",
                "create index \"dup; drop 2\" on app.\"" + HOSTILE + "\" (v)",
                // overlapping
                "create table app.orders(id int primary key, customer_id int, created date, tags int[])",
                "create index orders_customer on app.orders (customer_id)",
                "create index orders_customer_created on app.orders (customer_id, created)",
                "create index orders_tags_gin on app.orders using gin (tags)",
                "create index orders_tags_btree on app.orders (tags, id)",
                "create unique index orders_created_uq on app.orders (created)",
                "create index orders_created_id on app.orders (created, id)",
                "create index orders_customer_desc on app.orders (customer_id desc)",
                // invalid: failed concurrent builds
                "create table app.dupes(v int)",
                "insert into app.dupes values (1), (1)",
                // unused vs used
                "create table app.usage(id int primary key, used int, unused int)",
                "insert into app.usage select g, g, g from generate_series(1, 1000) g",
                "create index usage_used on app.usage (used)",
                "create index usage_unused on app.usage (unused)",
                "analyze app.usage");
        db.execFailing("create unique index concurrently dupes_v_uq on app.dupes (v)");
        db.execFailing("create unique index concurrently dupes_v_uq_ccnew on app.dupes (v)");
        // invalid unique indexes: a failed CREATE UNIQUE INDEX CONCURRENTLY on duplicate keys
        db.exec("create table app.uq_dupes(a int, b text)",
                // two duplicate keys; (null, 'n') twice is no duplicate for a unique index (nulls are distinct)
                "insert into app.uq_dupes values (1, 'x'), (1, 'x'), (2, 'y'), (2, 'y'), (2, 'y'), (3, 'z'), (null, 'n'), (null, 'n')",
                "create table app.uq_fixed(a int)", "insert into app.uq_fixed values (1), (1), (2)",
                "create table app.uq_partial(a int, active bool)", "insert into app.uq_partial values (1, true), (1, true), (2, true)",
                "create table app.uq_partial2(a int, active bool)",
                "insert into app.uq_partial2 values (5, true), (5, true), (6, false), (6, false)",
                "create table " + UQ_TABLE_SQL + "(\"Key; drop\" text)",
                "insert into " + UQ_TABLE_SQL + " values ('k'), ('k'), ('l')");
        db.execFailing("create unique index concurrently uq_dupes_ab on app.uq_dupes (a, b)");
        db.execFailing("create unique index concurrently uq_dupes_lower on app.uq_dupes (lower(b))");
        db.execFailing("create unique index concurrently uq_fixed_a on app.uq_fixed (a)");
        db.execFailing("create unique index concurrently uq_partial_a on app.uq_partial (a) where active");
        db.execFailing("create unique index concurrently uq_partial2_a on app.uq_partial2 (a) where active");
        db.execFailing("create unique index concurrently " + UQ_INDEX_SQL + " on " + UQ_TABLE_SQL + " (\"Key; drop\")");
        // the data fixed after the failure: uq_fixed has no duplicate left, uq_partial none among the active rows
        db.exec("delete from app.uq_fixed where ctid = (select max(ctid) from app.uq_fixed where a = 1)",
                "update app.uq_partial set active = false where ctid = (select max(ctid) from app.uq_partial where a = 1)");
        db.exec("set enable_seqscan = off", "select count(*) from app.usage where used = 5", "reset enable_seqscan");
        db.flushStats();
        TestDatabase.await("index scan counted", () -> ((Number) db.value(
                "select idx_scan from pg_stat_user_indexes where indexrelname = 'usage_used'")).longValue() > 0);
        plan = PlanRun.of(db);
    }

    @AfterAll
    static void drop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void foreignKeyCoveredByAnyOrderOfItsColumnsButNotByAGap() {
        Map<String, Object> f = plan.finding("fk_without_index", "app", "uncovered");
        assertEquals(List.of("site", "code"), f.get("columns"));
        assertEquals("warning", f.get("severity"));
        assertEquals("CREATE INDEX CONCURRENTLY ON app.uncovered (site, code);".replace("app.uncovered", "\"app\".\"uncovered\"")
                .replace("(site, code)", "(\"site\", \"code\")"), f.get("suggestion"));
        assertEquals("fk_without_index", f.get("check"));
        assertTrue(f.get("message").toString().contains("uncovered_site_fk"), f.toString());
        plan.assertNone("fk_without_index", "app", "covered");
        plan.assertNone("fk_without_index", "app", "partial_notnull");
        plan.finding("fk_without_index", "app", "partial_other");
    }

    @Test
    void foreignKeyServedByAnIndexOnSomeOfItsColumnsIsInfoNamingTheIndexAndItsScan() {
        Map<String, Object> f = plan.finding("fk_without_index", "app", "partly");
        assertEquals("info", f.get("severity"));
        assertEquals(List.of("partly_code_qty_site"), f.get("indexes"));
        assertNull(f.get("suggestion"));
        assertTrue(f.get("message").toString().contains("btree index partly_code_qty_site serves its lookup: an index scan"
                + " on code that filters site"), f.toString());
    }

    @Test
    void foreignKeyOfHostileNamesAndOfPartitionedTables() {
        Map<String, Object> odd = plan.finding("fk_without_index", WEIRD, ODD);
        assertEquals(List.of("Site Id", "code"), odd.get("columns"));
        assertEquals("CREATE INDEX CONCURRENTLY ON " + ODD_SQL + " (\"Site Id\", \"code\");", odd.get("suggestion"));
        Map<String, Object> parted = plan.finding("fk_without_index", "app", "parted");
        // no CONCURRENTLY on a partitioned table: the online recipe, each partition's index built concurrently
        assertEquals("""
                -- online: a plain CREATE INDEX on a partitioned table locks writes on every partition
                CREATE INDEX "parted_site_code_idx" ON ONLY "app"."parted" ("site", "code");
                CREATE INDEX CONCURRENTLY "parted_1_site_code_idx" ON "app"."parted_1" ("site", "code");
                ALTER INDEX "app"."parted_site_code_idx" ATTACH PARTITION "app"."parted_1_site_code_idx";""",
                parted.get("suggestion"));
        plan.assertNone("fk_without_index", "app", "parted_1");
    }

    @Test
    void suggestionsRunOnTheServer() {
        try (TestDatabase scratch = TestDatabase.create()) {
            scratch.exec("create schema app", "create schema \"Weird Schema\"",
                    "create table app.site(site int, code int, primary key (site, code))",
                    "create table " + ODD_SQL + "(id int primary key, \"Site Id\" int, code int, note text, foreign key (\"Site Id\", code) references app.site)",
                    "create index \"Odd idx 1\" on " + ODD_SQL + " (note)",
                    "create index \"Odd idx 2\" on " + ODD_SQL + " (note)");
            PlanRun before = PlanRun.of(scratch);
            scratch.exec(before.finding("fk_without_index", WEIRD, ODD).get("suggestion").toString());
            scratch.exec(before.finding("duplicate_index", WEIRD, ODD).get("suggestion").toString());
            PlanRun after = PlanRun.of(scratch);
            after.assertNone("fk_without_index", WEIRD, ODD);
            after.assertNone("duplicate_index", WEIRD, ODD);
        }
    }

    @Test
    void duplicatesSuggestDroppingTheOneThatBacksNoConstraint() {
        List<Map<String, Object>> customer = plan.findings("duplicate_index", "app", "customer");
        assertEquals(2, customer.size(), customer::toString);
        Map<String, Object> email = customer.stream().filter(f -> f.get("indexes").equals(
                List.of("customer_email_idx1", "customer_email_idx2"))).findFirst().orElseThrow(() -> new AssertionError(customer));
        assertEquals(List.of("email"), email.get("columns"));
        assertEquals("DROP INDEX CONCURRENTLY \"app\".\"customer_email_idx2\";", email.get("suggestion"));
        Map<String, Object> pk = customer.stream().filter(f -> f.get("indexes").equals(
                List.of("customer_pkey", "customer_id_copy"))).findFirst().orElseThrow(() -> new AssertionError(customer));
        assertEquals("DROP INDEX CONCURRENTLY \"app\".\"customer_id_copy\";", pk.get("suggestion"));
        // partial vs plain and lower(email) vs email are not duplicates
        for (Map<String, Object> f : customer) {
            assertFalse(f.get("indexes").toString().contains("partial"), f.toString());
            assertFalse(f.get("indexes").toString().contains("lower"), f.toString());
        }
    }

    @Test
    void duplicatesThatAllBackConstraintsSuggestNothing() {
        Map<String, Object> f = plan.finding("duplicate_index", "app", "two_uniques");
        assertEquals(List.of("two_u1", "two_u2"), f.get("indexes"));
        assertNull(f.get("suggestion"));
    }

    @Test
    void duplicatesWithHostileNames() {
        Map<String, Object> odd = plan.finding("duplicate_index", WEIRD, ODD);
        assertEquals(List.of("Odd idx 1", "Odd idx 2"), odd.get("indexes"));
        assertEquals("DROP INDEX CONCURRENTLY \"Weird Schema\".\"Odd idx 2\";", odd.get("suggestion"));
        Map<String, Object> hostile = plan.finding("duplicate_index", "app", HOSTILE);
        assertEquals("DROP INDEX CONCURRENTLY \"app\".\"dup; drop 2\";", hostile.get("suggestion"));
    }

    @Test
    void overlappingListsTheNarrowerIndexFirst() {
        Map<String, Object> f = plan.finding("overlapping_index", "app", "orders");
        assertEquals(List.of("orders_customer", "orders_customer_created"), f.get("indexes"));
        assertEquals(List.of("customer_id"), f.get("columns"));
        assertEquals("DROP INDEX CONCURRENTLY \"app\".\"orders_customer\";", f.get("suggestion"));
        // GIN vs btree, unique narrower, other sort order: quiet (the only finding on orders is the one above)
        plan.assertNone("overlapping_index", "app", "customer");
        plan.assertNone("overlapping_index", "app", "covered");
    }

    @Test
    void invalidIndexesAndReindexLeftovers() {
        List<Map<String, Object>> found = plan.findings("invalid_index", "app", "dupes");
        assertEquals(2, found.size(), found::toString);
        Map<String, Object> plain = found.stream().filter(f -> f.get("indexes").equals(List.of("dupes_v_uq"))).findFirst().orElseThrow();
        // unique on (1), (1): a REINDEX would fail
        assertEquals("DROP INDEX CONCURRENTLY \"app\".\"dupes_v_uq\";\nselect \"v\", count(*) from \"app\".\"dupes\""
                + " where \"v\" is not null group by \"v\" having count(*) > 1;", plain.get("suggestion"));
        Map<String, Object> leftover = found.stream().filter(f -> f.get("indexes").equals(List.of("dupes_v_uq_ccnew"))).findFirst().orElseThrow();
        assertTrue(leftover.get("message").toString().contains("REINDEX CONCURRENTLY"), leftover.toString());
        assertEquals("DROP INDEX CONCURRENTLY \"app\".\"dupes_v_uq_ccnew\";", leftover.get("suggestion"));
        assertEquals(8, plan.findings("invalid_index").size(), () -> plan.findings("invalid_index").toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Map<String, Object> finding) {
        return (Map<String, Object>) finding.get("details");
    }

    private static Map<String, Object> invalid(String schema, String table, String index) {
        return plan.findings("invalid_index", schema, table).stream().filter(f -> f.get("indexes").equals(List.of(index)))
                .findFirst().orElseThrow(() -> new AssertionError("no invalid_index " + index + " in " + plan.findings("invalid_index")));
    }

    @Test
    void safety21_invalidUniqueIndexWithDuplicateKeysSuggestsTheDropAndTheQueryThatListsThem() {
        Map<String, Object> f = invalid("app", "uq_dupes", "uq_dupes_ab");
        String message = f.get("message").toString();
        assertTrue(message.contains("2 duplicate keys"), message);
        assertTrue(message.contains("REINDEX would fail"), message);
        String query = "select \"a\", \"b\", count(*) from \"app\".\"uq_dupes\" where \"a\" is not null and \"b\" is not null"
                + " group by \"a\", \"b\" having count(*) > 1;";
        assertEquals("DROP INDEX CONCURRENTLY \"app\".\"uq_dupes_ab\";\n" + query, f.get("suggestion"));
        assertEquals(2L, ((Number) details(f).get("duplicate_keys")).longValue());
        assertEquals(List.of(List.of(1, "x", 2L), List.of(2, "y", 3L)), db.query(query.replace(";", " order by 1")));
    }

    @Test
    void safety21_invalidUniqueIndexWithoutDuplicatesKeepsTheReindexThatThenWorks() {
        Map<String, Object> fixed = invalid("app", "uq_fixed", "uq_fixed_a");
        assertTrue(fixed.get("message").toString().contains("no duplicate keys"), fixed.toString());
        assertEquals("REINDEX INDEX CONCURRENTLY \"app\".\"uq_fixed_a\";", fixed.get("suggestion"));
        assertEquals(0L, ((Number) details(fixed).get("duplicate_keys")).longValue());
        // a partial unique index: the duplicates outside its predicate do not count
        Map<String, Object> partial = invalid("app", "uq_partial", "uq_partial_a");
        assertEquals("REINDEX INDEX CONCURRENTLY \"app\".\"uq_partial_a\";", partial.get("suggestion"), partial::toString);
        try (TestDatabase scratch = TestDatabase.create()) {
            scratch.exec("create schema app", "create table app.uq_fixed(a int)", "insert into app.uq_fixed values (1), (1), (2)",
                    "create table app.uq_partial(a int, active bool)",
                    "insert into app.uq_partial values (1, true), (1, true), (2, true)");
            // duplicate keys: both builds fail and leave invalid indexes
            scratch.execFailing("create unique index concurrently uq_fixed_a on app.uq_fixed (a)");
            scratch.execFailing("create unique index concurrently uq_partial_a on app.uq_partial (a) where active");
            scratch.exec("delete from app.uq_fixed where ctid = (select max(ctid) from app.uq_fixed where a = 1)",
                    "update app.uq_partial set active = false where ctid = (select max(ctid) from app.uq_partial where a = 1)",
                    fixed.get("suggestion").toString(), partial.get("suggestion").toString());
            assertEquals(0L, scratch.value("select count(*) from pg_index where not indisvalid"), "the reindexes succeeded");
        }
    }

    @Test
    void safety21_partialUniqueIndexCountsAndListsOnlyTheRowsItCovers() {
        Map<String, Object> f = invalid("app", "uq_partial2", "uq_partial2_a");
        assertTrue(f.get("message").toString().contains("has 1 duplicate key:"), f.toString());
        String query = "select \"a\", count(*) from \"app\".\"uq_partial2\" where \"a\" is not null and (active)"
                + " group by \"a\" having count(*) > 1;";
        assertEquals("DROP INDEX CONCURRENTLY \"app\".\"uq_partial2_a\";\n" + query, f.get("suggestion"));
        assertEquals(List.of(List.of(5, 2L)), db.query(query));
    }

    @Test
    void safety21_expressionKeyIsNotCheckedAndGetsNoBlindReindex() {
        Map<String, Object> f = invalid("app", "uq_dupes", "uq_dupes_lower");
        assertTrue(f.get("message").toString().contains("duplicates not checked"), f.toString());
        assertEquals("DROP INDEX CONCURRENTLY \"app\".\"uq_dupes_lower\";", f.get("suggestion"));
    }

    @Test
    void safety21_hostileNamesAreQuotedInTheDropAndTheQuery() {
        Map<String, Object> f = invalid(WEIRD, UQ_TABLE, UQ_INDEX);
        String query = "select \"Key; drop\", count(*) from " + UQ_TABLE_SQL + " where \"Key; drop\" is not null"
                + " group by \"Key; drop\" having count(*) > 1;";
        assertEquals("DROP INDEX CONCURRENTLY \"Weird Schema\"." + UQ_INDEX_SQL + ";\n" + query, f.get("suggestion"));
        assertEquals(List.of(List.of("k", 2L)), db.query(query));
    }

    @Test
    void safety21_anExclusionSparesATableTheSearchAndStillGetsNoBlindReindex(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (TestDatabase scratch = TestDatabase.create()) {
            scratch.exec("create table big(a int)", "insert into big values (1), (1)");
            scratch.execFailing("create unique index concurrently big_a on big (a)");   // duplicate key
            java.nio.file.Path config = org.pgmaint.testing.Files2.write(dir.resolve("pgmaint.yaml"), """
                    exclusions:
                      - table: big
                        checks: [invalid_unique_duplicates]
                    """);
            Map<String, Object> f = PlanRun.of(scratch, "--config", config.toString()).finding("invalid_index", "public", "big");
            assertTrue(f.get("message").toString().contains("duplicates not checked (the invalid_unique_duplicates check did not run)"),
                    f.toString());
            assertEquals("DROP INDEX CONCURRENTLY \"public\".\"big_a\";", f.get("suggestion"));
        }
    }

    @Test
    void safety21_nullsNotDistinctCountsNullKeysAsDuplicates() {
        org.junit.jupiter.api.Assumptions.assumeTrue(db.serverMajor() >= 15, "NULLS NOT DISTINCT is PostgreSQL 15+");
        try (TestDatabase scratch = TestDatabase.create()) {
            scratch.exec("create table nnd(a int)", "insert into nnd values (null), (null), (1)");
            try {
                scratch.exec("create unique index concurrently nnd_a on nnd (a) nulls not distinct");
                throw new AssertionError("expected to fail");
            } catch (IllegalStateException expected) {
                // two NULLs are a duplicate key here
            }
            Map<String, Object> f = PlanRun.of(scratch).finding("invalid_index", "public", "nnd");
            assertTrue(f.get("message").toString().contains("has 1 duplicate key:"), f.toString());
            assertEquals("DROP INDEX CONCURRENTLY \"public\".\"nnd_a\";\n"
                    + "select \"a\", count(*) from \"public\".\"nnd\" group by \"a\" having count(*) > 1;", f.get("suggestion"));
        }
    }

    @Test
    void safety21_aLockedTableIsNotCheckedAndGetsNoBlindReindex() throws Exception {
        try (TestDatabase scratch = TestDatabase.create(); java.sql.Connection locker = scratch.newConnection()) {
            scratch.exec("create table locked(a int)", "insert into locked values (1), (1)");
            try {
                scratch.exec("create unique index concurrently locked_a on locked (a)");
                throw new AssertionError("expected to fail");
            } catch (IllegalStateException expected) {
                // duplicate key
            }
            scratch.exec("delete from locked");
            locker.setAutoCommit(false);
            try (java.sql.Statement s = locker.createStatement()) {
                s.execute("lock table locked in access exclusive mode");
            }
            long start = System.nanoTime();
            PlanRun locked = PlanRun.of(scratch);
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            locker.rollback();
            Map<String, Object> f = locked.finding("invalid_index", "public", "locked");
            assertTrue(f.get("message").toString().contains("duplicates not checked"), f.toString());
            assertTrue(f.get("message").toString().contains("lock"), f.toString());
            assertFalse(f.get("suggestion").toString().contains("REINDEX"), f.toString());
            assertTrue(f.get("suggestion").toString().contains(
                    "select \"a\", count(*) from \"public\".\"locked\" where \"a\" is not null group by \"a\" having count(*) > 1;"), f.toString());
            assertTrue(seconds < 20, "the plan did not wait on the lock: " + seconds + " s");
        }
    }

    @Test
    void unusedIndexIsWeakWhileStatisticsAreYoung() {
        Map<String, Object> f = plan.finding("unused_index", "app", "usage");
        assertEquals(List.of("usage_unused"), f.get("indexes"));
        assertEquals("info", f.get("severity"));
        assertEquals(true, ((Map<?, ?>) f.get("details")).get("weak"), f.toString());
        assertEquals("DROP INDEX CONCURRENTLY \"app\".\"usage_unused\";", f.get("suggestion"));
        // unique, primary key and FK-serving indexes are never "unused"
        for (Map<String, Object> u : plan.findings("unused_index")) {
            String names = u.get("indexes").toString();
            assertFalse(names.contains("pkey") || names.contains("covered_code_site") || names.contains("_uq")
                    || names.contains("two_u"), u.toString());
        }
    }

    @Test
    void unusedIndexIsAWarningOnceStatisticsAreOldEnough() {
        PlanRun run = PlanRun.of(db, "--set", "thresholds.unused_index_min_stats_age_days=0");
        Map<String, Object> f = run.finding("unused_index", "app", "usage");
        assertEquals("warning", f.get("severity"));
        assertEquals(false, ((Map<?, ?>) f.get("details")).get("weak"));
    }
}
