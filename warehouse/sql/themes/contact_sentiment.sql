-- Per contact with scored customer turns (asset message_sentiment): its customer turns, how many read negative, and
-- its start and end sentiment (marts.contact_sentiment), for theme_daily's sentiment columns
-- (migration 0350_theme_sentiment.sql).
select c.interaction_id, c.customer_turns, n.negative_turns, c.sentiment_start, c.sentiment_end
from marts.contact_sentiment c
join (select interaction_id, count(*) filter (where label = 'negative') as negative_turns
      from core.message_sentiment group by interaction_id) n using (interaction_id)
order by c.interaction_id
