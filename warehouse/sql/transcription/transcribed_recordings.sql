-- The recordings in $ids transcribed with this $engine, $model and the options of their language (the
-- current_transcriptions statement goes in the braces), each with its latest such transcription (one unless the
-- call's language changed).
select r.recording_id, coalesce(r.interaction_id, r.recording_id) as interaction_id, t.sha256, t.options_hash,
       t.channels, r.agent_channel, t.language, t.duration_seconds
from core.recordings r join ({current}) t on t.sha256 = r.sha256
where r.recording_id in (select unnest($ids::varchar[])) and t.status = 'transcribed'
qualify row_number() over (partition by r.recording_id order by t.transcribed_at desc) = 1
