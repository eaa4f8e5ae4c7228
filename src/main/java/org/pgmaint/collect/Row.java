package org.pgmaint.collect;

import java.util.List;
import org.pgmaint.model.ArrayMap;

/**
 * One collected row: the check's declared columns (one list shared by all its rows) and their values, in
 * declaration order; read-only. A 10,000-table catalog returns ~75,000 rows that live until the reports are
 * written: as hash maps they took more heap, which every young collection copied (docs/performance.md).
 */
public final class Row extends ArrayMap {
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

    @Override
    protected String keyAt(int position) {
        return columns.get(position);
    }

    @Override
    public Object valueAt(int position) {
        return values[position];
    }

    @Override
    public int size() {
        return values.length;
    }
}
