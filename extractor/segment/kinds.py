"""What a heading is about: its SectionKind, the standard table it titles, its topic.

The vocabulary is that of the Hunan 部门决算 template (公开01–09 titles, the numbered
情况说明 items) and of the 整体支出绩效 reports; other provinces use the same words in other
orders, so matching is by keywords, most specific first.
"""

from __future__ import annotations

import re
from functools import lru_cache

from verifier.report import SectionKind, TableKind

# Compiled once: these run on every line of a report.
_G_PREFIX = re.compile(r"^(?:公开\d+表)")
_TRAILING_ASIDE = re.compile(r"[（(][^）)]*[）)]$")

_QUOTES = re.compile(r"[“”\"'‘’「」『』]")
_YEAR = re.compile(r"\d{4}年度?")


@lru_cache(maxsize=4096)
def norm(title: str) -> str:
    """Title for matching: no whitespace, quotes or year ("2021年度部门决算表" → "部门决算表").
    Remembered: the segmenter asks it of the same title for each kind it tries (three
    patterns a call, ~275 calls a report)."""
    t = "".join(title.split())  # every blank out (headings.squeeze says why not a pattern)
    t = _QUOTES.sub("", t)
    return _YEAR.sub("", t)


def standard_table(title: str) -> TableKind | None:
    """The 公开NN table a title names, or None.

    "支出决算表" is a substring of four titles and "收入支出决算总表" of 公开04's, so the
    specific names are tried first and the general ones must be the whole tail of the title.
    """
    t = norm(title).removesuffix("（续）").removesuffix("(续)")
    t = _G_PREFIX.sub("", t)
    if not t.endswith(("决算表", "决算总表", "决算明细表")) or "说明" in t:
        return None
    if "三公" in t:
        return TableKind.G07
    if "政府性基金" in t:
        return TableKind.G08
    if "国有资本" in t:
        return TableKind.G09
    if "基本支出" in t:
        return TableKind.G06
    if t.endswith("一般公共预算财政拨款支出决算表"):
        return TableKind.G05
    if t.endswith("财政拨款收入支出决算总表"):
        return TableKind.G04
    if t.endswith("收入支出决算总表"):
        return TableKind.G01
    if t.endswith("收入决算表"):
        return TableKind.G02
    if t.endswith("支出决算表"):
        return TableKind.G03
    return None


# The tables that go with a 绩效 report (自评表, 评分表 …): the topic names which one.
_PERFORMANCE_TABLES = (
    ("基础数据表", "基础数据表"),
    ("评分表", "评分表"),
    ("收支情况表", "收支情况表"),
    ("收支表", "收支情况表"),
    ("基本概况表", "基本概况表"),
    ("自评表", "自评表"),
)


def performance_table(title: str) -> str | None:
    t = norm(title).removesuffix("（续）").removesuffix("(续)")
    for word, topic in _PERFORMANCE_TABLES:
        if t.endswith(word):
            return topic
    return None


def budget_table(title: str) -> bool:
    t = norm(title)
    t = _TRAILING_ASIDE.sub("", t)
    return t.endswith(("预算表", "预算总表")) and "说明" not in t and len(t) <= 40


# 情况说明 topics, most specific first: "一般公共预算财政拨款基本支出决算情况说明" is about
# 基本支出, not 一般公共预算支出; "财政拨款收入支出" before "收入支出".
_TOPICS = (
    ("三公", "三公"),
    ("机关运行经费", "机关运行经费"),
    ("一般性支出", "一般性支出"),
    ("政府采购", "政府采购"),
    ("国有资产", "国有资产"),
    ("绩效", "绩效"),
    ("政府性基金", "政府性基金"),
    ("国有资本", "国有资本"),
    ("基本支出", "基本支出"),
    ("项目支出", "项目支出"),
    ("一般公共预算", "一般公共预算支出"),
    ("财政拨款收入支出", "财政拨款收支总体"),
    ("财政拨款收支", "财政拨款收支总体"),
    ("收入支出", "收支总体"),
    ("收支", "收支总体"),
    ("收入", "收入"),
    ("支出", "支出"),
    ("其他重要事项", "其他"),
)
# Topics precise enough to override the topic a subsection inherits from its parent.
SPECIFIC_TOPICS = {"三公", "机关运行经费", "一般性支出", "政府采购", "国有资产", "绩效"}


def explanation_topic(title: str) -> str | None:
    t = norm(title)
    for word, topic in _TOPICS:
        if word in t:
            return topic
    return None


def also_measures(title: str) -> bool:
    """A heading that names problems and measures together ("存在的问题及下一步改进措施")."""
    t = norm(title)
    return "问题" in t and ("改进" in t or "措施" in t)


_DUTY_WORDS = ("部门职责", "主要职能", "主要职责", "职能职责", "部门职能", "单位职能", "单位职责")


def narrative_kind(title: str) -> SectionKind | None:
    """Kinds named by their own words, whatever part of the report they stand in."""
    t = norm(title).rstrip("。.：:")
    if t == "名词解释" or t.endswith("名词解释"):
        return SectionKind.GLOSSARY
    if t in ("目录", "目次"):
        return SectionKind.TOC
    if "问题" in t and ("存在" in t or "主要问题" in t or "原因" in t):
        return SectionKind.PROBLEMS
    if "改进" in t or ("下一步" in t and ("措施" in t or "工作" in t or "打算" in t)):
        return SectionKind.MEASURES
    if "整改" in t and "措施" in t:
        return SectionKind.MEASURES
    if "绩效目标" in t and "说明" not in t:
        return SectionKind.GOALS
    if "说明" not in t and any(w in t for w in ("工作成效", "绩效情况", "主要成效", "绩效分析")):
        return SectionKind.ACHIEVEMENTS
    if t.endswith(("职责", "职能")) and (len(t) <= 6 or t.endswith(_DUTY_WORDS)):
        return SectionKind.DUTIES
    if "机构设置" in t or "单位构成" in t or "内设机构" in t or t.endswith("机构情况"):
        return SectionKind.ORGANISATION
    if t.endswith(("人员情况", "在职人员情况", "人员构成")):
        return SectionKind.STAFF
    if t.endswith(("基本情况", "概况", "基本概况")):
        return SectionKind.BASIC_INFO
    return None
