"""A generated warehouse for dashboard tests and the benchmark (pure SQL generation: 1M rows in seconds).

Values come from hash(i) so every run builds the same data. kpi_daily is built
by the lead's real SQL (transforms/sql/marts/kpi_daily.sql).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import warehouse
from warehouse.build import data_as_of, data_day_range, rebuild_table
from warehouse.publish import publish_snapshot, rebuild_dashboard_marts

START = "2026-10-01 00:00:00"  # UTC
DAYS = 28

_INTERACTIONS = """
insert into core.interactions by name
with base as (
    select i, cast(hash(i) % 1000003 as bigint) as h, cast(hash(i * 7 + 1) % 1000003 as bigint) as g,
        timestamp '{start}' + to_microseconds(cast(i * ({days} * 86400e6 / $n) as bigint)) as created_at
    from range($n) t(i)
)
select
    printf('I%07d', i) as interaction_id,
    ['phone', 'phone', 'email', 'chat', 'sns'][1 + h % 5] as channel,
    case when g % 10 = 0 then 'outbound' else 'inbound' end as direction,
    printf('C%06d', g % 50000) as customer_id,
    printf('A%03d', 1 + h % 40) as agent_id,
    printf('T%d', 1 + (h % 40) % 4) as team,
    ['billing', 'support', 'sales'][1 + g % 3] as queue,
    ['Koe Phone', 'Koe Net', 'Koe Card'][1 + (h // 7) % 3] as product,
    'question' as contact_reason,
    case when (h // 3) % 4 = 0 then 'en' else 'ja' end as language,
    'resolved' as status,
    'normal' as priority,
    case when (h // 3) % 4 = 0 then 'Billing question, call me at [PHONE]' else '請求について mail: [EMAIL]' end as subject,
    created_at,
    created_at as queued_at,
    case when h % 17 = 0 then null else created_at + to_seconds(g % 60) end as answered_at,
    case when h % 17 = 0 then null else created_at + to_seconds(g % 60) end as first_response_at,
    created_at + interval 1 hour as resolved_at,
    h % 17 = 0 as abandoned,
    case when h % 17 = 0 then null else 120 + g % 400 end as talk_seconds,
    case when h % 17 = 0 then null else g % 30 end as hold_seconds,
    case when h % 17 = 0 then null else 30 + g % 60 end as acw_seconds,
    cast(g % 9 = 0 as integer) as transfers,
    g % 23 = 0 as escalated,
    created_at + interval 1 day as sla_due_at,
from base
"""

_MESSAGES = """
insert into core.messages by name
select printf('M%07d-%d', i, s) as message_id, printf('I%07d', i) as interaction_id, s as seq,
    case when s % 2 = 1 then 'agent' else 'customer' end as role,
    s * 12.5 as offset_seconds, s * 12.5 + 10 as end_offset_seconds,
    case when s = 1 then 'お電話ありがとうございます。コエ株式会社の佐藤と申します。'
         when s = 2 then '請求書の金額がおかしいです。電話番号は [PHONE] です。注文番号は 12345678 です。'
         else '確認いたします。少々お待ちください。' end as text,
    'ja' as language, 'transcript' as source
from range($n) t(i), range(1, 4) u(s)
"""

_SURVEYS = """
insert into core.surveys by name
select printf('S%07d', i) as survey_id, printf('I%07d', i) as interaction_id,
    timestamp '{start}' + to_microseconds(cast(i * ({days} * 86400e6 / $n) as bigint)) + interval 2 hour as responded_at,
    cast(1 + hash(i + 3) % 5 as int) as csat, cast(hash(i + 5) % 11 as int) as nps, cast(1 + hash(i + 9) % 7 as int) as ces
from range($n) t(i) where i % 5 = 0
"""

_AGENTS = "insert into core.agents (agent_id, name, team, site, language, hired_on, load_id) select printf('A%03d', a), printf('Agent %d', a), printf('T%d', 1 + a % 4), 'Tokyo', 'ja', null, null from range(1, 41) t(a)"


def build_fake_warehouse(path: Path, n_interactions: int, with_qa: bool = True, with_messages: bool = True,
                         days: int = DAYS) -> Path:
    """Create, fill, build the dashboard marts and publish; returns the snapshot path."""
    fmt = {"start": START, "days": days}
    with warehouse.connect(path) as conn:
        conn.execute(_AGENTS)
        conn.execute(_INTERACTIONS.format(**fmt), {"n": n_interactions})
        if with_messages:
            conn.execute(_MESSAGES, {"n": n_interactions})
        conn.execute(_SURVEYS.format(**fmt), {"n": n_interactions})
        day_range = data_day_range(conn, "Asia/Tokyo")
        params = {"tz": "Asia/Tokyo", "sl_seconds": 20, "fcr_days": 7, "as_of": data_as_of(conn)}
        rebuild_table(conn, "marts.kpi_daily", "marts/kpi_daily", params, days=day_range)
        if with_qa:
            add_fake_qa(conn, n_interactions)
            add_fake_themes(conn)
        rebuild_dashboard_marts(conn)
        snapshot = publish_snapshot(conn, path)
    return snapshot.path


_QA_RESULTS = """
insert into qa.runs values ('r1', now(), 'cli', $n, ['ja_call_center', 'customer_harassment']);
insert into qa.scores
select 'r1', printf('I%07d', i), 'ja_call_center', $ja_version, 'x', 40 + hash(i + 1) % 61, hash(i + 4) % 50 = 0, 100, now()
from range($n) t(i) where i % 3 = 0;
insert into qa.answers
select s.run_id, s.interaction_id, s.rubric_id, $ja_version, c.criterion_id, c.section_id,
    case when hash(s.interaction_id || c.criterion_id) % 4 = 0 then 'fail' else 'pass' end, 1, 1, 10, c.critical, 'looked'
from qa.scores s, (values ('opening_greeting', 'opening', false), ('identity_verification', 'verification', true),
                          ('closing_greeting', 'closing', false)) c(criterion_id, section_id, critical);
update qa.answers set points = 0 where answer = 'fail';
update qa.scores s set score = x.score, critical_failed = x.critical_failed
from (select interaction_id, bool_or(answer = 'fail' and critical) as critical_failed,
             case when bool_or(answer = 'fail' and critical) then 0
                  else round(100.0 * sum(points / max_points * weight) / sum(weight), 2) end as score
      from qa.answers group by interaction_id) x
where s.interaction_id = x.interaction_id;
insert into qa.evidence
select run_id, interaction_id, rubric_id, $ja_version, criterion_id, 'opening_greeting.detector.all_of[0]', null, 1, 12.5,
    null, 'お電話ありがとうございます', 'お電話ありがとうございます', false
from qa.answers where criterion_id = 'opening_greeting';
insert into qa.scores
select 'r1', interaction_id, 'customer_harassment', $kasuhara_version, 'x', 100, false, 100, now()
from qa.scores where rubric_id = 'ja_call_center';
insert into qa.answers
select 'r1', interaction_id, 'customer_harassment', $kasuhara_version, 'no_abusive_language', 'conduct',
    case when hash(interaction_id) % 13 = 0 then 'fail' else 'pass' end, 1, 1, 10, false, 'looked'
from qa.scores where rubric_id = 'customer_harassment'
"""


def add_fake_qa(conn, n_interactions: int) -> None:  # noqa: ANN001 - a duckdb connection
    """Rows in the QA stage's real tables (migration 0010) under the shipped rubrics' ids, criteria and definitions;
    then the review queue, sampled by the real policy (transforms/qa/sampling.py)."""
    from qa_rubrics import content_hash, load_all
    from transforms.qa.sampling import review_sample
    from warehouse import qa as qa_store

    rubrics = [r for r in load_all() if r.id in ("ja_call_center", "customer_harassment")]
    qa_store.record_rubrics(conn, rubrics, [content_hash(r) for r in rubrics])
    versions = {f"{r.id.split('_')[0] if r.id.startswith('ja') else 'kasuhara'}_version": r.version for r in rubrics}
    for statement in filter(str.strip, _QA_RESULTS.split(";")):
        wanted = {name: value for name, value in {"n": n_interactions, **versions}.items() if f"${name}" in statement}
        conn.execute(statement, wanted or None)
    picked = review_sample(qa_store.sampling_candidates(conn, days=366)).with_columns(reviewer=None)
    qa_store.add_to_queue(conn, picked, week=date(2026, 10, 26))


_THEMES = """
insert into themes.themes values
    ('T0001', '二重請求 / charged twice', ['charged'], ['請求'], 10, null, 'active', false, true, now(), now()),
    ('T0002', '解約 / cancellation', ['cancel'], ['解約'], 5, null, 'active', false, false, now(), now());
insert into themes.theme_weekly select date '2026-10-05' + cast(7 * w as integer), t, 10 + w * (t = 'T0001')::int * 5
    from range(4) r(w), (values ('T0001'), ('T0002')) v(t);
insert into themes.theme_daily (day, theme_id, channel, product, documents, csat_sum, csat_n, nps_promoters,
    nps_detractors, nps_n) values (date '2026-10-05', 'T0001', 'phone', 'Koe Card', 8, 20, 8, 1, 5, 8);
insert into themes.theme_examples values ('T0001', 1, 'I0000003', 'ja', '請求が二重です [phone]', 0.9)
"""


def add_fake_themes(conn) -> None:  # noqa: ANN001 - a duckdb connection
    for statement in filter(str.strip, _THEMES.split(";")):
        conn.execute(statement)


_ASSIGNED_THEMES = """
insert or replace into themes.theme_assignments
select interaction_id, case when k <= 2 + (day - date '2026-10-01') // 7 then 'T0001' else 'T0002' end, 0.8, 'fit',
    'fake', now()
from (select interaction_id, day, row_number() over (partition by day order by created_at) as k
      from (select interaction_id, created_at, cast(timezone('Asia/Tokyo', created_at at time zone 'UTC') as date) as day
            from core.interactions where channel = 'phone'))
where k <= 4 + (day - date '2026-10-01') // 7;
delete from themes.theme_examples;
insert into themes.theme_examples
select a.theme_id, 1, a.interaction_id, m.language, m.text, a.similarity
from themes.theme_assignments a join core.messages m on m.interaction_id = a.interaction_id and m.role = 'customer'
qualify row_number() over (partition by a.theme_id order by a.interaction_id desc, m.seq) = 1
"""


def score_customer_sentiment(conn) -> int:  # noqa: ANN001 - a duckdb connection
    """Score every customer message with the real sentiment model and store it, as the message_sentiment asset
    does (identical texts are classified once: seconds for the test data's few texts); the themes stage
    (refresh_trends) then gives each theme its customers' sentiment, as a real run shows it. Returns how many
    messages were scored."""
    from transforms.sentiment import model_version, score_messages
    from warehouse.sentiment import store_message_sentiment, unscored_messages

    return store_message_sentiment(conn, score_messages(unscored_messages(conn, model_version())), model_version())


def assign_fake_themes(conn) -> None:  # noqa: ANN001 - a duckdb connection
    """Phone contacts of every day of the data assigned to the fake themes (T0001 with one more a day each week,
    T0002 two a day), each theme's example its newest contact's first customer turn (inside the default period); theme_daily (volume, cost, survey
    scores), theme_weekly and the emerging flags then come from those assignments by the themes stage's own code
    (refresh_trends, as the theme_trends asset runs it), so the Themes page's counts, trend, products and drill-down
    agree. Replaces ``add_fake_themes``' hand-written volumes; needs core.messages."""
    from pipelines.defs.themes import refresh_trends

    for statement in filter(str.strip, _ASSIGNED_THEMES.split(";")):
        conn.execute(statement)
    refresh_trends(conn, datetime(2026, 11, 1))
