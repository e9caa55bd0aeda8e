-- The snapshot's core.messages, with each customer turn's stored sentiment (core.message_sentiment, when its text
-- is unchanged since it was scored) for the interaction page's strip.
select m.interaction_id, m.seq, m.role, m.sent_at, m.offset_seconds, m.end_offset_seconds, m.text,
       m.source, s.label as sentiment_label, s.score as sentiment
from core.messages m
left join core.message_sentiment s on s.message_id = m.message_id and s.text_hash = md5(m.text)
order by m.interaction_id, m.seq
