-- One row per matching message, at most :cap + 1: the caller counts them within its time budget.
select 1
from message_tokens t
join messages m on m.message_no = t.rowid
join contacts c on c.contact_no = m.contact_no
where message_tokens match :match and {where}
limit :cap + 1
