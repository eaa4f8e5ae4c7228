package org.pgmaint.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pgmaint.db.Identifiers;
import org.pgmaint.model.Finding;
import org.pgmaint.plan.ScriptCatalog.IndexFacts;
import org.pgmaint.testing.TestDatabase;

/**
 * The remediation script's definitions read a thousand to a query: 2,501 indexes with hostile names in a handful of
 * statements; a locked table withholds only its own indexes; an index dropped during the read is no index now.
 */
class ScriptCatalogBatchTest {
    private static final String SCHEMA = "Odd \"Name\" Table";
    private static final String OTHER = "drop table x; --";
    private static TestDatabase db;

    @BeforeAll
    static void catalog() {
        db = TestDatabase.create();
        // 100 tables of 25 indexes and one of 1 (2,501), names with quotes, semicolons and newlines
        db.exec("create schema " + Identifiers.quote(SCHEMA), "create schema " + Identifiers.quote(OTHER), """
                do $$
                declare
                    s text;
                    t text;
                begin
                    for i in 1..101 loop
                        s := case when i % 2 = 0 then 'Odd "Name" Table' else 'drop table x; --' end;
                        t := case i % 3 when 0 then 'Odd "Name" Table ' || i when 1 then 'drop table x; --' || i
                             else E'new\\nline ' || i end;
                        execute format('create table %I.%I(a int, b int, c text)', s, t);
                        for j in 1..case when i = 101 then 1 else 25 end loop
                            execute format('create index %I on %I.%I (%s)', t || E' "idx"\\n; ' || j, s, t,
                                           case j % 3 when 0 then 'a' when 1 then 'b, a' else 'lower(c)' end);
                        end loop;
                    end loop;
                end $$""");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static List<String[]> indexes() {
        List<String[]> names = new ArrayList<>();
        for (List<Object> row : db.query("""
                select n.nspname::text, c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where c.relkind = 'i' and n.nspname in ('Odd "Name" Table', 'drop table x; --') order by 1, 2""")) {
            names.add(new String[] {(String) row.get(0), (String) row.get(1)});
        }
        return names;
    }

    /** What ScriptCatalog sends: its queries and savepoints, counted on the client side. */
    private static final class Counted {
        final List<String> queries = new ArrayList<>();
        int savepoints;
        Consumer<String> beforeQuery = sql -> { };

        Connection wrap(Connection real) {
            return proxy(Connection.class, real, (method, args) -> {
                if (method.equals("setSavepoint")) {
                    savepoints++;
                }
                return null;
            });
        }

        private <T> T proxy(Class<T> type, Object real, Hook hook) {
            InvocationHandler handler = (p, method, args) -> {
                String name = method.getName();
                hook.before(name, args);
                try {
                    Object result = method.invoke(real, args);
                    if (type == Connection.class && name.equals("prepareStatement")) {
                        String sql = (String) args[0];
                        return proxy(PreparedStatement.class, result, (m, a) -> {
                            if (m.startsWith("execute")) {
                                beforeQuery.accept(sql);
                                queries.add(sql);
                            }
                            return null;
                        });
                    }
                    if (type == Connection.class && name.equals("createStatement")) {
                        return proxy(Statement.class, result, (m, a) -> {
                            if (m.startsWith("execute")) {
                                queries.add((String) a[0]);
                            }
                            return null;
                        });
                    }
                    return result;
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler));
        }

        long definitionReads() {
            return queries.stream().filter(q -> q.contains("pg_get_indexdef")).count();
        }
    }

    interface Hook {
        Object before(String method, Object[] args);
    }

    private static ScriptCatalog read(Counted counted, List<String[]> names) throws SQLException {
        try (Connection c = db.newConnection()) {
            return ScriptCatalog.read(counted.wrap(c), names, List.of(), List.of(), Duration.ofSeconds(120));
        }
    }

    @Test
    void twoThousandFiveHundredIndexesInAFewStatements() throws SQLException {
        List<String[]> names = indexes();
        assertEquals(2501, names.size());
        Counted counted = new Counted();
        ScriptCatalog catalog = read(counted, names);
        assertTrue(catalog.known(), catalog.unreadable());
        for (String[] n : names) {
            IndexFacts f = catalog.index(n[0], n[1]);
            assertNotNull(f, n[1]);
            assertTrue(f.definition().startsWith("CREATE INDEX " + Identifiers.quote(n[1]) + " ON "
                    + Identifiers.quote(n[0], f.table()) + " USING btree ("), f.definition());
        }
        // the first query, the foreign keys, three batches of definitions; set transaction, statement and lock timeout
        List<String> selects = counted.queries.stream().filter(q -> !q.startsWith("set ")).toList();
        assertTrue(selects.size() <= 6, selects.size() + " queries: " + selects);
        assertEquals(3, counted.definitionReads());
        assertEquals(3, counted.savepoints);
    }

    @Test
    void aLockedTableWithholdsOnlyItsOwnIndexes() throws Exception {
        List<String[]> names = indexes();
        String lockedTable = "Odd \"Name\" Table 6";
        try (Connection other = db.newConnection(); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.execute("lock table " + Identifiers.quote(SCHEMA, lockedTable) + " in access exclusive mode");
            Counted counted = new Counted();
            ScriptCatalog catalog = read(counted, names);
            other.rollback();
            int locked = 0;
            for (String[] n : names) {
                IndexFacts f = catalog.index(n[0], n[1]);
                assertNotNull(f, n[1]);
                if (f.table().equals(lockedTable)) {
                    locked++;
                    assertNull(f.definition(), n[1]);
                    assertTrue(f.valid());
                } else {
                    assertNotNull(f.definition(), n[1]);
                }
            }
            assertEquals(25, locked);
            // only the batch that waited (two, should the table's indexes straddle a boundary) is read one by one
            assertTrue(counted.definitionReads() <= 3 + 2 * ScriptCatalog.BATCH, counted.definitionReads() + " reads");
            assertTrue(counted.definitionReads() > 3);
        }
    }

    @Test
    void anIndexDroppedDuringTheReadIsNoIndexNow() throws Exception {
        db.exec("create schema gone", "create table gone.t(a int)", "create index \"gone\n\"\"i\"\"\" on gone.t(a)",
                "create index kept on gone.t(a)");
        List<String[]> names = new ArrayList<>(indexes());
        names.add(new String[] {"gone", "gone\n\"i\""});
        names.add(new String[] {"gone", "kept"});
        Counted counted = new Counted();
        // after the first query saw it, before its definition is read
        counted.beforeQuery = sql -> {
            if (sql.contains("pg_get_indexdef") && counted.definitionReads() == 0) {
                db.exec("drop index gone.\"gone\n\"\"i\"\"\"");
            }
        };
        ScriptCatalog catalog = read(counted, names);
        assertNull(catalog.index("gone", "gone\n\"i\""));
        assertNotNull(catalog.index("gone", "kept").definition());
        assertEquals(2502, names.stream().filter(n -> catalog.index(n[0], n[1]) != null).count());

        Finding drop = Finding.warning("duplicate_index", "gone", "t", "duplicate").withIndexes("gone\n\"i\"", "kept")
                .withSuggestion("DROP INDEX CONCURRENTLY " + Identifiers.quote("gone", "gone\n\"i\"") + ";");
        Remediation r = Reconciler.reconcile(List.of(drop), catalog);
        assertEquals(1, r.withheld().size(), r.withheld().toString());
        assertTrue(r.withheld().get(0).reason().contains("has no index gone.gone\n\"i\" now"), r.withheld().get(0).reason());
    }
}
