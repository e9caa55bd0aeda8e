-- The do-not-call and callback-requested lists, per pseudonymous customer (key from marts.customer_contacts):
-- do_not_call — the customer asked, on any outbound call, not to be called again (their latest such call; it holds
-- for every campaign); callback_requested — the latest outbound call of that campaign to the customer asked for a
-- call back (a later call of the campaign settles it).
with calls as (
    select
        coalesce(i.campaign, '(none)') as campaign, c.customer_key, i.disposition, i.interaction_id,
        i.created_at as called_at, i.attempt, i.agent_id, coalesce(i.team, 'unknown') as team
    from core.interactions i
    join marts.customer_contacts c using (interaction_id)
    where i.direction = 'outbound' and i.channel = 'phone' and i.disposition is not null
),
do_not_call as (
    select * from calls where disposition = 'do_not_call'
    qualify row_number() over (partition by customer_key order by called_at desc, interaction_id desc) = 1
),
callbacks as (
    select * from calls
    qualify row_number() over (partition by campaign, customer_key order by called_at desc, interaction_id desc) = 1
)
select * from do_not_call
union all
select * from callbacks where disposition = 'callback_requested'
