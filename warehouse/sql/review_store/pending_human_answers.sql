-- SQLite (the review store). Criterion answers given in the UI and not yet imported into the warehouse: live
-- overrides (not calibration) and granted dispute answers.
select interaction_id, rubric_id, criterion_id, answer, created_at, 'review' as source, reviewer as by
from qa_overrides where imported_at is null and calibration_id is null and rubric_id is not null
union all
select interaction_id, rubric_id, criterion_id, granted_answer, decided_at, 'dispute', decided_by
from qa_disputes where decision_imported_at is null and granted_answer is not null
