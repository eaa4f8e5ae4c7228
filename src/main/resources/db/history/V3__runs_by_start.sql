-- index.html lists the latest runs of every target, and pruning deletes by start: both by started_ms alone
create index history_run_by_started on history_run (started_ms);
