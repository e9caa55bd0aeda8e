"""Before mapping: set aside rows that could not be parsed, cut values over the size limit, compute the mapping's
SQL columns, drop the rows its ``skip_rows`` name and fold an event log into tickets (``events``). Every problem
is a reason for one row, never for the file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.ingest.files import InputLimits
from pipelines.ingest.mappings import MappingError, compute_columns
from transforms.ingest.csv_records import MALFORMED, MALFORMED_TEXT
from transforms.ingest.events import fold_events
from transforms.ingest.mapping import ColumnMapping
from transforms.ingest.validate import cap_field_sizes


@dataclass(frozen=True)
class Screened:
    rows: pl.DataFrame  # rows to map and validate
    problems: pl.DataFrame  # source_row, reason: rows of ``rows`` that go to quarantine whatever validation finds
    malformed: pl.DataFrame  # source_row, text, reason: rows that could not be parsed (not in ``rows``)
    skipped: int  # rows a ``skip_rows`` condition matched, or events folded into their ticket's row


def screen_rows(rows: pl.DataFrame, mapping: ColumnMapping, limits: InputLimits, file: Path) -> Screened:
    malformed = pl.DataFrame(schema={"source_row": pl.Int64, "text": pl.String, "reason": pl.String})
    if MALFORMED in rows.columns:
        bad = pl.col(MALFORMED).is_not_null()
        malformed = rows.filter(bad).select("source_row", pl.col(MALFORMED_TEXT).alias("text"),
                                            pl.col(MALFORMED).alias("reason"))
        rows = rows.filter(~bad).drop(MALFORMED, MALFORMED_TEXT)
    rows, oversized = cap_field_sizes(rows, limits.max_field_bytes)
    rows, failed, skipped = compute_columns(rows, mapping, file)
    problems = pl.concat([oversized, failed])
    if mapping.events is not None:
        events = rows
        try:
            rows = fold_events(events, mapping.events)
        except ValueError as err:
            raise MappingError(f"{file}: {mapping.where('events')}: {err}") from None
        skipped += events.height - rows.height  # folded into their ticket
        problems = _on_their_tickets(problems, events, mapping.events.ticket)
    problems = problems.group_by("source_row", maintain_order=True).agg(pl.col("reason").str.join("; "))
    return Screened(rows, problems, malformed, skipped)


def _on_their_tickets(problems: pl.DataFrame, events: pl.DataFrame, ticket: str) -> pl.DataFrame:
    """``problems`` of an event log's rows moved to the row of the ticket each event is folded into (the row of its
    first event, ``fold_events``), naming the event's row when it is a later one: a ticket with a bad event goes to
    quarantine whole, as when the bad event is its first, instead of loading with the value cut or not computed."""
    first = events.select("source_row", pl.col("source_row").min().over(ticket).alias("ticket_row"))
    return problems.join(first, on="source_row", how="left").select(
        pl.coalesce("ticket_row", "source_row").alias("source_row"),
        pl.when(pl.col("ticket_row") < pl.col("source_row"))
        .then(pl.format("event row {}: {}", pl.col("source_row"), pl.col("reason")))
        .otherwise(pl.col("reason")).alias("reason"),
    )
