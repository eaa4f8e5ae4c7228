package org.pgmaint.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Statement.Effect;
import org.pgmaint.plan.Remediation.ScriptStatement;
import org.pgmaint.plan.ScriptCatalog.ForeignKeyCover;
import org.pgmaint.plan.ScriptCatalog.IndexFacts;

/** The suggestions of several findings made into one script; the catalog facts given by hand. */
class ReconcilerTest {
    private static Finding drop(String kind, String table, List<String> indexes, String... dropped) {
        StringBuilder sql = new StringBuilder();
        for (String d : dropped) {
            sql.append("DROP INDEX CONCURRENTLY \"s\".\"").append(d).append("\";\n");
        }
        return Finding.warning(kind, "s", table, kind).withIndexes(indexes).withSuggestion(sql.toString());
    }

    private static IndexFacts index(String name, String table, List<String> backs) {
        return new IndexFacts("s", name, table, false, true, "CREATE INDEX " + name + " ON s." + table + " USING btree (c)",
                null, null, backs, List.of(), null, false, List.of());
    }

    private static ScriptCatalog catalog(Map<String, List<ForeignKeyCover>> fks, IndexFacts... facts) {
        Map<String, IndexFacts> indexes = new java.util.HashMap<>();
        for (IndexFacts f : facts) {
            indexes.put(ScriptCatalog.key(f.schema(), f.name()), f);
        }
        return new ScriptCatalog(true, indexes, fks, Map.of());
    }

    private static List<String> sql(Remediation r) {
        return r.statements().stream().map(s -> s.statement().sql()).toList();
    }

    @Test
    void aDuplicateGroupKeepsOneMemberWhenAnOverlapSuggestsDroppingTheOther() {
        List<Finding> findings = List.of(
                drop("duplicate_index", "products", List.of("sku_idx", "sku_idx1"), "sku_idx1"),
                drop("overlapping_index", "products", List.of("sku_idx", "sku_name_idx"), "sku_idx"),
                drop("overlapping_index", "products", List.of("sku_idx1", "sku_name_idx"), "sku_idx1"));
        Remediation r = Reconciler.reconcile(findings, ScriptCatalog.UNKNOWN);
        assertEquals(List.of("DROP INDEX CONCURRENTLY \"s\".\"sku_idx1\""), sql(r));
        assertEquals(1, r.withheld().size());
        assertTrue(r.withheld().get(0).reason().contains("last of sku_idx, sku_idx1"), r.withheld().toString());
        assertEquals(List.of(true, false, true), r.resolved());
        assertEquals(List.of(0, 2), r.statements().get(0).findings());
    }

    @Test
    void oneDropPerIndexHoweverManyFindingsNameIt() {
        List<Finding> findings = List.of(
                drop("unused_index", "t", List.of("i"), "i"),
                drop("overlapping_index", "t", List.of("i", "j"), "i"),
                drop("some_drop_in", "t", List.of(), "i"),
                Finding.warning("other", "s", "t", "m").withSuggestion("drop index s.i"));
        Remediation r = Reconciler.reconcile(findings, ScriptCatalog.UNKNOWN);
        assertEquals(1, r.statements().size(), sql(r).toString());
        assertEquals(List.of(0, 1, 2, 3), r.statements().get(0).findings());
        assertEquals(4, r.resolvedCount());
    }

    @Test
    void noReindexOfAnIndexTheScriptDropsNorOfATableItRewrites() {
        Finding bloat = Finding.critical("index_bloat", "s", "t", "bloated").withIndexes("i")
                .withSuggestion("REINDEX INDEX CONCURRENTLY \"s\".\"i\";");
        Finding unused = drop("unused_index", "t", List.of("i"), "i");
        Finding otherBloat = Finding.warning("index_bloat", "s", "u", "bloated").withIndexes("k")
                .withSuggestion("REINDEX INDEX CONCURRENTLY \"s\".\"k\";");
        Finding tableReindex = Finding.warning("drop_in", "s", "u", "m").withSuggestion("REINDEX TABLE CONCURRENTLY s.u;");
        Finding tableBloat = Finding.warning("table_bloat", "s", "u", "bloated")
                .withSuggestion("VACUUM (FULL, ANALYZE) \"s\".\"u\";");
        ScriptCatalog catalog = catalog(Map.of(), index("i", "t", List.of()), index("k", "u", List.of()));
        Remediation r = Reconciler.reconcile(List.of(bloat, unused, otherBloat, tableReindex, tableBloat), catalog);
        assertEquals(List.of("DROP INDEX CONCURRENTLY \"s\".\"i\"", "VACUUM (FULL, ANALYZE) \"s\".\"u\""), sql(r));
        assertEquals(List.of(0, 1), r.statements().get(0).findings(), "the bloat finding is resolved by the DROP");
        assertEquals(List.of(2, 3, 4), r.statements().get(1).findings());
        assertEquals(List.of(true, true, true, true, true), r.resolved());
    }

