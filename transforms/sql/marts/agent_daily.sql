-- Per local day × agent (× team, channel, queue, language, direction): the same additive components as
-- marts.kpi_daily for the KPIs of an agent (ratios in transforms/kpis.py). Contacts count on the day they were
-- created; survey answers on the day they were given (as in kpi_daily), for the agent who handled the contact.
-- Params: $timezone (IANA name).
with
interactions as (
    select
        *,
        cast(timezone($timezone, created_at at time zone 'UTC') as date) as day,
        contact_handle_seconds(abandoned, talk_seconds, hold_seconds, acw_seconds) as handle_seconds,
        contact_is_handled(abandoned, agent_id) as is_handled
    from core.interactions
    where agent_id is not null
),
contact_measures as (
    select
        day, agent_id, coalesce(team, 'unknown') as team, channel, coalesce(queue, 'unknown') as queue,
        coalesce(language, 'unknown') as language, direction,
        count(*) filter (where is_handled) as handled,
        coalesce(sum(handle_seconds), 0) as handle_seconds_sum,
        count(handle_seconds) as handle_timed,
        count(*) filter (where is_handled and transfers > 0) as transferred,
        count(*) filter (where is_handled and escalated) as escalated
    from interactions
    group by all
),
survey_measures as (
    select
        cast(timezone($timezone, s.responded_at at time zone 'UTC') as date) as day,
        i.agent_id, coalesce(i.team, 'unknown') as team, i.channel, coalesce(i.queue, 'unknown') as queue,
        coalesce(i.language, 'unknown') as language, i.direction,
        count(*) filter (where s.csat >= 4) as csat_good,
        count(s.csat) as csat_n
    from core.surveys as s
    join interactions as i using (interaction_id)
    group by all
),
final as (
    select
        day, agent_id, team, channel, queue, language, direction,
        coalesce(sum(handled), 0) as handled,
        coalesce(sum(handle_seconds_sum), 0) as handle_seconds_sum,
        coalesce(sum(handle_timed), 0) as handle_timed,
        coalesce(sum(transferred), 0) as transferred,
        coalesce(sum(escalated), 0) as escalated,
        coalesce(sum(csat_good), 0) as csat_good,
        coalesce(sum(csat_n), 0) as csat_n
    from (select * from contact_measures union all by name select * from survey_measures)
    group by all
)
select * from final
