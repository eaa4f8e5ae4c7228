package org.pgmaint.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.VersionIndependent;

/** The systemd unit runs the launcher, restarts on failure only, and the launcher runs bin/pgmaint cache-processor. */
@VersionIndependent
class ServiceFilesTest {
    private static final Path UNIT = Path.of("bin/systemd/pgmaint-cache-processor.service");
    private static final Path LAUNCHER = Path.of("bin/cache-processor");

    private static String value(String key) throws Exception {
        List<String> lines = Files.readAllLines(UNIT).stream().filter(l -> l.startsWith(key + "=")).toList();
        assertEquals(1, lines.size(), key + " in " + UNIT);
        return lines.get(0).substring(key.length() + 1);
    }

    @Test
    void unitRunsTheLauncherAndRestartsOnFailure() throws Exception {
        assertEquals("simple", value("Type"));
        assertTrue(value("ExecStart").endsWith("/bin/cache-processor"));
        assertEquals("on-failure", value("Restart"));
        assertEquals("2", value("RestartPreventExitStatus"), "invalid configuration is not retried");
        assertEquals("SIGTERM", value("KillSignal"));
        assertEquals("multi-user.target", value("WantedBy"));
    }

    @Test
    void launcherCallsPgmaintCacheProcessor() throws Exception {
        assertTrue(Files.isExecutable(LAUNCHER));
        assertTrue(Files.readString(LAUNCHER).contains("exec \"$bin/pgmaint\" cache-processor \"$@\""));
    }
}
