package org.pgmaint.plan;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pgmaint.db.Connections;
import org.pgmaint.db.DatabaseUnavailableException;

/**
 * What the database says, at plan time, about the objects the findings' suggestions drop or rebuild: each index's
 * table, definition (for the revert script), the constraints it backs or that need it, the foreign keys it may
 * serve; each constraint's definition. Read-only: a few catalog queries with the names bound as arrays, in one
 * read-only transaction. {@link #UNKNOWN} when nothing was read (a plan made without a database).
 */
public record ScriptCatalog(boolean known, Map<String, IndexFacts> indexes, Map<String, List<ForeignKeyCover>> foreignKeys,
                            Map<String, ConstraintFacts> constraints, Map<String, String> relations, String unreadable) {
    public static final ScriptCatalog UNKNOWN = new ScriptCatalog(false, Map.of(), Map.of(), Map.of(), Map.of(), null);
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ScriptCatalog.class);

    public ScriptCatalog {
        indexes = Map.copyOf(indexes);
        foreignKeys = Map.copyOf(foreignKeys);
        constraints = Map.copyOf(constraints);
        relations = Map.copyOf(relations);
    }

    public ScriptCatalog(boolean known, Map<String, IndexFacts> indexes, Map<String, List<ForeignKeyCover>> foreignKeys,
                         Map<String, ConstraintFacts> constraints) {
        this(known, indexes, foreignKeys, constraints, Map.of(), null);
    }

    /** The catalog could not be read (a timeout, say): the script then drops nothing, for it cannot check a drop. */
    static ScriptCatalog unreadable(String why) {
        return new ScriptCatalog(false, Map.of(), Map.of(), Map.of(), Map.of(), why);
    }

    /** The relkind of a relation asked about ({@code p}: a partitioned table), or null when there is none of that name. */
    public String relationKind(String schema, String name) {
        return relations.get(key(schema, name));
    }

    /**
     * An index as it is now. {@code backs}: the primary key, unique or exclusion constraints it implements;
     * {@code requiredBy}: foreign keys (of any table) that reference through it; {@code attachedTo}: the
     * partitioned index it is a partition of; {@code partitions}: for a partitioned index, its partitions' indexes
     * (every level), parents first.
     */
    public record IndexFacts(String schema, String name, String table, boolean partitioned, boolean valid,
                             String definition, String tablespace, String comment, List<String> backs,
                             List<String> requiredBy, String attachedTo, boolean replicaIdentity,
                             List<PartitionIndex> partitions) {
    }

    /** A partition's index under a partitioned index: its own definition and the index it attaches to. */
    public record PartitionIndex(String schema, String name, String parentSchema, String parent, boolean leaf,
                                 String definition) {
    }

    /**
     * A foreign key the index may serve: it leads with some of the key's columns (any access method, partial too);
     * {@code strictCovers}: the indexes of the table that serve the key's lookups for certain (valid, not partial,
     * btree, or hash on a one-column key, leading with exactly the key's columns).
     */
    public record ForeignKeyCover(String constraint, String table, List<String> strictCovers) {
    }

    public record ConstraintFacts(String schema, String table, String name, String type, boolean validated,
                                  boolean inherited, String definition) {
    }

    public static String key(String schema, String name) {
        return schema + "\u0000" + name;
    }

    public static String key(String schema, String table, String name) {
        return schema + "\u0000" + table + "\u0000" + name;
    }

    public IndexFacts index(String schema, String name) {
        return indexes.get(key(schema, name));
    }

    /** The foreign keys the index (schema.name) may serve. */
    public List<ForeignKeyCover> foreignKeysServedBy(String schema, String name) {
        return foreignKeys.getOrDefault(key(schema, name), List.of());
    }

    public ConstraintFacts constraint(String schema, String table, String name) {
        return constraints.get(key(schema, table, name));
    }

    /*
     * pg_constraint has no index on conindid: the constraints backing or requiring an index are gathered in one pass
     * and joined, where a subquery per index scanned the whole of pg_constraint once per index (10,000 tables:
     * 37,000 indexes x 20,000 constraints, past the statement timeout).
     */
    private static final String INDEXES = """
            with found as (
                select w.schema_name, w.index_name, c.oid, c.relkind, c.reltablespace, i.indrelid, i.indisvalid,
                       i.indisreplident
                from rows from (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[])) as w(schema_name, index_name)
                join pg_catalog.pg_namespace n on n.nspname = w.schema_name
                join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = w.index_name and c.relkind in ('i', 'I')
                join pg_catalog.pg_index i on i.indexrelid = c.oid
            ),
            backs as (
                select con.conindid, pg_catalog.array_agg(con.conname::text order by con.conname::text) as names
                from pg_catalog.pg_constraint con
                join found f on f.oid = con.conindid and f.indrelid = con.conrelid
                where con.contype in ('p', 'u', 'x')
                group by con.conindid
            ),
            required as (
                select con.conindid,
                       pg_catalog.array_agg(con.conname::text || ' on ' || cn.nspname || '.' || cr.relname
                                            order by con.conname::text || ' on ' || cn.nspname || '.' || cr.relname) as names
                from pg_catalog.pg_constraint con
                join found f on f.oid = con.conindid
                join pg_catalog.pg_class cr on cr.oid = con.conrelid
                join pg_catalog.pg_namespace cn on cn.oid = cr.relnamespace
                where con.contype = 'f'
                group by con.conindid
            )
            select /* pgmaint:script_catalog */ f.schema_name, f.index_name, f.oid::bigint as index_oid,
                   t.relname::text as table_name, f.relkind = 'I' as partitioned, f.indisvalid,
                   null::text as definition, ts.spcname::text as tablespace,
                   pg_catalog.obj_description(f.oid, 'pg_class') as comment,
                   coalesce(b.names, '{}'::text[]) as backs,
                   coalesce(r.names, '{}'::text[]) as required_by,
                   (select p.relname::text from pg_catalog.pg_inherits h join pg_catalog.pg_class p on p.oid = h.inhparent
                    where h.inhrelid = f.oid) as attached_to,
                   f.indisreplident
            from found f
            join pg_catalog.pg_class t on t.oid = f.indrelid
            left join pg_catalog.pg_tablespace ts on ts.oid = f.reltablespace
            left join backs b on b.conindid = f.oid
            left join required r on r.conindid = f.oid
            """;

    private static final String PARTITIONS = """
            select /* pgmaint:script_catalog */ n.nspname::text, c.relname::text, pn.nspname::text, p.relname::text,
                   tree.isleaf, pg_catalog.pg_get_indexdef(tree.relid)
            from pg_catalog.pg_partition_tree(?::oid::regclass) as tree
            join pg_catalog.pg_class c on c.oid = tree.relid
            join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            join pg_catalog.pg_class p on p.oid = tree.parentrelid
            join pg_catalog.pg_namespace pn on pn.oid = p.relnamespace
            where tree.level > 0
            order by tree.level, n.nspname, c.relname
            """;

    /** For each index (by oid) the foreign keys of its table it may serve, with their certain covers. */
    private static final String FOREIGN_KEYS = """
            with wanted as (select pg_catalog.unnest(?::bigint[])::oid as index_oid),
            fk as (
                select con.oid, con.conname, con.conrelid, con.conkey,
                       (select pg_catalog.array_agg(k order by k) from pg_catalog.unnest(con.conkey) as u(k)) as sorted_key
                from pg_catalog.pg_constraint con
                where con.contype = 'f'
                  and con.conrelid in (select i.indrelid from pg_catalog.pg_index i join wanted w on w.index_oid = i.indexrelid)
            ),
            keys as (
                select i.indexrelid, i.indrelid, i.indnkeyatts, i.indisvalid, i.indpred is null as whole, am.amname,
                       pg_catalog.string_to_array(i.indkey::text, ' ')::int2[] as cols
                from pg_catalog.pg_index i
                join pg_catalog.pg_class ic on ic.oid = i.indexrelid
                join pg_catalog.pg_am am on am.oid = ic.relam
                where i.indrelid in (select conrelid from fk)
            )
            select /* pgmaint:script_catalog */ w.index_oid::bigint, fk.conname::text, t.relname::text,
                   array(select sc.relname::text
                         from keys s join pg_catalog.pg_class sc on sc.oid = s.indexrelid
                         where s.indrelid = fk.conrelid and s.indisvalid and s.whole
                           and (s.amname = 'btree' or (s.amname = 'hash' and pg_catalog.cardinality(fk.conkey) = 1))
                           and s.indnkeyatts >= pg_catalog.cardinality(fk.conkey)
                           and (select pg_catalog.array_agg(k order by k)
                                from pg_catalog.unnest(s.cols[1 : pg_catalog.cardinality(fk.conkey)]) as u(k)) = fk.sorted_key
                         order by 1) as strict_covers
            from wanted w
            join keys k on k.indexrelid = w.index_oid
            join fk on fk.conrelid = k.indrelid
            join pg_catalog.pg_class t on t.oid = fk.conrelid
            where k.cols[1] = any (fk.conkey)
              and not exists (select 1 from pg_catalog.unnest(k.cols[1 : least(k.indnkeyatts, pg_catalog.cardinality(fk.conkey))]) as u(c)
                              where c <> all (fk.conkey))
            """;

    private static final String CONSTRAINTS = """
            select /* pgmaint:script_catalog */ w.schema_name, w.table_name, w.constraint_name, con.contype::text,
                   con.convalidated, con.conparentid <> 0, con.oid::bigint
            from rows from (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[]))
                 as w(schema_name, table_name, constraint_name)
            join pg_catalog.pg_namespace n on n.nspname = w.schema_name
            join pg_catalog.pg_class r on r.relnamespace = n.oid and r.relname = w.table_name
            join pg_catalog.pg_constraint con on con.conrelid = r.oid and con.conname = w.constraint_name
            """;

    private static final String RELATIONS = """
            select /* pgmaint:script_catalog */ w.schema_name, w.relation_name, c.relkind::text
            from rows from (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[])) as w(schema_name, relation_name)
            join pg_catalog.pg_namespace n on n.nspname = w.schema_name
            join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = w.relation_name
            """;

    /**
     * Reads the facts of these indexes ({schema, name}) and constraints ({schema, table, name}) in one read-only
     * transaction bounded by {@code timeout}.
     */
    public static ScriptCatalog read(Connection connection, List<String[]> indexNames, List<String[]> constraintNames,
                                     List<String[]> relationNames, Duration timeout) {
        if (indexNames.isEmpty() && constraintNames.isEmpty() && relationNames.isEmpty()) {
            return new ScriptCatalog(true, Map.of(), Map.of(), Map.of(), Map.of(), null);
        }
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                try (java.sql.Statement s = connection.createStatement()) {
                    s.execute("set transaction read only");
                    s.execute("set local statement_timeout = " + Math.max(1, timeout.toMillis()));
                    s.execute("set local lock_timeout = 1000");
                }
                Map<String, IndexFacts> indexes = new HashMap<>();
                Map<Long, String> oids = new HashMap<>();
                readIndexes(connection, indexNames, indexes, oids);
                Map<String, List<ForeignKeyCover>> foreignKeys = readForeignKeys(connection, oids);
                Map<String, ConstraintFacts> constraints = readConstraints(connection, constraintNames);
                Map<String, String> relations = readRelations(connection, relationNames);
                connection.commit();
                return new ScriptCatalog(true, indexes, foreignKeys, constraints, relations, null);
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            if (Connections.isConnectionLost(e)) {
                throw new DatabaseUnavailableException("lost the database while reading the remediation script's objects: "
                        + Connections.firstLine(e), e);
            }
            // the plan stands without it; the script then drops nothing
            log.warn("cannot read the remediation script's objects: {}", Connections.firstLine(e));
            return unreadable(Connections.firstLine(e));
        }
    }

    private static void readIndexes(Connection connection, List<String[]> names, Map<String, IndexFacts> into,
                                    Map<Long, String> oids) throws SQLException {
        if (names.isEmpty()) {
            return;
        }
        Map<String, Long> partitioned = new HashMap<>();
        Map<String, Long> definitionOids = new HashMap<>();
        try (PreparedStatement q = connection.prepareStatement(INDEXES)) {
            q.setArray(1, column(connection, names, 0));
            q.setArray(2, column(connection, names, 1));
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    String schema = r.getString(1);
                    String name = r.getString(2);
                    long oid = r.getLong(3);
                    into.put(key(schema, name), new IndexFacts(schema, name, r.getString(4), r.getBoolean(5), r.getBoolean(6),
                            r.getString(7), r.getString(8), r.getString(9), strings(r.getArray(10)), strings(r.getArray(11)),
                            r.getString(12), r.getBoolean(13), List.of()));
                    oids.put(oid, key(schema, name));
                    definitionOids.put(key(schema, name), oid);
                    if (r.getBoolean(5)) {
                        partitioned.put(key(schema, name), oid);
                    }
                }
            }
        }
        // in oid order: a table's indexes, made together, mostly share a batch, so a locked table costs one batch
        Map<Long, Definition> definitions = definitions(connection, definitionOids.values().stream().sorted().toList(),
                (batch, read) -> readIndexDefinitions(connection, batch, partitioned.values(), read),
                oid -> readIndexDefinition(connection, oid, partitioned.containsValue(oid)));
        for (Map.Entry<String, Long> d : definitionOids.entrySet()) {
            IndexFacts f = into.get(d.getKey());
            Definition definition = definitions.get(d.getValue());
            if (definition == null) {
                // dropped since the first query: no index now, as if the first query had not seen it
                into.remove(d.getKey());
                oids.remove(d.getValue());
                continue;
            }
            into.put(d.getKey(), new IndexFacts(f.schema(), f.name(), f.table(), f.partitioned(), f.valid(),
                    definition.text(), f.tablespace(), f.comment(), f.backs(), f.requiredBy(), f.attachedTo(),
                    f.replicaIdentity(), definition.text() == null ? List.of() : definition.partitions()));
        }
    }

    /** How many objects one definition query reads. */
    static final int BATCH = 1000;

    private static final String INDEX_DEFINITIONS = """
            select /* pgmaint:script_catalog */ c.oid::bigint, pg_catalog.pg_get_indexdef(c.oid)
            from pg_catalog.pg_class c
            where c.oid = any (?::bigint[]::oid[]) and c.relkind in ('i', 'I')
            """;

    private static final String PARTITIONS_OF_MANY = """
            select /* pgmaint:script_catalog */ w.index_oid::bigint, n.nspname::text, c.relname::text, pn.nspname::text,
                   p.relname::text, tree.isleaf, pg_catalog.pg_get_indexdef(tree.relid)
            from pg_catalog.unnest(?::bigint[]) as w(index_oid)
            cross join lateral pg_catalog.pg_partition_tree(w.index_oid::oid::regclass) as tree
            join pg_catalog.pg_class c on c.oid = tree.relid
            join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            join pg_catalog.pg_class p on p.oid = tree.parentrelid
            join pg_catalog.pg_namespace pn on pn.oid = p.relnamespace
            where tree.level > 0
            order by w.index_oid, tree.level, n.nspname, c.relname
            """;

    private static final String CONSTRAINT_DEFINITIONS = """
            select /* pgmaint:script_catalog */ con.oid::bigint, pg_catalog.pg_get_constraintdef(con.oid)
            from pg_catalog.pg_constraint con
            where con.oid = any (?::bigint[]::oid[])
            """;

    /** An object's definition as read for the revert; {@code text} null: its table is locked now. */
    record Definition(String text, List<PartitionIndex> partitions) {
        static final Definition LOCKED = new Definition(null, List.of());
    }

    interface BatchRead {
        void run(List<Long> oids, Map<Long, Definition> into) throws SQLException;
    }

    interface OneRead {
        /** Null when the object is gone. */
        Definition run(long oid) throws SQLException;
    }

    /**
     * The definitions of these objects (by oid), {@link #BATCH} to a query. A batch that waits on a lock, or finds an
     * object dropped meanwhile, is read again one object at a time, so a locked table withholds only its own objects
     * and a dropped one is told from a locked one. Objects gone are left out of the result.
     */
    private static Map<Long, Definition> definitions(Connection connection, List<Long> oids, BatchRead batch, OneRead one)
            throws SQLException {
        Map<Long, Definition> result = new HashMap<>();
        for (int from = 0; from < oids.size(); from += BATCH) {
            List<Long> chunk = oids.subList(from, Math.min(oids.size(), from + BATCH));
            Map<Long, Definition> read = new HashMap<>();
            if (lockBounded(connection, true, () -> batch.run(chunk, read)) && read.keySet().containsAll(chunk)
                    && read.values().stream().allMatch(d -> d.text() != null)) {
                result.putAll(read);
                continue;
            }
            log.debug("the remediation script's definitions: a batch of {} waits on a lock or lost an object; reading it one by one",
                    chunk.size());
            for (long oid : chunk) {
                Definition[] d = new Definition[1];
                if (!lockBounded(connection, false, () -> d[0] = one.run(oid))) {
                    log.warn("the definition for the remediation script's revert waits on a lock (object {})", oid);
                    result.put(oid, Definition.LOCKED);
                } else if (d[0] != null) {
                    result.put(oid, d[0]);
                }
            }
        }
        return result;
    }

    private static void readIndexDefinitions(Connection connection, List<Long> batch, java.util.Collection<Long> partitioned,
                                             Map<Long, Definition> into) throws SQLException {
        Map<Long, List<PartitionIndex>> parts = new HashMap<>();
        List<Long> partitionedHere = batch.stream().filter(partitioned::contains).toList();
        if (!partitionedHere.isEmpty()) {
            try (PreparedStatement q = connection.prepareStatement(PARTITIONS_OF_MANY)) {
                q.setArray(1, connection.createArrayOf("bigint", partitionedHere.toArray()));
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        parts.computeIfAbsent(r.getLong(1), k -> new ArrayList<>()).add(new PartitionIndex(r.getString(2),
                                r.getString(3), r.getString(4), r.getString(5), r.getBoolean(6), r.getString(7)));
                    }
                }
            }
        }
        try (PreparedStatement q = connection.prepareStatement(INDEX_DEFINITIONS)) {
            q.setArray(1, connection.createArrayOf("bigint", batch.toArray()));
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    long oid = r.getLong(1);
                    into.put(oid, new Definition(r.getString(2), List.copyOf(parts.getOrDefault(oid, List.of()))));
                }
            }
        }
    }

    private static Definition readIndexDefinition(Connection connection, long oid, boolean partitioned) throws SQLException {
        List<PartitionIndex> parts = new ArrayList<>();
        if (partitioned) {
            try (PreparedStatement q = connection.prepareStatement(PARTITIONS)) {
                q.setLong(1, oid);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        parts.add(new PartitionIndex(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                                r.getBoolean(5), r.getString(6)));
                    }
                }
            }
        }
        Map<Long, Definition> read = new HashMap<>();
        readOne(connection, INDEX_DEFINITIONS, oid, read);
        Definition d = read.get(oid);
        return d == null || d.text() == null ? null : new Definition(d.text(), List.copyOf(parts));
    }

    /** One object through a batch query: a row with its definition, or none when it is gone. */
    private static void readOne(Connection connection, String query, long oid, Map<Long, Definition> into)
            throws SQLException {
        try (PreparedStatement q = connection.prepareStatement(query)) {
            q.setArray(1, connection.createArrayOf("bigint", new Object[] {oid}));
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    into.put(r.getLong(1), new Definition(r.getString(2), List.of()));
                }
            }
        }
    }

    interface Read {
        void run() throws SQLException;
    }

    /**
     * pg_get_indexdef and pg_get_constraintdef wait behind a lock on the table (a running ALTER, VACUUM FULL): each
     * read is in a savepoint that waits a second at most; false when it waited in vain. A batch also gives way to an
     * internal error (XX000: an object dropped while the query ran), for the reads one by one to sort out.
     */
    private static boolean lockBounded(Connection connection, boolean batch, Read read) throws SQLException {
        java.sql.Savepoint savepoint = connection.setSavepoint();
        try {
            read.run();
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            boolean lock = org.pgmaint.db.SqlState.LOCK_NOT_AVAILABLE.equals(e.getSQLState());
            if (!lock && !(batch && INTERNAL_ERROR.equals(e.getSQLState()))) {
                throw e;
            }
            connection.rollback(savepoint);
            return false;
        }
    }

    private static final String INTERNAL_ERROR = "XX000";

    private static Map<String, List<ForeignKeyCover>> readForeignKeys(Connection connection, Map<Long, String> oids)
            throws SQLException {
        Map<String, List<ForeignKeyCover>> result = new HashMap<>();
        if (oids.isEmpty()) {
            return result;
        }
        try (PreparedStatement q = connection.prepareStatement(FOREIGN_KEYS)) {
            q.setArray(1, connection.createArrayOf("bigint", oids.keySet().toArray()));
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    result.computeIfAbsent(oids.get(r.getLong(1)), k -> new ArrayList<>())
                            .add(new ForeignKeyCover(r.getString(2), r.getString(3), strings(r.getArray(4))));
                }
            }
        }
        return result;
    }

    private static Map<String, ConstraintFacts> readConstraints(Connection connection, List<String[]> names)
            throws SQLException {
        Map<String, ConstraintFacts> result = new HashMap<>();
        if (names.isEmpty()) {
            return result;
        }
        try (PreparedStatement q = connection.prepareStatement(CONSTRAINTS)) {
            for (int i = 0; i < 3; i++) {
                q.setArray(i + 1, column(connection, names, i));
            }
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    result.put(key(r.getString(1), r.getString(2), r.getString(3)), new ConstraintFacts(r.getString(1),
                            r.getString(2), r.getString(3), r.getString(4), r.getBoolean(5), r.getBoolean(6),
                            String.valueOf(r.getLong(7))));
                }
            }
        }
        List<Long> constraintOids = result.values().stream().map(c -> Long.parseLong(c.definition())).sorted().toList();
        Map<Long, Definition> definitions = definitions(connection, constraintOids,
                (batch, read) -> readConstraintDefinitions(connection, batch, read),
                oid -> {
                    Map<Long, Definition> read = new HashMap<>();
                    readOne(connection, CONSTRAINT_DEFINITIONS, oid, read);
                    Definition d = read.get(oid);
                    return d == null || d.text() == null ? null : d;
                });
        for (java.util.Iterator<Map.Entry<String, ConstraintFacts>> i = result.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<String, ConstraintFacts> e = i.next();
            ConstraintFacts c = e.getValue();
            Definition definition = definitions.get(Long.parseLong(c.definition()));
            if (definition == null) {
                i.remove();
                continue;
            }
            e.setValue(new ConstraintFacts(c.schema(), c.table(), c.name(), c.type(), c.validated(), c.inherited(),
                    definition.text()));
        }
        return result;
    }

    private static void readConstraintDefinitions(Connection connection, List<Long> batch, Map<Long, Definition> into)
            throws SQLException {
        try (PreparedStatement q = connection.prepareStatement(CONSTRAINT_DEFINITIONS)) {
            q.setArray(1, connection.createArrayOf("bigint", batch.toArray()));
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    into.put(r.getLong(1), new Definition(r.getString(2), List.of()));
                }
            }
        }
    }

    private static Map<String, String> readRelations(Connection connection, List<String[]> names) throws SQLException {
        Map<String, String> result = new HashMap<>();
        if (names.isEmpty()) {
            return result;
        }
        try (PreparedStatement q = connection.prepareStatement(RELATIONS)) {
            q.setArray(1, column(connection, names, 0));
            q.setArray(2, column(connection, names, 1));
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    result.put(key(r.getString(1), r.getString(2)), r.getString(3));
                }
            }
        }
        return result;
    }

    private static Array column(Connection connection, List<String[]> rows, int column) throws SQLException {
        return connection.createArrayOf("text", rows.stream().map(r -> r[column]).toArray());
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return List.copyOf(new LinkedHashSet<>(Arrays.asList((String[]) array.getArray())));
    }

    /** The distinct {schema, name} pairs, in order. */
    static List<String[]> distinct(List<String[]> names) {
        Set<String> seen = new LinkedHashSet<>();
        List<String[]> result = new ArrayList<>();
        for (String[] n : names) {
            if (seen.add(String.join("\u0000", n))) {
                result.add(n);
            }
        }
        return result;
    }
}
