package org.pgmaint.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pgmaint.model.Statement.Effect;

class StatementTest {
    private static Statement one(String sql) {
        List<Statement> statements = Statement.parse(sql, "s");
        assertEquals(1, statements.size(), sql);
        return statements.get(0);
    }

    @Test
    void dropIndexIsReadWithItsQuotedNameAndOutsideATransaction() {
        Statement s = one("DROP INDEX CONCURRENTLY " + Sql.quote("app", "Odd \"Name\"\nidx") + ";");
        assertEquals(Effect.DROP_INDEX, s.effect());
        assertEquals("app", s.schema());
        assertEquals("Odd \"Name\"\nidx", s.name());
        assertFalse(s.transactional());
        assertNull(s.refused());
    }

    @Test
    void severalStatementsAreCutAtSemicolonsInCodeOnly() {
        List<Statement> s = Statement.parse("DROP INDEX \"s\".\"a;b\";\n-- a comment; with a semicolon\nDROP INDEX s.c;", "x");
        assertEquals(List.of("a;b", "c"), s.stream().map(Statement::name).toList());
        assertTrue(s.stream().allMatch(Statement::transactional));
    }

    @Test
    void unqualifiedNamesFoldAndTakeTheFindingsSchema() {
        Statement s = Statement.parse("drop index Foo_Idx", "public").get(0);
        assertEquals("public", s.schema());
        assertEquals("foo_idx", s.name());
    }

    @Test
    void reindexVacuumFullConstraintAndCreateAreRecognised() {
        assertEquals(Effect.REINDEX_INDEX, one("REINDEX INDEX CONCURRENTLY \"s\".\"i\";").effect());
        Statement table = one("REINDEX (VERBOSE) TABLE s.t;");
        assertEquals(Effect.REINDEX_TABLE, table.effect());
        assertEquals("t", table.table());
        Statement full = one("VACUUM (FULL, ANALYZE) \"s\".\"t\";");
        assertEquals(Effect.REWRITE_TABLE, full.effect());
        assertFalse(full.transactional());
        assertEquals(Effect.VACUUM, one("VACUUM (FREEZE) s.t;").effect());
        Statement constraint = one("ALTER TABLE \"s\".\"t\" DROP CONSTRAINT \"fk 2\";");
        assertEquals(Effect.DROP_CONSTRAINT, constraint.effect());
        assertEquals("t", constraint.table());
        assertEquals("fk 2", constraint.name());
        assertTrue(constraint.transactional());
        Statement create = one("CREATE INDEX CONCURRENTLY ON \"s\".\"t\" (\"a\");");
        assertEquals(Effect.CREATE_INDEX, create.effect());
        assertEquals("t", create.table());
        Statement named = one("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"My Idx\" ON ONLY s.t USING btree (a);");
        assertEquals("My Idx", named.name());
        assertEquals("t", named.table());
        assertNull(create.name());
        Statement release = one("ROLLBACK PREPARED 'x';");
        assertEquals(Effect.RELEASE, release.effect());
        assertFalse(release.transactional());
    }

    @Test
    void whatCannotBeRecreatedOrHidesAMetaCommandIsRefused() {
        assertEquals(Effect.DESTRUCTIVE, one("DROP TABLE s.t;").effect());
        assertEquals(Effect.DESTRUCTIVE, one("DROP INDEX s.i CASCADE;").effect());
        assertNotNull(one("ALTER TABLE s.t DROP COLUMN c;").refused());
        List<Statement> meta = Statement.parse("ANALYZE s.t; \\! touch /tmp/x", "s");
        assertTrue(meta.get(meta.size() - 1).refused().contains("meta-command"));
        assertNull(one("COMMENT ON TABLE s.t IS E'\\\\';").refused());
        assertTrue(one("SELECT :ON_ERROR_STOP;").refused().contains("variable"));
        assertNull(one("COMMENT ON TABLE s.t IS ':x';").refused());
        Statement hostile = one("ANALYZE \"drop table x; --\";");
        assertEquals(Effect.OTHER, hostile.effect());
        assertNull(hostile.refused());
    }

    @Test
    void weakIsTheDetailsFlag() {
        Finding f = Finding.info("unused_index", "s", "t", "m").withSuggestion("DROP INDEX s.i;");
        assertFalse(f.weak());
        assertTrue(f.withDetail(Finding.WEAK, true).weak());
        assertEquals(List.of("i"), f.statements().stream().map(Statement::name).toList());
    }

    @Test
    void serverWideStatementsAndFunctionCallsAreNeverScripted() {
        assertEquals(Statement.SERVER_WIDE, one("ALTER SYSTEM SET autovacuum = on;").refused());
        assertEquals(Statement.CALL_AT_PLAN_TIME, one("SELECT pg_reload_conf();").refused());
        assertEquals(Statement.CALL_AT_PLAN_TIME, one("select pg_catalog.pg_terminate_backend(4242);").refused());
        assertEquals(Statement.CALL_AT_PLAN_TIME, one("SELECT pg_catalog.pg_drop_replication_slot('s');").refused());
        assertEquals(null, one("ALTER TABLE s.t VALIDATE CONSTRAINT c;").refused());
    }
}
