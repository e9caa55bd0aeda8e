-- The messages of the pending interactions (registered frame qa_pending(interaction_id)), in turn order, with the
-- sentiment stored for them under the current model (null when not scored yet: scoring computes it) and the phrases
-- the audio fits better than the transcript (transforms.acoustic_check). Params: $model.
select m.interaction_id, m.message_id, m.seq, m.role, m.sent_at, m.offset_seconds, m.end_offset_seconds, m.text,
       m.language, s.score as sentiment, coalesce(m.alternatives, []) as alternatives
from core.messages m semi join qa_pending p on p.interaction_id = m.interaction_id
left join core.message_sentiment s on s.message_id = m.message_id and s.text_hash = md5(m.text)
                                  and s.model_version = $model
order by m.interaction_id, m.seq
