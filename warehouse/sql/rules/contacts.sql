-- The contacts rules look at (created at or after $since; all when it is null), with what other stages found:
-- harassment (customer-conduct rubric, the same query as qa.harassment_flags), a critical agent-scorecard fail,
-- and whether the contact's theme is flagged emerging.
with harassed as (
    select distinct interaction_id from ({harassment_flags})
), critical as (
    select distinct s.interaction_id
    from qa.current_scores s
    join (select distinct rubric_id, version, kind from qa.rubric_versions) v
      on v.rubric_id = s.rubric_id and v.version = s.rubric_version and v.kind = 'agent_scorecard'
    where s.critical_failed
), emerging as (
    select a.interaction_id from themes.theme_assignments a join themes.themes t using (theme_id) where t.emerging
)
select i.interaction_id, i.channel, coalesce(i.queue, 'unknown') as queue, i.language, i.agent_id, i.created_at,
       i.status, i.resolved_at, i.sla_due_at, i.hold_seconds, i.talk_seconds, i.transfers, i.first_response_at,
       h.interaction_id is not null as harassment, c.interaction_id is not null as critical_fail,
       e.interaction_id is not null as emerging_theme
from core.interactions i
left join harassed h using (interaction_id)
left join critical c using (interaction_id)
left join emerging e using (interaction_id)
where $since is null or i.created_at >= $since
