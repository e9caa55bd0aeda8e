-- Core layer: cleaned, typed, one row per natural key. Timestamps are naive UTC.
-- The natural keys are kept unique by the loader (delete-then-insert by key in one transaction) and checked
-- by the pipeline's asset checks, not by PRIMARY KEY constraints: DuckDB's key index made bulk loads ~5× slower.
create table if not exists core.interactions (
    interaction_id     varchar not null,
    channel            varchar not null,   -- phone, email, chat, sns, web_form, fax, postal, other
    direction          varchar not null,   -- inbound, outbound
    customer_id        varchar,
    agent_id           varchar,
    team               varchar,
    queue              varchar,
    product            varchar,
    contact_reason     varchar,
    language           varchar,            -- ja, en, ...
    status             varchar,            -- open, pending, resolved, closed
    priority           varchar,
    subject            varchar,
    created_at         timestamp not null,
    queued_at          timestamp,
    answered_at        timestamp,
    first_response_at  timestamp,
    resolved_at        timestamp,
    closed_at          timestamp,
    abandoned          boolean not null default false,
    talk_seconds       double,
    hold_seconds       double,
    acw_seconds        double,
    transfers          integer not null default 0,
    escalated          boolean not null default false,
    sla_due_at         timestamp,
    load_id            varchar,
    updated_at         timestamp not null default current_timestamp
);

create table if not exists core.messages (
    message_id          varchar not null,
    interaction_id      varchar not null,
    seq                 integer not null,   -- order within the interaction, from 1
    role                varchar not null,   -- customer, agent, bot, system, unknown
    sent_at             timestamp,          -- wall-clock time (tickets, chats)
    offset_seconds      double,             -- start, seconds from the start of a call
    end_offset_seconds  double,
    text                varchar not null,
    language            varchar,
    source              varchar not null default 'ticket',  -- ticket | transcript
    load_id             varchar
);

create table if not exists core.recordings (
    recording_id      varchar not null,
    interaction_id    varchar,
    path              varchar not null,
    sha256            varchar,
    duration_seconds  double,
    channels          integer,
    sample_rate       integer,
    agent_channel     integer,             -- 0 or 1 for stereo; null for mono
    status            varchar not null default 'new',  -- new, transcribed, quarantined
    load_id           varchar
);

create table if not exists core.surveys (
    survey_id       varchar not null,
    interaction_id  varchar,
    customer_id     varchar,
    responded_at    timestamp not null,
    csat            integer,   -- 1..5
    nps             integer,   -- 0..10
    ces             integer,   -- 1..7
    comment         varchar,
    language        varchar,
    load_id         varchar
);

create table if not exists core.agents (
    agent_id   varchar not null,
    name       varchar,
    team       varchar,
    site       varchar,
    language   varchar,
    hired_on   date,
    load_id    varchar
);

create table if not exists core.customers (
    customer_id        varchar primary key,
    first_contact_at   timestamp,
    last_contact_at    timestamp,
    contacts           bigint
);
