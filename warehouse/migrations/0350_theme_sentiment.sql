-- Customer sentiment per theme (issue 19), additive like the cost columns (0210_theme_cost.sql) so any period and
-- channel filter sums them: the customer turns of the theme's contacts and how many read negative (the stored
-- per-turn labels, core.message_sentiment), and the sums and count of the contacts' start and end sentiment
-- (marts.contact_sentiment). Share of negative turns = negative_turns ÷ customer_turns; mean start sentiment =
-- sentiment_start_sum ÷ sentiment_contacts, and the same for the end.
alter table themes.theme_daily add column customer_turns bigint default 0;
alter table themes.theme_daily add column negative_turns bigint default 0;
alter table themes.theme_daily add column sentiment_contacts bigint default 0;
alter table themes.theme_daily add column sentiment_start_sum double default 0;
alter table themes.theme_daily add column sentiment_end_sum double default 0;
