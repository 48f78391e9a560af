"""``spaced`` reads as its definition: a space around every CJK character, whitespace runs made
one space. It is written with a translation table for speed; these tests hold it to the regex
form it replaced, on text of every kind (CJK at both ends of each range, digits, spaces)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from hedui.textutil import _CJK, _CJK_RANGES, folded_by_character, spaced


def by_regex(text: str) -> str:
    return re.sub(r"\s+", " ", _CJK.sub(r" \1 ", text)).strip()


def test_examples() -> None:
    assert spaced("网格员300人") == "网 格 员 300 人"
    assert spaced("  a\t\nb  ") == "a b"
    assert spaced("") == spaced(None) == ""  # type: ignore[arg-type]


def test_range_edges() -> None:
    edges = "".join(chr(c) for a, b in _CJK_RANGES for c in (a - 1, a, b, b + 1))
    assert spaced(edges) == by_regex(edges)
    assert spaced(chr(_CJK_RANGES[0][0])) == chr(_CJK_RANGES[0][0])


_CHARS = st.sampled_from(
    [chr(c) for a, b in _CJK_RANGES for c in (a - 1, a, (a + b) // 2, b, b + 1)]
    + list(" \t\n\u3000\u00a0a1.,（）%")
)


@given(st.lists(_CHARS, max_size=40).map("".join))
def test_same_as_the_regex_form(text: str) -> None:
    assert spaced(text) == by_regex(text)


def test_fold_and_folded_agree_with_fold_char_on_every_mix():
    """fold's list table and folded's fast path give what fold_char gives character by
    character: spaces and quotes dropped, characters folded to several (㈠, ﬁ), beyond the
    basic plane (𝐀), the BREAK kept."""
    import random

    from hedui.textutil import fold, folded

    rng = random.Random(19)
    pool = list("网格化管理 二〇二三年，1338.86万元；（一）\n\t") + list(
        "㈠ﬁ﷽\u00a0\u200b“”〔〕【】ＡＢß\x00\U0001d400İ"
    )
    texts = ["", "\x00", "网格", "ＡＢ “三公”经费", "㈠网"]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 60))) for _ in range(2000)]
    for text in texts:
        expected = folded_by_character(text)
        assert folded(text) == expected, text
        assert fold(text) == expected[0], text
