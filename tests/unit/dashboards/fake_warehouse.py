"""A generated warehouse for dashboard tests and the benchmark (pure SQL generation: 1M rows in seconds).

Values come from hash(i) so every run builds the same data. kpi_daily is filled by a simplified roll-up
because the tests must not depend on other areas' builders.
"""

from __future__ import annotations

from pathlib import Path

import warehouse
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
    case when (h // 3) % 4 = 0 then 'Billing question, call me at 090-1234-5678' else '請求について mail: a@b.jp' end as subject,
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
         when s = 2 then '請求書の金額がおかしいです。電話番号は 03-1234-5678 です。'
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

_KPI_DAILY = """
insert into marts.kpi_daily
select cast(timezone('Asia/Tokyo', i.created_at at time zone 'UTC') as date) as day, i.channel, i.queue, i.team,
    count(*), count(answered_at), count(*) filter (where abandoned),
    count(*) filter (where date_diff('second', queued_at, answered_at) <= 20),
    coalesce(sum(date_diff('second', queued_at, answered_at)), 0), count(answered_at),
    coalesce(sum(talk_seconds + hold_seconds + acw_seconds), 0), count(talk_seconds),
    count(*) filter (where transfers > 0), count(*) filter (where escalated),
    count(answered_at), count(answered_at) filter (where hash(i.interaction_id) % 5 > 0),
    0, 0, 0, 0, count(sla_due_at), count(*) filter (where resolved_at > sla_due_at), 0,
    count(*) filter (where s.csat >= 4), count(s.csat), count(*) filter (where s.nps >= 9),
    count(*) filter (where s.nps <= 6), count(s.nps), coalesce(sum(s.ces), 0), count(s.ces)
from core.interactions i left join core.surveys s using (interaction_id)
group by all
"""

_AGENTS = "insert into core.agents select printf('A%03d', a), printf('Agent %d', a), printf('T%d', 1 + a % 4), 'Tokyo', 'ja', null, null from range(1, 41) t(a)"


def build_fake_warehouse(path: Path, n_interactions: int, with_qa: bool = True, with_messages: bool = True) -> Path:
    """Create, fill, build the dashboard marts and publish; returns the snapshot path."""
    fmt = {"start": START, "days": DAYS}
    with warehouse.connect(path) as conn:
        conn.execute(_AGENTS)
        conn.execute(_INTERACTIONS.format(**fmt), {"n": n_interactions})
        if with_messages:
            conn.execute(_MESSAGES, {"n": n_interactions})
        conn.execute(_SURVEYS.format(**fmt), {"n": n_interactions})
        conn.execute(_KPI_DAILY)
        if with_qa:
            add_fake_qa(conn, n_interactions)
        rebuild_dashboard_marts(conn)
        snapshot = publish_snapshot(conn, path)
    return snapshot.path


def add_fake_qa(conn, n_interactions: int) -> None:  # noqa: ANN001 - a duckdb connection
    """QA tables in the shape dashboards.queries expects (see docs/dashboard.md, 'QA hand-off')."""
    conn.execute("create schema if not exists qa")
    conn.execute(
        "create table qa.scores as select printf('I%07d', i) as interaction_id, 'ja_call_center' as rubric_id,"
        " printf('A%03d', 1 + hash(i) % 40) as agent_id, 40 + hash(i + 1) % 61 as score,"
        " hash(i + 2) % 13 = 0 as harassment_flag from range($n) t(i) where i % 3 = 0",
        {"n": n_interactions},
    )
    conn.execute(
        "create table qa.criteria as select s.interaction_id, s.rubric_id, c.criterion_id,"
        " case when hash(s.interaction_id || c.criterion_id) % 4 = 0 then 'fail' else 'pass' end as answer,"
        " 'お電話ありがとうございます' as evidence_text, 1 as evidence_seq"
        " from qa.scores s, (values ('greets_with_company_and_name'), ('confirms_identity'), ('closing')) c(criterion_id)"
    )
    conn.execute(
        "create table qa.review_queue as select interaction_id, 'random' as reason from qa.scores"
        " where hash(interaction_id) % 10 = 0"
    )
