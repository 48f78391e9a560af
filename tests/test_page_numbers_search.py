"""page_numbers finds its candidate lines with one search of the whole text
(extractor.tables.regions._MAYBE_PAGE); it must keep exactly what the test of every line
kept. The line-by-line reading is written out here as the reference."""

from __future__ import annotations

import random
from pathlib import Path

from extractor.tables.regions import _DECORATED, _SPACE, _blank, in_sequence, page_numbers
from extractor.tables.tokens import PAGE_NUMBER, text_lines

ROOT = Path(__file__).resolve().parent.parent


def reference(text: str) -> frozenset[int]:
    """page_numbers as it read every line before the search."""
    found: list[tuple[int, int, int]] = []
    decorated: set[int] = set()
    lines = list(text_lines(text, 0, len(text)))
    for n, (pos, line) in enumerate(lines):
        bare = line.strip(" \t\f\u3000")
        if _DECORATED.fullmatch(bare):
            decorated.add(pos)
            continue
        if not PAGE_NUMBER.fullmatch(bare):
            continue
        before = n == 0 or _blank(lines[n - 1][1]) or "\f" in line
        after = n + 1 >= len(lines) or _blank(lines[n + 1][1])
        if before or after:
            found.append((pos, int(bare.strip("- ")), n))
    return in_sequence(found, decorated)


def test_space_is_every_whitespace_but_the_line_break() -> None:
    every = {chr(c) for c in range(0x110000) if chr(c).isspace()} - {"\n"}
    assert set(_SPACE) == every


def test_examples_as_the_line_by_line_reading() -> None:
    for path in sorted((ROOT / "examples").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert page_numbers(text) == reference(text), path.name


def test_random_pages_as_the_line_by_line_reading() -> None:
    rng = random.Random(19)
    pieces = [
        "", " ", "\t", "\f", "\u3000", "\r", "\x85", "\u2028", "5", "12", "1234", "- 7 -",
        "—8—", "第3页", "第 4 页 共 20 页", "-", "共", "页", "208", "05", "表", "收入 1,2",
        "２", "\f9", "10\f",
    ]  # fmt: skip
    for _ in range(3000):
        lines = []
        for _ in range(rng.randint(0, 60)):
            lines.append("".join(rng.choice(pieces) for _ in range(rng.randint(0, 3))))
        text = "\n".join(lines)
        assert page_numbers(text) == reference(text), repr(text)


def test_numbered_pages_far_apart() -> None:
    body = "\n".join(f"第{i}行 文字" for i in range(10))
    text = "\n".join(f"{body}\n\n{page}\n" for page in range(1, 6))
    assert page_numbers(text) == reference(text)
    assert len(page_numbers(text)) == 5
