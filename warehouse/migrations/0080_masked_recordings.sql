-- The masked copy of each recording that transcription accepted: what the dashboard serves
-- (published/recordings/<file_name>), with the spans of spoken personal data silenced. A copy is rewritten when the
-- audio or its spans change (file_name is a digest of both); no personal data here, only hashes, file names and seconds.
create table if not exists core.masked_recordings (
    recording_id       varchar primary key,
    interaction_id     varchar not null,
    sha256             varchar not null,
    file_name          varchar not null,   -- inside published/recordings; never a path from a manifest
    masked_seconds     double not null,    -- total seconds silenced
    written_at         timestamp not null default current_timestamp
);
