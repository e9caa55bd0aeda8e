"""Big input files in batches of rows, so ingestion memory stays flat however large the file is.

Small text files go through ``read_whole_file`` (exact encoding errors, any encoding); Parquet and text
files over ``WHOLE_FILE_BYTES`` stream through polars' lazy readers. CP932 text is first transcoded to a UTF-8
scratch copy, since polars reads UTF-8 only.
"""

from __future__ import annotations

import codecs
import tempfile
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from pipelines.ingest.files import (
    SUFFIXES,
    InputFileError,
    InputLimits,
    as_input_columns,
    read_whole_file,
    refuse_wide_header,
)
from transforms.ingest.encoding import refuse_implausible_cp932

BATCH_ROWS = 500_000  # half-size batches (even aligned to DuckDB's row groups) cost more CPU: docs/scaling.md
WHOLE_FILE_BYTES = 64 << 20
_SNIFF_BYTES = 4 << 20


def read_batches(
    path: Path, batch_rows: int = BATCH_ROWS, whole_file_bytes: int = WHOLE_FILE_BYTES,
    limits: InputLimits = InputLimits(),
) -> Iterator[tuple[pl.DataFrame, str]]:
    """(frame with ``source_row``, encoding) per batch; ``source_row`` counts across batches.

    A part that cannot be read anywhere in the file raises ``InputFileError``, so the caller rolls back the file.
    """
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None or (fmt != "parquet" and path.stat().st_size <= whole_file_bytes):
        yield read_whole_file(path, limits)
        return
    with tempfile.TemporaryDirectory(prefix="koe-ingest-") as scratch:
        first_row = 1
        try:
            lazy, encoding = _scan(path, fmt, Path(scratch), limits)
            for batch in lazy.collect_batches(chunk_size=batch_rows):
                if batch.width > limits.max_columns:
                    raise ValueError(f"the file has {batch.width:,} columns, more than the {limits.max_columns:,}"
                                     " allowed (KOE_MAX_COLUMNS)")
                yield _with_row(batch, first_row), encoding
                first_row += batch.height
        except Exception as err:  # polars and the decoders raise many types; all mean "this file is unreadable"
            message = (str(err).strip().splitlines() or [type(err).__name__])[0][:300]
            raise InputFileError(f"{path}: cannot read as {fmt} (at row {first_row}): {message}") from None


def _with_row(frame: pl.DataFrame, first_row: int) -> pl.DataFrame:
    frame = as_input_columns(frame)
    return frame.with_row_index("source_row", offset=first_row).with_columns(pl.col("source_row").cast(pl.Int64))


def _scan(path: Path, fmt: str, scratch: Path, limits: InputLimits) -> tuple[pl.LazyFrame, str]:
    if fmt == "parquet":
        return pl.scan_parquet(path), "binary"
    encoding = _sniff_encoding(path)
    if fmt != "jsonl":
        refuse_wide_header(_first_line(path, encoding), "\t" if fmt == "tsv" else ",", limits)
    if encoding == "cp932":
        path = _transcode_to_utf8(path, scratch / "utf8.txt")
    if fmt == "jsonl":
        return pl.scan_ndjson(path, infer_schema_length=None), encoding
    return pl.scan_csv(path, separator="\t" if fmt == "tsv" else ",", infer_schema=False), encoding


def _sniff_encoding(path: Path) -> str:
    """Judged from the file's start; a bad byte later still fails the read (and rolls the file back)."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        text = codecs.getincrementaldecoder("cp932")().decode(head, final=False)  # neither: raises, unreadable
        whole_lines = head[: head.rfind(b"\n") + 1]
        refuse_implausible_cp932(text[: text.rfind("\n") + 1], whole_lines)
        return "cp932"


def _first_line(path: Path, encoding: str) -> str:
    """The header line (read up to the sniffed size: a longer header is over any column limit anyway)."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    line = head.split(b"\n", 1)[0]
    return line.decode("utf-8" if encoding != "cp932" else "cp932", errors="replace").lstrip("\ufeff")


def _transcode_to_utf8(source: Path, target: Path) -> Path:
    decoder = codecs.getincrementaldecoder("cp932")()
    with source.open("rb") as read, target.open("w", encoding="utf-8", newline="") as write:
        for block in iter(lambda: read.read(16 << 20), b""):
            write.write(decoder.decode(block))
        write.write(decoder.decode(b"", final=True))
    return target
