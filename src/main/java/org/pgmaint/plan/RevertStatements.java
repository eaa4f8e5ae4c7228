package org.pgmaint.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pgmaint.db.Identifiers;
import org.pgmaint.model.Statement;
import org.pgmaint.plan.ScriptCatalog.ConstraintFacts;
import org.pgmaint.plan.ScriptCatalog.IndexFacts;
import org.pgmaint.plan.ScriptCatalog.PartitionIndex;

/**
 * What recreates what a statement drops, from the definitions read at plan time: an index from
 * {@code pg_get_indexdef}, built CONCURRENTLY (a partitioned index as PostgreSQL's own online recipe: the parent
 * {@code ON ONLY}, each partition's index concurrently under its own name, attached), with its tablespace and
 * comment; a foreign key or check constraint added NOT VALID and then validated (the lighter locks); an index the
 * script creates is dropped again. Nothing for the other statements.
 */
final class RevertStatements {
    private static final Pattern CREATE = Pattern.compile("^CREATE (UNIQUE )?INDEX ");

    private RevertStatements() {
    }

    static List<String> of(Statement s, ScriptCatalog catalog) {
        return switch (s.effect()) {
            case DROP_INDEX -> index(s, catalog.index(s.schema(), s.name()));
            case DROP_CONSTRAINT -> constraint(catalog.constraint(s.schema(), s.table(), s.name()));
            case CREATE_INDEX -> s.name() == null
                    ? List.of("-- the script creates an index on " + s.schema() + "." + s.table() + " without a name: drop it by hand")
                    : List.of("DROP INDEX " + (s.transactional() ? "" : "CONCURRENTLY ") + "IF EXISTS "
                            + Identifiers.quote(s.schema(), s.name()) + ";");
            default -> List.of();
        };
    }

    private static List<String> index(Statement s, IndexFacts f) {
        if (f == null) {
            return List.of("-- " + "the definition of the index was not read at plan time: it cannot be recreated from here");
        }
        if (!f.valid()) {
            // its build failed (a CREATE INDEX CONCURRENTLY that met duplicate keys, say): building it again would fail
            // again or give another index than the one dropped, which served no query
            return List.of("-- " + "the index was invalid: not recreated (it served no query)");
        }
        List<String> sql = new ArrayList<>();
        String quoted = Identifiers.quote(f.schema(), f.name());
        if (f.partitioned()) {
            sql.add(f.definition() + ";");
            for (PartitionIndex p : f.partitions()) {
                sql.add((p.leaf() ? concurrently(p.definition()) : p.definition()) + ";");
                sql.add("ALTER INDEX " + Identifiers.quote(p.parentSchema(), p.parent()) + " ATTACH PARTITION "
                        + Identifiers.quote(p.schema(), p.name()) + ";");
            }
        } else {
            sql.add(concurrently(f.definition()) + ";");
        }
        if (f.tablespace() != null) {
            sql.add("ALTER INDEX " + quoted + " SET TABLESPACE " + Identifiers.quote(f.tablespace()) + ";");
        }
        if (f.comment() != null) {
            sql.add("COMMENT ON INDEX " + quoted + " IS " + literal(f.comment()) + ";");
        }
        return sql;
    }

    static String concurrently(String definition) {
        Matcher m = CREATE.matcher(definition);
        return m.find() ? m.replaceFirst("CREATE " + (m.group(1) == null ? "" : "UNIQUE ") + "INDEX CONCURRENTLY ") : definition;
    }

    private static List<String> constraint(ConstraintFacts c) {
        if (c == null) {
            return List.of("-- the definition of the constraint was not read at plan time: it cannot be recreated from here");
        }
        String table = Identifiers.quote(c.schema(), c.table());
        String name = Identifiers.quote(c.name());
        if (!c.validated()) {
            return List.of("ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + c.definition() + ";");
        }
        return List.of("ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + c.definition() + " NOT VALID;",
                "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + name + ";");
    }

    /** An escape-string literal: the same text whatever standard_conforming_strings is. */
    static String literal(String text) {
        return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
