"""Loading files: encodings, bad rows to quarantine, idempotent re-loads, updates by natural key, mappings."""

import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

import warehouse
from pipelines.ingest.load import ingest_file
from transforms.ingest.mapping import load_mapping

JAPANESE = "お届け予定日を過ぎても商品が届きません（①・髙橋様・～）"  # ①, 髙 and ～ exist only in CP932, not Shift_JIS


def _tickets_csv(rows: int, bad: dict[int, str] | None = None) -> str:
    lines = ["interaction_id,channel,created_at,subject,talk_seconds"]
    for n in range(1, rows + 1):
        lines.append((bad or {}).get(n, f"T{n},email,2026-11-01 09:{n % 60:02d}:00,{JAPANESE}{n},{n}"))
    return "\n".join(lines) + "\n"


def _count(path: Path, sql: str) -> int:
    return warehouse.query(path, sql).item()


def test_cp932_csv_round_trips_japanese_text_exactly(warehouse_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "tickets.csv"
    source.write_bytes(_tickets_csv(3).encode("cp932"))
    with warehouse.connect(warehouse_file) as conn:
        result = ingest_file(conn, "tickets", source)
    assert result.status == "loaded" and result.rows_loaded == 3
    subjects = warehouse.query(warehouse_file, "select subject from core.interactions order by interaction_id")
    assert subjects["subject"].to_list() == [f"{JAPANESE}{n}" for n in (1, 2, 3)]
    assert warehouse.query(warehouse_file, "select encoding from load_log").item() == "cp932"


@pytest.mark.parametrize("prefix, encoding, expected", [(b"", "utf-8", "utf-8"), (b"\xef\xbb\xbf", "utf-8", "utf-8-sig")])
def test_utf8_with_and_without_bom(warehouse_file: Path, tmp_path: Path, prefix: bytes, encoding: str,
                                   expected: str) -> None:
    source = tmp_path / "tickets.csv"
    source.write_bytes(prefix + _tickets_csv(2).encode(encoding))
    with warehouse.connect(warehouse_file) as conn:
        ingest_file(conn, "tickets", source)
    assert warehouse.query(warehouse_file, "select encoding from load_log").item() == expected
    assert _count(warehouse_file, "select count(*) from core.interactions where subject like 'お届け%'") == 2


def test_three_bad_rows_in_a_thousand_are_quarantined_and_reload_adds_nothing(warehouse_file: Path,
                                                                               tmp_path: Path) -> None:
    bad = {
        17: "T17,carrier_pigeon,2026-11-01 09:00:00,x,1",  # unknown channel
        404: "T404,email,2026-11-31 09:00:00,x,1",  # unparseable date
        999: ",chat,2026-11-01 09:00:00,x,1",  # missing id
    }
    source = tmp_path / "tickets.csv"
    source.write_text(_tickets_csv(1000, bad), encoding="utf-8")
    with warehouse.connect(warehouse_file) as conn:
        first = ingest_file(conn, "tickets", source)
        second = ingest_file(conn, "tickets", source)
    assert (first.rows_read, first.rows_loaded, first.rows_quarantined) == (1000, 997, 3)
    assert second.status == "skipped_unchanged"
    assert _count(warehouse_file, "select count(*) from core.interactions") == 997
    rows = warehouse.query(warehouse_file, "select list(source_row order by source_row) as r, list(distinct load_id) as l"
                                           " from core.interactions").row(0)
    assert rows[0] == [n for n in range(1, 1001) if n not in bad]  # each row points to its file row
    assert rows[1] == [warehouse.query(warehouse_file, "select load_id from load_log").item()]
    quarantined = warehouse.query(warehouse_file, "select source_file, source_row, reason from quarantine order by 2")
    assert quarantined["source_row"].to_list() == [17, 404, 999]
    assert quarantined["source_file"].to_list() == [str(source)] * 3
    reasons = quarantined["reason"].to_list()
    assert "channel: cannot read carrier_pigeon as channel" == reasons[0]
    assert reasons[1].startswith("created_at: cannot read 2026-11-31")
    assert reasons[2] == "missing required interaction_id"


def test_changed_file_updates_rows_by_natural_key(warehouse_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "tickets.csv"
    source.write_text(_tickets_csv(3), encoding="utf-8")
    with warehouse.connect(warehouse_file) as conn:
        ingest_file(conn, "tickets", source)
        source.write_text(_tickets_csv(3).replace("T2,email", "T2,chat"), encoding="utf-8")
        assert ingest_file(conn, "tickets", source).status == "loaded"
    rows = warehouse.query(warehouse_file, "select interaction_id, channel from core.interactions order by 1")
    assert rows.rows() == [("T1", "email"), ("T2", "chat"), ("T3", "email")]


def test_duplicate_key_in_one_file_keeps_last_and_quarantines_earlier(warehouse_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "t.csv"
    source.write_text("interaction_id,channel,created_at\nA,email,2026-11-01\nA,phone,2026-11-02\n", encoding="utf-8")
    with warehouse.connect(warehouse_file) as conn:
        ingest_file(conn, "tickets", source)
    assert warehouse.query(warehouse_file, "select channel from core.interactions").item() == "phone"
    assert warehouse.query(warehouse_file, "select reason from quarantine").item() == "duplicate key A: superseded by row 2"


def test_mapping_loads_another_tools_export_without_code(warehouse_file: Path, tmp_path: Path) -> None:
    export = tmp_path / "helpdesk.csv"
    export.write_bytes("チケット番号,受付チャネル,受付日時,件名\nH-1,電話,2026/11/01 09:30,返品したい\nH-2,メール,2026/11/01 10:00,請求\n"
                       .encode("cp932"))
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "kind: tickets\ntimezone: Asia/Tokyo\ncolumns:\n  interaction_id: チケット番号\n  channel: 受付チャネル\n"
        "  created_at: 受付日時\n  subject: 件名\nvalues:\n  channel: {電話: phone}\n", encoding="utf-8")
    with warehouse.connect(warehouse_file) as conn:
        ingest_file(conn, "tickets", export, load_mapping(mapping))
    rows = warehouse.query(warehouse_file, "select interaction_id, channel, created_at, language from core.interactions order by 1")
    assert rows["channel"].to_list() == ["phone", "email"]  # メール is a built-in synonym, 電話 mapped
    assert str(rows["created_at"][0]) == "2026-11-01 00:30:00"  # 09:30 JST is 00:30 UTC
    assert rows["language"].to_list() == ["ja", "ja"]



def test_a_quarantined_row_is_kept_as_read_with_unknown_columns(warehouse_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "t.csv"
    source.write_text("interaction_id,channel,created_at,talk_seconds,社内メモ\nT1,Phone, 2026-11-31 09:30:00,1,200,要確認\n"
                      "T2,Phone, 2026-11-01 09:30:00,1,200,\n".replace("1,200", '"1,200"'), encoding="utf-8")
    with warehouse.connect(warehouse_file) as conn:
        ingest_file(conn, "tickets", source)
    kept = warehouse.query(warehouse_file, "select raw_content from quarantine").item()
    assert json.loads(kept) == {"interaction_id": "T1", "channel": "Phone", "created_at": " 2026-11-31 09:30:00",
                                "talk_seconds": "1,200", "社内メモ": "要確認"}
    core = warehouse.query(warehouse_file, "select channel, talk_seconds from core.interactions")
    assert core.rows() == [("phone", 1200.0)]


def test_jsonl_and_parquet_inputs(warehouse_file: Path, tmp_path: Path) -> None:
    messages = tmp_path / "m.jsonl"
    messages.write_text('{"interaction_id": "T1", "seq": 1, "role": "お客様", "text": "届きません"}\n'
                        '{"interaction_id": "T1", "seq": 2, "role": "agent", "text": "Sorry for the delay"}\n',
                        encoding="utf-8")
    surveys = tmp_path / "s.parquet"
    pl.DataFrame({"survey_id": ["S1", "S2"], "responded_at": ["2026-11-01 10:00:00"] * 2, "csat": [5, 9]}).write_parquet(surveys)
    with warehouse.connect(warehouse_file) as conn:
        ingest_file(conn, "messages", messages)
        result = ingest_file(conn, "surveys", surveys)
    rows = warehouse.query(warehouse_file, "select message_id, role, language from core.messages order by seq")
    assert rows.rows() == [("T1-1", "customer", "ja"), ("T1-2", "agent", "en")]
    assert result.rows_loaded == 1
    assert warehouse.query(warehouse_file, "select reason from quarantine").item() == "csat: 9 is outside 1..5"


@pytest.mark.parametrize("content, reason", [(b"", "the file is empty"), (b"\xff\xfe\x00garbage\x81", "not UTF-8 or CP932")])
def test_unreadable_file_is_quarantined_whole(warehouse_file: Path, tmp_path: Path, content: bytes, reason: str) -> None:
    source = tmp_path / "broken.csv"
    source.write_bytes(content)
    with warehouse.connect(warehouse_file) as conn:
        result = ingest_file(conn, "tickets", source)
    assert result.status == "failed" and reason in (result.message or "")
    row = warehouse.query(warehouse_file, "select source_file, source_row, reason from quarantine").row(0)
    assert row[0] == str(source) and row[1] is None and reason in row[2]
    assert warehouse.query(warehouse_file, "select status from load_log").item() == "failed"


def test_personal_data_is_masked_everywhere_and_originals_kept_only_when_asked(warehouse_file: Path,
                                                                              tmp_path: Path) -> None:
    source = tmp_path / "m.csv"
    source.write_text("interaction_id,seq,role,text,phone_column\n"
                      "T1,1,customer,電話番号は090-1234-5678です,090-1234-5678\n"
                      "T1,2,customer,card 4111 1111 1111 1111 please,\n"
                      "T1,x,customer,また連絡します,03-1234-5678\n", encoding="utf-8")  # no seq: quarantined
    with warehouse.connect(warehouse_file) as conn:
        ingest_file(conn, "messages", source)
        texts = [r[0] for r in conn.execute("select text from core.messages order by seq").fetchall()]
        as_read = conn.execute("select raw_content from quarantine").fetchone()[0]
        kept = conn.execute("select count(*) from restricted.original_text").fetchone()[0]
    assert texts == ["電話番号は[PHONE]です", "card [CARD] please"]
    assert "[PHONE]" in as_read and "5678" not in as_read  # an unmapped column of a rejected row is masked too
    assert kept == 0

    other = tmp_path / "warehouse2.duckdb"
    with warehouse.connect(other) as conn:
        ingest_file(conn, "messages", source, keep_original=True)
        originals = {r[0] for r in conn.execute("select text from restricted.original_text").fetchall()}
    assert "電話番号は090-1234-5678です" in originals


def test_typed_parquet_columns_load_without_text_parsing(warehouse_file: Path, tmp_path: Path) -> None:
    """Parquet's own types are used as they are: naive timestamps are local (JST), aware ones absolute, numbers
    are range-checked, and nulls take the column's default in its own type."""
    source = tmp_path / "typed.parquet"
    pl.DataFrame({
        "interaction_id": ["P1", "P2", "P3"],
        "channel": ["phone", "chat", "email"],
        "customer_id": [101, 102, None],  # a number in the file, text in Koe
        "created_at": [datetime(2026, 11, 1, 9, 0), datetime(2026, 11, 1, 10, 0), datetime(2026, 11, 1, 11, 0)],
        "answered_at": pl.Series([datetime(2026, 11, 1, 0, 0, 20, tzinfo=UTC), None, None]),
        "talk_seconds": [120.0, -5.0, None],
        "transfers": [1, None, 2],
        "abandoned": [False, None, True],
    }).write_parquet(source)
    with warehouse.connect(warehouse_file) as conn:
        result = ingest_file(conn, "interactions", source)
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    core = warehouse.query(warehouse_file, "select interaction_id, customer_id, created_at, answered_at, transfers,"
                                           " abandoned from core.interactions order by 1")
    assert core.rows() == [
        ("P1", "101", datetime(2026, 11, 1, 0, 0), datetime(2026, 11, 1, 0, 0, 20), 1, False),
        ("P3", None, datetime(2026, 11, 1, 2, 0), None, 2, True),
    ]
    reason = warehouse.query(warehouse_file, "select reason from quarantine").item()
    assert reason == "talk_seconds: -5.0 is outside 0..86400"
    assert warehouse.query(warehouse_file, "select list(source_row order by source_row) from core.interactions").item() \
        .to_list() == [1, 3]


def test_typed_whole_numbers_only_for_int_columns(warehouse_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "surveys.parquet"
    pl.DataFrame({"survey_id": ["S1", "S2"], "responded_at": ["2026-11-01 09:00:00"] * 2,
                  "csat": [4.0, 4.5]}).write_parquet(source)
    with warehouse.connect(warehouse_file) as conn:
        result = ingest_file(conn, "surveys", source)
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    assert warehouse.query(warehouse_file, "select reason from quarantine").item() == "csat: cannot read 4.5 as int"
