-- The registered koe_turns of the registered koe_recordings as core.messages (message_id '<recording_id>-<seq>'),
-- each sent at the call's answer (or creation) time plus the turn's start.
insert into core.messages (message_id, interaction_id, seq, role, sent_at, offset_seconds, end_offset_seconds, text,
                           language, source, alternatives)
select t.recording_id || '-' || t.seq, r.interaction_id, t.seq, t.role,
       coalesce(i.answered_at, i.created_at) + to_microseconds(cast(t.start_seconds * 1e6 as bigint)),
       t.start_seconds, t.end_seconds, t.text, t.language, 'transcript', t.alternatives
from koe_turns t join koe_recordings r using (recording_id)
left join core.interactions i on i.interaction_id = r.interaction_id
