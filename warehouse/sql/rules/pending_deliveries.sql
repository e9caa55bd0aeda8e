-- Alerts not yet accepted by a target of a channel their rule sends to (targets: $email_targets, $webhook_targets).
with targets as (
    select 'email' as channel, unnest($email_targets::varchar[]) as target
    union all
    select 'webhook', unnest($webhook_targets::varchar[])
)
select a.*, t.channel, t.target
from rules.alerts a
join targets t on (t.channel = 'email' and a.email) or (t.channel = 'webhook' and a.webhook)
anti join rules.deliveries d on d.alert_key = a.alert_key and d.channel = t.channel and d.target = t.target
order by a.raised_at, a.alert_key, t.channel, t.target
