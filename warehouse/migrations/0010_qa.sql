-- QA: automatic scores with evidence, and the human loop. Append-only: nothing is updated or deleted; the current
-- automatic score of an interaction under a rubric is its latest run (view qa.current_scores).
create schema if not exists qa;

create table if not exists qa.rubric_versions (
    rubric_id      varchar not null,
    version        integer not null,
    content_hash   varchar not null,   -- a second hash for the same version = edited without a version bump
    kind           varchar not null,   -- agent_scorecard | customer_conduct
    definition     json not null,
    first_seen_at  timestamp not null default current_timestamp,
    primary key (rubric_id, version, content_hash)
);

create table if not exists qa.runs (
    run_id        varchar primary key,
    started_at    timestamp not null,
    trigger       varchar not null,    -- dagster | cli | rescore
    interactions  bigint not null,
    rubric_ids    varchar[] not null
);

create table if not exists qa.scores (
    run_id             varchar not null,
    interaction_id     varchar not null,
    rubric_id          varchar not null,
    rubric_version     integer not null,
    input_hash         varchar not null,   -- hash of the messages and interaction fields scored
    score              double,             -- 0..100; null when every criterion was N/A
    critical_failed    boolean not null,
    applicable_weight  double not null,
    scored_at          timestamp not null
);

create table if not exists qa.answers (
    run_id          varchar not null,
    interaction_id  varchar not null,
    rubric_id       varchar not null,
    rubric_version  integer not null,
    criterion_id    varchar not null,
    section_id      varchar not null,
    answer          varchar not null,   -- pass | partial | fail | na
    points          integer,            -- null when na
    max_points      integer not null,
    weight          double not null,    -- effective weight (section share)
    critical        boolean not null,
    reason          varchar not null    -- what was looked for, and whether it was found
);

create table if not exists qa.evidence (
    run_id          varchar not null,
    interaction_id  varchar not null,
    rubric_id       varchar not null,
    rubric_version  integer not null,
    criterion_id    varchar not null,
    detector_id     varchar not null,
    message_id      varchar,            -- null for metric evidence
    seq             integer,
    offset_seconds  double,             -- calls
    sent_at         timestamp,          -- tickets, chats
    quote           varchar,
    matched         varchar,
    negated         boolean not null    -- true: found by a `not` detector (e.g. an NG word that fails the item)
);

create table if not exists qa.reviews (
    review_id       varchar primary key,
    interaction_id  varchar not null,
    rubric_id       varchar not null,
    rubric_version  integer not null,
    criterion_id    varchar,            -- null: a whole-interaction score
    answer          varchar,            -- pass | partial | fail | na (criterion reviews)
    points          integer,
    score           double,             -- whole-interaction reviews
    reviewer        varchar not null,
    comment         varchar,
    calibration_id  varchar,            -- set for calibration-session scores (kept apart from live reviews)
    created_at      timestamp not null
);

create table if not exists qa.dispute_events (
    event_id        varchar primary key,
    dispute_id      varchar not null,
    interaction_id  varchar not null,
    rubric_id       varchar not null,
    criterion_id    varchar not null,
    action          varchar not null,   -- opened | accepted | partly_accepted | rejected
    actor           varchar not null,   -- the agent who opened it, or the reviewer who decided
    comment         varchar,
    answer          varchar,            -- the answer granted by accepted / partly_accepted
    created_at      timestamp not null
);

create or replace view qa.current_scores as
select * from qa.scores
qualify row_number() over (partition by interaction_id, rubric_id order by scored_at desc, run_id desc) = 1;

create or replace view qa.current_answers as
select a.* from qa.answers a join qa.current_scores s using (run_id, interaction_id, rubric_id);

create or replace view qa.current_evidence as
select e.* from qa.evidence e join qa.current_scores s using (run_id, interaction_id, rubric_id);
