"""What the claim readers match: numbers, units and the gaps a layout leaves in them, change
words, and which table quantity each subject names (SUBJECT_LINKS).

One place for the building blocks, so that every reader accepts a wrapped unit (2319.21⏎万元)
or a spaced one (万 元) alike.
"""

from __future__ import annotations

import re

from verifier.numbers import make_number
from verifier.report import Number

NUM = r"\d[\d,]*(?:\.\d+)?"
SP = r"[ \u3000]*"
# 万 元 and 万\n元 (spaced out, or wrapped at the end of a line) are 万元 too: read the unit
# with money_unit().
MONEY_UNIT = r"(?:万\s*元|亿\s*元|元)"
# Between an amount and its unit: spaces, or a line break where the layout wrapped the line
# (2319.21⏎万元). After a break only 万元/亿元 is taken: a line that starts with 元 is as
# likely 元旦 after a page number.
UNIT_GAP = rf"{SP}(?:\s*\n\s*(?=[万亿]\s*元))?"
# after a change word the figure may start the next line (增长⏎129.97 %)
LINE_GAP = rf"{SP}(?:\n{SP}){{0,2}}"
PCT_GAP = rf"{SP}(?:\s*\n\s*(?=[%％]))?"  # 99.94\n% likewise

INCREASE = ("增加", "调增", "增长", "上升", "提高", "多")
_DECREASE = ("减少", "调减", "下降", "降低", "少")
CHANGE_WORDS = INCREASE + _DECREASE

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


def wrappable(*words: str, gap: str = r"(?:[ \t\u3000]*\n\s*)?") -> str:
    """An alternation of ``words`` that also matches each wrapped at a line break (减\n少),
    with the blanks around it (a converter that writes each line a paragraph: 减 ⏎⏎少);
    ``gap``, what may stand between two characters of a word."""
    return "|".join(gap.join(map(re.escape, w)) for w in words)


CHANGE = re.compile(
    rf"(?P<w1>{wrappable('增加', '减少', '调增', '调减', '增长', '下降', '降低')}){LINE_GAP}(?P<delta>{NUM})"
    rf"{UNIT_GAP}(?P<u>{MONEY_UNIT})[，,、]?{LINE_GAP}(?:同比)?"
    rf"(?P<w2>{wrappable('增长', '下降', '减少', '降低', '增加', '上升')}){LINE_GAP}(?P<pct>{NUM}){PCT_GAP}[%％]"
)
# 比2023年预算减少876.75万元 with no percent after it: a change said only by its amount, which
# a report cannot check alone (last year's report can). Only right after a comparison with a
# year, so that 增加人员经费X万元 (what grew, not by how much) is never one.
CHANGE_ALONE = re.compile(
    rf"(?P<cmp>(?:比|较|与){LINE_GAP}(?:上年|上一年度?|(?:19|20)\d\d{SP}年度?)"
    rf"(?:预算执行数|预算数?|决算数?|执行数)?(?:相比)?)[，,]?{SP}"
    rf"(?P<w1>{wrappable('增加', '减少', '调增', '调减', '下降', '降低')}){LINE_GAP}(?P<delta>{NUM})"
    rf"{UNIT_GAP}(?P<u>{MONEY_UNIT})"
)
# 比2023年预算持平, 与2017年一致: no change at all (基本持平, roughly so, is not one)
CHANGE_NONE = re.compile(
    rf"(?P<cmp>(?:比|较|与){LINE_GAP}(?:上年|上一年度?|(?:19|20)\d\d{SP}年度?)"
    rf"(?:预算执行数|预算数?|决算数?|执行数)?(?:相比)?)[，,]?{SP}(?<!基本)(?:持平|一致)"
)
COMPARED = re.compile(r"(比上年|与上年|较上年|比年初预算|较年初预算|与年初预算|比上年决算)")
AMOUNT = re.compile(rf"(?P<n>{NUM}){UNIT_GAP}(?P<u>{MONEY_UNIT})")
# 完成预算的Y%, or of the ceiling the finance bureau set in its place (完成财政下达控制数的Y%)
RATE = re.compile(
    rf"完成(?P<base>(?:年初)?预算|(?:财政下达的?)?控制数){SP}的{SP}(?P<pct>{NUM}){PCT_GAP}[%％]"
)
SHARE = re.compile(rf"占(?P<of>[^，。；%％\d]{{0,12}}){SP}(?P<pct>{NUM}){PCT_GAP}[%％]")
COUNT = re.compile(rf"(?P<n>\d+){SP}(?P<u>个|名|人|件|户)")
PAREN_PARTS = re.compile(r"[（(](?P<body>[^（）()]{3,80})[）)]")


def matched(raw: str, unit: str | None, start: int) -> Number:
    """A figure the patterns matched as NUM: it always parses."""
    n = make_number(raw, unit=unit, start=start)
    if n is None:
        raise ValueError(f"NUM matched {raw!r}, which does not parse")
    return n


def money_unit(m: re.Match, group: str = "u") -> str:
    """The unit a MONEY_UNIT group matched, without the spaces or line break inside it."""
    return "".join(m.group(group).split())
