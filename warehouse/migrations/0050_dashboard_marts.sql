-- Dashboard marts (issue 6). Additive counts and sums only; ratios are computed at read time.
-- Built by transforms/sql/marts/{arrivals_interval,agent_daily}.sql; local time = the pipeline time zone.

-- Contacts per 30-minute interval (local time): the intraday heatmap and the Erlang C arrival history.
create table if not exists marts.arrivals_interval (
    day                  date not null,        -- local business day
    interval_start       timestamp not null,   -- local time, 30-minute buckets
    channel              varchar not null,
    queue                varchar not null,
    team                 varchar not null,
    language             varchar not null,
    direction            varchar not null,
    offered              bigint not null,
    answered             bigint not null,
    abandoned            bigint not null,
    answered_within_sl   bigint not null,
    handle_seconds_sum   double not null,      -- Σ(talk + hold + acw) over contacts with times
    handle_timed         bigint not null
);

-- Per agent and local day: the agents and teams page.
create table if not exists marts.agent_daily (
    day                  date not null,
    agent_id             varchar not null,
    team                 varchar not null,
    channel              varchar not null,
    queue                varchar not null,
    language             varchar not null,
    direction            varchar not null,
    handled              bigint not null,
    handle_seconds_sum   double not null,
    handle_timed         bigint not null,
    transferred          bigint not null,
    escalated            bigint not null,
    csat_good            bigint not null,      -- survey responses 4–5
    csat_n               bigint not null
);
