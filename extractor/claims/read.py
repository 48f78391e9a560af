"""Numeric claims in the prose, read by deterministic patterns.

Why patterns: every claim here is later recomputed by the verifier, so the extractor must be
exact about which characters it read (each Number keeps its raw text and span) and must never
invent a figure. A statement the patterns can only half-read is kept with
``status="unverifiable"`` and a reason, never dropped and never turned into zero.

Kinds produced (roles in ``Claim.numbers``):
- CHANGE: ``value`` (the current amount the sentence states before the change, when found),
  ``delta`` (增加/减少 X万元), ``pct`` (增长/下降 Y%); ``direction`` from the words;
  ``compared_to`` 上年 / 年初预算 ….
- PARTS: ``value`` the total, ``parts`` the items (共N个（a个…，b个…）, N名…（…a人、…b人）,
  总额X万元，其中：A a万元；B b万元).
- SHARE: ``value`` and ``pct`` (…X万元，占Y%), ``whole`` when the sentence names it (the
  total before 其中).
- RATE: ``value`` (决算为X), ``budget`` (预算为B), ``pct`` (完成预算的Y%).
- AMOUNT: ``value`` with its ``subject`` and ``link``.

Link keys (``Claim.link``) are ``"<table kind>.<row name>"`` with whitespace removed, e.g.
``"公开01.本年支出合计"`` or ``"公开03.基本支出"`` (the 合计 row of the 基本支出 column): the
family-P rules resolve them against the tables.
"""

from __future__ import annotations

import re

from verifier.numbers import make_number
from verifier.report import Claim, ClaimKind, Number, Section, SectionKind, Span, Table

NUM = r"\d[\d,]*(?:\.\d+)?"
SP = r"[ \u3000]*"
# 万 元 and 万\n元 (spaced out, or wrapped at the end of a line) are 万元 too: read the unit
# with money_unit().
MONEY_UNIT = r"(?:万\s*元|亿\s*元|元)"
# Between an amount and its unit: spaces, or a line break where the layout wrapped the line
# (2319.21\n万元). After a break only 万元/亿元 is taken: a line that starts with 元 is as
# likely 元旦 after a page number.
UNIT_GAP = rf"{SP}(?:\s*\n\s*(?=[万亿]\s*元))?"
PCT_GAP = rf"{SP}(?:\s*\n\s*(?=[%％]))?"  # 99.94\n% likewise

_INCREASE = ("增加", "调增", "增长", "上升", "提高", "多")
_DECREASE = ("减少", "调减", "下降", "降低", "少")
_CHANGE_WORDS = _INCREASE + _DECREASE

# Subject (as written in the prose) → link key of the table quantity it names.
SUBJECT_LINKS: dict[str, str] = {
    "基本支出": "公开03.基本支出",
    "项目支出": "公开03.项目支出",
    "人员经费": "公开06.人员经费合计",
    "公用经费": "公开06.公用经费合计",
    "日常公用经费": "公开06.公用经费合计",
    "本年收入合计": "公开01.本年收入合计",
    "本年支出合计": "公开01.本年支出合计",
    "收、支总计": "公开01.总计",
    "收支总计": "公开01.总计",
    # 财政拨款 alone is all three budgets': 公开04's totals
    "财政拨款收、支总计": "公开04.总计",
    "财政拨款收支总计": "公开04.总计",
    "财政拨款支出": "公开04.本年支出合计",
    "年初结转和结余": "公开01.年初结转和结余",
    "年末结转和结余": "公开01.年末结转和结余",
    "年初财政拨款结转和结余": "公开04.年初财政拨款结转和结余",
    "年末财政拨款结转和结余": "公开04.年末财政拨款结转和结余",
    # Without 本年, the total of the subsection's own table (收入决算 → 公开02, 支出决算 → 公开03)
    "收入合计": "公开02.合计",
    "支出合计": "公开03.合计",
    "一般公共预算财政拨款支出": "公开05.合计",
    # The other columns of 收入决算表 and 支出决算表, each totalled in its 合计 row
    "上级补助收入": "公开02.上级补助收入",
    "事业收入": "公开02.事业收入",
    "经营收入": "公开02.经营收入",
    "附属单位上缴收入": "公开02.附属单位上缴收入",
    "其他收入": "公开02.其他收入",
    "上缴上级支出": "公开03.上缴上级支出",
    "经营支出": "公开03.经营支出",
    "对附属单位补助支出": "公开03.对附属单位补助支出",
    "财政拨款收入": "公开04.本年收入合计",
    "公务接待费": "公开07.决算数.公务接待费",
    "因公出国（境）费": "公开07.决算数.因公出国（境）费",
    "公务用车购置费": "公开07.决算数.公务用车购置费",
    "公务用车运行费": "公开07.决算数.公务用车运行费",
}


