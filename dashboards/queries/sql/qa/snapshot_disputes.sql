-- The snapshot's granted dispute answers of the interactions in $ids, in transforms.qa.effective's shape.
select interaction_id, rubric_id, criterion_id, answer, strftime(created_at, '%Y-%m-%d %H:%M:%S.%f') as created_at,
       'dispute' as source, actor as by
from qa.dispute_events
where action in ('accepted', 'partly_accepted') and answer is not null and list_contains($ids, interaction_id)
