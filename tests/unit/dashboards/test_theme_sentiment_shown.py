"""The Themes table shows "—" for a theme's customer sentiment only where it is truly missing: a theme with scored
customer turns (the real model, as the message_sentiment asset stores them) shows its negative share and start /
end sentiment; a theme none of whose contacts has a scored customer turn shows none (null, drawn "—" by the grid),
not 0 and not another theme's."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

import warehouse
from dashboards import display, queries
from dashboards.callbacks.themes import TABLE_COLUMNS
from pipelines.defs.themes import refresh_trends
from tests.unit.dashboards.fake_warehouse import assign_fake_themes, score_customer_sentiment
from warehouse.publish import publish_snapshot

SENTIMENT = ("negative_share", "sentiment_start", "sentiment_end")


@pytest.fixture(scope="module")
def snapshot(fake_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Customer turns scored, then T0002's contacts' scores removed (as if none of its customers' turns had been
    scored), the themes stage run again and the snapshot published."""
    path = tmp_path_factory.mktemp("felt") / "koe.duckdb"
    path.write_bytes(fake_warehouse.read_bytes())
    with warehouse.connect(path) as conn:
        assert score_customer_sentiment(conn) > 0
        assign_fake_themes(conn)
        conn.execute("delete from core.message_sentiment where interaction_id in"
                     " (select interaction_id from themes.theme_assignments where theme_id = 'T0002')")
        refresh_trends(conn, datetime(2026, 11, 1))
        return publish_snapshot(conn, path).path


def test_sentiment_is_shown_where_scored_and_missing_only_where_it_is(snapshot: Path) -> None:
    with queries.open_snapshot(snapshot) as conn:
        table = queries.themes_table(conn, queries.Filters(date(2026, 10, 1), date(2026, 10, 31)))
    shown = {row["theme_id"]: row for row in display.rows(table, "ja", [*TABLE_COLUMNS, "theme_id"])}
    start, end, negative = (shown["T0001"][column] for column in ("sentiment_start", "sentiment_end", "negative_share"))
    assert isinstance(start, float) and isinstance(end, float) and isinstance(negative, float), shown["T0001"]
    assert -1 <= start <= 1 and -1 <= end <= 1 and 0 <= negative <= 100
    assert all(shown["T0002"][column] is None for column in SENTIMENT), shown["T0002"]  # unknown, not 0
    formats = {c["field"]: c["valueFormatter"] for c in display.columns(list(TABLE_COLUMNS), "ja", whole_words=True)}
    for column in SENTIMENT:  # the grid draws a missing value as "—", a present one as a number
        formatter = formats[column]
        assert isinstance(formatter, dict) and formatter["function"].startswith("params.value == null ? '—' : d3.format")
