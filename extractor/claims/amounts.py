"""RATE and AMOUNT claims: 完成预算的Y%, and amounts linked to the table quantity they name (a
公开01/04 line, a 三公 item's budget and actual, a 类/款/项 item's 支出决算).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from extractor.claims.patterns import (
    AMOUNT,
    CHANGE_WORDS,
    MONEY_UNIT,
    NUM,
    RATE,
    SP,
    SUBJECT_LINKS,
    UNIT_GAP,
    money_unit,
)
from verifier.numbers import make_number
from verifier.report import Claim, ClaimKind, Number, Span


def rates(text: str, s: int, e: int, prev: tuple[int, int] | None = None) -> list[Claim]:
    """…预算为B万元，…决算为X万元，完成预算的Y% — Y = X / B; or the actual first and the
    ceiling set in place of a budget after it (三公经费支出X万元，财政下达控制数为B万元，完成
    财政下达控制数的Y%). A sentence that opens with its rate (…支出决算为X万元。完成年初预算
    的Y%。) has no amounts of its own: they are the sentence's before (``prev``), which it can
    only continue, even across a line break (a PDF's text wraps anywhere), where that sentence
    gives one pair of them (_one_pair)."""
    out = []
    sent = text[s:e]
    for rm in RATE.finditer(sent):
        before, at = sent[: rm.start()], s
        if prev is not None and not before.strip():
            before, at = text[prev[0] : prev[1]], prev[0]
            if not _one_pair(before):
                before = ""  # which of its amounts the rate is of, the sentence does not say
        budget = value = None
        ceiling = "控制数" in rm.group("base")
        if ceiling:
            budget, value = _ceiling_and_actual(before, at)
        for am in AMOUNT.finditer(before) if not ceiling else ():
            lead = before[max(0, am.start() - 6) : am.start()]
            n = make_number(am.group("n"), unit=money_unit(am), start=at + am.start("n"))
            if "预算" in lead:
                # the first budget of a pair: 预算为X万元，其中基本支出预算为A万元… is X's
                if value is not None or budget is None:
                    budget, value = n, None
            elif "决算" in lead or "支出" in lead:
                value = n
        pct = make_number(rm.group("pct"), unit="%", start=s + rm.start("pct"))
        claim = Claim(
            kind=ClaimKind.RATE,
            sentence=Span(start=at, end=e),
            numbers={"pct": pct} if pct else {},
            compared_to="控制数" if ceiling else "预算",
        )
        if budget is not None and value is not None:
            claim.numbers.update(budget=budget, value=value)
        else:
            claim.status = "unverifiable"
            claim.reason = "the budget or the actual amount was not found in the sentence"
        out.append(claim)
    return out


def _one_pair(sentence: str) -> bool:
    """A sentence before a rate that opens its own gives it one budget (or ceiling) and one
    actual: two amounts, no rate of its own, no list of parts (其中：基本支出年初预算为A，
    支出决算为B: the rate after may be the whole's, not the last part's)."""
    if RATE.search(sentence) or "其中" in sentence:
        return False
    return sum(1 for _ in AMOUNT.finditer(sentence)) == 2


def _ceiling_and_actual(before: str, s: int) -> tuple[Number | None, Number | None]:
    """The ceiling and the actual amount a 完成财政下达控制数的Y% is of, in ``before`` (the
    sentence up to it, at offset ``s``), in either order, within its last clause group (after
    the last ；: 2023年度支出18万元；2024年度…): the ceiling stated as one (控制数为B万元, not a
    change against it: 比控制数减少d万元), the actual an amount spent (支出, 决算). Each only
    where the words give one value: a part's ceiling or spending beside the whole's (其中公务
    接待费控制数为8万元; 部门支出300万元，其中“三公”经费支出15万元) does not say which one the
    rate is of, and neither is taken (the claim stays unverifiable)."""
    group = re.split(r"[；;]", before)[-1]
    at = s + len(before) - len(group)
    if "其中：" in group or "其中:" in group:
        return None, None
    ceilings: list[Number] = []
    actuals: list[Number] = []
    for am in AMOUNT.finditer(group):
        lead = "".join(group[: am.start()][-8:].split())
        if lead.endswith(CHANGE_WORDS):
            continue  # 比控制数减少5.00万元: a change, neither the ceiling nor the actual
        n = make_number(am.group("n"), unit=money_unit(am), start=at + am.start("n"))
        if n is None:
            continue
        clause = re.split(r"[，,。]", group[: am.start()])[-1]
        if lead.endswith(("控制数", "控制数为", "控制数是")):
            ceilings.append(n)
        elif "支出" in clause or "决算" in clause:
            actuals.append(n)
    return _the_one(ceilings), _the_one(actuals)


def _the_one(found: list[Number]) -> Number | None:
    """The amount ``found`` holds, once or said again alike; None for none or several."""
    return found[0] if found and len({n.value for n in found}) == 1 else None


# Subjects that are also the tail of narrower ones ("三公"经费财政拨款支出 is not 公开04's
# 财政拨款支出): taken only where no other word runs into them, or after a year (2023年度).
# Tested in Python (_standalone_at) rather than as a lookbehind: a class holding the CJK range
# costs the regex compiler ~0.7 ms for each pattern it stands in.
_STANDALONE = {"财政拨款支出", "收、支总计", "收支总计", "年初结转和结余", "年末结转和结余"}
_STANDALONE_AFTER = ("年度", "本年", "含")

# Longest subject first, so that 本年支出合计 claims its figure before 支出合计 can.
_BY_LENGTH = sorted(SUBJECT_LINKS.items(), key=lambda item: -len(item[0]))
# Any subject: four sentences in five name none, and one search tells it where a test of
# each of the 32 would
_ANY_SUBJECT = re.compile("|".join(re.escape(subj) for subj, _link in _BY_LENGTH))


def _amount_claim(subject: str, s: int, e: int, n: Number, link: str) -> Claim:
    """An amount of the sentence text[s:e] that names the table figure ``link``."""
    return Claim(
        kind=ClaimKind.AMOUNT,
        subject=subject,
        sentence=Span(start=s, end=e),
        numbers={"value": n},
        link=link,
    )


# Words that, right before a subject, make its figure a change of it, not its level
# (基本支出增加人员经费1408.29万元; 压减公用经费5万元); the one-character 多/少 are left out
_CHANGED_BY = (*(w for w in CHANGE_WORDS if len(w) > 1), "新增", "追加", "压减", "节约", "节省")


def _is_budget_lead(lead: str) -> bool:
    """The words before a subject make its figure a budget (年初预算项目支出, 预算数基本支出)
    or last year's (上年财政拨款支出), not the 决算 figure a table holds; 一般公共预算 /
    政府性基金预算 name a fund, not a budget."""
    if lead.endswith(("预算数", "上年", "去年", "上年度", "上年末")):
        return True
    return lead.endswith("预算") and not lead.endswith(("公共预算", "基金预算", "经营预算"))


# A subject's amount is, in this order: its name (wrappable: 人员⏎经费, a line the converter
# wrapped inside it); unless a 三公 item's, maybe its budget first — 财政拨款支出年初预算数为
# B万元，支出决算数为A万元, the name again as 004 repeats it (a 三公 item's two figures are
# both 公开07's, read by three_public_sides); the words that may stand before the figure; the
# figure and its unit. It was one pattern a subject, ~0.45 ms to compile each (the name in it
# twice): ~14 ms of a one-file verify. Now the parts after the name are two patterns shared
# by every subject, matched from where the name ends, and the name is found with str.find —
# the same matches (tests/test_amount_subjects.py holds the one-pattern form to compare):
# every part has at most one place it can end, so the pattern's backtracking only ever
# chose between "with the budget" and "without it", in that order, as _match_at does.
_BUDGET_HEAD = re.compile(rf"(?:支出)?(?:年初)?预算数?为{SP}{NUM}{UNIT_GAP}万\s*元[，,]{SP}")
_TAIL = re.compile(rf"(?:支出|决算数?|为|共计|合计)*{SP}(?P<n>{NUM}){UNIT_GAP}(?P<u>{MONEY_UNIT})")

_WRAP = re.compile(r"[ \t\u3000]*\n\s*")  # a line break, with the blanks before and after it


class _Found(NamedTuple):
    """One amount of a subject: where the match starts, the figure as written and where it
    starts, its unit as written, and whether the budget stood before it."""

    start: int
    end: int
    n: str
    n_start: int
    u: str
    budget: bool


def _name_end(subj: str, sent: str, at: int) -> int:
    r"""Where ``subj`` written at sent[at:] ends, a line break allowed between two of its
    characters, with the blanks around it (a converter's 人员 ⏎⏎经费: one paragraph a line);
    -1 if it is not there. (What _WRAP's gap between the characters matched: the gap greedy,
    and a character of a name is never white space, so one end.)"""
    if sent.startswith(subj, at):
        return at + len(subj)  # as written, unwrapped: the one end
    for i, ch in enumerate(subj):
        if i and (wrap := _WRAP.match(sent, at)) is not None:
            at = wrap.end()
        if not sent.startswith(ch, at):
            return -1
        at += 1
    return at


def _standalone_at(sent: str, at: int) -> bool:
    r"""(?<=年度)|(?<=本年)|(?<=含)|(?<![\u4e00-\u9fff“”"]): after a year, or after no word."""
    if sent.endswith(_STANDALONE_AFTER, 0, at):
        return True
    return at == 0 or not ("\u4e00" <= sent[at - 1] <= "\u9fff" or sent[at - 1] in '“”"')


def _budget_end(subj: str, sent: str, at: int) -> int:
    """Where 预算数为B万元，(name)(支出)决算 ends before 决算, from ``at`` (after the name); -1
    if it is not there. The name inside is tried first, as (?:name)? does; no subject starts
    with 决, so only one of the two can be followed by 决算."""
    head = _BUDGET_HEAD.match(sent, at)
    if head is None:
        return -1
    spent = subj.endswith("支出")
    ends = (_name_end(subj, sent, head.end()), head.end())
    for end in ends:
        if end < 0:
            continue
        if spent and sent.startswith("支出决算", end):
            return end + 2
        if sent.startswith("决算", end):
            return end
    return -1


def _match_at(subj: str, link: str, sent: str, at: int) -> _Found | None:
    """The amount of ``subj`` whose name starts at sent[at], if there is one."""
    end = _name_end(subj, sent, at)
    if end < 0:
        return None
    if subj in _STANDALONE and not _standalone_at(sent, at):
        return None
    tail = None
    budget = not link.startswith("公开07.")
    if budget:
        b_end = _budget_end(subj, sent, end)
        tail = _TAIL.match(sent, b_end) if b_end >= 0 else None
        budget = tail is not None
    if tail is None:
        tail = _TAIL.match(sent, end)
        if tail is None:
            return None
    return _Found(at, tail.end(), tail["n"], tail.start("n"), "".join(tail["u"].split()), budget)


def _subject_amounts(subj: str, link: str, sent: str) -> Iterator[_Found]:
    """Every amount of ``subj`` in ``sent``, left to right, none overlapping (finditer's)."""
    # where the name may start: the name itself where no line is wrapped, else its first
    # character
    start = subj if "\n" not in sent else subj[0]
    at = sent.find(start)
    while at >= 0:
        found = _match_at(subj, link, sent, at)
        if found is None:
            at = sent.find(start, at + 1)
            continue
        yield found
        at = sent.find(start, found.end)


def amounts(text: str, s: int, e: int) -> list[Claim]:
    out: list[Claim] = []
    sent = text[s:e]
    # every match starts with the subject as written, maybe wrapped: no need to scan for one
    # this sentence does not hold
    flat = _WRAP.sub("", sent) if "\n" in sent else sent
    if _ANY_SUBJECT.search(flat) is None:
        return out
    taken: set[int] = set()
    for subj, link in _BY_LENGTH:
        if subj not in flat:
            continue
        for m in _subject_amounts(subj, link, sent):
            n = make_number(m.n, unit=m.u, start=s + m.n_start)
            if n is None or m.n_start in taken:
                continue
            if m.budget and AMOUNT.search(re.split(r"[；;]", sent[: m.start])[-1]):
                # 财政拨款支出预算为X万元，其中基本支出预算为A万元，项目支出预算为B万元，支出决算为
                # Y万元: the actual after a list of parts' budgets is the whole's, not the last part's
                continue
            taken.add(m.n_start)
            if _is_budget_lead(sent[max(0, m.start - 4) : m.start]):
                continue  # 年初预算项目支出0万元: the budget, not the table's 决算 figure
            lead = sent[max(0, m.start - 6) : m.start].rsplit("\n", 1)[-1]  # not across lines
            if "".join(lead.split()).endswith(_CHANGED_BY):
                continue  # 主要原因是基本支出增加人员经费30万元: by how much it changed
            out.append(_amount_claim(subj, s, e, n, link))
    out.sort(key=lambda c: c.numbers["value"].span.start)  # type: ignore[union-attr]
    return out


# 三公 items as the 情况说明 names them, longest first (公务用车购置费及运行维护费 before
# 公务用车购置费), and the sentence that gives an item's budget and actual side by side.
_THREE_PUBLIC_ITEMS = (
    "公务用车购置费及运行维护费", "公务用车购置及运行维护费", "公务用车购置及运行费",
    "公务用车运行维护费", "公务用车运行费", "公务用车购置费", "因公出国（境）费",
    "因公出国(境)费", "公务接待费", "“三公”经费", "三公经费",
)  # fmt: skip
_BUDGET_ACTUAL = re.compile(
    rf"(?P<subj>{'|'.join(map(re.escape, _THREE_PUBLIC_ITEMS))})(?:财政拨款)?支出预算数?为{SP}"
    rf"(?P<budget>{NUM}){UNIT_GAP}万\s*元[，,]{SP}(?:支出)?决算数?为{SP}(?P<actual>{NUM}){UNIT_GAP}万\s*元"
)


def three_public_sides(text: str, s: int, e: int) -> list[Claim]:
    """X费支出预算为B万元，支出决算为A万元: B is 公开07's 预算数 of the item, A its 决算数."""
    out: list[Claim] = []
    sent = text[s:e]
    if "预算" not in sent or "决算" not in sent:
        return out  # words every match holds: most sentences hold not both
    for m in _BUDGET_ACTUAL.finditer(text, s, e):
        subject = m.group("subj").replace("“", "").replace("”", "")
        for group, side in (("budget", "预算数"), ("actual", "决算数")):
            n = make_number(m.group(group), unit="万元", start=m.start(group))
            if n is not None:
                out.append(_amount_claim(subject, s, e, n, f"公开07.{side}.{subject}"))
    return out


# 一般公共服务支出（类）党委办公厅（室）及相关机构事务（款）机关服务（项）: a 功能分类 item the
# 情况说明 goes on to explain, and the sentence giving its 决算 figure.
_ITEM_PATH = re.compile(
    r"(?:^|[、.．\s])(?P<lei>[^\s、.．（）()]{2,20})[（(]类[）)](?P<kuan>.{2,40}?)[（(]款[）)]"
    r"(?P<xiang>.{2,40}?)[（(]项[）)]"
)
_ITEM_ACTUAL = re.compile(
    rf"^{SP}年初预算数?为.{{0,20}}?支出决算数?为{SP}(?P<n>{NUM}){UNIT_GAP}万\s*元"
)


def item_path(chunk: str) -> tuple[tuple[str, str, str], int] | None:
    """An item heading in ``chunk``: its [类, 款, 项] and where the heading ends."""
    if "类" not in chunk:
        return None  # the pattern tries up to 20 characters before a （类） at every place
    m = _ITEM_PATH.search(chunk)
    if m is None or chunk[m.end() : m.end() + 1] in ("、", "和", "及", "与", "（", "("):
        return None  # 行政运行（项）、一般行政管理事务（项）: a figure of several items
    return (m["lei"], m["kuan"].strip(), m["xiang"].strip()), m.end()


def item_actual(text: str, s: int, e: int, path: tuple[str, str, str]) -> Claim | None:
    """年初预算为B万元，支出决算为A万元 right after an item's heading (text[s:e], the heading
    itself left out): A is the item's figure in 公开05 (its 功能分类 row, found by the names
    of its 类, 款 and 项)."""
    body = text[s:e].lstrip(" \u3000\n。")
    m = _ITEM_ACTUAL.match(body)
    if m is None:
        return None
    at = e - len(body) + m.start("n")
    n = make_number(m["n"], unit="万元", start=at)
    if n is None:
        return None
    return _amount_claim(f"{path[2]}（项）", s, e, n, "公开05.功能分类." + "/".join(path))
