package org.pgmaint.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.Check;
import org.pgmaint.catalog.FactSpec;
import org.pgmaint.catalog.FieldType;
import org.pgmaint.catalog.NamedSql;
import org.pgmaint.db.Connections;
import org.pgmaint.model.Mode;
import org.pgmaint.testing.TestDatabase;

/**
 * The second wall: even SQL that got past the loader's one-statement rule and ends its read-only
 * transaction cannot write, because collection connections are read-only for the whole session.
 */
class ReadOnlyCollectionTest {

    private static Check smuggled(String id, String sql) {
        // built by hand: CatalogLoader (NamedSql.parse) refuses this text
        return new Check(id, "test", Set.of(Mode.STANDARD), new FactSpec("Smuggled", Map.of("n", FieldType.INT)), Map.of(),
                Map.of(), null, new TreeMap<>(Map.of(13, new NamedSql(sql, sql, List.of()))), Path.of(id + ".yaml"), null, false);
    }

    @Test
    void safety06_sqlThatEndsItsTransactionStillCannotWriteOnACollectionConnection() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create table sink(n int)",
                    "create function pgmaint_test_write() returns int language plpgsql as $$"
                            + " begin insert into sink values (1); return 1; end $$");
            List<Check> checks = List.of(
                    smuggled("a_commit_insert", "select /* pgmaint:a_commit_insert */ 1 as n; commit; insert into sink values (2); select 1 as n"),
                    smuggled("b_commit_function", "select /* pgmaint:b_commit_function */ 1 as n; commit; select pgmaint_test_write() as n"),
                    smuggled("c_commit_create", "select /* pgmaint:c_commit_create */ 1 as n; commit; create table pwned(); select 1 as n"));
            CollectedFacts collection;
            try (Connection connection = Connections.openReadOnly(db.settings())) {
                collection = new Collector(connection, () -> Connections.openReadOnly(db.settings()), 2, Duration.ofSeconds(10),
                        Map.of()).collect(new Catalog(checks, Map.of()), Mode.STANDARD);
            }
            assertEquals(List.of(List.of(0L)), db.query("select count(*) from sink"), collection.failed()::toString);
            assertEquals(null, db.value("select pg_catalog.to_regclass('public.pwned')"), collection.failed()::toString);
            assertEquals(3, collection.failed().size(), collection.failed()::toString);
            assertTrue(collection.failed().stream().allMatch(f -> f.reason().contains("read-only transaction")),
                    collection.failed()::toString);
        }
    }
}