def _wrappable(*words: str) -> str:
    """An alternation of ``words`` that also matches each wrapped at a line break (减\n少)."""
    return "|".join(r"(?:\n\s*)?".join(map(re.escape, w)) for w in words)


_CHANGE = re.compile(
    rf"(?P<w1>{_wrappable('增加', '减少', '调增', '调减', '增长', '下降', '降低')}){SP}(?P<delta>{NUM})"
    rf"{UNIT_GAP}(?P<u>{MONEY_UNIT})[，,、]?{SP}(?:同比)?"
    rf"(?P<w2>{_wrappable('增长', '下降', '减少', '降低', '增加', '上升')}){SP}(?P<pct>{NUM}){PCT_GAP}[%％]"
)
_COMPARED = re.compile(r"(比上年|与上年|较上年|比年初预算|较年初预算|与年初预算|比上年决算)")
_AMOUNT = re.compile(rf"(?P<n>{NUM}){UNIT_GAP}(?P<u>{MONEY_UNIT})")
_RATE = re.compile(rf"完成(?:年初)?预算的{SP}(?P<pct>{NUM}){PCT_GAP}[%％]")
_SHARE = re.compile(rf"占(?P<of>[^，。；%％\d]{{0,12}}){SP}(?P<pct>{NUM}){PCT_GAP}[%％]")
_COUNT = re.compile(rf"(?P<n>\d+){SP}(?P<u>个|名|人|件|户)")
_PAREN_PARTS = re.compile(r"[（(](?P<body>[^（）()]{3,80})[）)]")


def money_unit(m: re.Match, group: str = "u") -> str:
    """The unit a MONEY_UNIT group matched, without the spaces or line break inside it."""
    return "".join(m.group(group).split())


def _num(text: str, m: re.Match, group: str, unit: str | None) -> Number | None:
    return make_number(m.group(group), unit=unit, start=m.start(group))


def _sentences(text: str, start: int, end: int):
    """Sentences (split on 。 and blank lines) of text[start:end], with their offsets. A 。
    closing an aside in brackets (…结余14.75万元。)与上年相比…) does not end the sentence, nor
    does a page number on a line of its own (a list that runs on to the next page)."""
    pos = start
    for m in re.finditer(
        r"[。！？](?![)）])|\n\s*\n(?=[一二三四五六七八九十（(\d第])(?!\d{1,3}[ \t]*\n)",
        text[start:end],
    ):
        stop = start + m.end()
        if stop > pos:
            yield pos, stop
        pos = stop
    if pos < end:
        yield pos, end


def _prose_ranges(text: str, sections: list[Section]) -> list[tuple[int, int]]:
    """Where to look: 情况说明 and 绩效 sections when segmentation found them, else the
    whole text (claims are only typed from sentence patterns, so tables yield nothing)."""
    skip = {SectionKind.TABLE, SectionKind.SELF_EVALUATION, SectionKind.TOC, SectionKind.PART}
    skip |= {SectionKind.GLOSSARY}
    ranges = sorted((s.span.start, s.span.end) for s in sections if s.kind not in skip)
    merged: list[tuple[int, int]] = []
    for a, b in ranges:  # nested subsections: read each sentence once
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged or [(0, len(text))]


def _direction(word: str) -> str:
    return "increase" if word in _INCREASE else "decrease"


