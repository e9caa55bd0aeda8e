-- One row per agent: the summed marts.agent_daily components ({sums}) of the rows {where} keeps, with the agent's QA
-- score, scored count and harassment exposure from {qa_scores} (the period's effective QA scores, or an empty row
-- before QA has run). {where} is a dashboards.queries.base.where clause (constant column names, bound $params).
with ops as (select agent_id, any_value(team) as team, {sums}
             from marts.agent_daily where {where} group by agent_id),
qa as (select agent_id, avg(score) as qa_score, count(score) as qa_scored,
              count(*) filter (where harassment_flag) as harassment_contacts
       from ({qa_scores}) group by agent_id)
select ops.*, qa.qa_score, coalesce(qa.qa_scored, 0) as qa_scored,
       coalesce(qa.harassment_contacts, 0) as harassment_contacts
from ops left join qa using (agent_id)
order by handled desc, agent_id
