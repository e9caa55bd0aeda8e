-- KPI components per local day × channel × queue × team × direction (additive; ratios in transforms/kpis.py).
-- Every step is filtered to the requested days as early as it can be, so a daily update reads one day's
-- contacts (plus, for the FCR proxy, the later contacts of the same customers). The created_at bounds one day
-- wider than the local days (any zone offset fits) let DuckDB skip row groups before converting zones.
-- FCR: the repeat-contact proxy's macros contact_fcr_eligible and contact_repeats (migration 0310), its one definition.
-- Params: $tz (business time zone), $sl_seconds (service-level threshold), $fcr_days (repeat window),
--         $as_of (naive UTC "now" of the data), $day_from / $day_to (local dates to build, inclusive).
with
interactions as not materialized (
    select
        *,
        cast(timezone($tz, created_at::timestamptz) as date) as day,
        coalesce(queue, '(none)') as queue_key,
        coalesce(team, '(none)') as team_key,
        channel in ('phone', 'chat') as is_realtime,
        channel in ('phone', 'chat') and direction = 'inbound'
            and not contact_stayed_in_self_service(self_service_seconds, queued_at, agent_id) as is_queued
    from core.interactions
),

repeats as (
    select
        i.interaction_id,
        exists (
            select 1 from core.interactions later
            where contact_repeats(later.customer_id, later.interaction_id, later.created_at,
                                  i.customer_id, i.interaction_id, i.created_at, $fcr_days)
                -- bounds the rule implies for the days built: they let DuckDB skip row groups
                and later.created_at >= cast($day_from as timestamp) - interval 1 day
                and later.created_at < cast($day_to as timestamp) + interval 2 day + to_days(cast($fcr_days as integer))
        ) as has_repeat
    from interactions as i
    where i.day between cast($day_from as date) and cast($day_to as date)
        and i.created_at >= cast($day_from as timestamp) - interval 1 day
        and i.created_at < cast($day_to as timestamp) + interval 2 day
        and contact_fcr_eligible(i.customer_id, i.direction, i.abandoned, i.created_at, $fcr_days, $as_of)
),

contact_measures as (
    select
        i.day, i.channel, i.queue_key as queue, i.team_key as team, i.direction,
        count(*) as contacts,
        count(*) filter (where i.is_queued) as offered,
        count(*) filter (where i.is_queued and i.answered_at is not null) as answered,
        count(*) filter (where i.is_queued and i.abandoned) as abandoned,
        count(*) filter (
            where i.is_queued and i.answered_at is not null
                and date_diff('millisecond', coalesce(i.queued_at, i.created_at), i.answered_at) <= $sl_seconds * 1000
        ) as answered_within_sl,
        coalesce(sum(date_diff('millisecond', coalesce(i.queued_at, i.created_at), i.answered_at) / 1000.0)
            filter (where i.is_queued and i.answered_at is not null), 0) as answer_wait_seconds_sum,
        count(*) filter (where contact_is_handled(i.abandoned, i.agent_id)) as handled,
        coalesce(sum(contact_handle_seconds(i.abandoned, i.talk_seconds, i.hold_seconds, i.acw_seconds)), 0)
            as handle_seconds_sum,
        count(contact_handle_seconds(i.abandoned, i.talk_seconds, i.hold_seconds, i.acw_seconds)) as handle_timed,
        count(*) filter (where contact_is_handled(i.abandoned, i.agent_id) and i.transfers > 0) as transferred,
        count(*) filter (where contact_is_handled(i.abandoned, i.agent_id) and i.escalated) as escalated,
        count(r.interaction_id) as fcr_eligible,
        count(*) filter (where r.interaction_id is not null and not r.has_repeat) as fcr_resolved,
        coalesce(sum(date_diff('millisecond', i.created_at, i.first_response_at) / 1000.0)
            filter (where i.first_response_at is not null and i.direction = 'inbound'), 0) as first_response_seconds_sum,
        count(*) filter (where i.first_response_at is not null and i.direction = 'inbound') as first_response_n,
        coalesce(sum(date_diff('millisecond', i.created_at, i.resolved_at) / 1000.0)
            filter (where i.resolved_at is not null and not i.abandoned), 0) as resolution_seconds_sum,
        count(*) filter (where i.resolved_at is not null and not i.abandoned) as resolution_n,
        count(*) filter (where i.sla_due_at is not null) as sla_tracked,
        count(*) filter (
            where i.sla_due_at is not null and coalesce(i.resolved_at, i.closed_at, $as_of) > i.sla_due_at
        ) as sla_breached
    from interactions as i
    left join repeats as r using (interaction_id)
    where i.day between cast($day_from as date) and cast($day_to as date)
        and i.created_at >= cast($day_from as timestamp) - interval 1 day
        and i.created_at < cast($day_to as timestamp) + interval 2 day
    group by all
),

