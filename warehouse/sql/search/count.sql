-- How many messages match, counted up to :cap + 1 (enough to say "more than :cap").
select count(*) from (
    select 1
    from message_tokens t
    join messages m on m.message_no = t.rowid
    join contacts c on c.contact_no = m.contact_no
    where message_tokens match :match and {where}
    limit :cap + 1
)
