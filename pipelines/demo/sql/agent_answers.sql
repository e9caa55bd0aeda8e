-- The current pass/fail answers on agent-scorecard criteria (what a reviewer can answer in the dashboard: no
-- partial), with the interaction's agent and time, oldest first: the demo QA loop's reviews are planted on these.
select a.interaction_id, a.rubric_id, a.criterion_id, a.answer, i.agent_id, i.created_at
from qa.current_answers a
join (select distinct rubric_id, version, kind from qa.rubric_versions) k
  on k.rubric_id = a.rubric_id and k.version = a.rubric_version and k.kind = 'agent_scorecard'
join core.interactions i using (interaction_id)
where a.answer in ('pass', 'fail')
order by i.created_at, a.interaction_id, a.criterion_id
