-- Recordings to transcribe: all of them ($day null), or those of interactions created on $day (local date in $tz),
-- with the interaction's language when the data has it (Whisper then skips language detection).
select r.recording_id, coalesce(r.interaction_id, r.recording_id) as interaction_id, r.path, r.sha256,
       r.channels, r.agent_channel, i.language
from core.recordings r
left join core.interactions i using (interaction_id)
where $day is null or cast(timezone($tz, i.created_at::timestamptz) as date) = $day::date
order by r.recording_id
