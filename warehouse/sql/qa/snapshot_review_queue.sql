-- The review queue as the dashboard lists it: sampled items (qa.review_queue, written by the qa_review_queue asset)
-- that no human has reviewed yet, with the effective score and the listed interaction columns, ordered by
-- created_at so a period reads only its own row groups.
select q.interaction_id, q.reasons, q.priority, q.reviewer, q.week, s.score, s.auto_score, i.agent_id, i.team,
       i.channel, i.queue, i.created_at
from qa.review_queue q
join snap.qa.scores s using (interaction_id)
join snap.core.interactions i using (interaction_id)
where not exists (select 1 from qa.reviews r where r.interaction_id = q.interaction_id and r.calibration_id is null)
order by i.created_at
