"""Decode a .txt / .md report: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK.

Chinese government files are as often GBK as UTF-8, and a wrongly guessed encoding gives
mojibake that every later step would trust. So decoding is strict: UTF-8 first (it almost
never decodes GBK bytes by accident), then GB18030 (a superset of GBK and GB2312); anything
that fails both is refused with the file's name, not decoded with replacement characters.
Line endings are normalised to ``\\n`` before anything else sees the text, so spans computed
later are offsets into exactly the text that is stored.
"""

from __future__ import annotations

import codecs
import re

from extractor.formats.html_tables import blank_html_tables
from extractor.source import LoadError

# How many bytes a cut-off multi-byte character can leave at the end of a truncated file.
_MAX_TAIL = 3


def _strict(data: bytes, encoding: str) -> tuple[str, bool]:
    """Decode strictly; a file cut off inside its last character still decodes (the later
    steps cope with a report that stops half-way), and says so."""
    try:
        return data.decode(encoding), False
    except UnicodeDecodeError as e:
        truncated = e.reason in ("unexpected end of data", "incomplete multibyte sequence")
        if truncated and e.start >= len(data) - _MAX_TAIL:
            return data[: e.start].decode(encoding), True
        raise


def _binary_reason(data: bytes) -> str | None:
    if b"\x00" in data[:65536]:
        return "it is a binary file (it contains NUL bytes), not a text report"
    return None


# the control characters a text report does not hold: below 32, less tab, LF, CR and FF
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _control_share(text: str) -> float:
    """The share of control characters in the text's first 64k characters: counted by one
    pattern's search, not a Python test of each character (2 ms a report of the corpus mix,
    where almost every text holds none)."""
    sample = text[:65536]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def decode_text(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Bytes → (text, encoding, notes). Raises LoadError naming the file when not text."""
    if not data.strip():
        raise LoadError(name, "the file is empty")
    notes: list[str] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, cut = data.decode("utf-16"), False
        except UnicodeDecodeError as e:
            raise LoadError(name, f"undecodable UTF-16 text ({e.reason})") from None
        encoding = "utf-16"
    else:
        reason = _binary_reason(data)
        if reason:
            raise LoadError(name, reason)
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text, cut = _strict(data, encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise LoadError(
                name,
                "the text is neither UTF-8 nor GB18030/GBK (undecodable bytes)",
                hint="save it as UTF-8 text",
            )
        if encoding == "utf-8-sig" and not data.startswith(codecs.BOM_UTF8):
            encoding = "utf-8"
        if cut:
            notes.append("the file ends inside a character: the last bytes were dropped")
    if _control_share(text) > 0.01:
        raise LoadError(name, "it is a binary file (control characters), not a text report")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise LoadError(name, "the file is empty (only blank characters)")
    return blank_inline_markup(blank_html_tables(text)), encoding, notes


# What a Markdown converter wraps around words: bold, underline, a highlight (<mark>), a line
# break inside a cell
_INLINE_MARKUP = re.compile(r"\*\*|~~|</?(?:u|sup|sub|s|del|mark)>|<br\s*/?>", re.IGNORECASE)


def blank_inline_markup(text: str) -> str:
    """Inline markup a converter put inside the words (<u>21,955.35 万</u> 元, **合计**,
    一<br>二) as spaces of the same length: every offset stays put, and a pattern that reads
    21,955.35 万 元 reads it as in the plain form. The tables' pipes stay."""
    return _INLINE_MARKUP.sub(lambda m: " " * len(m.group()), text)
