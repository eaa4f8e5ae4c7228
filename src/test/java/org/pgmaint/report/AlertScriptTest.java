package org.pgmaint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pgmaint.execute.RunResult;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Mode;
import org.pgmaint.plan.Plan;

/** The alert's first step follows the reconciled script, not the finding's own suggestion. */
class AlertScriptTest {
    private static Alert alertFor(List<Finding> findings) {
        Plan plan = new Plan("app", "15.0", 15, Mode.STANDARD, List.of(), findings, List.of(), List.of());
        List<Alert> alerts = Alert.of(new RunResult(plan, true, Instant.EPOCH, Instant.EPOCH, List.of()));
        assertEquals(1, alerts.size(), alerts::toString);
        return alerts.get(0);
    }

    @Test
    void aCriticalBloatOnAnIndexTheScriptDropsSaysDropIt() {
        Finding bloat = Finding.critical("index_bloat", "app", "t", "index i is 90% bloated").withIndexes("i")
                .withSuggestion("REINDEX INDEX CONCURRENTLY \"app\".\"i\";");
        Finding unused = Finding.warning("unused_index", "app", "t", "index i is unused").withIndexes("i")
                .withSuggestion("DROP INDEX CONCURRENTLY \"app\".\"i\";");
        assertEquals("Run: DROP INDEX CONCURRENTLY \"app\".\"i\";", alertFor(List.of(bloat, unused)).firstStep());
    }

    @Test
    void aSuggestionLeftOutOfTheScriptSaysWhy() {
        Finding dropTable = Finding.critical("drop_in", "app", "t", "t is useless").withSuggestion("DROP TABLE app.t;");
        assertEquals("Investigate app.t: DROP TABLE app.t was left out of the remediation script: drops or deletes"
                + " something the script cannot recreate.", alertFor(List.of(dropTable)).firstStep());
    }
}
