-- Per local half hour of one weekday ($weekday, 1 = Monday): mean inbound contacts and mean distinct agents seen
-- handling the channel, over the days of that weekday in the period that have any contact. {where} and
-- {agents_where} are dashboards.queries.base.where clauses (constant column names, bound $params); {local_time} is
-- base.local_time's expression for created_at as local wall time.
with days as (select count(distinct day) as n from marts.arrivals_interval
              where day between $date_from and $date_to and isodow(day) = $weekday),
arrivals as (select strftime(interval_start, '%H:%M') as interval_time, sum(offered) as offered
             from marts.arrivals_interval where {where} and isodow(day) = $weekday group by 1),
seen as (select interval_time, sum(agents) / greatest((select n from days), 1) as agents_seen from (
             select strftime(slot, '%H:%M') as interval_time, cast(slot as date) as day,
                    count(distinct agent_id) as agents
             from (select distinct time_bucket(interval 30 minute, {local_time}) as slot, agent_id
                   from core.interactions where {agents_where} and agent_id is not null)
             where isodow(slot) = $weekday group by all)
         group by 1),
-- every half hour, also those without a contact (0 agents needed)
grid as (select strftime(timestamp '2000-01-01' + to_minutes(cast(30 * i as bigint)), '%H:%M') as interval_time
         from range(48) t(i))
select interval_time, coalesce(arrivals.offered, 0) / greatest((select n from days), 1) as offered,
       coalesce(seen.agents_seen, 0) as agents_seen, (select n from days) as days
from grid left join arrivals using (interval_time) left join seen using (interval_time)
order by 1
