-- pgmaint's history of its own runs (docs/history.md). The same statements serve the embedded SQLite file and a
-- central PostgreSQL database: run ids are UUIDs made by the writer (no sequence syntax to differ), instants are
-- epoch milliseconds (bigint), so no timestamp type or time zone differs between the two.
create table history_run (
    run_id text primary key,
    target text not null,
    database_name text not null,
    command text not null,
    mode text not null,
    started_ms bigint not null,
    finished_ms bigint not null,
    exit_code integer not null,
    pgmaint_version text not null,
    server_version text,
    stats_reset_ms bigint,
    database_bytes bigint,
    xid_age bigint,
    mxid_age bigint,
    next_xid bigint,                    -- the 64-bit xid counter (epoch included): its difference is what was consumed
    freeze_max_age bigint,
    multixact_freeze_max_age bigint
);
create index history_run_by_target on history_run (target, database_name, started_ms);

create table history_table (
    run_id text not null references history_run (run_id) on delete cascade,
    schema_name text not null,
    table_name text not null,
    live_tuples bigint,
    dead_tuples bigint,
    mod_since_analyze bigint,
    table_bytes bigint,
    last_vacuum_ms bigint,
    last_analyze_ms bigint,
    xid_age bigint,
    mxid_age bigint,
    primary key (run_id, schema_name, table_name)
);

create table history_index (
    run_id text not null references history_run (run_id) on delete cascade,
    schema_name text not null,
    index_name text not null,
    table_name text not null,
    idx_scan bigint,
    index_bytes bigint,
    primary key (run_id, schema_name, index_name)
);

-- finding_key: kind, schema, table and indexes, what makes a finding the same one in the next run
create table history_finding (
    run_id text not null references history_run (run_id) on delete cascade,
    position integer not null,
    finding_key text not null,
    kind text not null,
    object text not null,
    severity text not null,
    needs_human integer not null,
    first_seen_ms bigint not null,      -- carried over from the previous run while the finding stays
    alerted_severity text,              -- set when this run's alert file named it: what 'new or worse' compares with
    primary key (run_id, position)
);
create index history_finding_by_key on history_finding (finding_key);

create table history_action (
    run_id text not null references history_run (run_id) on delete cascade,
    position integer not null,
    kind text not null,
    object text not null,
    status text not null,
    duration_ms bigint,
    primary key (run_id, position)
);
