-- Redaction: originals of redacted text (written only when redaction.keep_original is on; default off),
-- and the time spans of redacted entities in call audio (no personal data: type and seconds only).
create schema if not exists restricted;

create table if not exists restricted.original_text (
    source_table  varchar not null,   -- e.g. core.messages
    row_key       varchar not null,   -- the row's natural key, e.g. message_id
    column_name   varchar not null,
    text          varchar not null,   -- the text before redaction
    redacted_at   timestamp not null default current_timestamp,
    primary key (source_table, row_key, column_name)
);

create table if not exists core.audio_redaction_spans (
    interaction_id  varchar not null,
    entity_type     varchar not null,  -- PHONE, CARD, ... (see docs/redaction.md)
    start_seconds   double not null,
    end_seconds     double not null
);
