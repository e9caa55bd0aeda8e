"""Mapping SQL expressions and the presets shipped with Koe, each on a small sample built from its source's fields."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

import warehouse
from pipelines.cli.main import app
from pipelines.ingest.load import ingest_file
from pipelines.ingest.mappings import MappingError, check_mapping, preset, presets
from transforms.ingest.mapping import load_mapping
from transforms.ingest.schemas import input_kind

ACD_HEADER = ("vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit"
              "\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver")
ACD_ROWS = [
    # answered after 30 s in queue
    "AA0101\t1\t23317894\t2\tPS\t990201\t9:00:00\t9:00:10\t10\t9:00:10\t9:00:40\t30\tAGENT\t9:00:40\t9:03:40\t180\tDORIT",
    # crosses midnight: queued 23:59:50, answered 0:00:35 the next day after 45 s, served 100 s
    "AA0101\t2\t0\t1\tNW\t990201\t23:59:40\t23:59:50\t10\t23:59:50\t0:00:35\t45\tAGENT\t0:00:35\t0:02:15\t100\tTOVA",
    # abandoned after 12 s in queue
    "AA0101\t3\t0\t1\tPS\t990202\t8:00:00\t8:00:05\t5\t8:00:05\t8:00:17\t12\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
    # hung up in the IVR after 30 s: loaded as a self-service contact, not offered
    "AA0101\t4\t0\t1\tPS\t990202\t8:10:00\t8:10:30\t30\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
    # phantom: skipped
    "AA0101\t5\t0\t1\tPS\t990202\t8:20:00\t8:20:01\t1\t0:00:00\t0:00:00\t0\tPHANTOM\t0:00:00\t0:00:00\t0\tNO_SERVER",
    # the same call_id on another line: a different call (the key is vru+line and call_id)
    "AA0102\t1\t0\t1\tPS\t990202\t9:00:00\t9:00:08\t8\t0:00:00\t0:00:00\t0\tAGENT\t9:00:08\t9:01:08\t60\tNO_SERVER",
]


def _rows(warehouse_file: Path, sql: str) -> list[tuple]:
    return warehouse.query(warehouse_file, sql).rows()


def _load(warehouse_file: Path, kind: str, path: Path, mapping) -> object:
    with warehouse.connect(warehouse_file) as conn:
        return ingest_file(conn, kind, path, mapping)


@pytest.mark.parametrize("name", sorted(presets()))
def test_every_preset_is_a_valid_mapping(name: str) -> None:
    mapping = preset(name)
    check_mapping(mapping, input_kind(mapping.kind or "interactions"))
    assert mapping.description


def test_acd_preset_handles_midnight_sentinels_composite_keys_and_skips(warehouse_file: Path,
                                                                        tmp_path: Path) -> None:
    source = tmp_path / "calls.tsv"
    source.write_text("\r\n".join([ACD_HEADER, *ACD_ROWS]) + "\r\n", encoding="utf-8")
    result = _load(warehouse_file, "calls", source, preset("acd_call_log"))
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined, result.rows_skipped) == (6, 5, 0, 1)
    rows = _rows(warehouse_file, "select interaction_id, customer_id, agent_id, queue, queued_at, answered_at,"
                                 " abandoned, talk_seconds, date_diff('second', queued_at, answered_at),"
                                 " self_service_seconds from core.interactions order by 1")
    # Israel is UTC+2 in February: stored times are UTC
    assert rows == [
        ("AA0101-1", "23317894", "DORIT", "PS", datetime(1999, 2, 1, 7, 0, 10), datetime(1999, 2, 1, 7, 0, 40),
         False, 180.0, 30, 10.0),
        ("AA0101-2", None, "TOVA", "NW", datetime(1999, 2, 1, 21, 59, 50), datetime(1999, 2, 1, 22, 0, 35),
         False, 100.0, 45, 10.0),
        ("AA0101-3", None, None, "PS", datetime(1999, 2, 2, 6, 0, 5), None, True, None, None, 5.0),
        ("AA0101-4", None, None, "PS", None, None, False, None, None, 30.0),
        ("AA0102-1", None, None, "PS", datetime(1999, 2, 2, 7, 0, 8), datetime(1999, 2, 2, 7, 0, 8), False, 60.0, 0,
         8.0),
    ]
    assert _rows(warehouse_file, "select rows_skipped from load_log") == [(1,)]


def test_without_the_midnight_rule_the_crossing_call_is_caught_by_a_sanity_check(warehouse_file: Path,
                                                                                 tmp_path: Path) -> None:
    """The same call mapped naively (times on the call's date) is answered 23 h before it queued: quarantined."""
    mapping = tmp_path / "naive.yaml"
    mapping.write_text(
        "kind: calls\ntimezone: Asia/Jerusalem\ncolumns:\n"
        "  interaction_id: {sql: \"\\\"vru+line\\\" || '-' || call_id\"}\n  channel: {sql: \"'phone'\"}\n"
        "  created_at: {sql: \"strptime(date, '%y%m%d') + cast(vru_entry as interval)\"}\n"
        "  queued_at: {sql: \"strptime(date, '%y%m%d') + cast(q_start as interval)\"}\n"
        "  answered_at: {sql: \"strptime(date, '%y%m%d') + cast(q_exit as interval)\"}\n", encoding="utf-8")
    source = tmp_path / "calls.tsv"
    source.write_text("\n".join([ACD_HEADER, ACD_ROWS[0], ACD_ROWS[1]]) + "\n", encoding="utf-8")
    result = _load(warehouse_file, "calls", source, load_mapping(mapping))
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    reason = _rows(warehouse_file, "select reason from quarantine")[0][0]
    assert reason == ("answered_before_queued: answered_at 1999-01-31 22:00:35 is before queued_at 1999-02-01 21:59:50"
                      " (UTC; created_at when not queued)")


def test_an_expression_failing_on_one_row_quarantines_that_row_only(warehouse_file: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("kind: tickets\ncolumns:\n  interaction_id: id\n  channel: {sql: \"'email'\"}\n"
                       "  created_at: {sql: \"strptime(day || ' ' || time, '%Y%m%d %H:%M')\"}\n", encoding="utf-8")
    source = tmp_path / "t.csv"
    source.write_text("id,day,time\nT1,20261101,09:00\nT2,20261101,9h30\nT3,20261102,10:15\n", encoding="utf-8")
    result = _load(warehouse_file, "tickets", source, load_mapping(mapping))
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    (row, reason), = _rows(warehouse_file, "select source_row, reason from quarantine")
    assert row == 2 and reason.startswith(f"{mapping} line 5 (columns.created_at) failed: ")
    assert "9h30" in reason


@pytest.mark.parametrize("sql, problem", [
    ("(select max(created_at) from core.interactions)", "a subquery is not allowed"),
    ("count(*)", "an aggregate is not allowed"),
    ("no_such_column || 'x'", "no_such_column"),
    ("1 +", "not a SQL expression"),
])
def test_bad_expressions_are_refused_before_any_row_loads(warehouse_file: Path, tmp_path: Path, sql: str,
                                                          problem: str) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text(f"kind: tickets\ncolumns:\n  channel: {{sql: {json.dumps(sql)}}}\n", encoding="utf-8")
    source = tmp_path / "t.csv"
    source.write_text("interaction_id,created_at\nT1,2026-11-01 09:00:00\n", encoding="utf-8")
    result = _load(warehouse_file, "tickets", source, load_mapping(mapping))
    assert result.status == "refused" and f"{mapping} line 3 (columns.channel)" in result.message
    assert problem in result.message
    assert _rows(warehouse_file, "select count(*) from load_log") == [(0,)]


def test_a_statement_is_refused_by_check_mapping(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("skip_rows:\n  - \"true; delete from quarantine\"\n", encoding="utf-8")
    with pytest.raises(MappingError, match=r"line 2 \(skip_rows\[0\]\): only one expression is allowed"):
        check_mapping(load_mapping(mapping), input_kind("tickets"))


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_amazon_connect_contact_records(warehouse_file: Path, tmp_path: Path) -> None:
    records = [
        {"ContactId": "c-1", "Channel": "VOICE", "InitiationMethod": "INBOUND",
         "InitiationTimestamp": "2026-11-01T00:00:00Z", "DisconnectTimestamp": "2026-11-01T00:05:00Z",
         "LastUpdateTimestamp": "2026-11-01T00:06:00Z",
         "Queue": {"Name": "BasicQueue", "EnqueueTimestamp": "2026-11-01T00:00:20Z",
                   "DequeueTimestamp": "2026-11-01T00:00:35Z", "Duration": 15},
         "Agent": {"Username": "yamada", "ConnectedToAgentTimestamp": "2026-11-01T00:00:35Z",
                   "AgentInteractionDuration": 200, "CustomerHoldDuration": 30, "AfterContactWorkDuration": 40}},
        {"ContactId": "c-2", "Channel": "CHAT", "InitiationMethod": "INBOUND",
         "InitiationTimestamp": "2026-11-01T01:00:00Z", "DisconnectTimestamp": "2026-11-01T01:02:00Z",
         "LastUpdateTimestamp": "2026-11-01T01:03:00Z",
         "Queue": {"Name": "Chat", "EnqueueTimestamp": "2026-11-01T01:00:05Z",
                   "DequeueTimestamp": "2026-11-01T01:02:00Z", "Duration": 115}, "Agent": None},
    ]
    result = _load(warehouse_file, "calls", _jsonl(tmp_path / "ctr.jsonl", records), preset("amazon_connect_ctr"))
    assert (result.rows_loaded, result.rows_quarantined) == (2, 0)
    assert _rows(warehouse_file, "select interaction_id, channel, queue, agent_id, queued_at, answered_at, abandoned,"
                                 " talk_seconds, hold_seconds, acw_seconds, source_updated_at"
                                 " from core.interactions order by 1") == [
        ("c-1", "phone", "BasicQueue", "yamada", datetime(2026, 11, 1, 0, 0, 20), datetime(2026, 11, 1, 0, 0, 35),
         False, 200.0, 30.0, 40.0, datetime(2026, 11, 1, 0, 6)),
        ("c-2", "chat", "Chat", None, datetime(2026, 11, 1, 1, 0, 5), None, True, None, None, None,
         datetime(2026, 11, 1, 1, 3)),
    ]


def test_zendesk_tickets(warehouse_file: Path, tmp_path: Path) -> None:
    records = [
        {"id": 35436, "subject": "Help, my printer is on fire!", "status": "solved", "priority": "high",
         "requester_id": 20978392, "assignee_id": 235323, "group_id": 98738, "via": {"channel": "web"},
         "created_at": "2026-11-01T09:00:00Z", "updated_at": "2026-11-02T10:00:00Z", "due_at": None},
        {"id": 35437, "subject": "Invoice question", "status": "open", "priority": "normal",
         "requester_id": 20978393, "assignee_id": None, "group_id": 98738, "via": {"channel": "email"},
         "created_at": "2026-11-01T10:00:00Z", "updated_at": "2026-11-01T11:00:00Z",
         "due_at": "2026-11-03T10:00:00Z"},
    ]
    result = _load(warehouse_file, "tickets", _jsonl(tmp_path / "zd.jsonl", records), preset("zendesk_tickets"))
    assert (result.rows_loaded, result.rows_quarantined) == (2, 0)
    assert _rows(warehouse_file, "select interaction_id, channel, customer_id, agent_id, team, status, resolved_at,"
                                 " sla_due_at from core.interactions order by 1") == [
        ("35436", "web_form", "20978392", "235323", "98738", "solved", datetime(2026, 11, 2, 10), None),
        ("35437", "email", "20978393", None, "98738", "open", None, datetime(2026, 11, 3, 10)),
    ]


def test_freshdesk_tickets(warehouse_file: Path, tmp_path: Path) -> None:
    records = [
        {"id": 1, "subject": "Support needed", "status": 4, "priority": 3, "source": 3, "requester_id": 1001,
         "responder_id": 2001, "group_id": 11, "type": "Question", "created_at": "2026-11-01T09:00:00Z",
         "updated_at": "2026-11-01T12:00:00Z", "due_by": "2026-11-04T09:00:00Z", "fr_due_by": "2026-11-02T09:00:00Z"},
        {"id": 2, "subject": "Refund", "status": 2, "priority": 1, "source": 10, "requester_id": 1002,
         "responder_id": None, "group_id": None, "type": None, "created_at": "2026-11-01T10:00:00Z",
         "updated_at": "2026-11-01T10:00:00Z", "due_by": "2026-11-04T10:00:00Z", "fr_due_by": "2026-11-02T10:00:00Z"},
    ]
    result = _load(warehouse_file, "tickets", _jsonl(tmp_path / "fd.jsonl", records), preset("freshdesk_tickets"))
    assert (result.rows_loaded, result.rows_quarantined) == (2, 0)
    assert _rows(warehouse_file, "select interaction_id, channel, direction, status, priority, contact_reason,"
                                 " resolved_at from core.interactions order by 1") == [
        ("1", "phone", "inbound", "resolved", "high", "Question", datetime(2026, 11, 1, 12)),
        ("2", "email", "outbound", "open", "low", None, None),
    ]


def test_genesys_cloud_conversation_details(warehouse_file: Path, tmp_path: Path) -> None:
    def metric(name: str, value: int) -> dict:
        return {"name": name, "value": value, "emitDate": "2026-11-01T00:03:00Z"}

    answered = {
        "conversationId": "g-1", "conversationStart": "2026-11-01T00:00:00Z", "conversationEnd": "2026-11-01T00:05:00Z",
        "originatingDirection": "inbound",
        "participants": [
            {"purpose": "customer", "sessions": [{"mediaType": "voice", "metrics": [metric("nConnected", 1)]}]},
            {"purpose": "acd", "participantName": "Support", "sessions": [{
                "mediaType": "voice", "metrics": [metric("tAcd", 25000), metric("tAnswered", 25000)],
                "segments": [{"segmentType": "interact", "segmentStart": "2026-11-01T00:00:10Z"}]}]},
            {"purpose": "agent", "userId": "u-7", "sessions": [{
                "mediaType": "voice",
                "metrics": [metric("tTalkComplete", 180000), metric("tHeldComplete", 20000), metric("tAcw", 30000)]}]},
        ]}
    abandoned = {
        "conversationId": "g-2", "conversationStart": "2026-11-01T01:00:00Z", "conversationEnd": "2026-11-01T01:01:00Z",
        "originatingDirection": "inbound",
        "participants": [
            {"purpose": "customer", "sessions": [{"mediaType": "voice", "metrics": []}]},
            {"purpose": "acd", "participantName": "Support", "sessions": [{
                "mediaType": "voice", "metrics": [metric("tAbandon", 40000)],
                "segments": [{"segmentType": "interact", "segmentStart": "2026-11-01T01:00:05Z"}]}]},
        ]}
    path = _jsonl(tmp_path / "genesys.jsonl", [answered, abandoned])
    result = _load(warehouse_file, "calls", path, preset("genesys_cloud_conversations"))
    assert (result.rows_loaded, result.rows_quarantined) == (2, 0)
    assert _rows(warehouse_file, "select interaction_id, channel, queue, agent_id, queued_at, answered_at, abandoned,"
                                 " talk_seconds, hold_seconds, acw_seconds from core.interactions order by 1") == [
        ("g-1", "phone", "Support", "u-7", datetime(2026, 11, 1, 0, 0, 10), datetime(2026, 11, 1, 0, 0, 35), False,
         180.0, 20.0, 30.0),
        ("g-2", "phone", "Support", None, datetime(2026, 11, 1, 1, 0, 5), None, True, None, None, None),
    ]


def test_ticket_event_log_is_folded_into_tickets(warehouse_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "events.csv"
    source.write_text("CaseID,ActivityID,CompleteTimestamp\n2,1,2012-04-03 16:55:38\n2,8,2012-04-03 16:55:53\n"
                      "3,1,2010-10-29 18:14:06\n2,6,2012-04-05 17:15:52\n3,6,2010-11-02 09:00:00\n4,1,2011-01-01 10:00:00\n",
                      encoding="utf-8")
    result = _load(warehouse_file, "tickets", source, preset("ticket_event_log"))
    assert (result.rows_read, result.rows_loaded, result.rows_skipped) == (6, 3, 3)
    assert _rows(warehouse_file, "select interaction_id, channel, created_at, resolved_at, status"
                                 " from core.interactions order by 1") == [
        ("2", "other", datetime(2012, 4, 3, 16, 55, 38), datetime(2012, 4, 5, 17, 15, 52), "resolved"),
        ("3", "other", datetime(2010, 10, 29, 18, 14, 6), datetime(2010, 11, 2, 9), "resolved"),
        ("4", "other", datetime(2011, 1, 1, 10), datetime(2011, 1, 1, 10), "resolved"),
    ]


def test_closing_and_first_response_codes_of_an_event_log(warehouse_file: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("kind: tickets\ntimezone: UTC\nevents: {ticket: CaseID, time: CompleteTimestamp,"
                       " code: ActivityID, closing_codes: ['6'], first_response_codes: ['8']}\n"
                       "defaults: {channel: other}\n", encoding="utf-8")
    source = tmp_path / "events.csv"
    source.write_text("CaseID,ActivityID,CompleteTimestamp\n2,1,2012-04-03 16:55:38\n2,8,2012-04-03 16:55:53\n"
                      "2,6,2012-04-05 17:15:52\n4,1,2011-01-01 10:00:00\n4,3,2011-01-02 10:00:00\n", encoding="utf-8")
    _load(warehouse_file, "tickets", source, load_mapping(mapping))
    assert _rows(warehouse_file, "select interaction_id, first_response_at, resolved_at, status"
                                 " from core.interactions order by 1") == [
        ("2", datetime(2012, 4, 3, 16, 55, 53), datetime(2012, 4, 5, 17, 15, 52), "resolved"),
        ("4", None, None, "open"),
    ]


def test_koe_mappings_lists_the_presets() -> None:
    output = CliRunner().invoke(app, ["mappings"]).output
    for name in ("acd_call_log", "amazon_connect_ctr", "zendesk_tickets", "freshdesk_tickets",
                 "genesys_cloud_conversations", "ticket_event_log"):
        assert name in output
