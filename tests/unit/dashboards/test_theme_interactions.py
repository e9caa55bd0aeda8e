"""The themes page's drill-down names what each contact was about: its subject, or for a call (no subject) the
customer's first turn, quoted and cut to 50 characters (dashboards/queries/sql/themes/theme_interactions.sql)."""

from __future__ import annotations

from datetime import datetime

import duckdb

from dashboards.queries.base import query, read

LONG = "一週間前に注文したのに荷物が届かず困っています。追跡番号を見ても動いていないようで、いつ届くのか教えてください。"


def test_a_call_is_named_by_the_customers_first_turn_and_a_mail_by_its_subject() -> None:
    conn = duckdb.connect()
    conn.execute("create schema core; create schema themes")
    conn.execute("create table core.interactions (interaction_id varchar, created_at timestamp, channel varchar,"
                 " product varchar, subject varchar)")
    conn.execute("create table core.messages (interaction_id varchar, seq int, role varchar, text varchar)")
    conn.execute("create table themes.theme_assignments (interaction_id varchar, theme_id varchar)")
    conn.executemany("insert into core.interactions values (?, ?, ?, 'Koe Mart', ?)", [
        ("C1", datetime(2026, 11, 2, 9), "phone", None), ("C2", datetime(2026, 11, 2, 10), "phone", ""),
        ("M1", datetime(2026, 11, 2, 11), "email", "配送について"), ("C3", datetime(2026, 11, 2, 12), "phone", None)])
    conn.executemany("insert into core.messages values (?, ?, ?, ?)", [
        ("C1", 1, "agent", "お電話ありがとうございます。"), ("C1", 2, "customer", "ポイントの有効期限を教えてください。"),
        ("C1", 3, "customer", "あと住所も変えたいです。"), ("C2", 1, "customer", LONG), ("M1", 1, "customer", "本文")])
    conn.executemany("insert into themes.theme_assignments values (?, 'T1')", [("C1",), ("C2",), ("M1",), ("C3",)])
    rows = read(conn, query("themes/theme_interactions").format(where="true"), {"t": ["T1"]})
    subjects = dict(zip(rows["interaction_id"], rows["subject"], strict=True))
    assert subjects == {"C1": "“ポイントの有効期限を教えてください。”", "C2": f"“{LONG[:50]}…”", "M1": "配送について",
                        "C3": None}  # C3: a call without a transcript (shown as "—")
    assert rows["interaction_id"].to_list() == ["C3", "M1", "C2", "C1"]  # newest first
