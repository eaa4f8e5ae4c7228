package org.pgmaint.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The test servers' autovacuum: on, so a plan does not report it off (a critical finding, exit 1, in every test),
 * and idle, so statistics stay where the tests put them: no table reaches its thresholds (2^31 - 1 tuples;
 * insert-driven vacuums off; PostgreSQL 18's autovacuum_vacuum_max_threshold of 100 million is far above any test
 * table), and the launcher wakes once in 24 days. Anti-wraparound vacuums would still start, in a cluster
 * 200 million transactions old; no test cluster is.
 */
public final class QuietAutovacuum {
    public static final Map<String, String> SETTINGS = Map.of(
            "autovacuum", "on",
            "autovacuum_naptime", "2147483",
            "autovacuum_vacuum_threshold", "2147483647",
            "autovacuum_analyze_threshold", "2147483647",
            "autovacuum_vacuum_insert_threshold", "-1");

    private QuietAutovacuum() {
    }

    public static EmbeddedPostgres.Builder on(EmbeddedPostgres.Builder builder) {
        SETTINGS.forEach(builder::setServerConfig);
        return builder;
    }

    /** The same as postgresql.conf lines. */
    public static String conf() {
        return SETTINGS.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).sorted()
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
