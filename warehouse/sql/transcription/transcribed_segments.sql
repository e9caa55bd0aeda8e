-- The segments of the registered koe_scope (recording_id, sha256, options_hash) as transcribed with this $engine and
-- $model, in order.
select s.recording_id, g.channel, g.start_seconds, g.end_seconds, g.text, g.avg_logprob, g.no_speech_prob,
       g.compression_ratio, coalesce(g.alternatives, []) as alternatives
from koe_scope s join core.transcript_segments g on g.sha256 = s.sha256 and g.options_hash = s.options_hash
where g.engine = $engine and g.model = $model
order by s.recording_id, g.segment_no
