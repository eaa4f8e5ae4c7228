package org.pgmaint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathNamesTest {
    @Test
    void hostileNamesStayOneComponentInsideTheFolder() {
        Path dir = Path.of("/reports");
        for (String name : List.of("..", ".", "../../etc", "/etc/passwd", "a/b", "line\nbreak", "drop table x; --",
                "Odd \"Name\"", "", "%2E%2E", "café", "..hidden", "x\u0000y")) {
            String component = PathNames.component(name);
            Path resolved = dir.resolve(component).normalize();
            assertEquals(dir, resolved.getParent(), name);
            assertEquals(1, Path.of(component).getNameCount(), name);
            assertFalse(component.contains("/") || component.contains("\n") || component.startsWith("."), name);
        }
    }

    @Test
    void plainNamesAreKeptAndDistinctNamesStayDistinct() {
        assertEquals("app_db-2.old", PathNames.component("app_db-2.old"));
        assertEquals("%2E.", PathNames.component(".."));
        assertNotEquals(PathNames.component("a/b"), PathNames.component("a%2Fb"));
        assertTrue(PathNames.component("caf\u00e9").matches("caf%C3%A9"));
    }
}
