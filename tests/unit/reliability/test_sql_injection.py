"""SQL injection strings through every dashboard filter and query: each behaves exactly like any other value that
matches nothing, and nothing is dropped or changed — on a read-WRITE copy of the snapshot, where an injected
statement would succeed."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

import warehouse
from dashboards import queries
from dashboards.queries import agents, interactions, overview, qa, staffing, themes
from tests.unit.dashboards.fake_warehouse import build_fake_warehouse
from warehouse import app_store

INJECTIONS = (
    "' or '1'='1", "phone' --", "'; drop table marts.kpi_daily; --", "\" or 1=1 --", "1); delete from core.interactions; --",
    "x' union select * from core.interactions --", "$channel_values", "%' or true --", "') or ('a'='a", "ＯＲ １＝１",
)
NOTHING = "no-such-value"
PERIOD = queries.Filters(date(2026, 10, 5), date(2026, 10, 18))
FILTERED: dict[str, Callable[[duckdb.DuckDBPyConnection, queries.Filters], pl.DataFrame]] = {
    "kpi_summary": overview.kpi_summary, "volume_by_channel": overview.volume_by_channel,
    "arrival_heatmap": overview.arrival_heatmap, "interactions_list": interactions.interactions_list,
    "agent_table": agents.agent_table, "agent_trend": agents.agent_trend,
    "qa_score_distribution": agents.qa_score_distribution, "review_queue": qa.review_queue,
    "arrival_profile": lambda conn, filters: staffing.arrival_profile(conn, filters, "phone", 1),
}
FIELDS = ("channel", "queue", "team", "language", "direction")
POINT_KEYS = ("day", "channel", "agent_id", "queue", "team", "interval_time")


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    folder = tmp_path_factory.mktemp("inject")
    build_fake_warehouse(folder / "koe.duckdb", 300)
    writable = folder / "writable.duckdb"
    shutil.copy(folder / "published" / "dashboard.duckdb", writable)
    with warehouse.connect(writable, migrate=False) as connection:
        yield connection


def _table_counts(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    names = [r[0] for r in conn.execute("select schema_name || '.' || table_name from duckdb_tables()").fetchall()]
    return {name: conn.execute(f"select count(*) from {name}").fetchall()[0][0] for name in names}


def _same(left: pl.DataFrame, right: pl.DataFrame) -> bool:
    return left.equals(right, null_equal=True)


@pytest.mark.parametrize("name", FILTERED)
def test_every_filter_binds_injection_strings_as_plain_values(conn: duckdb.DuckDBPyConnection, name: str) -> None:
    query, before = FILTERED[name], _table_counts(conn)
    assert query(conn, PERIOD).height > 0  # the query does return rows, so "no rows" below means something
    for field in FIELDS:
        baseline = query(conn, replace(PERIOD, **{field: (NOTHING,)}))
        for attack in INJECTIONS:
            assert _same(query(conn, replace(PERIOD, **{field: (attack,)})), baseline), (field, attack)
    baseline = query(conn, replace(PERIOD, agent_id=NOTHING))
    for attack in INJECTIONS:
        assert _same(query(conn, replace(PERIOD, agent_id=attack)), baseline), ("agent_id", attack)
    assert _table_counts(conn) == before


@pytest.mark.parametrize("key", POINT_KEYS)
def test_drill_down_points_bind_injection_strings(conn: duckdb.DuckDBPyConnection, key: str) -> None:
    before = _table_counts(conn)
    for attack in INJECTIONS:
        value: object = attack
        try:
            rows = interactions.interactions_list(conn, replace(PERIOD, extra={key: value}))
        except duckdb.ConversionException:  # a typed point (day) refuses a non-date string: still no injection
            continue
        assert rows.height == 0, (key, attack)
    assert _table_counts(conn) == before


def test_id_lookups_find_nothing_for_injection_strings(conn: duckdb.DuckDBPyConnection) -> None:
    before = _table_counts(conn)
    theme_baseline = themes.theme_detail(conn, NOTHING)
    for attack in INJECTIONS:
        assert interactions.interaction_detail(conn, attack, "Asia/Tokyo") is None
        assert interactions.interaction_detail(conn, "I0000001", "Asia/Tokyo", agent_id=attack) is None
        assert _same(qa.criteria_for(conn, [attack]), qa.criteria_for(conn, [NOTHING]))
        detail = themes.theme_detail(conn, attack)
        assert all(_same(detail[k], theme_baseline[k]) for k in theme_baseline)
        assert _same(interactions.interactions_list(conn, replace(PERIOD, extra={"interaction_ids": [attack]})),
                     interactions.interactions_list(conn, replace(PERIOD, extra={"interaction_ids": [NOTHING]})))
    assert _table_counts(conn) == before


def test_app_store_stores_and_looks_up_injection_strings_verbatim(tmp_path: Path) -> None:
    store = tmp_path / "app.sqlite"
    for attack in INJECTIONS:
        assert app_store.find_user(store, attack) is None
        row_id = app_store.add_override(store, attack, None, attack, "pass", attack, attack)
        rows = app_store.list_rows(store, "qa_overrides", interaction_id=attack)
        assert [(r["override_id"], r["comment"], r["reviewer"]) for r in rows] == [(row_id, attack, attack)]
    assert len(app_store.list_rows(store, "qa_overrides")) == len(INJECTIONS)
