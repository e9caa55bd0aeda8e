-- The snapshot's reviewer answers (not calibration) of the interactions in $ids, in transforms.qa.effective's shape.
select interaction_id, rubric_id, criterion_id, answer, strftime(created_at, '%Y-%m-%d %H:%M:%S.%f') as created_at,
       'review' as source, reviewer as by
from qa.reviews
where calibration_id is null and criterion_id is not null and list_contains($ids, interaction_id)
