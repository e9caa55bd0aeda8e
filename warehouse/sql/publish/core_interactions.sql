-- The snapshot's core.interactions: the columns the drill-downs need (no customer ids or contacts), with handle
-- time (the contact_handle_seconds macro) and wait time worked out, ordered by creation so a period reads only its
-- own row groups. Free text is copied as stored: it was masked before it entered the warehouse.
select interaction_id, channel, direction, agent_id, coalesce(team, 'unknown') as team,
       coalesce(queue, 'unknown') as queue, product, contact_reason, coalesce(language, 'unknown') as language,
       status, priority, subject, created_at, answered_at, first_response_at, resolved_at, abandoned,
       contact_handle_seconds(abandoned, talk_seconds, hold_seconds, acw_seconds) as handle_seconds,
       date_diff('second', coalesce(queued_at, created_at), answered_at) as wait_seconds,
       transfers, escalated, campaign, disposition, attempt, self_service_seconds
from core.interactions
order by created_at
