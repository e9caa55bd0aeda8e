-- Per interaction, the KPI components a theme's cost is summed from, defined as in marts.kpi_daily (one definition:
-- macros contact_is_handled and contact_handle_seconds, migration 0091; the repeat-contact FCR proxy: an inbound,
-- answered contact of a known customer, whose $fcr_days window has been observed by $as_of, is resolved when the
-- customer did not contact again within it). Params: $fcr_days, $as_of (naive UTC "now" of the data).
select
    i.interaction_id,
    contact_is_handled(i.abandoned, i.agent_id) as handled,
    contact_handle_seconds(i.abandoned, i.talk_seconds, i.hold_seconds, i.acw_seconds) as handle_seconds,
    contact_is_handled(i.abandoned, i.agent_id) and i.transfers > 0 as transferred,
    contact_is_handled(i.abandoned, i.agent_id) and i.escalated as escalated,
    i.customer_id is not null and i.direction = 'inbound' and not i.abandoned
        and i.created_at + to_days(cast($fcr_days as integer)) <= $as_of as fcr_eligible,
    exists (
        select 1 from core.interactions later
        where later.customer_id = i.customer_id
            and later.interaction_id <> i.interaction_id
            and later.created_at > i.created_at
            and later.created_at <= i.created_at + to_days(cast($fcr_days as integer))
    ) as has_repeat
from core.interactions as i
order by i.interaction_id
