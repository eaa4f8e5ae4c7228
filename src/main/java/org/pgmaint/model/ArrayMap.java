package org.pgmaint.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A read-only map over keys and values held by position, in that order. Lookups scan the keys: these maps have
 * a handful of entries, and tens of thousands of them live through a large run, where hash maps cost a node
 * per entry and a table each.
 */
public abstract class ArrayMap extends AbstractMap<String, Object> {
    protected abstract String keyAt(int position);

    /** The value at this position, in key order. */
    public abstract Object valueAt(int position);

    @Override
    public abstract int size();

    protected int positionOf(Object key) {
        for (int i = 0; i < size(); i++) {
            if (Objects.equals(keyAt(i), key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Object get(Object key) {
        int position = positionOf(key);
        return position < 0 ? null : valueAt(position);
    }

    @Override
    public boolean containsKey(Object key) {
        return positionOf(key) >= 0;
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
                        return next < size();
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= size()) {
                            throw new NoSuchElementException();
                        }
                        int position = next++;
                        return new SimpleImmutableEntry<>(keyAt(position), valueAt(position));
                    }
                };
            }

            @Override
            public int size() {
                return ArrayMap.this.size();
            }
        };
    }
}
