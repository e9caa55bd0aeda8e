-- The messages of the pending interactions (registered frame qa_pending(interaction_id)), in turn order.
select m.interaction_id, m.message_id, m.seq, m.role, m.sent_at, m.offset_seconds, m.end_offset_seconds, m.text,
       m.language
from core.messages m semi join qa_pending p on p.interaction_id = m.interaction_id
order by m.interaction_id, m.seq
