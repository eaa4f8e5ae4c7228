package org.pgmaint.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClusterDatabasesGlobTest {
    @Test
    void starAndQuestionMarkAreWildcardsAndEverythingElseIsLiteral() {
        assertTrue(ClusterDatabases.glob("app_*").matcher("app_eu").matches());
        assertTrue(ClusterDatabases.glob("app_*").matcher("app_").matches());
        assertFalse(ClusterDatabases.glob("app_*").matcher("xapp_eu").matches());
        assertTrue(ClusterDatabases.glob("db?").matcher("db1").matches());
        assertFalse(ClusterDatabases.glob("db?").matcher("db12").matches());
        assertTrue(ClusterDatabases.glob("a.b[1]+").matcher("a.b[1]+").matches());
        assertFalse(ClusterDatabases.glob("a.b").matcher("axb").matches());
        assertTrue(ClusterDatabases.glob("*").matcher("line\nbreak").matches());
        assertFalse(ClusterDatabases.glob("App").matcher("app").matches());
    }
}
