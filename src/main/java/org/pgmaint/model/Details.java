package org.pgmaint.model;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The details of an action or finding: immutable and in insertion order, so the records pass them on from one
 * {@code with...} copy to the next without copying (a plan at 10,000 tables makes tens of thousands of these).
 */
final class Details extends AbstractMap<String, Object> {
    private static final Details EMPTY = new Details(new LinkedHashMap<>());

    private final Map<String, Object> entries;

    private Details(LinkedHashMap<String, Object> owned) {
        this.entries = Collections.unmodifiableMap(owned);
    }

    static Details of(Map<String, Object> details) {
        if (details instanceof Details frozen) {
            return frozen;
        }
        return details.isEmpty() ? EMPTY : new Details(new LinkedHashMap<>(details));
    }

    Details with(String key, Object value) {
        LinkedHashMap<String, Object> more = new LinkedHashMap<>(entries);
        more.put(key, value);
        return new Details(more);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return entries.entrySet();
    }

    @Override
    public Object get(Object key) {
        return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public int size() {
        return entries.size();
    }
}