# What a sentence that only continues the one before starts with: 与上年相比，减少…, or
# 与2023年度相比，收入支出总计增加… (the subject said again, which the sentence before must name).
_CONTINUES = re.compile(
    r"[\s，,]*(?:(?:与|比|较)\s*(?:上年|上一年度|\d{4}\s*年度?)(?:决算数?)?(?:相比)?)?[\s，,]*"
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
    for am in _AMOUNT.finditer(before):
        if offset + am.start("n") in skip:
            continue
        if money_unit(am) != unit:
            continue
        opened = before[: am.start()]
        if opened.count("(") + opened.count("（") > opened.count(")") + opened.count("）"):
            continue  # an aside in brackets, not the amount the change is about
        lead = before[max(0, am.start() - 6) : am.start()]
        if "".join(before[max(0, am.start() - 8) : am.start()].split()).endswith(_CHANGE_WORDS):
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


def _changes(text: str, s: int, e: int, prev: tuple[int, int] | None = None) -> list[Claim]:
    out = []
    sent = text[s:e]
    deltas = [m for m in _CHANGE.finditer(sent)]
    delta_starts = {s + m.start("delta") for m in deltas}
    for m in deltas:
        unit = money_unit(m)
        delta = make_number(m.group("delta"), unit=unit, start=s + m.start("delta"))
        pct = make_number(m.group("pct"), unit="%", start=s + m.start("pct"))
        w1, w2 = ("".join(m.group(w).split()) for w in ("w1", "w2"))
        d1, d2 = _direction(w1), _direction(w2)
        comp = None
        before = sent[: m.start()]
        cm = list(_COMPARED.finditer(before))
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
    return out


def _paren_parts(text: str, s: int, e: int) -> list[Claim]:
    """共 395 个网格（94 个专职网格，301 个兼职网格）; 3265 名…（…840 人、…2555 人）."""
    out = []
    sent = text[s:e]
    for pm in _PAREN_PARTS.finditer(sent):
        counts = list(_COUNT.finditer(pm.group("body")))
        if len(counts) < 2:
            continue
        before = sent[max(0, pm.start() - 30) : pm.start()]
        totals = list(_COUNT.finditer(before))
        if not totals:
            continue
        tm = totals[-1]
        if re.search(r"[）)（(，,。；;]", before[tm.end() :]):
            continue  # the count stands in another aside or clause, not the one explained here
        off = s + max(0, pm.start() - 30)
        total = make_number(tm.group("n"), unit=tm.group("u"), start=off + tm.start("n"))
        body_off = s + pm.start("body")
        parts = [
            make_number(c.group("n"), unit=c.group("u"), start=body_off + c.start("n"))
            for c in counts
        ]
        out.append(
            Claim(
                kind=ClaimKind.PARTS,
                subject=re.sub(r"\s", "", sent[pm.start() - 30 : pm.start()])[-12:],
                sentence=Span(start=s, end=e),
                numbers={"value": total},
                parts=[p for p in parts if p is not None],
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


def _money_parts(text: str, s: int, e: int) -> list[Claim]:
    """总额X万元，其中：A a万元；B b万元 — the items after 其中 must add up to X."""
    out = []
    sent = text[s:e]
    for qm in re.finditer(r"其中[：:]?", sent):
        before = sent[: qm.start()]
        tot = list(_AMOUNT.finditer(before))
        if not tot or len(before) - tot[-1].end() > 3:
            continue
        if not qm.group().endswith(("：", ":")) and not _by_nature(sent[qm.end() :]):
            continue  # 其中年初预算96.18万元，调整追加329.08万元: some items, maybe not all
        tm = tot[-1]
        unit = money_unit(tm)
        total = make_number(tm.group("n"), unit=unit, start=s + tm.start("n"))
        rest = sent[qm.end() :]
        nxt = re.search(r"其中", rest)
        rest = rest[: nxt.start()] if nxt else rest
        parts = []
        for am in _AMOUNT.finditer(rest):
            n = make_number(am.group("n"), unit=money_unit(am), start=s + qm.end() + am.start("n"))
            if n is not None:
                parts.append(n)
        if len(parts) < 2:
            continue
        if "预算" in rest and re.search("实际|决算", rest):
            continue  # two series (budget and actual) side by side, not parts of one total
        out.append(
            Claim(
                kind=ClaimKind.PARTS,
                subject=re.sub(r"\s", "", before[max(0, tm.start() - 12) : tm.start()]),
                sentence=Span(start=s, end=e),
                numbers={"value": total},
                parts=parts,
            )
        )
        # Shares of the items: …a万元，占Y% — the whole is the total before 其中.
        for am in _AMOUNT.finditer(rest):
            tail = rest[am.end() : am.end() + 14]
            sm = _SHARE.match(tail.lstrip("，, "))
            if not sm:
                continue
            lead = len(tail) - len(tail.lstrip("，, "))
            base = s + qm.end() + am.end() + lead
            out.append(
                Claim(
                    kind=ClaimKind.SHARE,
                    sentence=Span(start=s, end=e),
                    numbers={
                        "value": make_number(
                            am.group("n"), unit=money_unit(am), start=s + qm.end() + am.start("n")
                        ),
                        "whole": total,
                        "pct": make_number(sm.group("pct"), unit="%", start=base + sm.start("pct")),
                    },
                )
            )
    return out


def _rates(text: str, s: int, e: int) -> list[Claim]:
    """…预算为B万元，…决算为X万元，完成预算的Y% — Y = X / B."""
    out = []
    sent = text[s:e]
    for rm in _RATE.finditer(sent):
        before = sent[: rm.start()]
        budget = value = None
        for am in _AMOUNT.finditer(before):
            lead = before[max(0, am.start() - 6) : am.start()]
            n = make_number(am.group("n"), unit=money_unit(am), start=s + am.start("n"))
            if "预算" in lead:
                # the first budget of a pair: 预算为X万元，其中基本支出预算为A万元… is X's
                if value is not None or budget is None:
                    budget, value = n, None
            elif "决算" in lead or "支出" in lead:
                value = n
        pct = make_number(rm.group("pct"), unit="%", start=s + rm.start("pct"))
        claim = Claim(
            kind=ClaimKind.RATE,
            sentence=Span(start=s, end=e),
            numbers={"pct": pct} if pct else {},
            compared_to="预算",
        )
        if budget is not None and value is not None:
            claim.numbers.update(budget=budget, value=value)
        else:
            claim.status = "unverifiable"
            claim.reason = "the budget or the actual amount was not found in the sentence"
        out.append(claim)
    return out


# Subjects that are also the tail of narrower ones ("三公"经费财政拨款支出 is not 公开04's
# 财政拨款支出): taken only where no other word runs into them, or after a year (2023年度).
_STANDALONE = {"财政拨款支出", "收、支总计", "收支总计", "年初结转和结余", "年末结转和结余"}
_STANDALONE_LEAD = r"(?:(?<=年度)|(?<=本年)|(?<=含)|(?<![\u4e00-\u9fff“”\"]))"

# Longest subject first, so that 本年支出合计 claims its figure before 支出合计 can.
_BY_LENGTH = sorted(SUBJECT_LINKS.items(), key=lambda item: -len(item[0]))


def _amount_claim(subject: str, s: int, e: int, n: Number, link: str) -> Claim:
    """An amount of the sentence text[s:e] that names the table figure ``link``."""
    return Claim(
        kind=ClaimKind.AMOUNT,
        subject=subject,
        sentence=Span(start=s, end=e),
        numbers={"value": n},
        link=link,
    )


def _is_budget_lead(lead: str) -> bool:
    """The words before a subject make its figure a budget (年初预算项目支出, 预算数基本支出)
    or last year's (上年财政拨款支出), not the 决算 figure a table holds; 一般公共预算 /
    政府性基金预算 name a fund, not a budget."""
    if lead.endswith(("预算数", "上年", "去年", "上年度", "上年末")):
        return True
    return lead.endswith("预算") and not lead.endswith(("公共预算", "基金预算", "经营预算"))


# 财政拨款支出年初预算数为B万元，支出决算数为A万元: the budget goes first, and A is the
# figure of the subject's line ({name}: the subject again, as 004 repeats it). A 三公 item's
# two figures are both 公开07's, read by _three_public_sides.
_BUDGET_FIRST = rf"(?P<b>(?:支出)?(?:年初)?预算数?为{SP}{NUM}{UNIT_GAP}万\s*元[，,]{SP}(?:{{name}})?{{spent}}(?=决算))"


def _amounts(text: str, s: int, e: int) -> list[Claim]:
    out = []
    sent = text[s:e]
    taken: set[int] = set()
    for subj, link in _BY_LENGTH:
        lead = _STANDALONE_LEAD if subj in _STANDALONE else ""
        name = re.escape(subj)
        spent = "(?:支出)?" if subj.endswith("支出") else ""
        budget = "" if link.startswith("公开07.") else _BUDGET_FIRST.format(name=name, spent=spent)
        for m in re.finditer(
            rf"{lead}{name}(?:{budget})?(?:支出|决算数?|为|共计|合计)*"
            rf"{SP}(?P<n>{NUM}){UNIT_GAP}(?P<u>{MONEY_UNIT})",
            sent,
        ):
            n = make_number(m.group("n"), unit=money_unit(m), start=s + m.start("n"))
            if n is None or m.start("n") in taken:
                continue
            if m.groupdict().get("b") and _AMOUNT.search(re.split(r"[；;]", sent[: m.start()])[-1]):
                # 财政拨款支出预算为X万元，其中基本支出预算为A万元，项目支出预算为B万元，支出决算为
                # Y万元: the actual after a list of parts' budgets is the whole's, not the last part's
                continue
            taken.add(m.start("n"))
            if _is_budget_lead(sent[max(0, m.start() - 4) : m.start()]):
                continue  # 年初预算项目支出0万元: the budget, not the table's 决算 figure
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


def _three_public_sides(text: str, s: int, e: int) -> list[Claim]:
    """X费支出预算为B万元，支出决算为A万元: B is 公开07's 预算数 of the item, A its 决算数."""
    out = []
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


def _item_path(chunk: str) -> tuple[tuple[str, str, str], int] | None:
    """An item heading in ``chunk``: its [类, 款, 项] and where the heading ends."""
    m = _ITEM_PATH.search(chunk)
    if m is None or chunk[m.end() : m.end() + 1] in ("、", "和", "及", "与", "（", "("):
        return None  # 行政运行（项）、一般行政管理事务（项）: a figure of several items
    return (m["lei"], m["kuan"].strip(), m["xiang"].strip()), m.end()


def _item_actual(text: str, s: int, e: int, path: tuple[str, str, str]) -> Claim | None:
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


def extract_claims(text: str, sections: list[Section], tables: list[Table]) -> list[Claim]:
    """Every numeric statement the patterns recognise, in text order."""
    claims: list[Claim] = []
    for start, end in _prose_ranges(text, sections):
        prev: tuple[int, int] | None = None
        path: tuple[str, str, str] | None = None  # the item the sentences now explain
        for s, e in _sentences(text, start, end):
            # Table lines (tab-separated or mostly digits) are not prose.
            chunk = text[s:e]
            if "\t" in chunk or len(re.sub(r"[\d.,\s]", "", chunk)) < 4:
                prev = path = None
                continue
            # The sentences giving an item's figures speak of the item: their 基本支出 or 项目支出
            # is the item's, not a table total's.
            heading = _item_path(chunk)
            about_item = heading is not None or path is not None
            if heading is not None:
                path, rest = heading[0], s + heading[1]
                # The heading and its figures may share a sentence (no 。 after the heading).
                if (item := _item_actual(text, rest, e, path)) is not None:
                    claims.append(item)
                    path = None
            elif path is not None:
                if (item := _item_actual(text, s, e, path)) is not None:
                    claims.append(item)
                path = None  # only the sentence right after the heading gives its figures
            # A sentence continues the one before only within a paragraph.
            after_break = prev is None or "\n" in chunk[: len(chunk) - len(chunk.lstrip())]
            claims += _changes(text, s, e, None if after_break else prev)
            prev = (s, e)
            claims += _paren_parts(text, s, e)
            claims += _money_parts(text, s, e)
            claims += _rates(text, s, e)
            if not about_item:
                claims += _amounts(text, s, e)
            claims += _three_public_sides(text, s, e)
    claims.sort(key=lambda c: c.sentence.start)
    return claims
