package org.pgmaint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.CatalogLoader;
import org.pgmaint.catalog.Check;
import org.pgmaint.catalog.ThresholdSpec;
import org.pgmaint.engine.Installation;
import org.pgmaint.testing.VersionIndependent;

/**
 * README.md's catalog table cannot drift from checks/: every check has a row (a row may name several), every
 * threshold a check declares is in its row with its default, no row names a threshold that is not declared, and
 * the versions column is the check's SQL keys ("13+, 16+"; notes in parentheses are free text). The second column,
 * what a check finds or plans, is written by hand.
 */
@VersionIndependent
class ReadmeCatalogTest {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern THRESHOLD = Pattern.compile("`([a-z0-9_]+)` ([0-9.]+)");

    @Test
    void catalogTableListsEveryCheckWithItsThresholdsAndVersions() throws IOException {
        Catalog catalog = CatalogLoader.load(List.of(Installation.home().resolve("checks")));
        Map<String, Check> checks = new LinkedHashMap<>();
        catalog.checks().forEach(c -> checks.put(c.id(), c));
        List<String> problems = new ArrayList<>();
        Set<String> listed = new TreeSet<>();
        for (String[] row : rows(Files.readString(Installation.home().resolve("README.md")))) {
            List<Check> named = new ArrayList<>();
            for (String id : codes(row[0])) {
                if (!checks.containsKey(id)) {
                    problems.add("row names `" + id + "`, which is no check in checks/");
                } else if (!listed.add(id)) {
                    problems.add("`" + id + "` has two rows");
                } else {
                    named.add(checks.get(id));
                }
            }
            if (named.isEmpty()) {
                continue;
            }
            String what = named.stream().map(Check::id).collect(Collectors.joining(", "));
            Map<String, ThresholdSpec> declared = new LinkedHashMap<>();
            named.forEach(c -> declared.putAll(c.thresholds()));
            Map<String, String> written = new LinkedHashMap<>();
            Matcher m = THRESHOLD.matcher(row[2]);
            while (m.find()) {
                written.put(m.group(1), m.group(2));
            }
            for (ThresholdSpec t : declared.values()) {
                String expected = number(t.defaultValue());
                if (!expected.equals(written.get(t.name()))) {
                    problems.add(what + ": thresholds should name `" + t.name() + "` " + expected + " (found: "
                            + (written.containsKey(t.name()) ? written.get(t.name()) : "not named") + ")");
                }
            }
            for (String name : written.keySet()) {
                if (!declared.containsKey(name) && catalog.thresholds().containsKey(name)) {
                    problems.add(what + ": thresholds name `" + name + "`, which " + catalog.thresholds().get(name).declaredIn()
                            + " declares, not this row's checks");
                } else if (!declared.containsKey(name) && !name.contains(".")) {
                    problems.add(what + ": thresholds name `" + name + "`, which no check declares");
                }
            }
            String versions = named.stream().map(ReadmeCatalogTest::versions).distinct().collect(Collectors.joining(", "));
            String writtenVersions = row[3].replaceAll("\\s*\\([^)]*\\)", "").trim();
            if (!versions.equals(writtenVersions)) {
                problems.add(what + ": versions should be " + versions + " (found: " + row[3].trim() + ")");
            }
        }
        Set<String> missing = new TreeSet<>(checks.keySet());
        missing.removeAll(listed);
        missing.forEach(id -> problems.add("`" + id + "` has no row in README.md's catalog table"));
        assertEquals("", String.join("\n", problems));
    }

    /** The rows of the table under "| check | finds / plans | default thresholds | versions |", cells split. */
    private static List<String[]> rows(String readme) {
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : readme.split("\n")) {
            if (line.startsWith("| check | finds / plans | default thresholds | versions |")) {
                inTable = true;
            } else if (inTable && !line.startsWith("|")) {
                break;
            } else if (inTable && !line.startsWith("| ---")) {
                String[] cells = line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1);
                rows.add(cells.length == 4 ? cells : new String[] {cells[0], "", "", ""});
            }
        }
        return rows;
    }

    private static List<String> codes(String cell) {
        List<String> codes = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    static String versions(Check check) {
        return check.collector() != null ? "13+"
                : check.sql().keySet().stream().map(k -> k + "+").collect(Collectors.joining(", "));
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
