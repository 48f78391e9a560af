"""CHANGE claims: 比上年增加X万元，增长Y% and its kin, with the current amount they are measured
from, found in the sentence or in the one before it continues.
"""

from __future__ import annotations

import re
from typing import Literal

from extractor.claims.patterns import (
    AMOUNT,
    CHANGE,
    CHANGE_ALONE,
    CHANGE_NONE,
    CHANGE_WORDS,
    COMPARED,
    INCREASE,
    money_unit,
)
from verifier.numbers import make_number
from verifier.report import Claim, ClaimKind, Number, Span


def _direction(word: str) -> Literal["increase", "decrease"]:
    return "increase" if word in INCREASE else "decrease"


# What a sentence that only continues the one before starts with: 与上年相比，减少…, or
# 与2023年度相比，收入支出总计增加… (the subject said again, which the sentence before must name);
# a line break may fall anywhere in it (与上年⏎相比).
_CONTINUES = re.compile(
    r"[\s，,]*(?:(?:与|比|较)\s*(?:上年|上一年度|\d{4}\s*年度?)\s*(?:决算数?)?\s*(?:相比)?)?[\s，,]*"
    r"(?P<subject>[^\d，,。；;、%％（）()]{2,20}?)?[\s，,]*"
)


def _current(
    before: str, offset: int, unit: str, skip: set[int], budget_ok: bool = False
) -> Number | None:
    """The amount a change is measured from: the last amount of ``before`` (the text ahead of
    the change, starting at ``offset``) in the change's unit that is neither a delta (its
    start in ``skip``), nor a budget figure, nor an aside in brackets.

    With ``budget_ok`` (the change is not measured against a budget), a budget figure is
    taken when no other amount is there: in a 部门预算 every figure is one (支出预算28849.38万元，
    与上年相比增加1808.29万元)."""
    current = budget = None
    for am in AMOUNT.finditer(before):
        if offset + am.start("n") in skip:
            continue
        if money_unit(am) != unit:
            continue
        opened = before[: am.start()]
        if opened.count("(") + opened.count("（") > opened.count(")") + opened.count("）"):
            continue  # an aside in brackets, not the amount the change is about
        lead = before[max(0, am.start() - 6) : am.start()]
        if "".join(before[max(0, am.start() - 8) : am.start()].split()).endswith(CHANGE_WORDS):
            continue  # the amount of another change (减\n少 0.15万元, not read as one)
        n = make_number(am.group("n"), unit=unit, start=offset + am.start("n"))
        if "预算" in lead and "决算" not in lead:
            budget = n
        else:
            current = n
    return current if current is not None or not budget_ok else budget


def _continues(before: str, previous: str) -> bool:
    """The text ahead of a change only continues the sentence before: nothing but a
    comparison, and the subject again when that sentence names it (line breaks ignored)."""
    m = _CONTINUES.fullmatch(before)
    if m is None:
        return False
    subject = m.group("subject")
    return subject is None or re.sub(r"\s", "", subject) in re.sub(r"\s", "", previous)


def changes(text: str, s: int, e: int, prev: tuple[int, int] | None = None) -> list[Claim]:
    out = []
    sent = text[s:e]
    # CHANGE reads a percent of an amount in 元: a sentence without both holds no match
    maybe = "元" in sent and ("%" in sent or "％" in sent)
    deltas = [m for m in CHANGE.finditer(sent)] if maybe else []
    delta_starts = {s + m.start("delta") for m in deltas}
    for m in deltas:
        unit = money_unit(m)
        delta = make_number(m.group("delta"), unit=unit, start=s + m.start("delta"))
        pct = make_number(m.group("pct"), unit="%", start=s + m.start("pct"))
        w1, w2 = ("".join(m.group(w).split()) for w in ("w1", "w2"))
        d1, d2 = _direction(w1), _direction(w2)
        comp = None
        before = sent[: m.start()]
        cm = list(COMPARED.finditer(before))
        if cm:
            comp = cm[-1].group(1).lstrip("比与较")
        budget_ok = comp is None or "预算" not in comp  # 比年初预算增加…: the budget is the base
        current = _current(before, s, unit, delta_starts, budget_ok)
        if current is None and prev is not None and _continues(before, text[prev[0] : prev[1]]):
            # 收、支总计1371.73万元。与上年相比，减少265.13万元: the sentence before says what
            # changed, this one only how much.
            # Only what that sentence says before its 其中: not one of the parts it lists.
            said = text[prev[0] : prev[1]].split("其中")[0]
            current = _current(said, prev[0], unit, set(), budget_ok)
        numbers = {"delta": delta, "pct": pct}
        claim = Claim(
            kind=ClaimKind.CHANGE,
            sentence=Span(start=s, end=e),
            numbers={k: v for k, v in numbers.items() if v is not None},
            direction=d1 if d1 == d2 else None,
            compared_to=comp,
        )
        if d1 != d2:
            claim.reason = f"direction words disagree: {w1} / {w2}"
        if current is not None:
            claim.numbers["value"] = current
        else:
            claim.status = "unverifiable"
            claim.reason = "the current amount the change is measured from was not found"
        out.append(claim)
    out += _amount_only(text, s, e, delta_starts)
    return out


