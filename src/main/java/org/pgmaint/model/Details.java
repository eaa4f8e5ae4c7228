package org.pgmaint.model;

import java.util.Arrays;
import java.util.Map;

/**
 * The details of an action or finding: immutable and in insertion order, so the records pass them on from one
 * {@code with...} copy to the next without copying (a plan at 10,000 tables makes tens of thousands of these).
 * A {@code with} copies two short arrays where a hash map would copy every entry into new nodes.
 */
final class Details extends ArrayMap {
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
        int existing = positionOf(key);
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

    @Override
    protected String keyAt(int position) {
        return keys[position];
    }

    @Override
    public Object valueAt(int position) {
        return values[position];
    }

    @Override
    public int size() {
        return keys.length;
    }
}
