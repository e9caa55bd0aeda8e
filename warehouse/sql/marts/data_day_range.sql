-- First and last local day ($tz) with any interaction or survey. min/max first, then the zone: the conversion
-- keeps order and runs twice, not once per row.
select cast(timezone($tz, min(t)::timestamptz) as date), cast(timezone($tz, max(t)::timestamptz) as date)
from (
    select min(created_at) as t from core.interactions
    union all select max(created_at) from core.interactions
    union all select min(responded_at) from core.surveys
    union all select max(responded_at) from core.surveys
)