def _amount_only(text: str, s: int, e: int, taken: set[int]) -> list[Claim]:
    """Changes said by their amount alone, right after a comparison with a year (比2023年预算
    减少876.75万元), or said to be none (比2023年预算持平, 与2017年一致). The current amount is the one the
    comparison follows at once (X万元，比2023年…): with other words between them (基本支出
    X万元，“三公”经费与上年持平) the change is another line's, and no claim is made. A change
    whose clause goes on to a percent that was not read is kept as unverifiable. Nothing
    inside the report recomputes these; last year's report does (verifier.rules.years)."""
    out = []
    sent = text[s:e]
    found: list[tuple[re.Match[str], str | None, str | None]] = []
    # each pattern holds words a sentence must hold for a match: skip it where they are not
    if "元" in sent and ("比" in sent or "较" in sent or "与" in sent):
        found += [(m, m.group("delta"), money_unit(m)) for m in CHANGE_ALONE.finditer(sent)]
    if "持平" in sent or "一致" in sent:
        found += [(m, None, None) for m in CHANGE_NONE.finditer(sent)]
    for m, raw, unit in found:
        if raw is not None and s + m.start("delta") in taken:
            continue
        before = sent[: m.start()]
        amounts = list(AMOUNT.finditer(before))
        last = amounts[-1] if amounts else None
        if last is None or not _ADJOINS.fullmatch(before[last.end() :]):
            continue  # no figure right before the comparison: whose change it is is unknown
        if unit is not None and money_unit(last) != unit:
            continue  # 10000元，比上年增加2万元: not one quantity's two figures
        if raw is None and m.group().endswith("一致") and _A_BALANCE.search(before[: last.start()]):
            continue  # 年初结转和结余X万元，与上年决算一致: equal to last year's closing one
        unit = money_unit(last)
        current = make_number(last.group("n"), unit=unit, start=s + last.start("n"))
        if current is None or s + last.start("n") in taken:
            continue
        numbers: dict[str, Number] = {"value": current}
        direction: Literal["increase", "decrease", "flat"] = "flat"
        if raw is not None:
            delta = make_number(raw, unit=unit, start=s + m.start("delta"))
            if delta is None:
                continue
            numbers["delta"] = delta
            direction = _direction("".join(m.group("w1").split()))
        claim = Claim(
            kind=ClaimKind.CHANGE,
            sentence=Span(start=s, end=e),
            numbers=numbers,
            direction=direction,
            compared_to="".join(m.group("cmp").split()).lstrip("比与较").removesuffix("相比"),
        )
        rest = _CLAUSE_END.split(sent[m.end() : m.end() + 40], maxsplit=1)[0]
        if "%" in rest or "％" in rest:
            claim.status = "unverifiable"
            claim.reason = "a percent follows in the clause that was not read"
        out.append(claim)
    return out


# A balance carried over, in the clause before its figure: 与上年一致 said of it matches last
# year's other end (年初 this year, 年末 last year), not the same line
_A_BALANCE = re.compile(r"(?:结转|结余)[^，,。；;]*$")

# Between a figure and the comparison that follows it: only a comma or a space
_ADJOINS = re.compile(r"[\s，,]*")
_CLAUSE_END = re.compile(r"[，,。；;]")
