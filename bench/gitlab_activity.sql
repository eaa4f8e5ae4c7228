-- Activity on the GitLab schema for bench/gitlab_script.sh: rows in a set of plain tables (every NOT NULL column
-- without a default gets a value of its type; foreign keys and triggers are not fired: session_replication_role),
-- deletes, index scans, an invalid unique index, and duplicate and overlapping indexes of our own.
set session_replication_role = replica;

create table pg_temp.filled (rel regclass primary key);

create function pg_temp.fill(t regclass, n int) returns void language plpgsql as $$
declare
    cols text := '';
    vals text := '';
    c record;
begin
    -- a required foreign-key column would get a value no row references (the triggers are off): skip the table,
    -- so that the rows stay consistent and a VALIDATE CONSTRAINT in the script finds nothing to refuse
    if exists (select 1 from pg_constraint k join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
               where k.conrelid = t and k.contype = 'f' and a.attnotnull and not a.atthasdef) then
        raise notice 'skipped %: a required foreign-key column', t;
        return;
    end if;
    for c in select a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) as type, t2.typcategory as category
             from pg_attribute a join pg_type t2 on t2.oid = a.atttypid
             where a.attrelid = t and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
               and a.attidentity = '' and (a.attnotnull and not a.atthasdef)
             order by a.attnum loop
        cols := cols || case when cols = '' then '' else ', ' end || quote_ident(c.attname);
        vals := vals || case when vals = '' then '' else ', ' end || case
            when c.category = 'N' then 'g'
            when c.category = 'S' then '''v'' || g'
            when c.category = 'B' then 'false'
            when c.category = 'D' then 'now()'
            when c.category = 'A' then '''{}'''
            when c.type in ('jsonb', 'json') then '''{}'''
            when c.type = 'bytea' then 'decode(''00'', ''hex'')'
            else 'null' end || '::' || c.type;
    end loop;
    if cols = '' then
        execute format('insert into %s select from generate_series(1, %s)', t, n);
    else
        execute format('insert into %s (%s) select %s from generate_series(1, %s) g', t, cols, vals, n);
    end if;
    insert into pg_temp.filled values (t);
exception when others then
    raise notice 'skipped %: %', t, sqlerrm;
end $$;

-- the 100 plain tables with the most indexes, where index advice matters (those whose check constraints a generic
-- row breaks are skipped with a notice)
do $$
declare t regclass;
begin
    for t in select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where c.relkind = 'r' and n.nspname = 'public' and not c.relispartition
             order by (select count(*) from pg_index i where i.indrelid = c.oid) desc, c.relname
             limit 100 loop
        perform pg_temp.fill(t, 3000);
    end loop;
end $$;
select count(*) as tables_filled from pg_temp.filled;
analyze;

-- dead tuples: a third of the rows of every other filled table
do $$
declare t record;
begin
    for t in select f.rel, row_number() over (order by f.rel::text) as r from pg_temp.filled f loop
        if t.r % 2 = 0 then
            execute format('delete from %s where ctid in (select ctid from %s tablesample system (34))', t.rel, t.rel);
        end if;
    end loop;
end $$;

-- index scans: a primary-key lookup on every filled table
set enable_seqscan = off;
do $$
declare t record;
begin
    for t in select c.conrelid::regclass as rel, a.attname
             from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
             join pg_temp.filled f on f.rel = c.conrelid
             where c.contype = 'p' and cardinality(c.conkey) = 1 loop
        execute format('select count(*) from %s where %I = 7', t.rel, t.attname);
    end loop;
end $$;
reset enable_seqscan;

-- duplicates and an overlap of our own, on a filled table: a copy of an index, a copy of the primary key as a plain
-- unique index, and a one-column prefix of a two-column index
do $$
declare t regclass;
begin
    select f.rel into t from pg_temp.filled f
    join pg_index i on i.indrelid = f.rel and i.indisprimary
    join pg_attribute a on a.attrelid = f.rel and a.attnum = i.indkey[0] and a.attname = 'id'
    where i.indnatts = 1 order by f.rel::text limit 1;
    execute format('create index bench_dup_a on %s (id)', t);
    execute format('create index bench_dup_b on %s (id)', t);
    execute format('create unique index bench_pkey_copy on %s (id)', t);
end $$;

-- an invalid unique index: a concurrent build that meets duplicate keys
create table public.bench_invalid (id bigint primary key, code text not null);
insert into public.bench_invalid select g, 'c' || (g % 500) from generate_series(1, 2000) g;
\set ON_ERROR_STOP off
create unique index concurrently bench_invalid_code on public.bench_invalid (code);
\set ON_ERROR_STOP on

reset session_replication_role;
select pg_stat_force_next_flush();
