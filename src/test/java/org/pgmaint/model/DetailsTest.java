package org.pgmaint.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.VersionIndependent;

/** Details behave as an immutable insertion-ordered map, and each with-copy leaves the original as it was. */
@VersionIndependent
class DetailsTest {
    @Test
    void keepsInsertionOrderAndReplacesInPlace() {
        Details first = Details.of(Map.of()).with("b", 1).with("a", null).with("c", "x");
        Details second = first.with("a", 2L);

        assertEquals(List.of("b", "a", "c"), List.copyOf(second.keySet()));
        assertEquals(2L, second.get("a"));
        assertNull(first.get("a"));
        assertTrue(first.containsKey("a"), "a key with a null value is present");
        assertFalse(first.containsKey("z"));
        assertEquals(3, second.size());

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", 1);
        expected.put("a", 2L);
        expected.put("c", "x");
        assertEquals(expected, second);
        assertEquals(expected.hashCode(), second.hashCode());
        assertEquals(expected.toString(), second.toString());
    }

    @Test
    void copiesOtherMapsOnceAndIsReadOnly() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("rows", 5);
        source.put("bytes", 10L);
        Details copy = Details.of(source);
        source.put("rows", 6);

        assertEquals(5, copy.get("rows"));
        assertSame(copy, Details.of(copy));
        assertThrows(UnsupportedOperationException.class, () -> copy.put("rows", 7));
        assertThrows(UnsupportedOperationException.class, () -> copy.entrySet().iterator().next().setValue(1));
    }
}
