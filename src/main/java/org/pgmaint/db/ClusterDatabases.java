package org.pgmaint.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which databases of a cluster a run visits: as vacuumdb's {@code -a}, every database that allows connections and
 * is not a template, or the named ones; minus those matching an exclusion pattern. Every database left out is
 * listed with the reason, so a report can say why it was not maintained.
 */
public final class ClusterDatabases {
    private static final String LIST = "select /* pgmaint:databases */ d.datname::text, d.datallowconn, d.datistemplate"
            + " from pg_catalog.pg_database d order by d.datname";

    /** A database visited, or one left out with the reason. */
    public record Selected(List<String> databases, List<Skipped> skipped) {
        public Selected {
            databases = List.copyOf(databases);
            skipped = List.copyOf(skipped);
        }
    }

    /** A database of the cluster that the run does not visit, and why. */
    public record Skipped(String database, String reason) {
    }

    private ClusterDatabases() {
    }

    /**
     * The databases to visit on the connected cluster: {@code names} empty or {@code [all]} for every connectable
     * non-template database, else the named ones (a name the cluster does not have is skipped, saying so), minus
     * those matching one of {@code excludePatterns} (globs: {@code *} any characters, {@code ?} one).
     */
    public static Selected select(Connection connection, List<String> names, String all, List<String> excludePatterns)
            throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(LIST)) {
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), String.valueOf(rs.getBoolean(2)), String.valueOf(rs.getBoolean(3))});
            }
        }
        boolean everyDatabase = names.isEmpty() || names.equals(List.of(all));
        List<Pattern> excluded = excludePatterns.stream().map(ClusterDatabases::glob).toList();
        List<String> visit = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (String[] row : rows) {
            String name = row[0];
            if (!everyDatabase && !names.contains(name)) {
                continue;
            }
            String pattern = firstMatch(name, excludePatterns, excluded);
            if (Boolean.parseBoolean(row[2])) {
                skipped.add(new Skipped(name, "a template database (datistemplate): not maintained"));
            } else if (!Boolean.parseBoolean(row[1])) {
                skipped.add(new Skipped(name, "does not allow connections (datallowconn = false)"));
            } else if (pattern != null) {
                skipped.add(new Skipped(name, "excluded by the pattern " + pattern));
            } else {
                visit.add(name);
            }
        }
        if (!everyDatabase) {
            List<String> present = rows.stream().map(r -> r[0]).toList();
            names.stream().filter(n -> !present.contains(n))
                    .forEach(n -> skipped.add(new Skipped(n, "no such database on this server")));
        }
        return new Selected(visit, skipped);
    }

    private static String firstMatch(String name, List<String> patterns, List<Pattern> compiled) {
        for (int i = 0; i < compiled.size(); i++) {
            if (compiled.get(i).matcher(name).matches()) {
                return patterns.get(i);
            }
        }
        return null;
    }

    /** A glob as a regular expression over the whole name: {@code *} any characters, {@code ?} one, the rest literal. */
    public static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
