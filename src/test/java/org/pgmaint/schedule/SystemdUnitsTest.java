package org.pgmaint.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** The systemd timers fire on the same days and time as the cron schedule, and start the right service. */
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

    @Test
    void timersStartTheScriptWithTheRightMode() throws Exception {
        assertEquals("pgmaint-maintenance.service", value(UNITS.resolve("pgmaint-maintenance.timer"), "Unit"));
        assertEquals("pgmaint-maintenance-full.service", value(UNITS.resolve("pgmaint-maintenance-full.timer"), "Unit"));
        assertTrue(value(UNITS.resolve("pgmaint-maintenance.service"), "ExecStart").endsWith("/bin/run_database_maintenance.sh"));
        assertTrue(value(UNITS.resolve("pgmaint-maintenance-full.service"), "ExecStart").endsWith("/bin/run_database_maintenance.sh --full"));
        assertEquals("oneshot", value(UNITS.resolve("pgmaint-maintenance-full.service"), "Type"));
    }
}
