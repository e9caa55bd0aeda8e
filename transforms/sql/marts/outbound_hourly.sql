-- Outbound calls per local day × local hour × campaign × agent (docs/kpis.md, "Outbound"). Every outbound call is
-- with a disposition (its result; calls without one are not campaign calls) is an attempt; the disposition says whether a person answered (call_connected), whether it was the person sought
-- (call_right_party) and whether it converted (call_converted): macros of migration 0130. Ratios in
-- transforms/kpis.py. Params: $timezone (IANA name).
with calls as (
    select
        *,
        timezone($timezone, created_at at time zone 'UTC') as local_at
    from core.interactions
    where direction = 'outbound' and channel = 'phone' and disposition is not null
)
select
    cast(local_at as date) as day,
    cast(hour(local_at) as integer) as hour,
    coalesce(campaign, '(none)') as campaign,
    coalesce(agent_id, '(none)') as agent_id,
    coalesce(team, 'unknown') as team,
    count(*) as attempts,
    count(*) filter (where call_connected(disposition)) as connects,
    count(*) filter (where call_right_party(disposition)) as right_party_contacts,
    count(*) filter (where call_converted(disposition)) as conversions,
    count(*) filter (where disposition = 'callback_requested') as callbacks_requested,
    count(*) filter (where disposition = 'do_not_call') as do_not_call,
    coalesce(sum(contact_handle_seconds(abandoned, talk_seconds, hold_seconds, acw_seconds)), 0) as handle_seconds_sum,
    count(contact_handle_seconds(abandoned, talk_seconds, hold_seconds, acw_seconds)) as handle_timed
from calls
group by all
