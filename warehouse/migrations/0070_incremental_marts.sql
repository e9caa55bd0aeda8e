-- Incremental marts. Each load records the span of event times it touched (its new rows' and the rows they
-- replaced); each mart build records its parameters, the data's "now" and which loads it included, so the next
-- build rebuilds only the days that can have changed (warehouse/build.py, docs/kpis.md).
alter table load_log add column first_event_at timestamp;
alter table load_log add column last_event_at timestamp;

create table if not exists marts.build_state (
    model      varchar primary key,   -- e.g. marts/kpi_daily
    params     varchar not null,      -- the build's parameters as JSON; any change means a full rebuild
    as_of      timestamp,             -- the data's "now" at that build
    built_at   timestamp not null default current_timestamp
);

create table if not exists marts.built_loads (
    model    varchar not null,
    load_id  varchar not null         -- a load whose rows the model's current rows include
);
