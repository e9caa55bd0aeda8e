-- A theme's examples (the themes in $t): the most typical quotes the themes stage picked from all its contacts,
-- already redacted, in its order. Each with the business day ($tz) of its contact and whether {where} keeps that
-- contact (the dashboard's period and channels, a clause of constant column names and bound $params): the page
-- shows those kept and, when it keeps none, the days of the others. A quote whose contact is not in
-- core.interactions (an unlinked survey) has no day and is never kept.
select e.interaction_id, e.language, e.text,
       cast(timezone($tz, i.created_at at time zone 'UTC') as date) as day,
       coalesce(i.interaction_id is not null and {where}, false) as kept
from themes.theme_examples e left join core.interactions i using (interaction_id)
where list_contains($t, e.theme_id)
order by e.rank, e.theme_id
