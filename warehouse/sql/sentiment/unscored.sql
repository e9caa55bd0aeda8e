-- Customer messages whose sentiment is missing or stale (text changed, other model), with a stored score of the
-- same text under the same model when there is one (identical texts are scored once). Params: $model.
with known as (
    select text_hash, any_value(label) as known_label, any_value(score) as known_score
    from core.message_sentiment where model_version = $model group by text_hash
),
customer as (
    select message_id, interaction_id, text, md5(text) as text_hash from core.messages where role = 'customer'
)
select c.message_id, c.interaction_id, c.text, c.text_hash, k.known_label, k.known_score
from customer c
left join core.message_sentiment s on s.message_id = c.message_id and s.text_hash = c.text_hash
                                  and s.model_version = $model
left join known k on k.text_hash = c.text_hash
where s.message_id is null
order by c.message_id
