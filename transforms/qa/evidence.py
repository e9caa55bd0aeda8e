"""Evidence for people: timestamps (call offset mm:ss, or JST wall clock for tickets) and one line per answer."""

from __future__ import annotations

import polars as pl

JST = "Asia/Tokyo"


def timestamp_expr() -> pl.Expr:
    """`at`: "m:ss" from `offset_seconds` for calls, else `sent_at` (naive UTC) shown in JST."""
    offset = pl.col("offset_seconds")
    minutes = (offset // 60).cast(pl.Int64).cast(pl.String)
    seconds = (offset % 60).cast(pl.Int64).cast(pl.String).str.zfill(2)
    wall = pl.col("sent_at").dt.replace_time_zone("UTC").dt.convert_time_zone(JST).dt.strftime("%Y-%m-%d %H:%M JST")
    return pl.when(offset.is_not_null()).then(pl.concat_str(minutes, pl.lit(":"), seconds)).otherwise(wall)


def explain_frame(answers: pl.DataFrame, evidence: pl.DataFrame) -> pl.DataFrame:
    """One row per criterion: answer, reason and its evidence lines ("[at] 「quote」 ← matched (detector)")."""
    lines = evidence.sort("seq", nulls_last=True).with_columns(at=timestamp_expr()).select(
        "rubric_id", "criterion_id",
        line=pl.concat_str(
            pl.lit("["), pl.col("at").fill_null("metric"), pl.lit("] "),
            pl.when(pl.col("quote").is_not_null()).then(pl.concat_str(pl.lit("「"), pl.col("quote"), pl.lit("」 "))).otherwise(pl.lit("")),
            pl.lit("← "), pl.col("matched").fill_null(""),
            pl.when(pl.col("negated")).then(pl.lit(" (must not occur)")).otherwise(pl.lit("")),
            pl.lit(" ["), pl.col("message_id").fill_null("-"), pl.lit(" · "), pl.col("detector_id"), pl.lit("]"),
        ),
    ).group_by("rubric_id", "criterion_id", maintain_order=True).agg(evidence=pl.col("line"))
    return answers.select("rubric_id", "section_id", "criterion_id", "answer", "points", "max_points", "critical", "reason").join(
        lines, on=["rubric_id", "criterion_id"], how="left").with_columns(pl.col("evidence").fill_null([]))
