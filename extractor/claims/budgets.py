"""The sentence forms of a budget's explanation (部门预算编制说明, 财政拨款支出主要内容):

- an item and its budget: “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”25.77万元,
  or 法院（款）行政运行（项）支出 11786.92 万元, or 行政运行（项）支出10,883.36万元 — an AMOUNT
  whose link names the item by the names of its 类 and 款 (when written) and 项
  (``功能分类.类/款/项``), for the verifier to find in whichever coded table prints it;
- this year's budget against last year's execution: 2023年当年预算执行数为60.13万元，2024年预算
  安排25.77万元，比2023年预算执行数减少57.14% — a CHANGE with ``prior`` (the execution),
  ``value`` (the budget) and ``pct``, whose percent follows from the two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractor.claims.patterns import (
    MONEY_UNIT,
    NUM,
    PCT_GAP,
    SP,
    UNIT_GAP,
    matched,
    money_unit,
    wrappable,
)
from verifier.numbers import make_number
from verifier.report import Claim, ClaimKind, Span
from verifier.templates import BUDGET_TOTALS

# a name's character, or a bracketed aside inside it (政府办公厅（室）及相关机构事务)
_NAME = r"(?:[^\s、，。；.．（）()“”\"]|[（(](?!类|款|项)[^（）()\s]{1,4}[）)])"
# what follows an item's 项 name: its mark, then its budget
_AFTER_NAME = (
    rf"[（(]项[）)][”\"]?\s*(?:支出|预算|安排|科目|为|\s)*(?P<n>{NUM}){UNIT_GAP}(?P<u>{MONEY_UNIT})"
)
_ITEM = re.compile(
    rf"(?:(?P<lei>{_NAME}{{2,20}})[（(]类[）)])?(?:(?P<kuan>{_NAME}{{2,30}})[（(]款[）)])?"
    rf"(?P<xiang>{_NAME}{{2,30}}){_AFTER_NAME}"
)
_ITEM_MARK = re.compile(r"[（(]项[）)]")  # what every _ITEM match holds
_ITEM_END = re.compile(_AFTER_NAME)  # what an _ITEM match holds from its mark on
# How far before its 项 mark an _ITEM match can start: names of at most 20, 30 and 30 units
# (a character, or an aside in brackets of up to six: （室）), and the 类 and 款 marks.
_ITEM_REACH = (20 + 30 + 30) * 6 + 2 * 3
_GAP = r"\s*"  # the layout may wrap a line anywhere in these sentences


def _spaced(*words: str) -> str:
    """``words``, each allowed a line break or space between characters (预算执行\n数为,
    预算执行 数为: a converter joined the wrapped line with a space)."""
    return wrappable(*words, gap=_GAP)


_AGAINST_EXECUTION = re.compile(
    rf"(?:{_spaced('执行数为', '执行为')}){_GAP}(?P<prior>{NUM}){UNIT_GAP}(?P<pu>{MONEY_UNIT})"
    rf"[，,]{_GAP}(?:\d{{4}}{_GAP}年)?{_GAP}(?:{_spaced('预算安排', '安排预算', '安排')}){_GAP}"
    rf"(?P<value>{NUM}){UNIT_GAP}(?P<vu>{MONEY_UNIT})[，,]{_GAP}比[^。；%]{{0,20}}?"
    rf"(?P<w>{_spaced('增加', '增长', '减少', '下降', '降低')}){_GAP}(?P<pct>{NUM}){PCT_GAP}[%％]"
)
_UP = ("增加", "增长")


def budget_items(text: str, s: int, e: int) -> list[Claim]:
    """Items named by 类/款/项 with their budget right after the name."""
    out: list[Claim] = []
    sentence = text[s:e]
    if "项" not in sentence or not _ITEM_MARK.search(sentence):
        return out  # most sentences name no item (（项）): skip the costly pattern
    for m in _items(text, s, e):
        path = [p.strip() for p in (m["lei"], m["kuan"], m["xiang"]) if p]
        out.append(
            Claim(
                kind=ClaimKind.AMOUNT,
                subject=f"{path[-1]}（项）",
                sentence=Span(start=s, end=e),
                numbers={"value": matched(m["n"], money_unit(m), m.start("n"))},
                link="功能分类." + "/".join(path),
            )
        )
    return out


def _items(text: str, s: int, e: int) -> Iterator[re.Match[str]]:
    """``_ITEM.finditer(text, s, e)``, tried only where a match can start. Each match holds
    a 项 mark that ``_ITEM_END`` matches at, and starts at most ``_ITEM_REACH`` before it;
    the pattern looks behind nothing, so a search from there finds what the scan from ``s``
    would. A sentence of no such mark, and the rest of one after its last, is not tried:
    there the pattern fails slowly at every character, backing its three names off one
    character at a time (0.5 ms a report on the corpus mix, now 0.25)."""
    pos = s
    while True:
        mark = _ITEM_MARK.search(text, pos, e)
        while mark is not None and _ITEM_END.match(text, mark.start(), e) is None:
            mark = _ITEM_MARK.search(text, mark.end(), e)
        if mark is None:
            return
        m = _ITEM.search(text, max(pos, mark.start() - _ITEM_REACH), e)
        if m is None:
            return
        yield m
        pos = m.end()


def against_execution(text: str, s: int, e: int) -> list[Claim]:
    """This year's budget against last year's execution, and the percent between them."""
    out: list[Claim] = []
    if "执行" not in text[s:e]:
        return out
    for m in _AGAINST_EXECUTION.finditer(text, s, e):
        out.append(
            Claim(
                kind=ClaimKind.CHANGE,
                subject="预算安排比上年预算执行数",
                sentence=Span(start=s, end=e),
                numbers={
                    "prior": matched(m["prior"], money_unit(m, "pu"), m.start("prior")),
                    "value": matched(m["value"], money_unit(m, "vu"), m.start("value")),
                    "pct": matched(m["pct"], "%", m.start("pct")),
                },
                direction="increase" if "".join(m["w"].split()) in _UP else "decrease",
                compared_to="上年预算执行数",
            )
        )
    return out


# A budget's 三公 and 机关运行经费 paragraphs: amounts named by a column of the catalogue's
# 三公经费 table (or the total of its 机关运行经费 table); the verifier finds the table.
_CATALOGUED = (
    (
        re.compile(
            rf"“?三公”?经费(?:预算数|预算)?为?{SP}(?P<n>{NUM}){UNIT_GAP}(?P<u>{MONEY_UNIT})"
        ),
        "三公经费合计",
    ),
    (
        re.compile(
            rf"公务用车购置及运行(?:维护)?费{SP}(?:预算)?为?{SP}(?P<n>{NUM}){UNIT_GAP}(?P<u>{MONEY_UNIT})"
        ),
        "公务用车",
    ),
    (
        re.compile(
            rf"机关运行经费{_GAP}(?:支出)?{_GAP}预{_GAP}算{_GAP}(?:数|支出)?{_GAP}为?{_GAP}"
            rf"(?P<n>{NUM}){UNIT_GAP}(?P<u>{MONEY_UNIT})"
        ),
        "机关运行经费",
    ),
)


def catalogued_amounts(text: str, s: int, e: int) -> list[Claim]:
    """三公经费预算数为X万元, 公务用车购置及运行费Y万元, 机关运行经费预算为Z万元: amounts whose
    link names a role of the catalogue (``预算表.<role>``)."""
    out: list[Claim] = []
    sentence = text[s:e]
    if "经费" not in sentence and "运行费" not in sentence:
        return out
    for pattern, role in _CATALOGUED:
        for m in pattern.finditer(text, s, e):
            out.append(
                Claim(
                    kind=ClaimKind.AMOUNT,
                    subject=role,
                    sentence=Span(start=s, end=e),
                    numbers={"value": matched(m["n"], money_unit(m), m.start("n"))},
                    link=f"预算表.{role}",
                )
            )
    return out


# A budget's totals as its 情况说明 names them (收入预算总计 28849.38 万元, 支出预算15621.11万元):
# the catalogue's words (verifier.templates.BUDGET_TOTALS), then 为/是 and the figure. What may
# stand before the words is said here, not what may not: a clause's start (or its number:
# （一） 1． 一、), then maybe the body's name (江苏省高级人民法院, …街道办事处: a name ending as
# a body's does), a year, 本年/本部门. Anything else before them makes another total: 政府性基金
# 拨款支出预算, 上级补助收入预算, 人员支出预算, 本级…, 比2023年…, a page number inside the words.
# Matched on the sentence with its line breaks taken out (一般公共预⏎算拨款支出预算: a PDF's
# text wraps inside the words), the figure read where it stands.
# (a character not ASCII, no blank and no stop: a CJK range in a class costs the regex
# compiler ~0.7 ms at every start of hedui, this ~0.1)
_BODY = r"[^\x00-\xff\s，。；：、]{2,30}?(?:院|局|委|办|处|中心|厅|会|所|站|队|室|馆|校|社|团|署|府|司|组|街道|镇|乡)"
_TOTAL_LEAD = (
    r"(?P<num>[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十\d]+[、.．])?\s*"
    rf"(?P<body>{_BODY}\s*)?(?:(?:本部门|本单位|部门|单位)\s*)?(?P<year>\d{{4}}\s*年度?\s*)?"
    r"(?:本年|本部门|本单位|部门|单位)?"
)
_CLAUSE_ENDS = frozenset("，,。；;：:）)、 \t\u3000")
_LEAD = re.compile(_TOTAL_LEAD)
_LEAD_REACH = 40  # the longest lead: a number, a body's name of 30, a year
_TOTALS = tuple(
    (
        total,
        re.compile(
            rf"(?:{total.words}){SP}(?:为|是|共计)?{SP}(?:<u>)?(?P<n>{NUM}){SP}(?P<u>{MONEY_UNIT})"
        ),
    )
    for total in BUDGET_TOTALS
)
_ANY_TOTAL = re.compile("|".join(f"(?:{total.words})" for total in BUDGET_TOTALS))
_TOTAL_WORDS = ("收入", "支出", "收、支")  # what every total's words hold
# what every total's match holds, its blanks taken out: 预算 (or 预算支出) and its figure
# after, or 财政拨款收入 and its figure (a sentence with no 预算 at all is not read)
_A_FIGURE_AFTER = re.compile(r"(?:预算(?:总计|合计|支出)?|财政拨款收入)(?:为|是|共计)?(?:<u>)?\d")
# a page number on a line of its own with the breaks around it (…拨款⏎24⏎支出预算: a page
# ends inside the words), a line break and the blanks around it, or blanks between two
# characters of words (收 入 、 支 出 预 算: a PDF's justified line, its letters spread)
_BREAK = re.compile(
    r"[ \t\u3000]*\n\s*[-—–]?\s*\d{1,3}\s*[-—–]?[ \t\u3000]*\n\s*(?=\D)|[ \t\u3000]*\n\s*"
    r"|(?<=[^\x00-\xff\s])[ \u3000]+(?=[^\x00-\xff\s])"
)


def budget_totals(text: str, s: int, e: int) -> list[Claim]:
    """Each total of the catalogue the sentence states: an AMOUNT linked to
    ``预算说明.<name>``, for the verifier to find among the lines that print it (P704). A
    figure is one total's: the first of the catalogue's to name it (收支预算总计 before
    支出预算总计, which ends the same words)."""
    sent = text[s:e]
    if "预算" not in sent or not any(w in sent for w in _TOTAL_WORDS):
        return []
    if _A_FIGURE_AFTER.search("".join(sent.split())) is None:
        return []  # no 预算 with its figure right after it: most sentences that say 预算
    flat, at = _flatten(sent)
    if _ANY_TOTAL.search(flat) is None:
        return []  # 预算 and a figure, but none of the totals' words (预算数为 …)
    lines = _LineStarts(flat, at, sent)
    out: list[Claim] = []
    taken: set[int] = set()
    for total, pattern in _TOTALS:
        for m in _led(pattern, flat, lines):
            start = s + at[m.start("n")]
            raw = text[start : start + len(m["n"])]
            if start in taken or raw != m["n"]:
                continue  # the figure another total took, or broken by a line break
            taken.add(start)
            n = make_number(raw, unit=money_unit(m), start=start)
            if n is None:
                continue
            out.append(
                Claim(
                    kind=ClaimKind.AMOUNT,
                    subject=total.name,
                    sentence=Span(start=s, end=e),
                    numbers={"value": n},
                    link=f"预算说明.{total.name}",
                )
            )
    return out


class _LineStarts:
    """Where, in the flattened sentence, a line of the sentence starts: asked only of a lead
    that does not follow a clause's end, so worked out only then."""

    def __init__(self, flat: str, at: list[int], sent: str) -> None:
        self._flat, self._at, self._sent = flat, at, sent
        self._starts: set[int] | None = None

    def __contains__(self, i: int) -> bool:
        if self._starts is None:
            at, sent = self._at, self._sent
            self._starts = {
                j
                for j in range(1, len(self._flat))
                if at[j] - at[j - 1] > 1 and "\n" in sent[at[j - 1] : at[j]]
            }
        return i in self._starts


