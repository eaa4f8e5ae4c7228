package org.pgmaint.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.VersionIndependent;

/** The systemd timers fire on the same days and time as the cron schedule, and start the right service. */
@VersionIndependent
class SystemdUnitsTest {
    private static final Path UNITS = ScriptRunner.BIN.resolve("systemd");

    private static String value(Path unit, String key) throws Exception {
        return Files.readAllLines(unit).stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError(unit + " has no " + key));
    }

    /** The weekdays and times of the next 14 elapses, as systemd computes them. */
    private static Set<String> elapses(String onCalendar) throws Exception {
        ScriptRunner.Result r = ScriptRunner.exec(Map.of(), List.of("systemd-analyze", "calendar", "--iterations=14", onCalendar));
        assertEquals(0, r.exitCode(), r::toString);
        Set<String> seen = new TreeSet<>();
        Matcher m = Pattern.compile("(?:Next elapse|Iter\\. #\\d+): (\\w{3}) \\S+ (\\d\\d:\\d\\d:\\d\\d)").matcher(r.out());
        while (m.find()) {
            seen.add(m.group(1) + " " + m.group(2));
        }
        return seen;
    }

    @Test
    void timersMatchTheCronSchedule() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
        assertEquals(Set.of("Mon 03:00:00", "Tue 03:00:00", "Wed 03:00:00", "Thu 03:00:00", "Fri 03:00:00"),
                elapses(value(UNITS.resolve("pgmaint-maintenance.timer"), "OnCalendar")));
        assertEquals(Set.of("Sat 03:00:00", "Sun 03:00:00"),
                elapses(value(UNITS.resolve("pgmaint-maintenance-full.timer"), "OnCalendar")));
    }

    /** systemd-analyze security's figure (0 to 10) for a unit file, without a running systemd (systemd 250+). */
    private static double exposure(Path unit) throws Exception {
        ScriptRunner.Result r = ScriptRunner.exec(Map.of(), List.of("systemd-analyze", "security", "--offline=true", unit.toString()));
        Matcher m = Pattern.compile("Overall exposure level for " + Pattern.quote(unit.getFileName().toString()) + ": (\\d+\\.\\d)")
                .matcher(r.out());
        assertTrue(m.find(), r::toString);
        return Double.parseDouble(m.group(1));
    }

    private static boolean analyzesOffline() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))) {
            return false;
        }
        Matcher version = Pattern.compile("^systemd (\\d+)").matcher(
                ScriptRunner.exec(Map.of(), List.of("systemd-analyze", "--version")).out());
        return version.find() && Integer.parseInt(version.group(1)) >= 250;
    }

    @Test
    void servicesAreSandboxedToAnExposureOfAtMostThree() throws Exception {
        assumeTrue(analyzesOffline(), "systemd-analyze security --offline needs systemd 250 or later");
        for (String service : List.of("pgmaint-maintenance.service", "pgmaint-maintenance-full.service",
                "pgmaint-cache-processor.service")) {
            double exposure = exposure(UNITS.resolve(service));
            assertTrue(exposure <= 3.0, service + ": exposure " + exposure);
            // the JVM compiles code at run time: a unit that forbids writable executable memory could not start it
            assertFalse(Files.readAllLines(UNITS.resolve(service)).contains("MemoryDenyWriteExecute=yes"), service);
            assertEquals("pgmaint", value(UNITS.resolve(service), "CacheDirectory"), "the rule cache and class-data archive");
        }
    }

    @Test
    void timersStartTheScriptWithTheRightMode() throws Exception {
        assertEquals("pgmaint-maintenance.service", value(UNITS.resolve("pgmaint-maintenance.timer"), "Unit"));
        assertEquals("pgmaint-maintenance-full.service", value(UNITS.resolve("pgmaint-maintenance-full.timer"), "Unit"));
        assertTrue(value(UNITS.resolve("pgmaint-maintenance.service"), "ExecStart").endsWith("/bin/run_database_maintenance.sh"));
        assertTrue(value(UNITS.resolve("pgmaint-maintenance-full.service"), "ExecStart").endsWith("/bin/run_database_maintenance.sh --full"));
        assertEquals("oneshot", value(UNITS.resolve("pgmaint-maintenance-full.service"), "Type"));
    }
}
