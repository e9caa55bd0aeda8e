-- SQLite (the review store). Every reviewer's latest answer per criterion in one calibration session (?).
select interaction_id, rubric_id, criterion_id, answer, reviewer, created_at from (
    select *, row_number() over (partition by interaction_id, rubric_id, criterion_id, reviewer
                                 order by created_at desc, override_id desc) as n
    from qa_overrides where calibration_id = ?)
where n = 1
