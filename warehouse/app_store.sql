-- The dashboard's own small database (stdlib sqlite3), next to the warehouse: users, sessions and what
-- reviewers and agents submit in the UI. The app never writes the DuckDB warehouse; the pipeline imports
-- pending reviews and disputes from here (pipelines/defs/dashboard.py).
create table if not exists users (
    username       text primary key,
    password_hash  text not null,            -- argon2id, encoded with its parameters
    role           text not null check (role in ('manager', 'qa', 'supervisor', 'agent', 'product')),
    agent_id       text,                     -- for role 'agent': whose interactions they may see
    created_at     text not null default (datetime('now'))
);

create table if not exists sessions (
    token_sha256   text primary key,         -- the cookie holds the token; only its hash is stored
    username       text not null references users(username) on delete cascade,
    csrf_token     text not null,
    expires_at     real not null             -- unix seconds
);

create table if not exists qa_overrides (
    override_id     integer primary key autoincrement,
    interaction_id  text not null,
    rubric_id       text,
    criterion_id    text not null,
    answer          text not null check (answer in ('pass', 'partial', 'fail', 'na')),
    comment         text not null default '',
    reviewer        text not null,
    created_at      text not null default (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    imported_at     text
);

create table if not exists qa_disputes (
    dispute_id      integer primary key autoincrement,
    interaction_id  text not null,
    rubric_id       text,
    criterion_id    text,
    reason          text not null,
    agent_username  text not null,
    status          text not null default 'open',
    created_at      text not null default (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    imported_at     text
);

-- Failed sign-ins, one row per user name (as typed, known or not) and one per client address: a bounded count in
-- the current window and, once the count reaches the limit, when the lock ends (dashboards/auth.py SignInLimits).
create table if not exists sign_in_failures (
    kind          text not null check (kind in ('user', 'address')),
    subject       text not null,            -- the user name as typed, or the client address
    failures      integer not null,         -- failures since window_start
    window_start  real not null,            -- unix seconds of the first failure counted
    locked_until  real,                     -- unix seconds; null when not locked
    primary key (kind, subject)
);
