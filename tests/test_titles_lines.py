"""titles looks only at the lines that can make a title (extractor.tables.regions.
_title_lines); it must find what looking at every line found. The reading of every line is
written out here as the reference."""

from __future__ import annotations

import random
from pathlib import Path

from extractor.tables.regions import (
    _LABEL_ONLY,
    _next_nonblank,
    _wrapped_title,
    is_title,
    titles,
)
from extractor.tables.tokens import text_lines
from verifier.templates import title_key

ROOT = Path(__file__).resolve().parent.parent


def reference(text: str) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    lines = list(text_lines(text, 0, len(text)))
    for n, (pos, line) in enumerate(lines):
        if out and pos < out[-1][1]:
            continue
        if is_title(line):
            following = _next_nonblank(lines, n)
            if _LABEL_ONLY.fullmatch(title_key(line)) and following and is_title(following[1]):
                end = following[0] + len(following[1])
                out.append((pos, end, line.strip(" \t#|*") + following[1].strip(" \t#|*")))
                continue
            out.append((pos, pos + len(line), line.strip(" \t#|*")))
        elif n + 1 < len(lines) and _wrapped_title(line, lines[n + 1][1]):
            joined = line.strip(" \t#|*") + lines[n + 1][1].strip(" \t#|*")
            out.append((pos, lines[n + 1][0] + len(lines[n + 1][1]), joined))
    return out


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
