"""complaint_themes + theme_trends materialized on a temporary warehouse with planted core rows."""

from __future__ import annotations

from datetime import date, datetime

import dagster as dg
import polars as pl
from planted import core_rows, planted_documents

import warehouse
from dashboards.reports.product_feedback import TOP_THEMES
from dashboards.reports.write import write_product_feedback
from pipelines.defs.resources import SettingsResource, WarehouseResource
from pipelines.defs.sentiment import message_sentiment
from pipelines.defs.themes import complaint_themes, theme_assignments, theme_trends


def _load_core(path: str) -> None:
    rows = core_rows(planted_documents(per_language=12, spike=8), start=datetime(2026, 10, 1))
    with warehouse.connect(path) as conn:
        for table, frame in rows.items():
            conn.register("koe_fixture", frame)
            conn.execute(f"insert into core.{table} by name select * from koe_fixture")
            conn.unregister("koe_fixture")


def test_themes_and_trends_flag_the_spike_and_rerun_keeps_ids(tmp_path):
    path = str(tmp_path / "w.duckdb")
    _load_core(path)
    resources = {"warehouse": WarehouseResource(path=path)}
    full = {"ops": {"complaint_themes": {"config": {"mode": "full"}}}}
    assert dg.materialize([complaint_themes, theme_trends], resources=resources, run_config=full).success
    with warehouse.connect(path) as conn:
        first = warehouse.read(conn, "select interaction_id, theme_id from themes.theme_assignments order by 1")
        emerging = warehouse.read(conn, "select theme_id from themes.theme_events where event = 'emerging'")
        spike_theme = warehouse.read(
            conn, "select theme_id from themes.theme_assignments where interaction_id like 'app_crash%' group by 1 order by count(*) desc limit 1"
        )
        daily_total = conn.execute("select sum(documents) from themes.theme_daily").fetchone()[0]
        examples = conn.execute("select count(*) from themes.theme_examples").fetchone()[0]
        themes = conn.execute("select count(*) from themes.themes where status = 'active'").fetchone()[0]
        flagged = conn.execute("select theme_id from themes.themes where emerging").fetchall()
    assert daily_total == first.height
    assert themes >= 6 and examples == 3 * themes
    assert emerging["theme_id"].to_list() == spike_theme["theme_id"].to_list()
    assert [row[0] for row in flagged] == emerging["theme_id"].to_list()
    assert dg.materialize([complaint_themes, theme_trends], resources=resources, run_config=full).success
    with warehouse.connect(path) as conn:
        second = warehouse.read(conn, "select interaction_id, theme_id from themes.theme_assignments order by 1")
        events = warehouse.read(conn, "select theme_id, event from themes.theme_events order by all")
    assert first.equals(second)  # same input, same themes
    emerging_events = events.filter(pl.col("event") == "emerging")["theme_id"].to_list()
    assert emerging_events == spike_theme["theme_id"].to_list()  # still emerging, recorded once


def test_a_day_partition_assigns_only_that_days_new_documents_to_the_fitted_themes(tmp_path):
    path = str(tmp_path / "w.duckdb")
    _load_core(path)  # documents created at 03:00 UTC = 12:00 JST, one day apart from 2026-10-01
    resources = {"warehouse": WarehouseResource(path=path), "koe_settings": SettingsResource()}
    assert dg.materialize([theme_assignments], resources=resources, partition_key="2026-10-05").success  # no themes yet
    full = {"ops": {"complaint_themes": {"config": {"mode": "full"}}}}
    assert dg.materialize([complaint_themes], resources=resources, run_config=full).success
    with warehouse.connect(path) as conn:  # that day's documents arrive after the fit
        conn.execute("delete from themes.theme_assignments where interaction_id in (select interaction_id"
                     " from core.interactions where created_at::date = '2026-10-05')")
        before = warehouse.read(conn, "select * from themes.theme_assignments order by 1")
    result = dg.materialize([theme_assignments], resources=resources, partition_key="2026-10-05")
    meta = {k: v.value for k, v in result.asset_materializations_for_node("theme_assignments")[0].metadata.items()}
    with warehouse.connect(path) as conn:
        new = warehouse.read(conn, "select a.*, t.status from themes.theme_assignments a left join themes.themes t"
                                   " using (theme_id) where a.run_id like 'themes-2026-10-05-%' order by 1")
        kept = warehouse.read(conn, "select * from themes.theme_assignments where run_id not like 'themes-2026-10-05-%'"
                                    " order by 1")
    assert meta["day"] == "2026-10-05" and meta["pending"] == meta["assigned_now"] == new.height > 0
    assert set(new["method"]) == {"incremental"} and set(new["status"].drop_nulls()) == {"active"}
    assert kept.equals(before)  # other days untouched
    again = dg.materialize([theme_assignments], resources=resources)  # no key: every new document, none left
    assert again.asset_materializations_for_node("theme_assignments")[0].metadata["pending"].value == 0


