-- Contacts the sampling policy may pick (transforms/qa/sampling.py): current agent-scorecard scores of the last
-- $days days of data (counted back from the newest interaction), with everything a reason looks at, minus what a
-- human has reviewed and what is queued already. Params: $days.
with newest as (select max(created_at) as newest_at from core.interactions),
kinds as (select distinct rubric_id, version, kind from qa.rubric_versions),
agent_scores as (
    select s.interaction_id, s.rubric_id, s.score, s.critical_failed
    from qa.current_scores s join kinds k on k.rubric_id = s.rubric_id and k.version = s.rubric_version
                                          and k.kind = 'agent_scorecard'
    qualify row_number() over (partition by s.interaction_id order by s.rubric_id) = 1
),
harassment as (
    select a.interaction_id, bool_or(a.answer = 'fail') as flagged
    from qa.current_answers a join kinds k on k.rubric_id = a.rubric_id and k.version = a.rubric_version
                                           and k.kind = 'customer_conduct'
    group by a.interaction_id
),
provisional as (  -- machine fails on criteria a QA lead marked "needs tuning" (migration 0170)
    select a.interaction_id, true as provisional_fail
    from qa.current_answers a semi join qa.criteria_needing_tuning t using (rubric_id, criterion_id)
    where a.answer in ('fail', 'partial') group by a.interaction_id
),
surveys as (select interaction_id, min(csat) as csat, min(nps) as nps from core.surveys group by interaction_id)
select s.interaction_id, s.rubric_id, i.agent_id, coalesce(i.team, 'unknown') as team, i.created_at, s.score,
       s.critical_failed, coalesce(h.flagged, false) as harassment_flagged,
       coalesce(p.provisional_fail, false) as provisional_fail, v.csat, v.nps,
       coalesce(c.sentiment_end, m.customer_sentiment_end) as customer_sentiment_end, m.longest_silence_seconds, coalesce(m.hold_seconds, i.hold_seconds) as hold_seconds
from agent_scores s
join core.interactions i using (interaction_id)
left join harassment h using (interaction_id)
left join provisional p using (interaction_id)
left join surveys v using (interaction_id)
left join core.conversation_metrics m using (interaction_id)
left join marts.contact_sentiment c using (interaction_id)  -- stored per customer turn, every channel
where i.created_at >= (select newest_at from newest) - to_days($days)
  and not exists (select 1 from qa.reviews r where r.interaction_id = s.interaction_id and r.calibration_id is null)
  and not exists (select 1 from qa.review_queue q where q.interaction_id = s.interaction_id)
