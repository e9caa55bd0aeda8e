-- Per theme over [$start, $end): its interactions and how many were followed by another contact of the same
-- customer within $days days (repeat contacts). Times are naive UTC.
with assigned as (
    select a.theme_id, i.interaction_id, i.customer_id, i.created_at
    from themes.theme_assignments a join core.interactions i using (interaction_id)
    where a.theme_id is not null and i.created_at >= $start and i.created_at < $end
)
select theme_id, count(*) as interactions,
       count(*) filter (where exists (
           select 1 from core.interactions later
           where later.customer_id = assigned.customer_id and later.interaction_id <> assigned.interaction_id
             and later.created_at > assigned.created_at
             and later.created_at <= assigned.created_at + to_days(cast($days as integer)))) as repeat_contacts
from assigned group by theme_id order by theme_id
