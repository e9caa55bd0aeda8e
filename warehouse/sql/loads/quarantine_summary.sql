-- Quarantined rows per kind and problem: the reason up to its first colon (a column or a check name), or the whole
-- reason when it has none; whole files apart. One example reason per group, so values are shown but not listed.
select
    kind,
    case when source_row is null then 'whole file'
         when reason like '%:%' then split_part(reason, ':', 1)
         else reason end as problem,
    count(*) as rows,
    min(reason) as example
from quarantine
group by all
order by rows desc
