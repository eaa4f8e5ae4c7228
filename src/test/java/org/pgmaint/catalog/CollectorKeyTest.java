package org.pgmaint.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.testing.VersionIndependent;

/** A check may name a built-in collector instead of giving sql (as retention_expired does). */
@VersionIndependent
class CollectorKeyTest {
    private static final String HEAD = """
            id: %s
            description: test
            fact:
              type: %s
              fields:
                policy: text
            """;

    @Test
    void theShippedRetentionCheckLoadsWithItsCollector() {
        Catalog catalog = CatalogLoader.load(List.of(Path.of("checks")));
        Check check = catalog.check("retention_expired").orElseThrow();
        assertEquals("retention", check.collector());
        assertEquals("RetentionExpired", check.fact().type());
        assertTrue(check.sql().isEmpty());
        assertNull(catalog.check("table_activity").orElseThrow().collector());
    }

    @Test
    void anUnknownCollectorOrOneWithSqlIsAnError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a_check.yaml"), HEAD.formatted("a_check", "AFact") + "collector: magic\n");
        Files.writeString(dir.resolve("b_check.yaml"), HEAD.formatted("b_check", "BFact")
                + "collector: retention\nsql:\n  13: select /* pgmaint:b_check */ 'x' as policy\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CatalogLoader.load(List.of(dir)));
        String text = e.describe();
        assertTrue(text.contains("a_check.yaml:7: collector: 'magic' is not a built-in collector; known: [history, retention, unique_duplicates]"), text);
        assertTrue(text.contains("b_check.yaml:9: sql: a check gives either sql or collector, not both"), text);
    }
}
