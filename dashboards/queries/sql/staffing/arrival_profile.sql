-- Per local half hour of one weekday ($weekday, 1 = Monday): mean inbound contacts and mean distinct agents seen
-- handling the channel, over the days of that weekday in the period that have any contact and whose data covers
-- that half hour (arrivals/covered_slots.sql, put in as covered, as the overview's heatmap counts them). {where} and
-- {agents_where} are dashboards.queries.base.where clauses (constant column names, bound $params); {local_time} is
-- base.local_time's expression for created_at as local wall time.
with days as (select strftime(slot, '%H:%M') as interval_time, count(*) as n from ({covered})
              where isodow(day) = $weekday group by 1),
arrivals as (select strftime(interval_start, '%H:%M') as interval_time, sum(offered) as offered
             from marts.arrivals_interval where {where} and isodow(day) = $weekday group by 1),
seen as (select interval_time, sum(agents) as agents from (
             select strftime(slot, '%H:%M') as interval_time, cast(slot as date) as day,
                    count(distinct agent_id) as agents
             from (select distinct time_bucket(interval 30 minute, {local_time}) as slot, agent_id
                   from core.interactions where {agents_where} and agent_id is not null)
             where isodow(slot) = $weekday group by all)
         group by 1),
-- every half hour, also those without a contact (0 agents needed)
grid as (select strftime(timestamp '2000-01-01' + to_minutes(cast(30 * i as bigint)), '%H:%M') as interval_time
         from range(48) t(i))
select interval_time, coalesce(arrivals.offered, 0) / greatest(coalesce(days.n, 0), 1) as offered,
       coalesce(seen.agents, 0) / greatest(coalesce(days.n, 0), 1) as agents_seen, coalesce(days.n, 0) as days
from grid left join days using (interval_time) left join arrivals using (interval_time) left join seen using (interval_time)
order by 1
