-- Customer-health components per pseudonymous customer (marts.customer_contacts) and scoring moment
-- ($moments: naive UTC instants, the data's "now" and weekly before it; scored_on: its local day in $timezone). Each value counts what happened in the
-- $window_days before the moment, as known at that moment (a ticket resolved later is still unresolved then).
-- Weights and the score: transforms/customer_health.py with health/customer_health.yaml (docs/kpis.md).
with moments as (
    select unnest($moments::timestamp[]) as moment
),
contacts as (
    select c.customer_key, c.interaction_id, c.created_at, c.harassment, c.repeat_contact,
           coalesce(c.theme_id, i.contact_reason) as theme,
           lag(coalesce(c.theme_id, i.contact_reason)) over (partition by c.customer_key
               order by c.created_at, c.interaction_id) as previous_theme,
           i.abandoned, coalesce(i.resolved_at, i.closed_at) as settled_at, i.sla_due_at,
           m.customer_sentiment_end
    from marts.customer_contacts c
    join core.interactions i using (interaction_id)
    left join core.conversation_metrics m using (interaction_id)
    where c.direction = 'inbound'
),
answers as (
    select c.customer_key, s.responded_at, s.csat, s.nps
    from core.surveys s
    join marts.customer_contacts c using (interaction_id)
),
contact_parts as (
    select
        m.moment, c.customer_key,
        count(*) as contacts,
        count(*) filter (where c.repeat_contact and c.theme = c.previous_theme) as repeat_same_theme,
        count(*) filter (where not c.abandoned and (c.settled_at is null or c.settled_at > m.moment)) as unresolved,
        count(*) filter (where c.sla_due_at <= m.moment and coalesce(c.settled_at, m.moment) > c.sla_due_at)
            as sla_breached,
        count(*) filter (where c.customer_sentiment_end < -0.3) as negative_sentiment,
        count(*) filter (where c.harassment) as harassment,
        max(c.created_at) as last_contact_at
    from moments m
    join contacts c on c.created_at <= m.moment and c.created_at > m.moment - to_days(cast($window_days as integer))
    group by all
),
answer_parts as (
    select
        m.moment, a.customer_key,
        count(*) filter (where a.csat <= 2) as low_csat,
        count(*) filter (where a.nps <= 6) as nps_detractor,
        greatest(coalesce(arg_min(a.csat, a.responded_at) filter (where a.csat is not null)
                          - arg_max(a.csat, a.responded_at) filter (where a.csat is not null), 0), 0) as csat_fall
    from moments m
    join answers a on a.responded_at <= m.moment and a.responded_at > m.moment - to_days(cast($window_days as integer))
    group by all
)
select
    c.customer_key, cast(timezone($timezone, c.moment at time zone 'UTC') as date) as scored_on,
    c.contacts, c.repeat_same_theme, c.unresolved, c.sla_breached,
    coalesce(a.low_csat, 0) as low_csat, coalesce(a.nps_detractor, 0) as nps_detractor,
    coalesce(a.csat_fall, 0)::double as csat_fall,
    c.negative_sentiment, c.harassment, c.last_contact_at
from contact_parts c
left join answer_parts a using (moment, customer_key)
