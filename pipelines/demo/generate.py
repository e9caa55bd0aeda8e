"""Write the demo data set into a landing folder, in the shapes real exports have.

- ``interactions/`` — a PBX + helpdesk export in CP932 (Shift_JIS) CSV, with a few broken rows to quarantine;
- ``messages/`` — JSON Lines (UTF-8);
- ``surveys/`` — a survey tool's CSV (UTF-8 with BOM) with Japanese column names and a ``mapping.yaml``;
- ``agents/`` — Parquet;
- ``recordings/`` — stereo WAV calls and their manifest (``recordings.csv``).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import yaml

from pipelines.demo.audio import japanese_speech_available
from pipelines.demo.contact_center import DemoConfig, build_demo
from pipelines.demo.recordings import pick_recorded_calls, write_recordings

SURVEY_COLUMNS = {"survey_id": "回答ID", "interaction_id": "問い合わせID", "customer_id": "顧客ID",
                  "responded_at": "回答日時", "csat": "満足度", "nps": "推奨度", "ces": "労力", "comment": "コメント",
                  "language": "言語"}
BROKEN_INTERACTIONS = [  # planted bad rows: each must end in quarantine with its reason
    {"interaction_id": "BAD001", "channel": "carrier_pigeon", "created_at": "2026-11-02 10:00:00"},
    {"interaction_id": "BAD002", "channel": "email", "created_at": "2026-13-45 25:61:00"},
    {"interaction_id": None, "channel": "phone", "created_at": "2026-11-03 11:00:00"},
]


def write_demo(landing: Path, config: DemoConfig = DemoConfig()) -> dict[str, Path]:
    """Generate the demo and write one file per kind; returns the files written."""
    frames = build_demo(config).frames()
    folders = {kind: landing / kind for kind in ("interactions", "messages", "surveys", "agents", "recordings")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    recorded = pick_recorded_calls(frames["interactions"], config.recorded_calls, japanese_speech_available())
    frames["messages"] = frames["messages"].filter(~pl.col("interaction_id").is_in(recorded["interaction_id"]))
    agent_names = dict(frames["agents"].select("agent_id", "name").iter_rows())
    files = {
        "interactions": _write_cp932_csv(_with_broken_rows(frames["interactions"]), folders["interactions"] / "contacts.csv"),
        "messages": _write_jsonl(frames["messages"], folders["messages"] / "messages.jsonl"),
        "surveys": _write_survey_export(frames["surveys"], folders["surveys"]),
        "agents": folders["agents"] / "agents.parquet",
        "recordings": write_recordings(folders["recordings"], recorded, agent_names),
    }
    frames["agents"].write_parquet(files["agents"])
    return files


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col(pl.Datetime).dt.strftime("%Y-%m-%d %H:%M:%S")).select(pl.all().cast(pl.String))


def _with_broken_rows(interactions: pl.DataFrame) -> pl.DataFrame:
    text = _as_text(interactions)
    return pl.concat([text, pl.DataFrame(BROKEN_INTERACTIONS)], how="diagonal")


def _write_cp932_csv(frame: pl.DataFrame, path: Path) -> Path:
    path.write_bytes(frame.write_csv().encode("cp932"))
    return path


def _write_jsonl(frame: pl.DataFrame, path: Path) -> Path:
    _as_text(frame).write_ndjson(path)
    return path


def _write_survey_export(surveys: pl.DataFrame, folder: Path) -> Path:
    exported = _as_text(surveys).rename(SURVEY_COLUMNS)
    path = folder / "survey_export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + exported.write_csv().encode("utf-8"))
    mapping = {"kind": "surveys", "timezone": "Asia/Tokyo", "columns": SURVEY_COLUMNS}
    (folder / "mapping.yaml").write_text(yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
