-- The recordings in $ids transcribed with this $engine, $model and $options_hash.
select r.recording_id, coalesce(r.interaction_id, r.recording_id) as interaction_id, t.sha256,
       t.channels, r.agent_channel, t.language, t.duration_seconds
from core.recordings r join core.transcriptions t on t.sha256 = r.sha256
where r.recording_id in (select unnest($ids::varchar[])) and t.status = 'transcribed'
  and t.engine = $engine and t.model = $model and t.options_hash = $options_hash
