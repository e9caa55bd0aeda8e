-- Per active theme, the summed theme_daily components over the rows {where} keeps (the dashboard's period and
-- channels; a clause of constant column names and bound $params): contacts, CSAT/NPS counts, questions and the
-- KPI components of its contacts' cost, and its customers' sentiment (0350_theme_sentiment.sql). Ratios (AHT, rates, CSAT %, NPS) are transforms/kpis.py's kpi_ratios.
with period as (select * from themes.theme_daily where {where})
select t.theme_id, t.label, coalesce(any_value(t.emerging), false) as emerging,
       coalesce(sum(p.documents), 0)::bigint as contacts, coalesce(sum(p.questions), 0)::bigint as questions,
       coalesce(sum(p.csat_good), 0)::bigint as csat_good, coalesce(sum(p.csat_n), 0)::bigint as csat_n,
       coalesce(sum(p.nps_promoters), 0)::bigint as nps_promoters,
       coalesce(sum(p.nps_detractors), 0)::bigint as nps_detractors, coalesce(sum(p.nps_n), 0)::bigint as nps_n,
       coalesce(sum(p.handled), 0)::bigint as handled, coalesce(sum(p.handle_seconds_sum), 0) as handle_seconds_sum,
       coalesce(sum(p.handle_timed), 0)::bigint as handle_timed, coalesce(sum(p.transferred), 0)::bigint as transferred,
       coalesce(sum(p.escalated), 0)::bigint as escalated, coalesce(sum(p.fcr_eligible), 0)::bigint as fcr_eligible,
       coalesce(sum(p.fcr_resolved), 0)::bigint as fcr_resolved,
       coalesce(sum(p.customer_turns), 0)::bigint as customer_turns,
       coalesce(sum(p.negative_turns), 0)::bigint as negative_turns,
       coalesce(sum(p.sentiment_contacts), 0)::bigint as sentiment_contacts,
       coalesce(sum(p.sentiment_start_sum), 0) as sentiment_start_sum,
       coalesce(sum(p.sentiment_end_sum), 0) as sentiment_end_sum
from themes.themes t left join period p using (theme_id)
where t.status = 'active'
group by t.theme_id, t.label
order by contacts desc, t.theme_id
