-- Per interaction, the KPI components a theme's cost is summed from, defined as in marts.kpi_daily (one definition:
-- macros contact_is_handled and contact_handle_seconds, migration 0091; the repeat-contact FCR proxy's
-- contact_fcr_eligible and contact_repeats, migration 0310: an eligible contact is resolved when it has no repeat).
-- Params: $fcr_days, $as_of (naive UTC "now" of the data).
select
    i.interaction_id,
    contact_is_handled(i.abandoned, i.agent_id) as handled,
    contact_handle_seconds(i.abandoned, i.talk_seconds, i.hold_seconds, i.acw_seconds) as handle_seconds,
    contact_is_handled(i.abandoned, i.agent_id) and i.transfers > 0 as transferred,
    contact_is_handled(i.abandoned, i.agent_id) and i.escalated as escalated,
    contact_fcr_eligible(i.customer_id, i.direction, i.abandoned, i.created_at, $fcr_days, $as_of) as fcr_eligible,
    exists (
        select 1 from core.interactions later
        where contact_repeats(later.customer_id, later.interaction_id, later.created_at,
                              i.customer_id, i.interaction_id, i.created_at, $fcr_days)
    ) as has_repeat
from core.interactions as i
order by i.interaction_id
