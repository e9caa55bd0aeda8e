"""The span of event times a load records (``load_log.first_event_at``/``last_event_at``, from which the marts
rebuild): the times of the rows the file left in core and of the stored rows they replaced — not of the file's own
rows that a later row of it superseded, however the file is read."""

from datetime import datetime
from functools import partial
from pathlib import Path

import pytest

import pipelines.ingest.load as load_module
import warehouse
from pipelines.ingest.batches import read_batches
from pipelines.ingest.load import ingest_file

HEADER = "interaction_id,channel,created_at\n"


def _spans(warehouse_file: Path, folder: Path, files: dict[str, str], header: str = HEADER
           ) -> dict[str, tuple[datetime, datetime]]:
    """Load ``files`` (name: rows after ``header``; naive Japan time) in turn; each load's span, by file name."""
    with warehouse.connect(warehouse_file) as conn:
        for name, rows in files.items():
            (folder / name).write_text(header + rows, encoding="utf-8")
            assert ingest_file(conn, "tickets", folder / name).status == "loaded"
    spans = warehouse.query(warehouse_file, "select parse_filename(source_file), first_event_at, last_event_at"
                                            " from load_log")
    return {name: (first, last) for name, first, last in spans.rows()}


def test_a_resent_contact_that_moves_spans_its_old_day_and_its_new_one(warehouse_file: Path, tmp_path: Path) -> None:
    """A re-send replaces the stored row: the contact leaves its old day and joins its new one, so the marts of
    both change (``warehouse/incremental.py``) and the span covers both, whichever way it moves. (The source's
    change time says each re-send is newer, so a contact can move earlier.)"""
    spans = _spans(warehouse_file, tmp_path, {
        "first.csv": "T1,phone,2026-11-05 09:00:00,2026-11-05 10:00:00\nT2,phone,2026-11-06 09:00:00,\n",
        "earlier.csv": "T1,phone,2026-11-02 09:00:00,2026-11-20 10:00:00\n",
        "later.csv": "T1,phone,2026-11-09 09:00:00,2026-11-21 10:00:00\n",
    }, header="interaction_id,channel,created_at,source_updated_at\n")
    assert spans == {"first.csv": (datetime(2026, 11, 5), datetime(2026, 11, 6)),  # 09:00 in Japan is 00:00 UTC
                     "earlier.csv": (datetime(2026, 11, 2), datetime(2026, 11, 5)),
                     "later.csv": (datetime(2026, 11, 2), datetime(2026, 11, 9))}


# Batches of 3: [1 2 3] [4 5 6]. T1's first row (20 Oct) is superseded by its last (3 Nov): it never stays in core.
# T9's first row (2 Nov) replaces the stored T9 (10 Oct) but is superseded by its last row, older than the stored
# one (5 Oct): that one is not applied, so the stored T9 stays and neither row is loaded.
STORED = {"stored.csv": "T9,phone,2026-10-10 09:00:00\n"}
RESENT = ("T1,phone,2026-10-20 09:00:00\nT2,phone,2026-11-01 09:00:00\nT9,email,2026-11-02 09:00:00\n"
          "T3,phone,2026-11-01 12:00:00\nT1,chat,2026-11-03 09:00:00\nT9,chat,2026-10-05 09:00:00\n")


@pytest.mark.parametrize("batch_rows", [None, 3])
def test_rows_a_later_row_of_the_file_superseded_do_not_widen_its_span(warehouse_file: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       batch_rows: int | None) -> None:
    """Read whole or streamed in batches of 3 rows, the file's span is that of the rows it loaded: T2 to T1's last."""
    if batch_rows:
        monkeypatch.setattr(load_module, "read_batches", partial(read_batches, batch_rows=batch_rows,
                                                                 whole_file_bytes=0))
    spans = _spans(warehouse_file, tmp_path, {**STORED, "resent.csv": RESENT})
    assert spans["resent.csv"] == (datetime(2026, 11, 1), datetime(2026, 11, 3))
    assert warehouse.query(warehouse_file, "select created_at from core.interactions where interaction_id = 'T9'"
                           ).item() == datetime(2026, 10, 10)
