-- The transcript turns of the calls in koe_calls (registered frame: interaction_id), or of every call unless
-- $stale_only, for the conversation metrics; each with its stored sentiment (core.message_sentiment) under the
-- current model, null when the turn has none. Params: $stale_only, $model.
select regexp_extract(m.message_id, '^(.*)-[0-9]+$', 1) as recording_id, m.seq, m.role,
       m.offset_seconds as start_seconds, m.end_offset_seconds as end_seconds, m.text, s.score as sentiment
from core.messages m
left join core.message_sentiment s on s.message_id = m.message_id and s.text_hash = md5(m.text)
                                  and s.model_version = $model
where m.source = 'transcript'
    and (not $stale_only or m.interaction_id in (select interaction_id from koe_calls))
