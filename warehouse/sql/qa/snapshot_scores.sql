-- The dashboard's QA scores (one agent scorecard per interaction): the effective score (a reviewer's answers and
-- granted disputes applied, transforms/qa/effective.py) with the machine's beside it. Registered frames:
-- koe_qa_scores (warehouse/sql/qa/scores_for_sampling.sql), koe_effective_scores (reviewed interactions only).
select k.interaction_id, k.rubric_id, k.agent_id, k.team, coalesce(e.score, k.score) as score, k.score as auto_score,
       coalesce(e.critical_failed, c.critical_failed) as critical_failed, e.interaction_id is not null as reviewed,
       k.harassment_flagged as harassment_flag, k.created_at
from koe_qa_scores k
join qa.current_scores c using (interaction_id, rubric_id)
left join koe_effective_scores e using (interaction_id, rubric_id)
order by k.created_at