    @Test
    void anIndexThatBacksAConstraintOrIsTheLastCoverOfAForeignKeyIsNeverDropped() {
        Finding dropIn = drop("drop_in", "t", List.of(), "t_pkey", "fk_a", "fk_b");
        ScriptCatalog catalog = catalog(
                Map.of(ScriptCatalog.key("s", "fk_a"), List.of(new ForeignKeyCover("t_x_fkey", "t", List.of("fk_a", "fk_b"))),
                        ScriptCatalog.key("s", "fk_b"), List.of(new ForeignKeyCover("t_x_fkey", "t", List.of("fk_a", "fk_b")))),
                index("t_pkey", "t", List.of("t_pkey")), index("fk_a", "t", List.of()), index("fk_b", "t", List.of()));
        Remediation r = Reconciler.reconcile(List.of(dropIn), catalog);
        assertEquals(List.of("DROP INDEX CONCURRENTLY \"s\".\"fk_a\""), sql(r));
        assertEquals(2, r.withheld().size());
        assertTrue(r.withheld().get(0).reason().contains("backs constraint t_pkey"), r.withheld().toString());
        assertTrue(r.withheld().get(1).reason().contains("foreign key t_x_fkey"), r.withheld().toString());
        assertFalse(r.resolves(0));
        assertEquals(List.of("CREATE INDEX CONCURRENTLY fk_a ON s.t USING btree (c);"), r.statements().get(0).revert());
    }

    @Test
    void phasesOrderTheScriptAndWeakOrRefusedSuggestionsAreLeftOut() {
        Finding create = Finding.warning("fk_without_index", "s", "t", "m").withSuggestion("CREATE INDEX CONCURRENTLY ON s.t (a);");
        Finding prepared = Finding.critical("prepared_transaction_old", null, null, "m").withSuggestion("ROLLBACK PREPARED 'x';");
        Finding weak = drop("unused_index", "t", List.of("w"), "w").withDetail(Finding.WEAK, true);
        Finding dropTable = Finding.warning("drop_in", "s", "t", "m").withSuggestion("DROP TABLE s.t;");
        Finding dropIndex = drop("unused_index", "t", List.of("i"), "i");
        Remediation r = Reconciler.reconcile(List.of(create, prepared, weak, dropTable, dropIndex), ScriptCatalog.UNKNOWN);
        assertEquals(List.of(Effect.RELEASE, Effect.DROP_INDEX, Effect.CREATE_INDEX),
                r.statements().stream().map(s -> s.statement().effect()).toList());
        assertEquals(2, r.withheld().size());
        assertEquals(List.of(true, true, false, false, true), r.resolved());
    }

    @Test
    void aCatalogThatCouldNotBeReadDropsNothing() {
        Finding dup = drop("duplicate_index", "t", List.of("a", "b"), "b");
        Finding analyze = Finding.info("missing_statistics", "s", "t", "m").withSuggestion("ANALYZE s.t;");
        Remediation r = Reconciler.reconcile(List.of(dup, analyze), ScriptCatalog.unreadable("canceling statement due to statement timeout"));
        assertEquals(List.of("ANALYZE s.t"), sql(r));
        assertTrue(r.withheld().get(0).reason().contains("could not be read"), r.withheld().toString());
    }

    @Test
    void idsAreStableAndDifferPerObject() {
        List<Finding> findings = List.of(drop("unused_index", "t", List.of("i"), "i"), drop("unused_index", "t", List.of("j"), "j"));
        List<String> first = Reconciler.reconcile(findings, ScriptCatalog.UNKNOWN).statements().stream().map(ScriptStatement::id).toList();
        List<String> again = Reconciler.reconcile(List.of(findings.get(1), findings.get(0)), ScriptCatalog.UNKNOWN)
                .statements().stream().map(ScriptStatement::id).toList();
        assertEquals(2, first.stream().distinct().count());
        assertEquals(first, List.of(again.get(1), again.get(0)));
        assertTrue(first.get(0).matches("[0-9a-f]{12}"), first.get(0));
    }

    @Test
    void aSuggestionThatReconfiguresTheServerOrNamesASessionIsWithheld() {
        Finding server = Finding.critical("autovacuum_disabled", null, null, "m")
                .withSuggestion("ALTER SYSTEM SET autovacuum = on; ALTER SYSTEM SET track_counts = on; SELECT pg_reload_conf();");
        Finding session = Finding.warning("vacuum_horizon_held", null, null, "m").withSuggestion("SELECT pg_terminate_backend(4242);");
        Finding dropIndex = drop("unused_index", "t", List.of("i"), "i");
        Remediation r = Reconciler.reconcile(List.of(server, session, dropIndex), ScriptCatalog.UNKNOWN);
        assertEquals(List.of(Effect.DROP_INDEX), r.statements().stream().map(s -> s.statement().effect()).toList());
        assertEquals(4, r.withheld().size(), r.withheld()::toString);
        assertEquals(List.of(false, false, true), r.resolved());
    }
}