def _led(pattern: re.Pattern[str], flat: str, lines: _LineStarts) -> Iterator[re.Match[str]]:
    """The matches of a total whose words stand where a clause starts, or after a lead
    (_TOTAL_LEAD: a number, the body's name, a year) that does: the clause starting at the
    sentence's start or after a clause's end (、 too: 收入、支出预算总计), or on a line of its
    own when the lead holds a number, a name or a year (一、收支预算总表情况说明⏎2017年度收入、
    支出预算总计: a heading's line ends without a stop). The words are found first, and the
    lead is asked of the few places a clause can start before them."""
    for m in pattern.finditer(flat):
        words = m.start()
        for b in range(words, max(-1, words - _LEAD_REACH - 1), -1):
            clause = b == 0 or flat[b - 1] in _CLAUSE_ENDS
            if not clause and b not in lines:
                continue
            lead = _LEAD.fullmatch(flat, b, words)
            if lead is not None and (clause or lead["num"] or lead["body"] or lead["year"]):
                yield m
                break


def _flatten(sent: str) -> tuple[str, list[int]]:
    """The sentence with its line breaks (and the blanks around them) and the blanks between
    letters taken out, and where each of its characters stands in the sentence."""
    if "\n" not in sent and " " not in sent and "\u3000" not in sent:
        return sent, list(range(len(sent)))
    parts: list[str] = []
    at: list[int] = []
    pos = 0
    for m in _BREAK.finditer(sent):
        parts.append(sent[pos : m.start()])
        at.extend(range(pos, m.start()))
        pos = m.end()
    parts.append(sent[pos:])
    at.extend(range(pos, len(sent)))
    return "".join(parts), at
