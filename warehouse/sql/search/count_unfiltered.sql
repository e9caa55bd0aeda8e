-- One row per matching message when nothing but the query narrows them (no join needed), at most :cap + 1.
select 1 from message_tokens where message_tokens match :match limit :cap + 1
