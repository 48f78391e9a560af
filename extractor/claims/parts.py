"""PARTS and SHARE claims: a total and the items it is made of (共N个（a个、b个）, 总额X万元，
其中：A a万元；B b万元), and each item's share of it (also of the amount a list of the
main uses follows: X万元，主要用于以下方面：A a万元，占Y%).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractor.claims.patterns import (
    AMOUNT,
    CHANGE_WORDS,
    COUNT,
    MONEY_UNIT,
    NUM,
    PAREN_PARTS,
    SHARE,
    SP,
    UNIT_GAP,
    matched,
    money_unit,
    wrappable,
)
from verifier.classification import class_code
from verifier.numbers import make_number, parse_decimal
from verifier.report import Claim, ClaimKind, Number, Span


def paren_parts(text: str, s: int, e: int) -> list[Claim]:
    """共 395 个网格（94 个专职网格，301 个兼职网格）; 3265 名…（…840 人、…2555 人）."""
    out = []
    sent = text[s:e]
    for pm in PAREN_PARTS.finditer(sent):
        counts = list(COUNT.finditer(pm.group("body")))
        if len(counts) < 2:
            continue
        before = sent[max(0, pm.start() - 30) : pm.start()]
        totals = list(COUNT.finditer(before))
        if not totals:
            continue
        tm = totals[-1]
        if re.search(r"[）)（(，,。；;]", before[tm.end() :]):
            continue  # the count stands in another aside or clause, not the one explained here
        off = s + max(0, pm.start() - 30)
        total = matched(tm.group("n"), tm.group("u"), off + tm.start("n"))
        body_off = s + pm.start("body")
        parts = [matched(c.group("n"), c.group("u"), body_off + c.start("n")) for c in counts]
        out.append(
            Claim(
                kind=ClaimKind.PARTS,
                subject=re.sub(r"\s", "", sent[pm.start() - 30 : pm.start()])[-12:],
                sentence=Span(start=s, end=e),
                numbers={"value": total},
                parts=parts,
            )
        )
    return out


# 其中基本支出A万元，项目支出B万元(，结余结转C万元)。: without a colon, a list after 其中 is
# taken as the whole split only when it is this one (支出 by its nature, 基本 and 项目) and
# nothing but named amounts runs to the end of the sentence.
_BY_NATURE_ITEM = (
    r"(?:基本支出|项目支出|上缴上级支出|经营支出|对附属单位补助支出|结余结转|结转结余|结余)"
)
_NAMED_AMOUNTS = re.compile(
    rf"(?:{_BY_NATURE_ITEM}(?:决算数?)?为?{SP}{NUM}{UNIT_GAP}{MONEY_UNIT}[，,、；;]?{SP})+"
)


def _by_nature(rest: str) -> bool:
    m = _NAMED_AMOUNTS.match(rest)
    if m is None or rest[m.end() :].strip(" \u3000。\n") != "":
        return False
    return "基本支出" in m.group() and "项目支出" in m.group()


# A numbered heading of the next explanation (三、支出预算情况说明) that no 。 closed the list
# before: a converter that joins lines leaves nothing else between them
_NEXT_HEADING = re.compile(r"[一二三四五六七八九十]+、[^，。；、\d]{2,24}说明")


def _after_change_word(before: str) -> bool:
    """The amount comes right after a change word (减少876.75万元, 增加 3 万元), maybe with
    the page's number between them on a line of its own (减少⏎31⏎30.8万元: a page break
    in the sentence)."""
    tail = before[-24:]
    if "\n" in tail:
        tail = _PAGE_LINE.sub("\n", tail)
    return "".join(tail[-6:].split()).endswith(CHANGE_WORDS)


# A line holding nothing but a number of up to three digits, inside a sentence: a page's
_PAGE_LINE = re.compile(r"\n[ \t\u3000]*\d{1,3}[ \t\u3000]*(?=\n)")


# What opens a list of a total's parts: 其中, or the income split of a 绩效自评's budget
# (全年预算数为X万元，按收入性质分：A a万元，B b万元), whose parts are all of it: every yuan has
# a source. A split by spending (按支出性质分) may list less than the budget (what was spent),
# so it opens no list; any split ends the list before it.
_WHEREOF = re.compile(r"其中[：:]?|按收入性质分[：:]")
_SPLIT = re.compile(r"按[^，,。；;：:\d]{1,8}分[：:]")


def money_parts(text: str, s: int, e: int, prev: tuple[int, int] | None = None) -> list[Claim]:
    """总额X万元，其中：A a万元；B b万元 — the items after 其中 must add up to X (PARTS, when
    the list is whole), and an item followed by 占Y% is that share of X (SHARE). ``prev``: the
    sentence before in the same paragraph, whose whole a sentence opening with 其中 splits."""
    out: list[Claim] = []
    sent = text[s:e]
    if "其中" not in sent and "性质分" not in sent:
        return out  # what every match below opens with: most sentences hold none
    for qm in _WHEREOF.finditer(sent):
        found = _whole(sent[: qm.start()], s)
        if found is None and prev is not None and _opens(sent[: qm.start()]):
            found = _said_before(text[prev[0] : prev[1]], prev[0])
        if found is None:
            continue
        if qm.group()[0] == "按" and not _a_budget_heads(sent[: qm.start()]):
            continue  # 年中追加20万元，按收入性质分: 20 is an item of a list, not the budget
        total, lead = found
        # 其中年初预算96.18万元，调整追加329.08万元: after a bare 其中, some items, maybe not all
        whole_list = qm.group().endswith(("：", ":")) or _by_nature(sent[qm.end() :])
        rest = _list_of(sent[qm.end() :])
        sentence = Span(start=s, end=e)
        if whole_list and (parts := _parts(rest, s + qm.end())) is not None:
            out.append(
                Claim(
                    kind=ClaimKind.PARTS,
                    subject=lead,
                    sentence=sentence,
                    numbers={"value": total},
                    parts=parts,
                )
            )
        # Shares of the items: …a万元，占Y% — of the total before 其中, whether or not the
        # list names all of it (整体支出X万元，其中基本支出a万元，占总支出的Y%，…)
        out += _shares(rest, s + qm.end(), total, sentence, lead)
    return out


def _whole(before: str, s: int) -> tuple[Number, str] | None:
    """The whole a list opened after ``before`` (a sentence's text up to 其中 or 主要用于以下
    方面, the sentence at offset ``s``) is of: the amount right before it, with the words
    before that amount (its subject); None when no amount stands there, or when it is a
    change (比上年增加d万元，其中…: d is no total)."""
    tot = list(AMOUNT.finditer(before))
    if not tot or len(before) - tot[-1].end() > 3:
        return None
    tm = tot[-1]
    if _after_change_word(before[: tm.start()]):
        return None
    whole = matched(tm.group("n"), money_unit(tm), s + tm.start("n"))
    return whole, re.sub(r"\s", "", before[max(0, tm.start() - 12) : tm.start()])


def _opens(before: str) -> bool:
    """Nothing but blanks before the opener: it opens its sentence."""
    return not before.strip(" \t\n\u3000")


# What may follow the whole at the end of the sentence before a list: a change of it from the
# year before (，比2017年减少145261.52万元。; not 比预算减少: then the sentence holds a budget
# and an actual, and which one the list splits is not said), nothing else
_ONLY_A_CHANGE = re.compile(
    r"[，,\s]*(?:(?:比|与|较)\s*(?:上年|上一年度?|\d{4}\s*年度?)[^。；;，,]{0,12}"
    r"(?:增加|减少|增长|下降)[^。；;]*)?[。\s]*"
)


def _said_before(previous: str, at: int) -> tuple[Number, str] | None:
    """The whole a sentence opening with 其中 splits, said by the sentence before (``previous``,
    at offset ``at``): its one amount (支出324970.32万元，比2017年减少145261.52万元。其中：基本
    支出…; the change's amount is no whole), followed by nothing but a change of it from the
    year before. A sentence of several amounts (a prior year's figure, a budget beside an
    actual, the cause of a change, a list of its own) does not say which one the list splits:
    none is taken. The same amount said twice (收入X万元，支出X万元) is one."""
    amounts = [
        am for am in AMOUNT.finditer(previous) if not _after_change_word(previous[: am.start()])
    ]
    if not amounts or len({parse_decimal(am.group("n")) for am in amounts}) > 1:
        return None
    tm = amounts[-1]
    if _ONLY_A_CHANGE.fullmatch(previous, tm.end()) is None:
        return None
    whole = matched(tm.group("n"), money_unit(tm), at + tm.start("n"))
    return whole, re.sub(r"\s", "", previous[max(0, tm.start() - 12) : tm.start()])


def _a_budget_heads(before: str) -> bool:
    """The last amount of ``before`` is a budget that heads what follows: its own clause names
    it one (全年预算数为1081.46万元，), no list is open in the sentence (其中年初预算500万元，
    年中追加20万元，: 20 is an item of it), and nothing but a comma stands after it (万元；
    closes a clause)."""
    last = list(AMOUNT.finditer(before))[-1]
    if before[last.end() :].strip(" \u3000\n") not in ("，", ","):
        return False
    ahead = re.split(r"[；;]", before[: last.start()])[-1]  # a list closed by ； is over
    return "预算" in re.split(r"[，,。]", ahead)[-1] and "其中" not in ahead


def _list_of(rest: str) -> str:
    """The list that follows 其中 or 主要用于以下方面： (``rest``, the sentence after it): up to
    another 其中 (an item's own split: its shares are of the item), a list of main uses (of
    its own whole), or the heading of the next section that no 。 closed the list before."""
    stops = (_WHEREOF.search(rest), _SPLIT.search(rest), _USES.search(rest))
    for stop in (*stops, _NEXT_HEADING.search(rest)):
        if stop is not None:
            rest = rest[: stop.start()]
    return rest


def _parts(rest: str, at: int) -> list[Number] | None:
    """The amounts of a list after 其中 (``rest``, at offset ``at``), None when they are not
    the parts of one total: fewer than two, or a budget and an actual side by side."""
    parts = []
    for am in AMOUNT.finditer(rest):
        if _after_change_word(rest[: am.start()]):
            continue  # 财政拨款收入a万元，比上年减少d万元: d is a change, not a part
        n = make_number(am.group("n"), unit=money_unit(am), start=at + am.start("n"))
        if n is not None:
            parts.append(n)
    if len(parts) < 2:
        return None
    if "预算" in rest and re.search("实际|决算", rest):
        return None  # two series (budget and actual) side by side, not parts of one total
    return parts


# Between an amount and its share: a comma, and the space or line break of a wrapped line
# (…4461.67 万元，⏎占 45.78%: the converters' text of one PDF sentence)
_BEFORE_SHARE = "，, \t\n\u3000"
# How far after an amount its share may end: 14 characters not blank (，占 99.94 % or
# ，占比 12.5%; a longer 占… names another whole as often as not: 占部门总支出的比重为Y%), the
# blanks of a converter's padding not counted (，占  ⏎99.94     %: one cell a line keeps
# the PDF's spaces)
_SHARE_REACH = 14


def _reach(text: str, at: int) -> int:
    """Where ``_SHARE_REACH`` characters that are not blank, from ``at`` on, end."""
    seen, i = 0, at
    while i < len(text) and seen < _SHARE_REACH:
        if not text[i].isspace():
            seen += 1
        i += 1
    return i


def _shares(rest: str, at: int, whole: Number, sentence: Span, lead: str) -> list[Claim]:
    """A SHARE claim for each amount of a list followed by its share (…a万元，占Y%) of
    ``whole``; ``rest`` is the list, starting at offset ``at`` of the text, ``lead`` the words
    before the whole (its subject). A share that names another whole (人员经费a万元，占基本
    支出的Y%, in a list of 本年支出合计) is not one of ``whole``: left out."""
    out = []
    for am, sm, base in _with_shares(rest, at):
        if not _of_the_whole(sm.group("of"), lead):
            continue
        value = matched(am.group("n"), money_unit(am), at + am.start("n"))
        pct = matched(sm.group("pct"), "%", base + sm.start("pct"))
        out.append(
            Claim(
                kind=ClaimKind.SHARE,
                sentence=sentence,
                numbers={"value": value, "whole": whole, "pct": pct},
            )
        )
    return out


def _with_shares(rest: str, at: int) -> Iterator[tuple[re.Match[str], re.Match[str], int]]:
    """The amounts of a list (``rest``, at offset ``at`` of the text) that a share follows
    (…a万元，占Y%): each amount's match, its share's, and the offset the share's match
    counts from."""
    for am in AMOUNT.finditer(rest):
        tail = rest[am.end() : _reach(rest, am.end())]
        shown = tail.lstrip(_BEFORE_SHARE)
        if sm := SHARE.match(shown):
            yield am, sm, at + am.end() + len(tail) - len(shown)


# What a share may say it is of, whatever the whole's subject: the total, all of it, 占比
_ANY_WHOLE = ("总", "合计", "全部", "全年")


def _of_the_whole(of: str, lead: str) -> bool:
    """Whether 占<of>Y% is of the whole whose subject is ``lead``: ``of`` says nothing (占Y%,
    占比Y%), names a total (占总支出的), or names what the lead names (占财政拨款支出的 after
    一般公共预算财政拨款支出X万元)."""
    named = "".join(of.split()).removesuffix("的").removeprefix("比")
    return not named or any(w in named for w in _ANY_WHOLE) or named in lead


# The structure of a year's spending as the national template of a 部门决算's 情况说明 words it:
# 财政拨款支出X万元，主要用于以下方面：一般公共服务（类）支出a万元，占Y%；… Only each item's
# share of X is claimed, not that the items add up to X: 主要 allows a list of the main ones.
_USES = re.compile(wrappable("主要用于以下方面", gap=r"\s*") + r"\s*[：:]")  # wrapped anywhere


def listed_uses(text: str, s: int, e: int) -> list[Claim]:
    """X万元，主要用于以下方面：A a万元，占Y%；… — each item's share of X."""
    sent = text[s:e]
    um = _USES.search(sent)
    if um is None:
        return []
    found = _whole(sent[: um.start()], s)
    if found is None:
        return []  # no amount spent right before the list
    whole, lead = found
    rest = _list_of(sent[um.end() :])
    sentence = Span(start=s, end=e)
    out = _shares(rest, s + um.end(), whole, sentence, lead)
    if "基本支出" not in lead and "项目支出" not in lead:  # a list of one kind of spending's
        out += _classes(rest, s + um.end(), sentence)  # 类 is not 公开05's 合计 of each
    return out


# An item of the list: the name of a 功能分类 类 (一般公共服务（类）支出, 社会保障和就业支出（类）,
# or 一般公共服务支出 alone) standing between the list's last separator and its amount, after
# its number if it has one (（一）, 1., 一、).
_CLASS_NAME = re.compile(r"[（(]类[）)]")
_ITEM_START = re.compile(r"[：:；;，,、。]")
_ENUMERATOR = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十\d]+[、.．])"
)


def _classes(rest: str, at: int, sentence: Span) -> list[Claim]:
    """Each item of a list of main uses that has a share, as the amount of its 类 in 公开05
    (a one-name 功能分类 path: the row of that 类, where the table prints it)."""
    out = []
    for am, _, _ in _with_shares(rest, at):
        starts = list(_ITEM_START.finditer(rest, 0, am.start()))
        head = _ENUMERATOR.sub(
            "", "".join(rest[starts[-1].end() if starts else 0 : am.start()].split())
        )
        name = _CLASS_NAME.sub("", head).removesuffix("支出")
        # a 类 by its name, or written as one; 其他支出 (229) only so: an economic list has one
        if head == name + "支出" or head == name:
            code = class_code(name)
            if code is None or code == "229":
                continue
        elif not name or re.search(r"[\d%％]", name):
            continue
        value = matched(am.group("n"), money_unit(am), at + am.start("n"))
        out.append(
            Claim(
                kind=ClaimKind.AMOUNT,
                subject=f"{name}（类）",
                sentence=sentence,
                numbers={"value": value},
                link=f"公开05.功能分类.{name}",
            )
        )
    return out