open_tickets as materialized (
    -- tickets (not calls or chats) still open at some point of the requested days: cheap filters first, so the
    -- zone conversion below runs on these rows only
    select * from core.interactions
    where channel not in ('phone', 'chat') and not abandoned
        and created_at < cast($day_to as timestamp) + interval 2 day
        and coalesce(resolved_at, closed_at, $as_of) >= cast($day_from as timestamp) - interval 1 day
),

backlog as (
    -- tickets open at the end of each local day
    select
        cast(open_day.d as date) as day, i.channel, coalesce(i.queue, '(none)') as queue,
        coalesce(i.team, '(none)') as team, i.direction,
        count(*) as backlog_end_of_day
    from open_tickets as i,
        unnest(generate_series(
            cast(timezone($tz, i.created_at::timestamptz) as date)::timestamp,
            coalesce(cast(timezone($tz, coalesce(i.resolved_at, i.closed_at)::timestamptz) as date) - 1,
                     cast($day_to as date))::timestamp,
            interval 1 day
        )) as open_day(d)
    where cast(timezone($tz, i.created_at::timestamptz) as date) <= cast($day_to as date)
    group by all
),

survey_measures as (
    select
        cast(timezone($tz, s.responded_at::timestamptz) as date) as day,
        coalesce(i.channel, 'other') as channel,
        coalesce(i.queue_key, '(none)') as queue,
        coalesce(i.team_key, '(none)') as team,
        coalesce(i.direction, 'inbound') as direction,
        count(*) filter (where s.csat >= 4) as csat_good,
        count(s.csat) as csat_n,
        count(*) filter (where s.nps >= 9) as nps_promoters,
        count(*) filter (where s.nps <= 6) as nps_detractors,
        count(s.nps) as nps_n,
        coalesce(sum(s.ces), 0) as ces_sum,
        count(s.ces) as ces_n
    from core.surveys as s
    left join interactions as i using (interaction_id)
    where cast(timezone($tz, s.responded_at::timestamptz) as date) between cast($day_from as date) and cast($day_to as date)
    group by all
),

combined as (
    select * from contact_measures
    union all by name select * from backlog
    union all by name select * from survey_measures
),

final as (
    select
        day, channel, queue, team, direction,
        coalesce(sum(contacts), 0) as contacts,
        coalesce(sum(offered), 0) as offered,
        coalesce(sum(answered), 0) as answered,
        coalesce(sum(abandoned), 0) as abandoned,
        coalesce(sum(answered_within_sl), 0) as answered_within_sl,
        coalesce(sum(answer_wait_seconds_sum), 0) as answer_wait_seconds_sum,
        coalesce(sum(handled), 0) as handled,
        coalesce(sum(handle_seconds_sum), 0) as handle_seconds_sum,
        coalesce(sum(handle_timed), 0) as handle_timed,
        coalesce(sum(transferred), 0) as transferred,
        coalesce(sum(escalated), 0) as escalated,
        coalesce(sum(fcr_eligible), 0) as fcr_eligible,
        coalesce(sum(fcr_resolved), 0) as fcr_resolved,
        coalesce(sum(first_response_seconds_sum), 0) as first_response_seconds_sum,
        coalesce(sum(first_response_n), 0) as first_response_n,
        coalesce(sum(resolution_seconds_sum), 0) as resolution_seconds_sum,
        coalesce(sum(resolution_n), 0) as resolution_n,
        coalesce(sum(sla_tracked), 0) as sla_tracked,
        coalesce(sum(sla_breached), 0) as sla_breached,
        coalesce(sum(backlog_end_of_day), 0) as backlog_end_of_day,
        coalesce(sum(csat_good), 0) as csat_good,
        coalesce(sum(csat_n), 0) as csat_n,
        coalesce(sum(nps_promoters), 0) as nps_promoters,
        coalesce(sum(nps_detractors), 0) as nps_detractors,
        coalesce(sum(nps_n), 0) as nps_n,
        coalesce(sum(ces_sum), 0) as ces_sum,
        coalesce(sum(ces_n), 0) as ces_n
    from combined
    where day between cast($day_from as date) and cast($day_to as date)
    group by all
)

select * from final
