-- pgmaint cache processor: the events table, its pending-events index and the NOTIFY trigger,
-- with the default names (cache.schema public, cache.table cache_invalidation_events,
-- cache.channel pgmaint_cache_invalidation). Idempotent: psql -f sql/cache_invalidation_trigger.sql
-- `pgmaint cache-processor --install` installs the trigger and the index for the configured names instead.

create table if not exists public.cache_invalidation_events (
    id           bigint generated always as identity primary key,
    cache_key    text        not null,
    created_at   timestamptz not null default now(),
    processed_at timestamptz
);

-- claiming scans only pending events, however many processed ones the table keeps
create index if not exists cache_invalidation_events_pending_idx
    on public.cache_invalidation_events (id) where processed_at is null;

-- one notification per inserting statement (not per row); the channel is the trigger's argument
create or replace function public.pgmaint_cache_notify() returns trigger language plpgsql as $body$
begin
  perform pg_catalog.pg_notify(tg_argv[0], '');
  return null;
end
$body$;

drop trigger if exists pgmaint_cache_notify on public.cache_invalidation_events;
create trigger pgmaint_cache_notify after insert on public.cache_invalidation_events
    for each statement execute function public.pgmaint_cache_notify('pgmaint_cache_invalidation');
