-- SQLite (the review store). The latest tuning event of each criterion (a mark or a clearance), imported or not.
select rubric_id, criterion_id, action, actor, reason, created_at, imported_at from (
    select *, row_number() over (partition by rubric_id, criterion_id order by created_at desc, tuning_id desc) as n
    from criterion_tuning)
where n = 1
