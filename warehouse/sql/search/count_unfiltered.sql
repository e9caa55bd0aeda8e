-- How many messages match when nothing but the query narrows them (no join needed), counted up to :cap + 1.
select count(*) from (select rowid from message_tokens where message_tokens match :match limit :cap + 1)
