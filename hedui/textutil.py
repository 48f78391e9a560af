"""Text helpers shared by the store and search.

``spaced`` is what makes one- and two-character Chinese queries work with SQLite FTS5: the
unicode61 tokenizer treats a run of CJK characters as one token, so the store indexes a copy of
each section with a space around every CJK character (each character its own token), and
search spaces the query the same way and looks it up as a phrase.
"""

from __future__ import annotations

import re

# CJK unified ideographs (with extension A and compatibility ideographs), kana and hangul.
_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])")
_SPACE = re.compile(r"\s+")


def spaced(text: str) -> str:
    """The text with a space between CJK characters and runs of whitespace made one space:
    ``"网格员300人"`` → ``"网 格 员 300 人"``."""
    return _SPACE.sub(" ", _CJK.sub(r" \1 ", text or "")).strip()
