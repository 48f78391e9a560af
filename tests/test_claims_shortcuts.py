"""The claim readers' second round of shortcuts (issue 19) give what their patterns give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.claims.read import _FOUR_OTHERS

_FIGURES_AND_SPACE = re.compile(r"[\d.,\s]")


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["1", "２", ".", ",", " ", "\n", "\u3000", "a", "元", "，", "%"]),
                max_size=12).map("".join))  # fmt: skip
def test_four_others_is_four_characters_left_without_figures(chunk: str) -> None:
    """extract_claims' test of a table line, as it read before: the figures and space taken
    out, fewer than four characters left."""
    plain = len(_FIGURES_AND_SPACE.sub("", chunk)) < 4
    assert (_FOUR_OTHERS.search(chunk) is None) == plain
