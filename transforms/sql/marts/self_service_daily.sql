-- Self-service (bot / IVR) per local day × channel × queue × hand-off reason (docs/kpis.md, "Self-service").
-- A contact entered self-service when its export gives the time spent there (self_service_seconds); it was
-- contained when it never reached an agent (contact_stayed_in_self_service, migration 0130: no queue, no agent),
-- else handed off, with the theme of the contact (else its contact reason) as the reason. A contained contact whose
-- status is resolved or closed is a "resolved" bot session; it repeated when the same customer contacted again
-- within $fcr_days (the FCR proxy's rule, macro contact_repeats of migration 0310), counted once that window has been
-- observed by $as_of.
-- Params: $timezone, $fcr_days, $as_of (naive UTC "now" of the data).
with entered as (
    select
        i.*,
        contact_stayed_in_self_service(i.self_service_seconds, i.queued_at, i.agent_id) as contained,
        cast(timezone($timezone, i.created_at at time zone 'UTC') as date) as day
    from core.interactions i
    where i.self_service_seconds is not null and i.direction = 'inbound'
),
sessions as (
    select
        e.*,
        e.contained and e.status in ('resolved', 'closed') and e.customer_id is not null
            and e.created_at + to_days(cast($fcr_days as integer)) <= $as_of as bot_resolved,
        exists (
            select 1 from core.interactions later
            where contact_repeats(later.customer_id, later.interaction_id, later.created_at,
                                  e.customer_id, e.interaction_id, e.created_at, $fcr_days)
        ) as repeated,
        case when e.contained then '(none)' else coalesce(t.label, e.contact_reason, 'unknown') end as handoff_reason
    from entered e
    left join themes.theme_assignments a using (interaction_id)
    left join themes.themes t on t.theme_id = a.theme_id
)
select
    day, channel, coalesce(queue, 'unknown') as queue, handoff_reason,
    count(*) as entered,
    count(*) filter (where contained) as contained,
    count(*) filter (where not contained) as handed_off,
    coalesce(sum(self_service_seconds) filter (where not contained), 0) as handoff_self_service_seconds_sum,
    coalesce(sum(self_service_seconds) filter (where contained), 0) as contained_self_service_seconds_sum,
    count(*) filter (where bot_resolved) as bot_resolved,
    count(*) filter (where bot_resolved and repeated) as bot_resolved_repeat
from sessions
group by all
