-- Row checks and re-sends (docs/input-formats.md).
-- source_updated_at: when the source system last changed a contact; a re-sent row older than the stored one
-- (by this, or by its latest event time when the source has none) does not overwrite it.
alter table core.interactions add column source_updated_at timestamp;
alter table raw.interactions add column source_updated_at varchar;
-- rows a mapping's skip_rows condition matched (not contacts: e.g. phantom calls); read = loaded + quarantined + skipped
alter table load_log add column rows_skipped bigint default 0;
-- rows a cross-field check flagged but kept, because the mapping lists the check under checks.flag_only
create table if not exists input_flags (
    load_id      varchar not null,
    kind         varchar not null,
    source_file  varchar not null,
    source_row   bigint not null,
    check_name   varchar not null,
    reason       varchar not null,
    flagged_at   timestamp not null default current_timestamp
);
