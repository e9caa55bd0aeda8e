"""Decode exported files: UTF-8, UTF-8 with BOM, or CP932 (Shift_JIS as Windows writes it, common in Japanese exports)."""

from __future__ import annotations

import codecs

# Tried in this order: UTF-8 is strict enough that CP932 text almost never decodes as UTF-8 by accident.
ENCODINGS = ("utf-8", "cp932")


class EncodingError(ValueError):
    """The bytes are neither UTF-8 nor CP932."""


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) with the BOM removed; raise ``EncodingError`` naming the first bad byte."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as err:
            raise EncodingError(f"starts with a UTF-8 BOM but byte {err.start} is not UTF-8") from None
    first_error: UnicodeDecodeError | None = None
    for name in ENCODINGS:
        try:
            return data.decode(name), name
        except UnicodeDecodeError as err:
            first_error = first_error or err
    position = first_error.start if first_error else 0
    raise EncodingError(f"not UTF-8 or CP932 (undecodable byte at offset {position})")
