"""Exact grounding: a number is found as written, or with separators and full-width digits
folded — never when a digit, a decimal place or the unit differs."""

from __future__ import annotations

from extractor.llm.grounding import place_number, place_text, to_number

TEXT = "一、收入支出决算总体情况\n本年收入合计１,０６６.７１万元，比上年增加 45.26 万元。公用经费85.84万元。\n"


def place(value, quote=None, after=0):
    return place_number(TEXT, value, quote, 0, len(TEXT), after)


def test_exact_and_normalised():
    p = place("45.26", "比上年增加 45.26 万元")
    assert p.grounding == "exact" and TEXT[p.start : p.end] == "45.26"
    q = place("1066.71", "本年收入合计１,０６６.７１万元")
    assert q.grounding == "normalised" and TEXT[q.start : q.end] == "１,０６６.７１"


def test_a_digit_off_or_a_changed_precision_is_not_found():
    assert place("85.48", "公用经费85.84万元").grounding == "not_found"
    assert place("85.8", "公用经费85.84万元").grounding == "not_found"
    assert place("858400", "公用经费85.84万元").grounding == "not_found"  # converted to 元
    assert place("5.84", "公用经费85.84万元").grounding == "not_found"  # part of a number


def test_the_quote_must_be_in_the_text():
    assert place("85.84", "公用经费八十五万元").grounding == "not_found"


def test_a_bare_cell_is_found_in_reading_order():
    text = "表\n2023年\n0\n12.19\n0\n"
    first = place_number(text, "0", "0", 0, len(text))
    second = place_number(text, "0", "0", 0, len(text), after=first.end)
    assert text[first.start : first.end] == "0" and second.start > first.start
    assert first.start > text.index("2023") + 4  # never the 0 inside 2023


def test_unplaced_numbers_keep_no_span():
    n = to_number(place("99.99", "公用经费99.99万元"), "99.99", "万元")
    assert n is not None and n.span is None and n.grounding == "not_found"


def test_text_items_ignore_line_breaks_and_enumerators():
    text = "（1）负责网格划分、\n网格员队伍建设。"
    assert place_text(text, "负责网格划分、网格员队伍建设。", 0, len(text)) == (3, len(text))
    assert place_text(text, "（1）负责网格划分、网格员队伍建设。", 0, len(text)) is not None
    assert place_text(text, "负责网格规划", 0, len(text)) is None
