package org.pgmaint.testing;

/** A drop-in check (wide_tables) and its rule (finding wide_table), as a user would write them. */
public final class WideTables {
    private WideTables() {
    }

    public static final String CHECK = """
            id: wide_tables
            description: User tables with many columns.
            fact:
              type: WideTable
              fields: {schema_name: text, table_name: text, column_count: int}
            thresholds:
              wide_table_columns: {default: 5, description: columns from which a table is reported}
            sql:
              13: |
                select /* pgmaint:wide_tables */ n.nspname::text as schema_name, c.relname::text as table_name,
                       count(*)::int as column_count
                from pg_catalog.pg_class c
                join pg_catalog.pg_namespace n on n.oid = c.relnamespace
                join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema')
                group by n.nspname, c.relname
            """;

    public static final String RULE = """
            package pgmaint;
            import org.pgmaint.model.Finding;

            rule "wide: table with many columns"
            when
                $w : WideTable( columnCount >= thresholds.get("wide_table_columns", schemaName, tableName) )
            then
                insert(Finding.info("wide_table", $w.getSchemaName(), $w.getTableName(), "has " + $w.getColumnCount() + " columns"));
            end
            """;

}
