-- An agent's outbound calling time per local day: from placing the first outbound call to the end of the last
-- (answered_at or created_at + talk + hold + after-call work; an unanswered call ends when placed + talk, or when
-- placed). The denominator of calls per agent hour (docs/kpis.md, "Outbound"); no login times are needed.
-- Params: $timezone (IANA name).
with calls as (
    select
        agent_id, coalesce(team, 'unknown') as team,
        cast(timezone($timezone, created_at at time zone 'UTC') as date) as day,
        created_at,
        coalesce(answered_at, created_at)
            + to_microseconds(cast(1e6 * (coalesce(talk_seconds, 0) + coalesce(hold_seconds, 0)
                                          + coalesce(acw_seconds, 0)) as bigint)) as ended_at
    from core.interactions
    where direction = 'outbound' and channel = 'phone' and disposition is not null and agent_id is not null
)
select
    day, agent_id, any_value(team) as team,
    count(*) as calls,
    date_diff('millisecond', min(created_at), max(ended_at)) / 1000.0 as calling_seconds
from calls
group by day, agent_id
