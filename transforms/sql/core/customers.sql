-- One row per customer seen in any interaction or survey.
with
contacts as (
    select customer_id, created_at as contact_at from core.interactions where customer_id is not null
    union all
    select customer_id, responded_at from core.surveys where customer_id is not null
),

final as (
    select
        customer_id,
        min(contact_at) as first_contact_at,
        max(contact_at) as last_contact_at,
        count(*) as contacts
    from contacts
    group by customer_id
)

select * from final
