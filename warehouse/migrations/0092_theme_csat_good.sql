-- CSAT is one KPI everywhere (transforms/kpis.py: responses 4–5 ÷ responses × 100): theme_daily keeps the count of
-- 4–5 answers so a theme's CSAT in the product-feedback report is the same percentage the dashboard shows.
alter table themes.theme_daily add column csat_good bigint default 0;
