-- Cross-field sanity checks: rows each check sent to quarantine, and rows it flagged but kept (checks.flag_only).
-- $checks: the names of the checks (transforms/ingest/sanity.py).
with quarantined as (
    select kind, split_part(reason, ':', 1) as check_name, count(*) as quarantined
    from quarantine
    where source_row is not null and list_contains($checks, split_part(reason, ':', 1))
    group by all
),
flagged as (
    select kind, check_name, count(*) as flagged from input_flags group by all
)
select kind, check_name as "check", coalesce(quarantined, 0) as quarantined, coalesce(flagged, 0) as flagged
from quarantined full outer join flagged using (kind, check_name)
order by kind, "check"
