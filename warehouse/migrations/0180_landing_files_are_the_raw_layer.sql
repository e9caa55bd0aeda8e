-- The raw layer is the landing file, not a row-level copy (issue 17): writing every row twice (as text into
-- raw.<kind>, typed into core.<kind>) was most of a load's cost. The file stays where it landed, or is copied
-- by sha256 into the archive folder (setting archive_dir) — load_log.archived_file names the copy. Core rows
-- keep where they came from (load_id, source_row); `koe reload LOAD_ID` re-reads the file with the current
-- mapping; the quarantine keeps the rows that failed, as read.
alter table core.interactions add column source_row bigint;
alter table core.messages add column source_row bigint;
alter table core.surveys add column source_row bigint;
alter table core.agents add column source_row bigint;
alter table core.recordings add column source_row bigint;
alter table load_log add column archived_file varchar;
alter table load_log add column reloaded_as varchar;   -- the load that re-read this one's file (status 'reloaded')
drop table raw.interactions;
drop table raw.messages;
drop table raw.surveys;
drop table raw.agents;
drop table raw.recordings;
drop schema raw;
