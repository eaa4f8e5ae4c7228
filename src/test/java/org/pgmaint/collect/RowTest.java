package org.pgmaint.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.VersionIndependent;

/** A collected row reads like the insertion-ordered map it replaces. */
@VersionIndependent
class RowTest {
    @Test
    void readsLikeAnOrderedMap() {
        Row row = new Row(List.of("schema_name", "table_name", "dead_tuples"), new Object[] {"Weird Schema", null, 42L});
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("schema_name", "Weird Schema");
        expected.put("table_name", null);
        expected.put("dead_tuples", 42L);

        assertEquals(expected, row);
        assertEquals(row, expected);
        assertEquals(expected.hashCode(), row.hashCode());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(row.keySet()));
        assertEquals(42L, row.get("dead_tuples"));
        assertEquals(42L, row.valueAt(2));
        assertTrue(row.containsKey("table_name"));
        assertNull(row.get("table_name"));
        assertFalse(row.containsKey("index_name"));
        assertNull(row.get("index_name"));
        assertThrows(UnsupportedOperationException.class, () -> row.put("x", 1));
    }

    @Test
    void refusesValuesThatDoNotMatchTheColumns() {
        assertThrows(IllegalArgumentException.class, () -> new Row(List.of("a", "b"), new Object[] {1}));
    }
}
