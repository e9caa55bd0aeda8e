-- Issue 21: outbound campaigns, self-service (bot/IVR) and customer health (docs/kpis.md: Outbound, Self-service,
-- Customer health). Marts hold additive components; ratios in transforms/kpis.py.

-- Optional interaction fields (transforms/ingest/schemas.py).
alter table core.interactions add column campaign varchar;               -- outbound call list
alter table core.interactions add column disposition varchar;            -- outbound result (DISPOSITIONS)
alter table core.interactions add column attempt integer;                -- 1 = first call to the customer in the campaign
alter table core.interactions add column self_service_seconds double;    -- time in the bot / IVR
alter table raw.interactions add column campaign varchar;
alter table raw.interactions add column disposition varchar;
alter table raw.interactions add column attempt varchar;
alter table raw.interactions add column self_service_seconds varchar;

-- One definition of each outbound result class and of self-service, used by every mart below and by kpi_daily.
create or replace macro call_connected(disposition) as
    disposition in ('connected', 'wrong_number', 'callback_requested', 'sale', 'appointment', 'promise_to_pay',
                    'do_not_call');
create or replace macro call_right_party(disposition) as
    call_connected(disposition) and disposition <> 'wrong_number';
create or replace macro call_converted(disposition) as disposition in ('sale', 'appointment', 'promise_to_pay');
-- A contact that began in the bot / IVR (its export gives the time spent there) and never reached an agent.
create or replace macro contact_stayed_in_self_service(self_service_seconds, queued_at, agent_id) as
    self_service_seconds is not null and queued_at is null and agent_id is null;

-- kpi_daily gains direction in its grain (every KPI splits inbound / outbound): rebuilt in full on the next run.
drop table if exists marts.kpi_daily;
create table marts.kpi_daily (
    day                          date not null,
    channel                      varchar not null,
    queue                        varchar not null,
    team                         varchar not null,
    direction                    varchar not null,
    contacts                     bigint not null,
    offered                      bigint not null,
    answered                     bigint not null,
    abandoned                    bigint not null,
    answered_within_sl           bigint not null,
    answer_wait_seconds_sum      double not null,
    handled                      bigint not null,
    handle_seconds_sum           double not null,
    handle_timed                 bigint not null,
    transferred                  bigint not null,
    escalated                    bigint not null,
    fcr_eligible                 bigint not null,
    fcr_resolved                 bigint not null,
    first_response_seconds_sum   double not null,
    first_response_n             bigint not null,
    resolution_seconds_sum       double not null,
    resolution_n                 bigint not null,
    sla_tracked                  bigint not null,
    sla_breached                 bigint not null,
    backlog_end_of_day           bigint not null,
    csat_good                    bigint not null,
    csat_n                       bigint not null,
    nps_promoters                bigint not null,
    nps_detractors               bigint not null,
    nps_n                        bigint not null,
    ces_sum                      double not null,
    ces_n                        bigint not null,
    primary key (day, channel, queue, team, direction)
);
delete from marts.build_state where model = 'marts/kpi_daily';
delete from marts.built_loads where model = 'marts/kpi_daily';

-- Outbound calls per local day × local hour × campaign × agent (transforms/sql/marts/outbound_hourly.sql).
create table if not exists marts.outbound_hourly (
    day                    date not null,
    hour                   integer not null,     -- local hour the call was placed, 0–23
    campaign               varchar not null,
    agent_id               varchar not null,
    team                   varchar not null,
    attempts               bigint not null,      -- outbound calls placed
    connects               bigint not null,      -- a person answered (call_connected)
    right_party_contacts   bigint not null,      -- … and it was the person sought (call_right_party)
    conversions            bigint not null,      -- sale, appointment or promise to pay
    callbacks_requested    bigint not null,
    do_not_call            bigint not null,
    handle_seconds_sum     double not null,
    handle_timed           bigint not null
);

-- An agent's outbound calling time per local day: first call placed → last call ended (calls per agent hour).
create table if not exists marts.outbound_agent_daily (
    day              date not null,
    agent_id         varchar not null,
    team             varchar not null,
    calls            bigint not null,
    calling_seconds  double not null
);

-- Customers whose latest call in a campaign asked not to be called again, or to be called back (pseudonymous key).
create table if not exists marts.outbound_followups (
    campaign         varchar not null,
    customer_key     varchar not null,
    disposition      varchar not null,      -- do_not_call | callback_requested
    interaction_id   varchar not null,
    called_at        timestamp not null,
    attempt          integer,
    agent_id         varchar,
    team             varchar not null
);

-- Self-service (bot / IVR) per local day × channel × queue × the reason a contact reached an agent.
create table if not exists marts.self_service_daily (
    day                           date not null,
    channel                       varchar not null,
    queue                         varchar not null,
    handoff_reason                varchar not null,  -- theme label, else contact reason, of handed-off contacts
    entered                       bigint not null,   -- contacts that began in the bot / IVR
    contained                     bigint not null,   -- … and never reached an agent
    handed_off                    bigint not null,
    handoff_self_service_seconds_sum double not null, -- time in the bot / IVR before hand-off
    contained_self_service_seconds_sum double not null,
    bot_resolved                  bigint not null,   -- contained with status resolved/closed, window observed
    bot_resolved_repeat           bigint not null    -- … and the customer contacted again within the FCR window
);

-- Customer health per pseudonymous customer and scoring day (the last day of the data and weekly before it).
create table if not exists marts.customer_health (
    customer_key         varchar not null,
    scored_on            date not null,
    contacts             bigint not null,       -- contacts in the window
    repeat_same_theme    bigint not null,
    unresolved           bigint not null,
    sla_breached         bigint not null,
    low_csat             bigint not null,       -- CSAT answers 1–2
    nps_detractor        bigint not null,       -- NPS answers 0–6
    csat_fall            double not null,       -- first − last CSAT in the window when it fell, else 0
    negative_sentiment   bigint not null,
    harassment           bigint not null,
    risk_points          double not null,       -- Σ weight × min(value, cap) (health/customer_health.yaml)
    health               double not null,       -- 100 − risk points, at least 0
    last_contact_at      timestamp
);
