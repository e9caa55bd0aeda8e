-- Agent × criterion: the effective pass rate (%) and the answers counted (N/A left out) of the agent scorecard,
-- over the scores {where} keeps (a dashboards.queries.base.where clause on qa.scores s: bound $params).
select s.agent_id, c.rubric_id, c.criterion_id, 100.0 * avg((c.answer = 'pass')::int) as pass_rate,
       count(*) as answered
from qa.criteria c join qa.scores s using (interaction_id)
where c.answer <> 'na' and c.kind = 'agent_scorecard' and {where}
group by all
order by s.agent_id, c.rubric_id, c.criterion_id
