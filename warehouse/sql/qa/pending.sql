-- Interactions still to be scored: no current score with the same input hash under the wanted rubric versions,
-- or (with $rescore) scored with an older version. Params: $since, $day (local date in $tz), $tz, $rescore;
-- registered frame qa_wanted_versions(rubric_id, version).
with scope as (
    select * from core.interactions i
    where ($since is null or i.created_at >= $since)
      and ($day is null or cast(timezone($tz, i.created_at::timestamptz) as date) = $day::date)
), msg as (
    select m.interaction_id,
           md5(string_agg(concat_ws(':', m.message_id, m.role, m.offset_seconds, m.sent_at, m.text), chr(10)
                          order by m.seq)) as h
    from core.messages m semi join scope s on s.interaction_id = m.interaction_id group by m.interaction_id
), hashed as (
    select i.*, md5(concat_ws('|', i.channel, i.language, i.hold_seconds, i.talk_seconds, i.transfers,
                              i.created_at, i.first_response_at, coalesce(msg.h, ''))) as input_hash
    from scope i left join msg using (interaction_id)
), done as (
    select s.interaction_id, s.input_hash, s.rubric_version = v.version as current_version
    from qa.current_scores s join qa_wanted_versions v on v.rubric_id = s.rubric_id
)
select h.* from hashed h
where not exists (select 1 from done d where d.interaction_id = h.interaction_id and d.input_hash = h.input_hash)
   or ($rescore and exists (select 1 from done d where d.interaction_id = h.interaction_id and not d.current_version))
order by h.interaction_id
