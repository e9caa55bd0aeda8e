-- Customers who came back within the FCR window (marts.customer_contacts.repeat_contact) among the rows {where}
-- keeps (a dashboards.queries.base.where clause: constant column names, bound $params), most repeats first.
select customer_key, count(*) as contacts, count(*) filter (where repeat_contact) as repeats,
       min(created_at) as first_contact, max(created_at) as last_contact,
       string_agg(distinct channel, ', ' order by channel) as channels,
       string_agg(distinct theme_label, ' / ' order by theme_label) as themes,
       arg_max(interaction_id, created_at) as latest_interaction_id
from marts.customer_contacts
where {where}
group by customer_key
having count(*) filter (where repeat_contact) > 0
order by repeats desc, contacts desc, last_contact desc
limit $limit
