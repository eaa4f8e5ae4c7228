package org.pgmaint.collect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.VersionIndependent;

/** The row filter itself: system schemas always dropped, whatever the configuration. */
@VersionIndependent
class ExclusionsFilterTest {
    @Test
    void systemSchemasAreAlwaysExcluded() {
        for (String schema : List.of("pg_catalog", "information_schema", "pg_toast", "pg_temp_3", "pg_toast_temp_3")) {
            assertTrue(Exclusions.excluded(List.of(), Map.of("schema_name", schema)), schema);
        }
        for (String schema : List.of("app", "pg_temporary", "Weird Schema", "PG_CATALOG", "pg_catalog2", "pg_", "pg_toastx",
                "information_schema_old", "public")) {
            assertFalse(Exclusions.excluded(List.of(), Map.of("schema_name", schema)), schema);
        }
        assertFalse(Exclusions.excluded(List.of(), Map.of("pid", 42)), "rows without a schema are kept");
    }
}
