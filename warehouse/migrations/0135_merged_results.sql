-- Results merged from the shared results folder (pipelines/results): one row per step, day and staged inputs.
-- The merge step writes a day's results only when its inputs have no row here, so a re-run or a duplicate
-- worker result changes nothing.
create table if not exists core.merged_results (
    step           varchar not null,   -- transcription | qa | themes
    day            date not null,      -- the partition (local business day)
    inputs_attempt varchar not null,   -- the staged inputs the result was computed from
    result_attempt varchar not null,   -- the worker attempt whose files were merged
    row_count      bigint not null,
    merged_at      timestamp not null default (now()::timestamp),
    primary key (step, day, inputs_attempt)
);
