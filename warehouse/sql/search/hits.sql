-- The newest matching messages (highest message number first: the order they were indexed) with their contact.
-- {where} is built from constants in warehouse/search_index.py; every value is a bound parameter.
select c.interaction_id, m.seq, m.role, m.text, c.created_at, c.channel, c.queue, c.agent_id, c.team, c.theme,
       c.categories, c.sentiment
from message_tokens t
join messages m on m.message_no = t.rowid
join contacts c on c.contact_no = m.contact_no
where message_tokens match :match and {where}
order by t.rowid desc
limit :limit
