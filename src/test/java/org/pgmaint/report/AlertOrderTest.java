package org.pgmaint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.TestDatabase;

/** Which findings alert, and in which order, is what the rules say: the report names no finding kind. */
class AlertOrderTest {

    @Test
    void aCriticalWraparoundAlertsBeforeOtherCriticalFindings(@TempDir Path dir) throws IOException {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create schema app", "create table app.\"drop table x; --\"(v int)",
                    // an event waiting an hour: a critical cache_processor_lag finding, whose kind sorts first
                    "create table cache_invalidation_events (id bigint generated always as identity primary key,"
                            + " cache_key text not null, created_at timestamptz not null default now(), processed_at timestamptz)",
                    "insert into cache_invalidation_events (cache_key, created_at) values ('a', now() - interval '1 hour')");
            for (int i = 0; i < 200; i++) {
                db.exec("select txid_current()");
            }
            long freezeMaxAge = Long.parseLong(db.value("show autovacuum_freeze_max_age").toString());
            double fraction = 100.0 / freezeMaxAge;

            Cli.Result result = Cli.run("run", db, "--dry-run", "--set", "report.dir=" + dir,
                    "--set", "thresholds.xid_critical_fraction=" + fraction,
                    "--set", "thresholds.xid_warning_fraction=" + fraction);

            assertEquals(1, result.exitCode(), result::toString);
            String alert;
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> alerts = files.filter(p -> p.getFileName().toString().startsWith("alert_")).toList();
                assertEquals(1, alerts.size(), alerts::toString);
                alert = Files.readString(alerts.get(0));
            }
            // the database's own age is past this tiny threshold too (every xid the server used counts): its
            // finding is a wraparound one as well, so the table's is not necessarily the first
            int table = alert.indexOf(". Critical xid_wraparound on app.drop table x; --");
            int lag = alert.indexOf(". Critical cache_processor_lag on public.cache_invalidation_events");
            assertTrue(alert.contains("\n1. Critical xid_wraparound on "), alert);
            assertTrue(table >= 0 && lag > table, alert);
            String firstDo = alert.lines().filter(l -> l.strip().startsWith("Do: ")).findFirst().orElseThrow().strip();
            assertTrue(alert.contains("What to do first: " + firstDo.substring("Do: ".length()) + "\n"), alert);
        }
    }
}
