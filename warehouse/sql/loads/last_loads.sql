-- The loads `koe status` lists: the ten latest, and besides them each input kind's latest, so a kind loaded
-- rarely (a names file, an agent roster) is still there with its load id (for `koe reload`) after days of
-- contact files.
with ranked as (
    select *,
        row_number() over (order by started_at desc) as latest_overall,
        row_number() over (partition by kind order by started_at desc) as latest_of_kind
    from load_log
)
select load_id, finished_at, kind, source_file, status, rows_loaded, rows_quarantined, rows_skipped
from ranked
where latest_overall <= 10 or latest_of_kind = 1
order by started_at desc
