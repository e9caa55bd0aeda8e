-- The repeat-contact FCR proxy (docs/kpis.md, "FCR"), defined once here and used by marts.kpi_daily
-- (transforms/sql/marts/kpi_daily.sql), the themes' contact costs (warehouse/sql/themes/contact_costs.sql) and the
-- self-service repeat (transforms/sql/marts/self_service_daily.sql). fcr_days is KOE_FCR_WINDOW_DAYS; as_of is the
-- data's "now" (its latest timestamp), so results are reproducible.

-- A contact counts towards FCR (the denominator) once its window has been observed: an inbound contact of a known
-- customer, not abandoned, at least fcr_days old at as_of.
create or replace macro contact_fcr_eligible(customer_id, direction, abandoned, created_at, fcr_days, as_of) as
    customer_id is not null and direction = 'inbound' and not abandoned
    and created_at + to_days(cast(fcr_days as integer)) <= as_of;

-- A later contact repeats a contact when it is another contact of the same customer, after it and at most fcr_days
-- later. A contact that has a repeat was not resolved first time.
create or replace macro contact_repeats(later_customer_id, later_interaction_id, later_created_at,
                                        customer_id, interaction_id, created_at, fcr_days) as
    later_customer_id = customer_id and later_interaction_id <> interaction_id
    and later_created_at > created_at and later_created_at <= created_at + to_days(cast(fcr_days as integer));
