"""The themes page's drill-down names what each contact was about: its subject, or for a call (no subject) the
customer's first turn, quoted and cut to 50 characters (dashboards/queries/sql/themes/theme_interactions.sql); and it
lists the contacts the themes table counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import duckdb

import warehouse
from dashboards import queries
from dashboards.queries.base import query, read
from tests.unit.dashboards.fake_warehouse import assign_fake_themes
from warehouse.publish import publish_snapshot

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


def test_a_theme_counts_splits_and_lists_the_same_contacts(fake_warehouse: Path, tmp_path: Path) -> None:
    """For the filter bar's period and channels, a theme's count in the table, its products chart and its drill-down
    are the same contacts (the products chart once counted every day, whatever the period)."""
    path = tmp_path / "koe.duckdb"
    path.write_bytes(fake_warehouse.read_bytes())  # a copy: the session's warehouse stays as it is
    with warehouse.connect(path) as conn:
        assign_fake_themes(conn)
        snapshot = publish_snapshot(conn, path).path
    period = queries.Filters(date(2026, 10, 12), date(2026, 10, 25), channel=("phone",))
    with queries.open_snapshot(snapshot) as conn:
        table = queries.themes_table(conn, period)
        details = {theme: queries.theme_detail(conn, theme, filters=period, interactions=True)
                   for theme in table["theme_id"]}
        by_email = queries.theme_detail(conn, "T0001", filters=replace(period, channel=("email",)), interactions=True)
    for theme in table.iter_rows(named=True):
        detail = details[theme["theme_id"]]
        assert theme["contacts"] > 0, theme
        assert detail["products"]["contacts"].sum() == detail["interactions"].height == theme["contacts"], theme
    assert by_email["products"].is_empty() and by_email["interactions"].is_empty()  # the themes' contacts are calls
