-- The review queue the sampling asset writes (pipelines/defs/qa.py qa_review_queue, policy in
-- transforms/qa/sampling.py): one row per interaction picked, why, and the reviewer it was assigned to for a week.
-- An item leaves the queue when a human reviews the interaction (the snapshot leaves reviewed ones out).
create table if not exists qa.review_queue (
    interaction_id  varchar primary key,
    rubric_id       varchar not null,     -- the agent scorecard the interaction was scored with
    reasons         varchar[] not null,   -- critical_fail | harassment | low_score | unhappy_survey | negative_end
                                          -- | long_silence | calibration, most important first
    priority        integer not null,     -- index of the first reason (0 = most important)
    reviewer        varchar,              -- assigned reviewer; null = not assigned (weekly goals were full)
    week            date not null,        -- Monday of the week it was assigned for (local time)
    sampled_at      timestamp not null
);
