"""Cross-field sanity checks on typed rows: times in the wrong order, waits and handle times beyond a bound.

Each check is one vectorised polars condition. A failing row is quarantined with a reason that names the check,
the fields and their values (``answered_before_queued: answered_at 1999-02-01 00:01:10 is before queued_at
1999-02-01 23:59:40``) — unless the mapping lists the check under ``checks.flag_only``, in which case the row is
kept and flagged (``input_flags``). A time that is null never fails a check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

_FLAGGED = {"source_row": pl.Int64, "check": pl.String, "reason": pl.String}


@dataclass(frozen=True)
class SanityChecks:
    """The bounds a mapping can set, and which checks only flag."""

    max_wait_seconds: float = 4 * 3600  # a queue wait longer than this is a data error, not a long wait
    max_handle_seconds: float = 8 * 3600  # talk + hold + after-call work of one contact
    flag_only: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Check:
    kind: str
    fails: Callable[[SanityChecks], pl.Expr]
    reason: Callable[[SanityChecks], pl.Expr]


def _time(value: pl.Expr) -> pl.Expr:
    """A stored time as shown in a reason (naive UTC, to the second)."""
    return value.dt.to_string("%Y-%m-%d %H:%M:%S")


def _before(later: str, earlier: str) -> tuple[Callable[[SanityChecks], pl.Expr], Callable[[SanityChecks], pl.Expr]]:
    """``later`` happened before ``earlier``: the pair of (condition, reason) for two time columns."""
    return (lambda _: pl.col(later) < pl.col(earlier),
            lambda _: pl.format(f"{later} {{}} is before {earlier} {{}} (UTC)", _time(pl.col(later)),
                                _time(pl.col(earlier))))


def _queued() -> pl.Expr:
    """When a contact started waiting: queued_at, or created_at when the source has no queue time (as the KPIs)."""
    return pl.coalesce("queued_at", "created_at")


def _handle_seconds() -> pl.Expr:
    return pl.col("talk_seconds") + pl.col("hold_seconds").fill_null(0) + pl.col("acw_seconds").fill_null(0)


CHECKS: dict[str, Check] = {
    "queued_before_created": Check("interactions", *_before("queued_at", "created_at")),
    "answered_before_queued": Check(
        "interactions",
        lambda _: pl.col("answered_at") < _queued(),
        lambda _: pl.format("answered_at {} is before queued_at {} (UTC; created_at when not queued)",
                            _time(pl.col("answered_at")), _time(_queued())),
    ),
    "first_response_before_created": Check("interactions", *_before("first_response_at", "created_at")),
    "resolved_before_created": Check("interactions", *_before("resolved_at", "created_at")),
    "closed_before_created": Check("interactions", *_before("closed_at", "created_at")),
    "wait_beyond_bound": Check(
        "interactions",
        lambda c: (pl.col("answered_at") - _queued()).dt.total_seconds() > c.max_wait_seconds,
        lambda c: pl.format(f"answered_at {{}} - queued_at {{}} is {{}} s, more than {c.max_wait_seconds:g} s"
                            " (checks.max_wait_seconds)", _time(pl.col("answered_at")), _time(_queued()),
                            (pl.col("answered_at") - _queued()).dt.total_seconds()),
    ),
    "handle_beyond_bound": Check(
        "interactions",
        lambda c: _handle_seconds() > c.max_handle_seconds,
        lambda c: pl.format(f"talk_seconds {{}} + hold_seconds {{}} + acw_seconds {{}} is more than"
                            f" {c.max_handle_seconds:g} s (checks.max_handle_seconds)", pl.col("talk_seconds"),
                            pl.col("hold_seconds").fill_null(0), pl.col("acw_seconds").fill_null(0)),
    ),
    "service_ends_before_start": Check(
        "messages",
        lambda _: pl.col("end_offset_seconds") < pl.col("offset_seconds"),
        lambda _: pl.format("end_offset_seconds {} is before offset_seconds {}", pl.col("end_offset_seconds"),
                            pl.col("offset_seconds")),
    ),
}


def apply_checks(frame: pl.DataFrame, kind: str, checks: SanityChecks, reason_column: str
                 ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(``frame`` with failed checks added to ``reason_column`` of rows that had no reason yet; flagged rows
    (``source_row``, ``check``, ``reason``) for the checks the mapping marks ``flag_only``)."""
    clean = pl.col(reason_column).is_null()
    rejecting, flags = [], []
    for name, check in CHECKS.items():
        if check.kind != kind:
            continue
        failed = clean & check.fails(checks).fill_null(False)
        message = pl.format("{}: {}", pl.lit(name), check.reason(checks))
        if name in checks.flag_only:
            flags.append(frame.filter(failed).select("source_row", pl.lit(name).alias("check"),
                                                     message.alias("reason")))
        else:
            rejecting.append(pl.when(failed).then(message))
    if rejecting:
        reason = pl.concat_str(rejecting, separator="; ", ignore_nulls=True)
        frame = frame.with_columns(pl.when(clean & (reason != "")).then(reason).otherwise(pl.col(reason_column))
                                   .alias(reason_column))
    flagged = pl.concat(flags) if flags else pl.DataFrame(schema=_FLAGGED)
    return frame, flagged.cast(_FLAGGED)  # type: ignore[arg-type]
