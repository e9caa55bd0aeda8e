-- The messages of the contacts being evaluated (registered frame rules_contacts(interaction_id)), each with the
-- sentiment stored for it under the current model (asset message_sentiment; null when not scored: the rule's
-- sentiment condition then scores it). Params: $model.
select m.interaction_id, m.message_id, m.seq, m.role, m.sent_at, m.offset_seconds, m.end_offset_seconds, m.text,
       s.score as sentiment
from core.messages m semi join rules_contacts c on c.interaction_id = m.interaction_id
left join core.message_sentiment s on s.message_id = m.message_id and s.text_hash = md5(m.text)
                                  and s.model_version = $model
