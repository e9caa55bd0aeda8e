-- Mean contacts per day for each weekday (1 = Monday) × local hour of the rows {where} keeps (a
-- dashboards.queries.base.where clause: constant column names, bound $params): a cell's contacts ÷ the days of that
-- weekday in the period that have any contact and whose data covers that hour (arrivals/covered_slots.sql, put in as covered).
with days as (select isodow(day) as weekday, hour(slot) as hour, count(distinct day) as days from ({covered})
              group by all),
cells as (select isodow(day) as weekday, hour(interval_start) as hour, sum(offered) as offered
          from marts.arrivals_interval where {where} group by all)
select weekday, hour, offered / days as offered_per_day, days
from cells join days using (weekday, hour)
order by all
