-- The contact center's own names for its queue, team and contact-reason codes (input kind `names`: `koe ingest
-- names FILE`, or files in the landing folder's names/), in Japanese and English. Screens and reports show a code
-- by this name first, then by Koe's UI text for it, then by a rule that turns the code into words
-- (dashboards/queries/names.py).
create table if not exists core.names (
    kind       varchar not null,   -- what the code names: queue, team or contact_reason
    code       varchar not null,   -- as core.interactions / core.agents hold it
    name_ja    varchar,
    name_en    varchar,
    load_id    varchar,
    source_row bigint
);
