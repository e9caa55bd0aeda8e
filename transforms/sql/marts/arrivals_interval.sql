-- Contacts per local 30-minute interval × channel × queue × team × language × direction.
-- Params: $timezone (IANA name), $service_level_seconds.
with
interactions as (
    select
        *,
        timezone($timezone, created_at at time zone 'UTC') as created_local,
        contact_handle_seconds(abandoned, talk_seconds, hold_seconds, acw_seconds) as handle_seconds
    from core.interactions
),
final as (
    select
        cast(created_local as date) as day,
        time_bucket(interval 30 minute, created_local) as interval_start,
        channel,
        coalesce(queue, 'unknown') as queue,
        coalesce(team, 'unknown') as team,
        coalesce(language, 'unknown') as language,
        direction,
        count(*) as offered,
        count(*) filter (where answered_at is not null or first_response_at is not null) as answered,
        count(*) filter (where abandoned) as abandoned,
        count(*) filter (
            where answered_at is not null
                and date_diff('second', coalesce(queued_at, created_at), answered_at) <= $service_level_seconds
        ) as answered_within_sl,
        coalesce(sum(handle_seconds), 0) as handle_seconds_sum,
        count(handle_seconds) as handle_timed,
    from interactions
    group by all
)
select * from final
