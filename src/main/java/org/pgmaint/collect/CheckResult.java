package org.pgmaint.collect;

import java.util.List;
import java.util.Map;
import org.pgmaint.catalog.Check;

/** The rows one check returned, each a map from declared column to a value of the declared type. */
public record CheckResult(Check check, List<Map<String, Object>> rows, long elapsedMillis) {
}
