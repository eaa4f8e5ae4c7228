package org.pgmaint.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The details of an action or finding: immutable and in insertion order, so the records pass them on from one
 * {@code with...} copy to the next without copying (a plan at 10,000 tables makes tens of thousands of these).
 * Held as two short arrays: details have a handful of entries, and a {@code with} copies a few references
 * where a hash map would copy every entry into new nodes.
 */
final class Details extends AbstractMap<String, Object> {
    private static final Details EMPTY = new Details(new String[0], new Object[0]);

    private final String[] keys;
    private final Object[] values;

    private Details(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    static Details of(Map<String, Object> details) {
        if (details instanceof Details frozen) {
            return frozen;
        }
        Details copy = EMPTY;
        for (Map.Entry<String, Object> entry : details.entrySet()) {
            copy = copy.with(entry.getKey(), entry.getValue());
        }
        return copy;
    }

    Details with(String key, Object value) {
        int existing = indexOf(key);
        if (existing >= 0) {
            Object[] replaced = values.clone();
            replaced[existing] = value;
            return new Details(keys, replaced);
        }
        String[] moreKeys = Arrays.copyOf(keys, keys.length + 1);
        Object[] moreValues = Arrays.copyOf(values, values.length + 1);
        moreKeys[keys.length] = key;
        moreValues[values.length] = value;
        return new Details(moreKeys, moreValues);
    }

    private int indexOf(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (java.util.Objects.equals(keys[i], key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Object get(Object key) {
        int index = indexOf(key);
        return index < 0 ? null : values[index];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int index = next++;
                        return new SimpleImmutableEntry<>(keys[index], values[index]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
