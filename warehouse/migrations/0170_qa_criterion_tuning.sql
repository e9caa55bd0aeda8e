-- "Needs tuning": a QA lead marks a criterion whose machine answers cannot be trusted yet (reviewers do not read it
-- alike in calibration, or the machine disagrees with people) and clears it once the rubric is fixed. Written from
-- the dashboard's store by the qa_ui_reviews asset. While a criterion is marked, its machine answers are
-- provisional (transforms/qa/effective.py: a suggestion, out of the effective score and the agent's KPIs until a
-- person answers) and its machine fails are sent to review (transforms/qa/sampling.py, reason "provisional").
create table if not exists qa.criterion_tuning (
    event_id      varchar primary key,   -- 'ui-<id>' of the dashboard's store: imported once
    rubric_id     varchar not null,
    criterion_id  varchar not null,
    action        varchar not null check (action in ('marked', 'cleared')),
    actor         varchar not null,
    reason        varchar not null default '',
    created_at    timestamp not null
);

-- The criteria marked now: the latest event of each is a mark.
create or replace view qa.criteria_needing_tuning as
select rubric_id, criterion_id, actor as marked_by, reason, created_at as marked_at
from qa.criterion_tuning
qualify row_number() over (partition by rubric_id, criterion_id order by created_at desc, event_id desc) = 1
    and action = 'marked';
