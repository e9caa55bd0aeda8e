"""Decode exported files: UTF-8, UTF-8 with BOM, or CP932 (Shift_JIS as Windows writes it, common in Japanese exports)."""

from __future__ import annotations

import codecs
import re

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
            text = data.decode(name)
        except UnicodeDecodeError as err:
            first_error = first_error or err
            continue
        if name == "cp932":
            refuse_implausible_cp932(text, data)
        return text, name
    position = first_error.start if first_error else 0
    raise EncodingError(f"not UTF-8 or CP932 (undecodable byte at offset {position})")


_HALF_WIDTH_KATAKANA = re.compile("[\uff61-\uff9f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def refuse_implausible_cp932(text: str, data: bytes) -> None:
    """Raise ``EncodingError`` when CP932 is the wrong guess: EUC-JP bytes often decode as CP932 too, but as mostly
    half-width katakana (``ﾊﾖﾉﾊ､ﾋ､ﾄ``). Real CP932 text with that much half-width katakana does not also read as
    clean EUC-JP, so both tests together refuse the mojibake and keep genuine half-width-kana exports."""
    non_ascii = len(_NON_ASCII.findall(text))
    half_width = len(_HALF_WIDTH_KATAKANA.findall(text))
    if non_ascii < 4 or half_width <= non_ascii / 2:
        return
    try:
        as_euc = data.decode("euc-jp")
    except UnicodeDecodeError:
        return
    if _HALF_WIDTH_KATAKANA.search(as_euc) is None:
        raise EncodingError(
            f"read as CP932 it is {100 * half_width // non_ascii}% half-width katakana, and the bytes read cleanly as"
            " EUC-JP: probably EUC-JP, which Koe does not load; save the file as UTF-8 or CP932")
