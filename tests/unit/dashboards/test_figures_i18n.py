import re
from datetime import date, datetime
from pathlib import Path

import polars as pl

from dashboards import figures, i18n


def test_volume_chart_points_carry_their_drilldown_key() -> None:
    frame = pl.DataFrame({"day": [date(2026, 10, 1), date(2026, 10, 1)], "channel": ["phone", "email"],
                          "offered": [5.0, 2.0]})
    figure = figures.volume_by_channel(frame, "en")
    assert {trace.name for trace in figure.data} == {"Phone", "E-mail"}  # the channel's name, never its code
    phone = next(trace for trace in figure.data if trace.name == "Phone")
    assert list(phone.customdata[0]) == ["2026-10-01", "phone"] and list(phone.y) == [5.0]
    assert figure.layout.yaxis.title.text == "Contacts"  # what the bars count, as the other charts' axes say


def test_the_datas_partial_days_are_drawn_paler_with_the_hours_they_cover() -> None:
    """The data starts 2026-10-01 09:00 and ends 10-29 07:30–08:00: those two bars are parts of days beside full ones."""
    frame = pl.DataFrame({"day": [date(2026, 10, d) for d in (1, 2, 29)] * 2, "channel": ["phone"] * 3 + ["chat"] * 3,
                          "offered": [40.0, 100.0, 30.0] * 2})
    coverage = (datetime(2026, 10, 1, 9, 0), datetime(2026, 10, 29, 7, 30))
    for lang, first, last in (("ja", "09:00から", "08:00まで"), ("en", "from 09:00", "to 08:00")):
        figure = figures.mark_partial_days(figures.volume_by_channel(frame, lang), coverage, lang)
        assert {(note.x, note.text) for note in figure.layout.annotations} == {("2026-10-01", first), ("2026-10-29", last)}
        assert all(list(trace.marker.opacity) == [0.45, 1.0, 0.45] for trace in figure.data)
    whole = figures.mark_partial_days(figures.volume_by_channel(frame, "ja"), (datetime(2026, 10, 1), datetime(2026, 10, 29, 23, 30)), "ja")
    assert not whole.layout.annotations  # whole days: nothing to mark


def test_heatmap_is_seven_weekdays_by_24_hours_with_names_in_the_language() -> None:
    frame = pl.DataFrame({"weekday": [1, 7], "hour": [9, 23], "offered_per_day": [4.0, 1.5], "days": [4, 5]})
    heatmap = figures.arrival_heatmap(frame, "ja").data[0]
    assert len(heatmap.z) == 7 and len(heatmap.z[0]) == 24
    figure = figures.arrival_heatmap(frame, "ja")
    assert heatmap.z[0][9] == 4.0 and heatmap.z[6][23] == 1.5
    # a heatmap click carries x and y only (no customdata): y is the ISO weekday, shown by its name
    assert list(heatmap.y) == [1, 2, 3, 4, 5, 6, 7] and list(heatmap.x)[23] == 23
    assert list(figure.layout.yaxis.ticktext)[0] == "月" and list(figure.layout.yaxis.tickvals)[6] == 7
    # the unit is on the colour bar, and the hover names the weekday and how many days the mean is over
    assert heatmap.colorbar.title.text == "件/日 (平均)" and "日の平均" in heatmap.hovertemplate
    assert list(heatmap.customdata[0][9]) == ["月", 4] and list(heatmap.customdata[6][23]) == ["日", 5]


def test_qa_histogram_bars_carry_their_score_band() -> None:
    figure = figures.qa_distribution(pl.DataFrame({"band": [40, 90], "scored": [3, 5]}), "ja")
    assert [list(c) for c in figure.data[0].customdata] == [[b] for b in range(0, 100, 10)]  # every band, in order
    assert list(figure.data[0].y) == [0, 0, 0, 0, 3, 0, 0, 0, 0, 5] and figure.data[0].x[9] == "90–100"


def test_theme_trend_weeks_are_categories_so_one_week_is_not_a_time_axis() -> None:
    figure = figures.theme_trend(pl.DataFrame({"week": [date(2026, 11, 16)], "contacts": [7]}), "ja")
    assert figure.layout.xaxis.type == "category" and list(figure.data[0].x) == ["2026-11-16"]


def test_every_label_used_in_the_app_exists_in_both_languages() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in Path(i18n.__file__).parent.rglob("*.py"))
    used = set(re.findall(r"\bt\(\"([a-z_]+)\"", source)) | set(re.findall(r"\(\"(kpi_[a-z_]+)\",", source))
    missing = used - i18n.keys()
    assert not missing
    assert all(i18n.t(key, "ja") != i18n.t(key, "en") or key in {"kpi_nps"} for key in ("page_overview", "kpi_aht"))


def test_a_chart_without_data_says_so_instead_of_bare_axes() -> None:
    empty = pl.DataFrame(schema={"day": pl.Date, "channel": pl.String, "offered": pl.Float64})
    for lang, words in (("ja", "該当するデータはありません"), ("en", "Nothing matches these filters")):
        figure = figures.volume_by_channel(empty, lang)
        assert [a.text for a in figure.layout.annotations] == [words] and figure.layout.xaxis.visible is False
        heatmap = figures.arrival_heatmap(pl.DataFrame(schema={"weekday": pl.Int64, "hour": pl.Int64,
                                                              "offered_per_day": pl.Float64, "days": pl.Int64}), lang)
        assert [a.text for a in heatmap.layout.annotations] == [words] and not heatmap.data
    drawn = figures.qa_distribution(pl.DataFrame({"band": [40], "scored": [3]}), "ja")
    assert not drawn.layout.annotations  # a chart with data has no such note
