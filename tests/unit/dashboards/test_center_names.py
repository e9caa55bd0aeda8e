"""A contact center names its own queue, team and contact-reason codes (``koe ingest names``, core.names): the
screens show its name in the page's language first, then Koe's UI text, then its name in the other language, then
the rule that turns a code into words. The self-service page's hand-off reasons are words before the themes stage
has run (a contact reason such as ``double_charge``, not the code)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import flask
import polars as pl
import pytest

import warehouse
from dashboards import display
from dashboards.config import AppConfig
from dashboards.queries.names import contact_reason_name, queue_name, read_center_names, team_name
from pipelines.defs.ingest import load_assets
from pipelines.defs.resources import SettingsResource, WarehouseResource
from pipelines.ingest.load import ingest_file
from warehouse.publish import publish_snapshot

# The Anonymous Bank call log's queue types (acd_call_log preset), one team named in Japanese only, one contact
# reason, a queue the UI text already knows (billing) renamed by the center; then three bad rows.
NAMES_CSV = """kind,code,name_ja,name_en
queue,PS,個人のお客様,Private customers
queue,PE,個人のお客様,Private customers (English)
キュー,NW,新規のお客様,
queue,billing,請求窓口,Billing desk
team,T7,夜間チーム,
contact_reason,card_lost,カード紛失,Lost card
team,T8,,
queue,,名前だけ,Name only
queu,TT,折り返し,Callbacks
"""


@pytest.fixture()
def named_warehouse(tmp_path: Path) -> Path:
    """A real warehouse file with the names above loaded through ``koe ingest``'s loader."""
    path = tmp_path / "koe.duckdb"
    source = tmp_path / "names.csv"
    source.write_text(NAMES_CSV, encoding="utf-8")
    with warehouse.connect(path) as conn:
        result = ingest_file(conn, "names", source)
        assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 6, 3)
    return path


def test_a_names_file_loads_good_rows_and_quarantines_bad_ones_with_the_reason(named_warehouse: Path) -> None:
    with warehouse.connect(named_warehouse, read_only=True) as conn:
        names = read_center_names(conn)
        reasons = dict(conn.execute("select source_row, reason from quarantine order by source_row").fetchall())
    assert names[("queue", "NW")] == ("新規のお客様", None)  # キュー read as queue; an empty name is none
    assert names[("team", "T7")] == ("夜間チーム", None)
    assert reasons == {7: "no name: name_ja and name_en are both empty for team T8",
                       8: "missing required code", 9: "kind: cannot read queu as named_code"}


@pytest.mark.parametrize(("kind", "code", "ja", "en"), [
    ("queue", "PS", "個人のお客様", "Private customers"),
    ("queue", "PE", "個人のお客様", "Private customers (English)"),
    ("queue", "NW", "新規のお客様", "新規のお客様"),  # named in Japanese only: better that than the code PS on an English page
    ("queue", "billing", "請求窓口", "Billing desk"),  # the center's name wins over the UI text's 請求 / Billing
    ("queue", "PS_en", "個人のお客様 (英語)", "Private customers (English)"),  # the base named by the center
    ("queue", "orders", "注文", "Orders"),  # not named by the center: the UI text
    ("queue", "TT", "TT", "TT"),  # the bad row did not load: the code as it is (the rule changes no upper case)
    ("team", "T7", "夜間チーム", "夜間チーム"),
    ("team", "T1", "チーム1", "Team 1"),  # not named: the rule
    ("contact_reason", "card_lost", "カード紛失", "Lost card"),
])
def test_the_centers_names_come_first(named_warehouse: Path, kind: str, code: str, ja: str, en: str) -> None:
    with warehouse.connect(named_warehouse, read_only=True) as conn:
        names = read_center_names(conn)
    name = {"queue": queue_name, "team": team_name, "contact_reason": contact_reason_name}[kind]
    assert (name(code, "ja", names), name(code, "en", names)) == (ja, en)


def test_the_dashboard_reads_the_names_from_the_snapshot_it_serves(named_warehouse: Path, tmp_path: Path) -> None:
    with warehouse.connect(named_warehouse) as conn:
        snapshot = publish_snapshot(conn, named_warehouse).path
    app = flask.Flask(__name__)
    app.config["KOE"] = AppConfig(snapshot_path=snapshot, app_db=tmp_path / "app.sqlite", timezone="Asia/Tokyo",
                                  session_ttl_seconds=60)
    frame = pl.DataFrame({"queue": ["PS", "billing"], "team": ["T7", "T2"]})
    with app.app_context():
        assert display.rows(frame, "en") == [{"queue": "Private customers", "team": "夜間チーム"},
                                             {"queue": "Billing desk", "team": "Team 2"}]
        assert display.options(["PE"], "queue", "ja") == [{"label": "個人のお客様", "value": "PE"}]  # filters send codes
    assert display.code_label("queue", "PS", "en") == "PS"  # outside a request no snapshot is read


def test_the_landing_folders_names_are_loaded_by_the_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Dagster asset load_names (raw_names, core_names) reads the landing folder's names/, as for every kind."""
    (tmp_path / "landing" / "names").mkdir(parents=True)
    (tmp_path / "landing" / "names" / "queues.csv").write_text("kind,code,name_ja,name_en\nqueue,IN,インターネット相談,"
                                                                "Internet advice\n", encoding="utf-8")
    monkeypatch.setenv("KOE_LANDING_DIR", str(tmp_path / "landing"))
    load_names = next(asset for asset in load_assets if asset.node_def.name == "load_names")
    path = tmp_path / "koe.duckdb"
    result = dg.materialize([load_names], resources={"warehouse": WarehouseResource(path=str(path)),
                                                     "koe_settings": SettingsResource()})
    assert result.success
    with warehouse.connect(path, read_only=True) as conn:
        assert queue_name("IN", "en", read_center_names(conn)) == "Internet advice"


@pytest.mark.parametrize(("reason", "ja", "en"), [
    ("double_charge", "二重請求", "Charged twice"), ("login_failure", "ログインできない", "Cannot log in"),
    ("unknown", "不明", "Unknown"), ("lost_parcel", "Lost parcel", "Lost parcel"),  # a reason nobody named: its words
    ("配送が遅い", "配送が遅い", "配送が遅い"),  # a theme label (after the themes stage): as it is
])
def test_hand_off_reasons_are_words_before_the_themes_stage_has_run(reason: str, ja: str, en: str) -> None:
    for lang, words in (("ja", ja), ("en", en)):
        shown = display.rows(pl.DataFrame({"channel": ["chat"], "handoff_reason": [reason], "handed_off": [3]}), lang)
        assert shown[0]["handoff_reason"] == words


def test_the_documented_names_file_loads(tmp_path: Path) -> None:
    """docs/input-formats.md's example (the Anonymous Bank's queue types) loads as written."""
    docs = (Path(__file__).parents[3] / "docs" / "input-formats.md").read_text(encoding="utf-8")
    example = docs.split("```csv\n")[1].split("```")[0]
    (tmp_path / "names.csv").write_text(example, encoding="utf-8")
    with warehouse.connect(tmp_path / "koe.duckdb") as conn:
        result = ingest_file(conn, "names", tmp_path / "names.csv")
        names = read_center_names(conn)
    assert (result.rows_loaded, result.rows_quarantined) == (len(example.splitlines()) - 1, 0)
    assert queue_name("TT", "ja", names) == "折り返し待ち" and queue_name("TT", "en", names) == "Callback queue"
