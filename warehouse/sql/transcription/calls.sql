-- Every transcribed recording (its latest transcription) for the conversation metrics; with $stale_only only those
-- whose metrics are missing or older than that transcription.
select c.* exclude (transcribed_at) from (
    select r.recording_id, coalesce(r.interaction_id, r.recording_id) as interaction_id,
           coalesce(r.duration_seconds, t.duration_seconds) as duration_seconds, t.language, t.transcribed_at
    from core.recordings r join core.transcriptions t on t.sha256 = r.sha256
    where t.status = 'transcribed'
    qualify row_number() over (partition by r.recording_id order by t.transcribed_at desc) = 1
) c
left join core.conversation_metrics m using (recording_id)
where not $stale_only or m.computed_at is null or m.computed_at < c.transcribed_at
order by c.recording_id
