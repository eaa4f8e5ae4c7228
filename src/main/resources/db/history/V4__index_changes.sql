-- The index points that differ from the target's run before (docs/history.md): a row where an index's idx_scan
-- changed, where it appears, and, with a null idx_scan, where it is gone (or was not recorded). The windowed
-- unused-index verdict reads the full history_index rows of the first run of its span and these rows after it,
-- which give back every point of the span: a nightly run of a catalog of unused indexes adds almost none, where
-- reading every point took 6.8 s at 10,000 tables and 60 runs. history_index keeps every point (sizes, the
-- history command). stats_reset is the run's (history_run), so a reset needs no row here.
create table history_index_change (
    run_id text not null references history_run (run_id) on delete cascade,
    schema_name text not null,
    index_name text not null,
    idx_scan bigint,
    primary key (run_id, schema_name, index_name)
);

-- the runs recorded so far, each against the run before it of the same target and database
create table history_run_previous as
    select r.run_id, (select p.run_id from history_run p
                      where p.target = r.target and p.database_name = r.database_name and p.started_ms < r.started_ms
                      order by p.started_ms desc limit 1) as previous_id
    from history_run r;

insert into history_index_change (run_id, schema_name, index_name, idx_scan)
    select i.run_id, i.schema_name, i.index_name, i.idx_scan
    from history_run_previous r
    join history_index i on i.run_id = r.run_id
    left join history_index p on p.run_id = r.previous_id and p.schema_name = i.schema_name and p.index_name = i.index_name
    where coalesce(p.idx_scan, -1) <> coalesce(i.idx_scan, -1);

insert into history_index_change (run_id, schema_name, index_name, idx_scan)
    select r.run_id, p.schema_name, p.index_name, null
    from history_run_previous r
    join history_index p on p.run_id = r.previous_id
    where p.idx_scan is not null
      and not exists (select 1 from history_index i
                      where i.run_id = r.run_id and i.schema_name = p.schema_name and i.index_name = p.index_name);

drop table history_run_previous;

-- nothing reads the findings by key (the previous run's are read by run_id): an index every write paid for
drop index history_finding_by_key;
