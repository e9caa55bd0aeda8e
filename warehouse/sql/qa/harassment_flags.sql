-- Interactions where a customer-conduct criterion failed: the failed criteria, their summed weight (severity).
select a.interaction_id, a.rubric_id, list(a.criterion_id order by a.criterion_id) as criteria,
       sum(a.weight) as severity, max(i.agent_id) as agent_id, max(i.created_at) as created_at
from qa.current_answers a
join (select distinct rubric_id, version, kind from qa.rubric_versions) v on v.rubric_id = a.rubric_id and v.version = a.rubric_version
                          and v.kind = 'customer_conduct'
left join core.interactions i using (interaction_id)
where a.answer = 'fail'
group by a.interaction_id, a.rubric_id order by severity desc, a.interaction_id
