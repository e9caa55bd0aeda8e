-- What each theme costs the contact center (issue 19): KPI components per day × theme × channel × product, with the
-- names and definitions of marts.kpi_daily (transforms/kpis.py: AHT = handle_seconds_sum ÷ handle_timed, transfer
-- rate = transferred ÷ handled, escalation rate = escalated ÷ handled, FCR = fcr_resolved ÷ fcr_eligible, repeat
-- contacts = fcr_eligible − fcr_resolved), plus the documents that read as a question (transforms/themes/faq.py).
alter table themes.theme_daily add column questions bigint default 0;
alter table themes.theme_daily add column handled bigint default 0;
alter table themes.theme_daily add column handle_seconds_sum double default 0;
alter table themes.theme_daily add column handle_timed bigint default 0;
alter table themes.theme_daily add column transferred bigint default 0;
alter table themes.theme_daily add column escalated bigint default 0;
alter table themes.theme_daily add column fcr_eligible bigint default 0;
alter table themes.theme_daily add column fcr_resolved bigint default 0;
