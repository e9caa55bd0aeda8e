-- What the soak's warehouse holds: rows loaded (and whether any interaction is there twice), rows and files
-- quarantined.
select
    (select count(*) from core.interactions) as interactions,
    (select count(distinct interaction_id) from core.interactions) as distinct_interactions,
    (select count(*) from core.messages) as messages,
    (select count(*) from core.surveys) as surveys,
    (select count(*) from quarantine where source_row is not null) as bad_rows,
    (select count(distinct source_file) from quarantine where source_row is null) as corrupt_files,
    (select count(*) from quarantine where source_row is null) as file_quarantine_rows  -- once per file
