-- Contacts of known customers under their pseudonymous key ($koe_customer_keys: customer_id → customer_key, made
-- from a secret outside the warehouse), with theme, CSAT, harassment ($koe_harassed: the QA stage's flags) and the
-- repeat-contact chain: a contact is a repeat when the same customer's previous contact is at most $fcr_days
-- earlier — the same rule as the FCR proxy in kpi_daily.sql (a contact with a repeat was not resolved first time).
with keyed as (
    select i.interaction_id, k.customer_key, i.created_at, i.channel, i.direction, coalesce(i.queue, 'unknown') as queue,
           coalesce(i.team, 'unknown') as team, i.agent_id, i.status,
           i.resolved_at is not null or coalesce(i.status in ('resolved', 'closed'), false) as resolved
    from core.interactions i
    join koe_customer_keys k using (customer_id)
)
select keyed.*, a.theme_id, t.label as theme_label, s.csat, h.interaction_id is not null as harassment,
       lag(keyed.interaction_id) over customer as previous_interaction_id,
       coalesce(lag(keyed.created_at) over customer >= keyed.created_at - to_days(cast($fcr_days as integer)), false)
           as repeat_contact
from keyed
left join themes.theme_assignments a using (interaction_id)
left join themes.themes t on t.theme_id = a.theme_id
left join (select interaction_id, max(csat) as csat from core.surveys group by interaction_id) s using (interaction_id)
left join koe_harassed h using (interaction_id)
window customer as (partition by keyed.customer_key order by keyed.created_at, keyed.interaction_id)
