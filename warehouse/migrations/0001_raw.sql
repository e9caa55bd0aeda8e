-- Raw layer and load bookkeeping. raw.* tables keep every loaded row as text, as it was read,
-- with the load it came from and its row number in the source file. ``record`` is the row as a JSON
-- object of strings (stored as text: validating JSON on write doubled the raw insert time).
create schema if not exists raw;
create schema if not exists core;
create schema if not exists marts;

create table if not exists load_log (
    load_id            varchar primary key,
    kind               varchar not null,
    source_file        varchar not null,
    source_sha256      varchar not null,
    encoding           varchar,
    rows_read          bigint,
    rows_loaded        bigint,
    rows_quarantined   bigint,
    status             varchar not null,   -- loaded | skipped_unchanged | failed
    message            varchar,
    started_at         timestamp not null,
    finished_at        timestamp
);

create table if not exists quarantine (
    load_id       varchar not null,
    kind          varchar not null,
    source_file   varchar not null,
    source_row    bigint,                  -- 1-based data row (header excluded); null for a whole file
    raw_content   varchar,                 -- the row as JSON, or the file's first bytes
    reason        varchar not null,
    quarantined_at timestamp not null default current_timestamp
);

create table if not exists raw.interactions (
    load_id varchar, source_file varchar, source_row bigint, record varchar
);
create table if not exists raw.messages (
    load_id varchar, source_file varchar, source_row bigint, record varchar
);
create table if not exists raw.surveys (
    load_id varchar, source_file varchar, source_row bigint, record varchar
);
create table if not exists raw.agents (
    load_id varchar, source_file varchar, source_row bigint, record varchar
);
create table if not exists raw.recordings (
    load_id varchar, source_file varchar, source_row bigint, record varchar
);
