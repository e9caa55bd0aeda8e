-- One row per contact that has messages, with what the search filters need and two hashes: content_hash changes when
-- its messages change (re-index them), attrs_hash when a filter value changes (update the contact's row only).
with message_hashes as (
    select interaction_id, md5(string_agg(seq || '|' || role || '|' || text, chr(10) order by seq)) as content_hash
    from core.messages group by interaction_id
), categories as (
    select interaction_id, string_agg(distinct category, ',' order by category) as categories
    from rules.contact_categories group by interaction_id
), contacts as (
    select i.interaction_id, i.created_at, i.channel, coalesce(i.queue, 'unknown') as queue, i.agent_id,
           coalesce(i.team, 'unknown') as team, coalesce(i.language, 'unknown') as language, a.theme_id as theme,
           coalesce(c.categories, '') as categories, m.customer_sentiment_end as call_sentiment, h.content_hash
    from core.interactions i
    join message_hashes h using (interaction_id)
    left join themes.theme_assignments a using (interaction_id)
    left join categories c using (interaction_id)
    left join (select interaction_id, any_value(customer_sentiment_end) as customer_sentiment_end
               from core.conversation_metrics group by interaction_id) m using (interaction_id)
)
select *, md5(concat_ws('|', created_at, channel, queue, agent_id, team, language, theme, categories)) as attrs_hash
from contacts
