-- Mean contacts per day for each weekday (1 = Monday) × local hour of the rows {where} keeps (a
-- dashboards.queries.base.where clause: constant column names, bound $params): a cell's contacts ÷ the days of that
-- weekday in the period that have any contact.
with days as (select isodow(day) as weekday, count(distinct day) as days from marts.arrivals_interval
              where day between $date_from and $date_to group by 1),
cells as (select isodow(day) as weekday, hour(interval_start) as hour, sum(offered) as offered
          from marts.arrivals_interval where {where} group by all)
select weekday, hour, offered / days as offered_per_day, days
from cells join days using (weekday)
order by all
