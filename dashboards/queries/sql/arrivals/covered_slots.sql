-- Each local half hour (slot) of each day of the period that has any contact, when the data covers it: the first
-- and the last day of the data are partial (it starts and ends mid-day), so a half hour before the first contact or
-- after the last one is not a day without contacts there. The days behind every "mean contacts per day" (the
-- overview's weekday × hour heatmap, the staffing page's profile): a partial day is counted only for its hours.
select d.day, d.day + to_minutes(cast(30 * t.i as bigint)) as slot
from (select distinct day from marts.arrivals_interval where day between $date_from and $date_to) d,
     range(48) t(i),
     (select min(interval_start) as first_slot, max(interval_start) as last_slot from marts.arrivals_interval) span
where d.day + to_minutes(cast(30 * t.i as bigint)) between span.first_slot and span.last_slot
