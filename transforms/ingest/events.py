"""Ticket event logs (one row per status change) folded into one row per ticket.

Event logs from ticketing and process-mining exports carry a ticket id, an event time and an activity or status
code, often an opaque integer. Koe derives the ticket: created at its first event; resolved at its last event, or —
when the mapping names closing codes — at its last event only if that event's code closes the ticket (a ticket
whose last event is anything else is still open); first response at the first event with a first-response code.
Other columns keep the ticket's last value. Times stay as written, so they are parsed like any other column.
"""

from __future__ import annotations

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from transforms.ingest.values import parse_timestamp_series

_ORDER = "__event_time"


class EventLog(BaseModel):
    """The mapping's ``events`` section: which columns hold the ticket, the time and the code."""

    model_config = ConfigDict(extra="forbid")
    ticket: str
    time: str
    code: str
    closing_codes: list[str] = Field(default_factory=list)  # empty: every ticket is resolved at its last event
    first_response_codes: list[str] = Field(default_factory=list)


def fold_events(rows: pl.DataFrame, log: EventLog) -> pl.DataFrame:
    """One row per ticket: ``source_row`` of its first event, ``interaction_id``, ``created_at``, ``resolved_at``,
    ``first_response_at``, ``status`` (resolved/open), ``events``, ``last_code`` and the other columns' last values.

    Raises ``ValueError`` naming a column the file does not have.
    """
    missing = [c for c in (log.ticket, log.time, log.code) if c not in rows.columns]
    if missing:
        raise ValueError(f"the event log has no columns {missing} (events: in the mapping)")
    order = parse_timestamp_series(rows.get_column(log.time).cast(pl.String), "UTC").alias(_ORDER)
    events = rows.with_columns(order, pl.col(log.code).cast(pl.String)).sort(
        [log.ticket, _ORDER, "source_row"], nulls_last=True)
    timed = pl.col(_ORDER).is_not_null()
    others = [c for c in rows.columns if c not in ("source_row", log.ticket, log.time, log.code)]
    tickets = events.group_by(log.ticket, maintain_order=True).agg(
        pl.col("source_row").min(),
        pl.col(log.time).filter(timed).first().alias("created_at"),
        pl.col(log.time).filter(timed).last().alias("__last_time"),
        pl.col(log.code).filter(timed).last().alias("last_code"),
        pl.col(log.time).filter(timed & pl.col(log.code).is_in(log.first_response_codes)).first()
        .alias("first_response_at"),
        pl.len().alias("events"),
        *(pl.col(c).last() for c in others),
    )
    closes = pl.col("last_code").is_in(log.closing_codes) if log.closing_codes else pl.lit(True)
    resolved = pl.when(closes).then(pl.col("__last_time"))
    return tickets.with_columns(
        pl.col(log.ticket).cast(pl.String).alias("interaction_id"),
        resolved.alias("resolved_at"),
        pl.when(closes & pl.col("__last_time").is_not_null()).then(pl.lit("resolved")).otherwise(pl.lit("open"))
        .alias("status"),
        pl.col("events").cast(pl.String),
    ).drop("__last_time", *([log.ticket] if log.ticket != "interaction_id" else [])).sort("source_row")
