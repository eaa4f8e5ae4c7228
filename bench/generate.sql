-- Builds the benchmark catalog: :tables tables spread over 10 schemas (one with a hostile name), each with
-- a primary key, an index on (a), an index on (a, b) that overlaps it, a duplicate of (a) on every second
-- table, an index on (hub_id) or on (c) on every tenth (3.7 indexes per table: 37,000 at 10,000 tables), a
-- foreign key to its schema's hub table (covered on every tenth table), 20 rows; afterwards run.sh deletes 5
-- rows of every fifth table so the statistics show dead tuples.
-- Commits every 100 tables: creating thousands of tables in one transaction exhausts the lock table.
\set ON_ERROR_STOP on
create or replace procedure pg_temp.bench_make(n int)
language plpgsql as $$
declare
    s text;
    t text;
begin
    for i in 0..9 loop
        s := case when i = 9 then 'Weird Schema' else 'bench_' || i end;
        execute format('create schema if not exists %I', s);
        execute format('create table if not exists %I.hub(id int primary key)', s);
        execute format('insert into %I.hub select generate_series(1, 10) on conflict do nothing', s);
    end loop;
    commit;
    for i in 1..n loop
        s := case when i % 10 = 9 then 'Weird Schema' else 'bench_' || (i % 10) end;
        t := case when i % 1000 = 7 then 'Odd "Name" Table ' || i else 't_' || i end;
        execute format('create table %I.%I(id int primary key, hub_id int references %I.hub, a int, b int, c text)'
                       ' with (autovacuum_enabled = false)', s, t, s);
        execute format('create index on %I.%I (a)', s, t);
        execute format('create index on %I.%I (a, b)', s, t);
        if i % 2 = 0 then
            execute format('create index on %I.%I (a)', s, t);            -- duplicate
        elsif i % 10 = 1 then
            execute format('create index on %I.%I (hub_id)', s, t);       -- covers the FK
        elsif i % 10 = 5 then
            execute format('create index on %I.%I (c)', s, t);
        end if;
        execute format('insert into %I.%I select g, 1 + g %% 10, g, g, md5(g::text) from generate_series(1, 20) g', s, t);
        if i % 100 = 0 then
            commit;
        end if;
    end loop;
end $$;
call pg_temp.bench_make(:tables);
