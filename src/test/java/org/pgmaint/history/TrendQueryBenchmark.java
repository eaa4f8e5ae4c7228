package org.pgmaint.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scripted measurement (not a test): an embedded store with TABLES tables x RUNS daily runs, then the trend charts'
 * query (the 5 largest tables' points over 30 days) timed REPEAT times. Run with:
 * java -cp target/classes:target/test-classes:$(cat cp.txt) org.pgmaint.history.TrendQueryBenchmark [TABLES [RUNS]]
 */
public final class TrendQueryBenchmark {
    private TrendQueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tables = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Path dir = Files.createTempDirectory("pgmaint-trend-bench");
        TargetKey key = new TargetKey("bench:5432", "app");
        long start = System.nanoTime();
        try (HistoryStore store = HistoryStore.open(TrendQueriesTest.settings(dir))) {
            for (int day = runs - 1; day >= 0; day--) {
                TrendQueriesTest.write(store, key, TrendQueriesTest.NOW.minus(Duration.ofDays(day)), tables, runs - day, 1L << 30);
            }
            System.out.printf("wrote %d runs x %d tables in %d ms; %s is %d MB%n", runs, tables,
                    (System.nanoTime() - start) / 1_000_000, dir.resolve("history.db"),
                    Files.size(dir.resolve("history.db")) >> 20);
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long t = System.nanoTime();
                int n = store.largestTablesSince(key, TrendQueriesTest.NOW.minus(Duration.ofDays(30)), TrendQueriesTest.NOW, 5).size();
                long t2 = System.nanoTime();
                int m = store.runsSince(null, TrendQueriesTest.NOW.minus(Duration.ofDays(30))).size()
                        + store.latestRuns(null, 100).size();
                millis.add((t2 - t) / 1_000_000);
                System.out.printf("largestTablesSince: %d points in %d ms; runsSince + latestRuns: %d rows in %d ms%n",
                        n, (t2 - t) / 1_000_000, m, (System.nanoTime() - t2) / 1_000_000);
            }
        }
    }
}
