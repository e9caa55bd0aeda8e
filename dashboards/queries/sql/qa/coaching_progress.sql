-- Per coaching item and criterion (the registered koe_coaching: coaching_id, agent_id, criterion
-- "rubric:criterion", assigned_at): the agent's pass rate over the 30 days before it was assigned and since.
select w.coaching_id, w.criterion,
       100.0 * avg((c.answer = 'pass')::int) filter (where s.created_at < w.assigned_at
           and s.created_at >= w.assigned_at - interval 30 day) as before_pct,
       100.0 * avg((c.answer = 'pass')::int) filter (where s.created_at >= w.assigned_at) as after_pct,
       count(*) filter (where s.created_at >= w.assigned_at) as after_answered
from koe_coaching w
join qa.scores s on s.agent_id = w.agent_id
join qa.criteria c on c.interaction_id = s.interaction_id and c.rubric_id || ':' || c.criterion_id = w.criterion
where c.answer <> 'na'
group by all
order by w.coaching_id, w.criterion
