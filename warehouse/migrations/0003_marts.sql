-- Marts: what dashboards and reports read. Rebuilt by transforms/sql/marts/*.sql.
-- kpi_daily holds only additive counts and sums, so any roll-up (week, channel, all queues…) is exact:
-- ratios are computed at read time by transforms/sql/kpis/ratios.sql (definitions in docs/kpis.md).
create table if not exists marts.kpi_daily (
    day                          date not null,
    channel                      varchar not null,
    queue                        varchar not null,
    team                         varchar not null,
    contacts                     bigint not null,   -- every contact, any channel and direction (volume)
    offered                      bigint not null,   -- inbound real-time contacts (phone, chat) that reached a queue
    answered                     bigint not null,
    abandoned                    bigint not null,
    answered_within_sl           bigint not null,
    answer_wait_seconds_sum      double not null,   -- Σ(answered_at − queued_at) over answered
    handled                      bigint not null,   -- contacts an agent handled (answered or replied)
    handle_seconds_sum           double not null,   -- Σ(talk + hold + acw) over handled with times
    handle_timed                 bigint not null,
    transferred                  bigint not null,
    escalated                    bigint not null,
    fcr_eligible                 bigint not null,   -- handled contacts whose 7-day window has been observed
    fcr_resolved                 bigint not null,   -- … with no repeat contact from the same customer
    first_response_seconds_sum   double not null,
    first_response_n             bigint not null,
    resolution_seconds_sum       double not null,
    resolution_n                 bigint not null,
    sla_tracked                  bigint not null,
    sla_breached                 bigint not null,
    backlog_end_of_day           bigint not null,   -- tickets created by end of day and not yet resolved
    csat_good                    bigint not null,   -- responses 4–5
    csat_n                       bigint not null,
    nps_promoters                bigint not null,
    nps_detractors               bigint not null,
    nps_n                        bigint not null,
    ces_sum                      double not null,
    ces_n                        bigint not null,
    primary key (day, channel, queue, team)
);
