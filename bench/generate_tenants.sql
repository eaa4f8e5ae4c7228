-- Builds a schema-per-tenant catalog: :schemas schemas (tenant_<n>, numbered from :first, so a catalog can grow
-- in steps) of :per_schema tables each: a hub table and :per_schema - 1 tenant tables, each tenant table shaped
-- like bench/generate.sql's (a primary key, an index on (a), an overlapping one on (a, b), a duplicate of (a) on
-- every second table, an index on (hub_id) or on (c) on every tenth: ~3.7 indexes per table; a foreign key to
-- its schema's hub, covered on every tenth table; 20 rows). The table names repeat in every schema, as tenants'
-- do. One transaction per schema (a few hundred locks), so the lock table never fills.
\set ON_ERROR_STOP on
create or replace procedure pg_temp.bench_tenants(first int, schemas int, per_schema int)
language plpgsql as $$
declare
    s text;
    t text;
begin
    for n in first..first + schemas - 1 loop
        s := 'tenant_' || n;
        execute format('create schema %I', s);
        execute format('create table %I.hub(id int primary key)', s);
        execute format('insert into %I.hub select generate_series(1, 10)', s);
        for i in 1..per_schema - 1 loop
            t := case when i = 7 and n % 100 = 7 then 'Odd "Name" Table ' || i else 't_' || i end;
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
        end loop;
        commit;
    end loop;
end $$;
call pg_temp.bench_tenants(:first, :schemas, :per_schema);
