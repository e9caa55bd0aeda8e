-- QA work done in the dashboard beyond overrides (app_store.sql): coaching, calibration sessions and the teams a
-- supervisor leads. Same sqlite file as app_store.sql; the pipeline copies reviews and dispute events into qa.*.
create table if not exists coaching_items (
    coaching_id      integer primary key autoincrement,
    agent_id         text not null,
    criteria         text not null,              -- JSON list of "rubric_id:criterion_id"
    interaction_ids  text not null default '[]', -- JSON list: example interactions
    due_date         text,                       -- YYYY-MM-DD
    note             text not null default '',
    assigned_by      text not null,
    created_at       text not null default (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    acknowledged_at  text                        -- set when the agent acknowledges it
);

create table if not exists calibration_sessions (
    session_id       text primary key,
    name             text not null,
    interaction_ids  text not null,              -- JSON list: every reviewer scores these, blind
    created_by       text not null,
    created_at       text not null default (strftime('%Y-%m-%d %H:%M:%f', 'now'))
);

create table if not exists supervisor_teams (
    username  text not null references users(username) on delete cascade,
    team      text not null,
    primary key (username, team)
);

-- "Needs tuning" marks and clearances of a criterion by a QA lead (warehouse: qa.criterion_tuning, migration 0170).
create table if not exists criterion_tuning (
    tuning_id     integer primary key autoincrement,
    rubric_id     text not null,
    criterion_id  text not null,
    action        text not null check (action in ('marked', 'cleared')),
    actor         text not null,
    reason        text not null default '',
    created_at    text not null default (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    imported_at   text
);
