-- Per theme over [$start, $end): its interactions, how many were followed by another contact of the same customer
-- within $days days (repeat contacts), and what it cost the contact center: agent hours (talk + hold + after-call
-- work, the KPI definition of handle time: macro contact_handle_seconds), transfers and escalations. Times are
-- naive UTC.
with assigned as (
    select a.theme_id, i.interaction_id, i.customer_id, i.created_at, i.transfers, i.escalated,
           contact_handle_seconds(i.abandoned, i.talk_seconds, i.hold_seconds, i.acw_seconds) as handle_seconds
    from themes.theme_assignments a join core.interactions i using (interaction_id)
    where a.theme_id is not null and i.created_at >= $start and i.created_at < $end
)
select theme_id, count(*) as interactions,
       count(*) filter (where exists (
           select 1 from core.interactions later
           where later.customer_id = assigned.customer_id and later.interaction_id <> assigned.interaction_id
             and later.created_at > assigned.created_at
             and later.created_at <= assigned.created_at + to_days(cast($days as integer)))) as repeat_contacts,
       coalesce(sum(handle_seconds), 0) / 3600.0 as agent_hours,
       coalesce(sum(transfers), 0) as transfers,
       count(*) filter (where escalated) as escalations
from assigned group by theme_id order by theme_id
