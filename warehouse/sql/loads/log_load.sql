-- One row of load_log: what a file's load read, loaded and quarantined, and the span of event times it touched.
insert into load_log by name
select $load_id as load_id, $kind as kind, $file as source_file, $sha as source_sha256, $encoding as encoding,
       $read as rows_read, $loaded as rows_loaded, $quarantined as rows_quarantined, $skipped as rows_skipped,
       $status as status,
       $message as message, $started as started_at, current_timestamp::timestamp as finished_at,
       $first as first_event_at, $last as last_event_at, $archived as archived_file
