-- The masked messages of the contacts to (re)index (registered frame search_pending(interaction_id)), in order, each
-- with the sentiment stored for it under the current model (asset message_sentiment; null when it has none).
-- Params: $model.
select m.interaction_id, m.seq, m.role, m.text, s.score as sentiment
from core.messages m semi join search_pending p on p.interaction_id = m.interaction_id
left join core.message_sentiment s on s.message_id = m.message_id and s.text_hash = md5(m.text)
                                  and s.model_version = $model
order by m.interaction_id, m.seq
