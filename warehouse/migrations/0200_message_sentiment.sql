-- Sentiment of each customer message, scored once when the message is stored (asset message_sentiment,
-- transforms/sentiment.py). QA scoring, QA sampling, the interaction page and theme summaries read it instead of
-- scoring again. A message is scored again only when its text or the model changes.
create table if not exists core.message_sentiment (
    message_id      varchar not null,   -- core.messages.message_id
    interaction_id  varchar not null,
    text_hash       varchar not null,   -- md5 of the text scored: a re-transcribed turn is scored again
    model_version   varchar not null,   -- transforms.sentiment.MODEL_VERSION: a new model scores everything again
    label           varchar not null,   -- negative | neutral | positive
    score           double not null,    -- -1..1, P(positive) - P(negative)
    scored_at       timestamp not null default (now()::timestamp)
);

-- Per contact, over its customer turns in order: the start (first turns), the end (last turns) and the trajectory
-- (end - start). Short contacts split their customer turns in halves, as transforms/conversation.py does for calls.
create or replace view marts.contact_sentiment as
with turns as (
    select s.interaction_id, m.seq, s.score,
           row_number() over (partition by s.interaction_id order by m.seq) as position,
           count(*) over (partition by s.interaction_id) as turns
    from core.message_sentiment s join core.messages m using (message_id)
    where m.role = 'customer'
),
edges as (select *, least(2, greatest(1, turns // 2)) as per_end from turns)
select interaction_id, any_value(turns) as customer_turns,
       avg(score) filter (where position <= per_end) as sentiment_start,
       avg(score) filter (where position > turns - per_end) as sentiment_end,
       avg(score) filter (where position > turns - per_end) - avg(score) filter (where position <= per_end)
           as sentiment_trajectory,
       min(score) as sentiment_lowest
from edges
group by interaction_id;
