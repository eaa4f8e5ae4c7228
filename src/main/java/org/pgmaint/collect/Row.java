package org.pgmaint.collect;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One collected row: the check's declared columns (one list shared by all its rows) and their values, in
 * declaration order; read-only. A 10,000-table catalog returns ~75,000 rows that live until the reports are
 * written: as hash maps they took about 35 MB more heap, which every young collection copied.
 */
public final class Row extends AbstractMap<String, Object> {
    private final List<String> columns;
    private final Object[] values;

    Row(List<String> columns, Object[] values) {
        if (columns.size() != values.length) {
            throw new IllegalArgumentException(values.length + " values for columns " + columns);
        }
        this.columns = columns;
        this.values = values;
    }

    public List<String> columns() {
        return columns;
    }

    /** The value of the column at this position of {@link #columns()}. */
    public Object value(int position) {
        return values[position];
    }

    @Override
    public Object get(Object column) {
        int position = columns.indexOf(column);
        return position < 0 ? null : values[position];
    }

    @Override
    public boolean containsKey(Object column) {
        return columns.contains(column);
    }

    @Override
    public int size() {
        return values.length;
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
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int position = next++;
                        return new SimpleImmutableEntry<>(columns.get(position), values[position]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }
}
