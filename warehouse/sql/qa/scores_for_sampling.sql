-- Current agent-scorecard scores (one per interaction) with the agent and whether a customer-conduct criterion
-- failed on the same interaction. Params: $since (null: all).
select s.interaction_id, s.rubric_id, s.score, i.agent_id, coalesce(i.team, 'unknown') as team, i.created_at,
       coalesce(h.flagged, false) as harassment_flagged
from qa.current_scores s
join core.interactions i using (interaction_id)
join (select distinct rubric_id, version, kind from qa.rubric_versions) v on v.rubric_id = s.rubric_id and v.version = s.rubric_version
                          and v.kind = 'agent_scorecard'
left join (select c.interaction_id, bool_or(c.answer = 'fail') as flagged
           from qa.current_answers c join (select distinct rubric_id, version, kind from qa.rubric_versions) k
             on k.rubric_id = c.rubric_id and k.version = c.rubric_version and k.kind = 'customer_conduct'
           group by c.interaction_id) h using (interaction_id)
where $since is null or i.created_at >= $since
qualify row_number() over (partition by s.interaction_id order by s.rubric_id) = 1