def test_report_html_and_pdf_show_the_emerging_theme(tmp_path):
    path = str(tmp_path / "w.duckdb")
    _load_core(path)
    resources = {"warehouse": WarehouseResource(path=path)}
    assert dg.materialize([complaint_themes, message_sentiment, theme_trends], resources=resources).success
    with warehouse.connect(path) as conn:
        spike = conn.execute("select theme_id from themes.themes where emerging").fetchone()[0]
        themes = conn.execute("select count(distinct theme_id) from themes.theme_assignments a join core.interactions i"
                              " using (interaction_id) where theme_id is not null and i.created_at >= '2026-10-23 15:00'").fetchone()[0]
        spike_calls = conn.execute("select count(*) from themes.theme_assignments a join core.interactions i using (interaction_id)"
                                   " where a.theme_id = $t and i.talk_seconds is not null and i.created_at >= '2026-10-23 15:00'",
                                   {"t": spike}).fetchone()[0]
    for lang, heading in (("ja", "急増・新規テーマ"), ("en", "Emerging themes")):
        html, pdf = write_product_feedback(path, date(2026, 10, 24), date(2026, 10, 30), tmp_path / f"r_{lang}.html", lang)
        page = html.read_text(encoding="utf-8")
        emerging_section = page.split(heading, 1)[1].split("<h2>", 1)[0]
        assert spike in emerging_section
        spike_section = page.split(f'id="{spike}"', 1)[1].split("</section>", 1)[0]
        hours = "対応時間" if lang == "ja" else "Agent hours"
        assert spike_calls > 0 and f"{hours}" in spike_section and f"{spike_calls * 300 / 3600:.1f}</td>" in spike_section
        negative = "否定的なお客様の発言の割合" if lang == "ja" else "Negative customer turns"
        assert negative in spike_section  # from the stored turn sentiment (asset message_sentiment)
        assert spike_section.split('class="negative-share">', 1)[1].split("</td>", 1)[0].endswith("%")
        assert " → " in spike_section.split('class="sentiment">', 1)[1].split("</td>", 1)[0]
        assert page.count('class="theme"') == min(themes, TOP_THEMES) and "<svg" in page and "<script" not in page
        assert len(page.encode()) < 200_000  # light enough to e-mail (inline SVG sparklines, no charting library)
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 2000


def test_weekly_schedule_runs_the_themes_assets_on_monday_morning_jst():
    from pipelines.defs.themes import weekly_product_feedback_schedule

    assert weekly_product_feedback_schedule.cron_schedule == "0 8 * * 1"
    assert weekly_product_feedback_schedule.execution_timezone == "Asia/Tokyo"


def test_assets_run_on_an_empty_warehouse(tmp_path):
    from pipelines.defs.themes import product_feedback_report

    resources = {"warehouse": WarehouseResource(path=str(tmp_path / "w.duckdb")), "koe_settings": SettingsResource()}
    result = dg.materialize([complaint_themes, theme_trends, product_feedback_report], resources=resources)
    assert result.success
    reports = sorted(p.name for p in (tmp_path / "published" / "reports").iterdir())
    assert len(reports) == 4 and all("product_feedback_" in name for name in reports)


def test_two_clean_runs_on_the_same_input_give_the_same_themes_events_and_costs(tmp_path):
    # issue 19: two clean runs gave 8 and 9 themes, and every run added an 'emerging' event
    full = {"ops": {"complaint_themes": {"config": {"mode": "full"}}}}
    runs = []
    for name in ("a", "b"):
        path = str(tmp_path / f"{name}.duckdb")
        _load_core(path)
        resources = {"warehouse": WarehouseResource(path=path)}
        for _ in range(2):
            assert dg.materialize([complaint_themes, theme_trends], resources=resources, run_config=full).success
        with warehouse.connect(path) as conn:
            runs.append({
                "themes": warehouse.read(conn, "select theme_id, label, documents, status from themes.themes order by 1"),
                "events": warehouse.read(conn, "select theme_id, event, related_theme_id, count(*) as times"
                                               " from themes.theme_events group by all order by all"),
                "daily": warehouse.read(conn, "select * exclude (csat_sum) from themes.theme_daily order by all"),
            })
    assert runs[0]["themes"].equals(runs[1]["themes"]) and runs[0]["daily"].equals(runs[1]["daily"])
    assert runs[0]["events"].equals(runs[1]["events"])
    once = runs[0]["events"].filter(pl.col("event").is_in(["emerging", "new"]))
    assert once.height > 0 and set(once["times"]) == {1}  # recorded once, not on every run
    daily = runs[0]["daily"]
    assert daily["handle_seconds_sum"].sum() > 0 and daily["handled"].sum() > 0 and daily["questions"].sum() > 0
