-- A theme's interactions (the themes in $t) that {where} keeps (the dashboard's period and channels, a clause of
-- constant column names and bound $params), newest first, at most 200: the Themes page's drill-down. A call (and
-- some chats) has no subject, so the subject shown is the customer's first turn, quoted and cut to 50 characters
-- (the snapshot's text is already redacted): what the contact was about, in the customer's words.
with picked as (
    select i.interaction_id, i.created_at, i.channel, i.product, i.subject
    from core.interactions i join themes.theme_assignments a using (interaction_id)
    where list_contains($t, a.theme_id) and {where}
    order by i.created_at desc
    limit 200
), opening as (
    select m.interaction_id, arg_min(m.text, m.seq) as text
    from core.messages m semi join picked using (interaction_id)
    where m.role = 'customer'
    group by m.interaction_id
)
select p.interaction_id, p.created_at, p.channel, p.product,
       coalesce(nullif(trim(p.subject), ''),
                '“' || case when length(o.text) > 50 then left(o.text, 50) || '…' else o.text end || '”') as subject
from picked p left join opening o using (interaction_id)
order by p.created_at desc
