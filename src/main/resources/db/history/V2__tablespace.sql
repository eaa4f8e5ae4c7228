-- Per run, the size of each tablespace the run could measure (pg_tablespace_size: every database of the cluster
-- that keeps relations there, not only the run's), which is what fills its disk: where several databases share
-- pg_default, one database's growth understates the fill rate. Same conventions as V1 (docs/history.md).
create table history_tablespace (
    run_id text not null references history_run (run_id) on delete cascade,
    tablespace_name text not null,
    tablespace_bytes bigint not null,
    primary key (run_id, tablespace_name)
);
