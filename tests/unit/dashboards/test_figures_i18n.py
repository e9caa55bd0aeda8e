import re
from datetime import date
from pathlib import Path

import polars as pl

from dashboards import figures, i18n


def test_volume_chart_points_carry_their_drilldown_key() -> None:
    frame = pl.DataFrame({"day": [date(2026, 10, 1), date(2026, 10, 1)], "channel": ["phone", "email"],
                          "offered": [5.0, 2.0]})
    figure = figures.volume_by_channel(frame, "en")
    assert {trace.name for trace in figure.data} == {"phone", "email"}
    phone = next(trace for trace in figure.data if trace.name == "phone")
    assert list(phone.customdata[0]) == ["2026-10-01", "phone"] and list(phone.y) == [5.0]


def test_heatmap_is_seven_weekdays_by_24_hours_with_names_in_the_language() -> None:
    frame = pl.DataFrame({"weekday": [1, 7], "hour": [9, 23], "offered_per_day": [4.0, 1.5]})
    heatmap = figures.arrival_heatmap(frame, "ja").data[0]
    assert len(heatmap.z) == 7 and len(heatmap.z[0]) == 24
    assert heatmap.z[0][9] == 4.0 and heatmap.z[6][23] == 1.5 and heatmap.y[0] == "月"
    assert list(heatmap.customdata[6][23]) == [7, 23]


def test_every_label_used_in_the_app_exists_in_both_languages() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in Path(i18n.__file__).parent.rglob("*.py"))
    used = set(re.findall(r"\bt\(\"([a-z_]+)\"", source)) | set(re.findall(r"\(\"(kpi_[a-z_]+)\",", source))
    missing = used - i18n.keys()
    assert not missing
    assert all(i18n.t(key, "ja") != i18n.t(key, "en") or key in {"kpi_nps"} for key in ("page_overview", "kpi_aht"))
