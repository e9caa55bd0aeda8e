-- Handled contacts per local day × agent (× channel, queue, language, direction), with survey results.
-- Params: $timezone (IANA name).
with
interactions as (
    select
        *,
        timezone($timezone, created_at at time zone 'UTC') as created_local,
        coalesce(talk_seconds, 0) + coalesce(hold_seconds, 0) + coalesce(acw_seconds, 0) as handle_seconds,
        talk_seconds is not null as is_timed
    from core.interactions
    where agent_id is not null
),
surveys as (
    select
        interaction_id,
        count(*) filter (where csat >= 4) as csat_good,
        count(csat) as csat_n,
    from core.surveys
    group by interaction_id
),
final as (
    select
        cast(interactions.created_local as date) as day,
        interactions.agent_id,
        coalesce(interactions.team, 'unknown') as team,
        interactions.channel,
        coalesce(interactions.queue, 'unknown') as queue,
        coalesce(interactions.language, 'unknown') as language,
        interactions.direction,
        count(*) as handled,
        coalesce(sum(interactions.handle_seconds) filter (where interactions.is_timed), 0) as handle_seconds_sum,
        count(*) filter (where interactions.is_timed) as handle_timed,
        count(*) filter (where interactions.transfers > 0) as transferred,
        count(*) filter (where interactions.escalated) as escalated,
        coalesce(sum(surveys.csat_good), 0) as csat_good,
        coalesce(sum(surveys.csat_n), 0) as csat_n,
    from interactions
    left join surveys on surveys.interaction_id = interactions.interaction_id
    group by all
)
select * from final
