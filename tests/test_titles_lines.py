"""titles looks only at the lines that can make a title (extractor.tables.regions.
_title_lines); it must find what looking at every line found: titles_among all the lines is
the reference."""

from __future__ import annotations

import random
from pathlib import Path

from extractor.tables.regions import titles, titles_among
from extractor.tables.tokens import text_lines

ROOT = Path(__file__).resolve().parent.parent


def reference(text: str) -> list[tuple[int, int, str]]:
    lines = list(text_lines(text, 0, len(text)))
    return titles_among(lines, range(len(lines)))


def test_examples_as_every_line() -> None:
    for path in sorted((ROOT / "examples").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert titles(text) == reference(text), path.name


def test_random_texts_as_every_line() -> None:
    rng = random.Random(19)
    pieces = [
        "", " ", "\t", "#", "|", "*", "公开05表", "公开09表：一般公共预算“三公”经费、会议费",
        "支出预算表", "收入决算表", "财政拨款", "2023年", "年度收入", "情况", "年 度", "收 入情况",
        "支出和结余", "（万元）", "表", "说明", "。", "，", "单位：万元", "1,234.00", "201",
    ]  # fmt: skip
    for _ in range(3000):
        lines = []
        for _ in range(rng.randint(0, 30)):
            lines.append("".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))))
        text = "\n".join(lines)
        assert titles(text) == reference(text), repr(text)
