"""The catalogue of standard report tables: which tables a report sets out, how each is laid
out, and which identities hold inside it.

Plain data, one entry per table of a standard, each naming the standard it follows. The
machinery that reads grids (extractor.tables.grid) and checks identities
(verifier.rules.grids) is generic and driven by these entries; adding a region's variant is
an entry and a test, not new code.

Title patterns are matched against a title with its spaces, year, department and the
(续)/单位 notes removed (``title_key``). Column roles are listed in printed order after the
code and name columns; a variant is chosen by the number of value columns a table's rows
actually carry, so that one title printed with different columns in two regions is still
read right.

Identities (the checks that hold; their arithmetic lives in verifier.rules.grids):
- ``hierarchy``: a 功能分类 类 (3 digits) is the sum of its 款 (5), a 款 of its 项 (7); an
  经济分类 类 (3) of its 款 (5).
- ``total-row``: the 合计 row is the sum of the top-level coded rows.
- ``total-column``: the first value column (合计) of each row is the sum of the others (by
  source, or 基本支出 + 项目支出, or 人员经费 + 公用经费).
  Where the columns nest (三公: 合计 = 出国 + 接待 + 用车, 用车 = 购置 + 运行), ``sums`` lists
  each total and its parts; such a row is checked only when it carries every column.
- ``outline``: a list in groups (一、货物 …), subtotals and items (the lines ending with one
  of the entry's ``leaves`` words): the 合计 is the sum of the groups, a group the sum of its
  subtotals, a subtotal the sum of the items under it.
- ``subtotals``: a list by source in groups, each opened by its 小计 (Jiangsu's 收入预算总表):
  a 小计 is the sum of the lines under it, the 收入总计 the sum of the 小计s and the balance
  brought forward (上年结转…); a 其中 line is part of the line above, not another line.
- ``rows-total``: a table of labelled lines (one per body, 机构 or item) whose total line
  (…合计, …汇总) is the sum of the other lines, column by column.
- ``balance``: a 收支总表 balances — 收入总计 (合计) equals 支出总计 (合计).
- ``sides``: each side of a 收支总表 adds up — its lines (told apart by ``SIDE_LINES``) make
  this year's 收入 or 支出, by source, by function and by use alike, and this year's total
  with the balances brought forward (or carried over) makes the side's 总计.

Links (``LINKS``) name one quantity printed in two tables (收支总表 收入总计 = 收入总表 合计 …).

Layouts: ``coded`` rows with 功能分类/经济分类 codes; ``two-sided`` labelled lines, 收入 beside
支出; ``row`` rows of figures under a header; ``list`` labelled lines, one figure each;
``labelled`` labelled lines under a header that names their columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache


@dataclass(frozen=True)
class Template:
    id: str
    standard: str  # where the layout and identities come from
    report: str  # 部门预算 / 部门决算
    title: str  # regex over title_key(title); empty for a table named by another's ``then``
    layouts: tuple[str, ...]  # coded / two-sided / row / list, as printed
    unit: str | None = None  # the unit the standard prints, when it fixes one
    columns: tuple[tuple[str, ...], ...] = ()  # value-column roles, one tuple per variant
    identities: tuple[str, ...] = ()
    # total-column sums between roles, (total, its parts), for the variant that has them all;
    # none given: the first column is the sum of the others
    sums: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # for a list laid out as an outline: the words that end an item's (a leaf's) line
    leaves: tuple[str, ...] = ()
    # per variant of ``columns``, the words its header prints, in the order it prints them,
    # where that order is not the columns' (a header of nested rows); else the roles' own
    headers: tuple[tuple[str, ...], ...] = ()
    # the 公开 table of the national 部门决算 this is (公开05 …), where it is one
    public: str | None = None
    # its title is a caption printed without 表 (年度收入情况（万元）): a short line of its own
    # that the pattern matches names the table, as a …预算表 line does; these are the words
    # every printing of the caption holds, asked of a line before any pattern is
    caption: str | None = None
    # the entry of the tables printed after this one under the same caption, each opened by
    # the same header cell again (机构名称 …): a form of several small tables, one title
    then: str | None = None
    # the header cell that opens each of those tables (机构名称)
    opens: str | None = None


NATIONAL_BUDGET = "财政部《部门预算公开格式》(财预〔2017〕) 与各地部门预算公开模板"
SHANGHAI_BUDGET = "上海市区级部门预算公开模板 (2023–2026 部门/单位预算表, 单位：元)"
JIANGSU_BUDGET = "江苏省省级部门预算公开模板 (公开01–12表, 单位：万元)"
NATIONAL_FINAL = "财政部《部门决算公开格式》公开01–09表"
HUNAN_SELF_EVAL = (
    "湖南省部门整体支出绩效自评报告 附表「部门（单位）基本概况」: 年度收入情况、年度支出和结余情况"
    " (单位：万元；一行汇总，其下局机关及各二级机构)"
)

CODED = ("hierarchy", "total-row", "total-column")
BY_SOURCE = ("合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入")
BY_KIND = ("合计", "基本支出", "项目支出")
BY_NATURE = ("合计", "人员经费", "公用经费")
AMOUNT = ("金额",)

TEMPLATES: tuple[Template, ...] = (
    # 部门预算 / 单位预算: the tables every region prints, each with its variants
    Template(
        "budget/收支总表",
        NATIONAL_BUDGET,
        "部门预算",
        r"(财务)?收支预算总表$",
        ("two-sided",),
        identities=("balance", "sides"),
    ),
    Template(
        "budget/财政拨款收支总表",
        NATIONAL_BUDGET,
        "部门预算",
        r"财政拨款收支预算总表$",
        ("two-sided",),
        identities=("balance", "sides"),
    ),
    Template(
        "budget/收入总表",
        SHANGHAI_BUDGET + "；江苏省省级部门预算公开模板 (收入按资金来源分组小计)",
        "部门预算",
        r"收入预算总表$",
        ("coded", "list"),
        columns=(BY_SOURCE,),
        identities=(*CODED, "subtotals"),
    ),
    Template(
        "budget/支出总表",
        SHANGHAI_BUDGET,
        "部门预算",
        r"支出预算总表$",
        ("coded", "row"),
        columns=(BY_KIND, ("合计", "基本支出", "项目支出", "单位预留机动经费", "结转下年资金")),
        identities=CODED,
    ),
    Template(
        "budget/一般公共预算支出",
        NATIONAL_BUDGET,
        "部门预算",
        r"一般公共预算(拨款)?支出(功能分类)?预算表$|一般公共预算拨款表$",
        ("coded",),
        columns=(BY_KIND, AMOUNT),
        identities=CODED,
    ),
    Template(
        "budget/基本支出",
        NATIONAL_BUDGET,
        "部门预算",
        r"基本支出(部门预算)?(经济分类)?(预算|明细)表$",
        ("coded",),
        columns=(BY_NATURE, AMOUNT),
        identities=CODED,
    ),
    Template(
        "budget/财政拨款支出",
        JIANGSU_BUDGET,
        "部门预算",
        r"财政拨款支出预算表$",
        ("coded",),
        columns=(AMOUNT, BY_KIND),
        identities=CODED,
    ),
    Template(
        "budget/政府性基金支出",
        NATIONAL_BUDGET,
        "部门预算",
        r"政府性基金(预算)?支出(功能分类)?预算表$|政府性基金拨款表$",
        ("coded",),
        columns=(BY_KIND, AMOUNT),
        identities=CODED,
    ),
    Template(
        "budget/国有资本经营支出",
        NATIONAL_BUDGET,
        "部门预算",
        r"国有资本经营(预算)?支出(功能分类)?预算表$|国有资本经营预算拨款表$",
        ("coded",),
        columns=(BY_KIND, AMOUNT),
        identities=CODED,
    ),
    Template(
        "budget/机关运行经费",
        JIANGSU_BUDGET,
        "部门预算",
        r"机关运行经费(支出)?预算表$",
        ("coded",),
        columns=(AMOUNT,),
        identities=CODED,
    ),
    Template(
        "budget/三公经费",
        NATIONAL_BUDGET,
        "部门预算",
        r"三公.{0,3}经费.*预算表$",
        ("row",),
        columns=(
            # Shanghai: 三公 and, beside it, 机关运行经费
            (
                "合计",
                "因公出国(境)费",
                "公务接待费",
                "公务用车",
                "购置费",
                "运行费",
                "机关运行经费",
            ),
            # Jiangsu: 合计 of 三公, 会议费 and 培训费
            (
                "合计",
                "三公经费",
                "因公出国(境)费",
                "公务用车",
                "购置费",
                "运行费",
                "公务接待费",
                "会议费",
                "培训费",
            ),
            # the national order: 出国, 用车 (购置, 运行), 接待
            ("合计", "因公出国(境)费", "公务用车", "购置费", "运行费", "公务接待费"),
        ),
        identities=("total-column",),
        # what tells the variants apart where a header prints them (a header of nested rows
        # comes out in another order in every form, so only these words are asked for)
        headers=(("接待", "用车"), ("会议", "培训"), ("用车", "接待")),
        sums=(
            ("合计", ("三公经费", "会议费", "培训费")),
            ("三公经费", ("因公出国(境)费", "公务用车", "公务接待费")),
            ("合计", ("因公出国(境)费", "公务接待费", "公务用车")),
            ("公务用车", ("购置费", "运行费")),
        ),
    ),
    Template(
        "budget/政府采购",
        JIANGSU_BUDGET,
        "部门预算",
        r"政府采购(支出)?预算表$",
        ("list",),
        identities=("outline",),
        # 采购组织形式: the words that close an item's line (its leaf), as the standard lists them
        leaves=("集中采购", "自行组织", "分散采购", "自行采购", "委托采购"),
    ),
    Template(
        "budget/项目支出", SHANGHAI_BUDGET, "部门预算", r"项目(经费|支出)(预算)?表$", ("list",)
    ),
    # 部门决算: the nine 公开 tables are read by their own layouts (extractor.tables.layouts);
    # where those cannot read them (a converter's Markdown or one cell per line), the grid
    # reader does, and the entry says which 公开 table it is, so that the rules and links of
    # that table hold for it too.
    Template(
        "final/收入决算",
        NATIONAL_FINAL,
        "部门决算",
        r"^收入决算表$",
        ("coded",),
        columns=(
            (
                "合计",
                "财政拨款收入",
                "上级补助收入",
                "事业收入",
                "经营收入",
                "附属单位上缴收入",
                "其他收入",
            ),
        ),
        identities=("hierarchy", "total-row", "total-column"),
        public="公开02",
    ),
    Template(
        "final/支出决算",
        NATIONAL_FINAL,
        "部门决算",
        r"^支出决算表$",
        ("coded",),
        columns=(
            ("合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"),
        ),
        identities=("hierarchy", "total-row", "total-column"),
        public="公开03",
    ),
    Template(
        "final/一般公共预算支出",
        NATIONAL_FINAL,
        "部门决算",
        r"^一般公共预算财政拨款支出决算表$",
        ("coded",),
        columns=(BY_KIND,),
        identities=("hierarchy", "total-row", "total-column"),
        public="公开05",
    ),
    Template(
        "final/决算表",
        NATIONAL_FINAL,
        "部门决算",
        r"(支出|收入)决算表$|基本支出决算(明细)?表$|支出决算表$",
        ("coded",),
        identities=("hierarchy", "total-row"),
    ),
    Template(
        "final/总表",
        NATIONAL_FINAL,
        "部门决算",
        r"收入支出决算总表$|决算总表$",
        ("two-sided",),
        identities=("balance", "sides"),
    ),
    # 部门整体支出绩效自评: the tables of its 基本概况, one line per body (机关, 二级机构) under
    # a line for them all (汇总)
    Template(
        "selfeval/年度收入",
        HUNAN_SELF_EVAL,
        "绩效自评",
        r"^年度收入情况([（(](万?元)[）)])?$",
        ("labelled",),
        unit="万元",
        columns=(
            ("合计", "上年结转", "财政拨款收入", "政府性基金拨款", "专户管理非税收入", "其他收入"),
        ),
        identities=("total-column", "rows-total"),
        caption="年度收入情况",
    ),
    Template(
        "selfeval/年度支出和结余",
        HUNAN_SELF_EVAL,
        "绩效自评",
        r"^(部门[（(]单位[）)])?年度支出和结余情况([（(](万?元)[）)])?$",
        ("labelled",),
        unit="万元",
        columns=(("合计", "基本支出", "人员经费", "公用经费", "项目支出", "当年结余", "累计结余"),),
        identities=("total-column", "rows-total"),
        sums=(("合计", ("基本支出", "项目支出")), ("基本支出", ("人员经费", "公用经费"))),
        caption="年度支出和结余情况",
        then="selfeval/基本概况",
        opens="机构名称",
    ),
    # the 基本概况's other small tables under the same caption (三公经费, 固定资产 …): their
    # columns are 其中 breakdowns that need not be whole, so only their 汇总 line is checked
    Template(
        "selfeval/基本概况",
        HUNAN_SELF_EVAL,
        "绩效自评",
        "",  # no title of its own: named by the entry before it (``then``)
        ("labelled",),
        unit="万元",
        identities=("rows-total",),
    ),
)


@dataclass(frozen=True)
class Link:
    """One quantity printed in two tables of a report: ``a`` and ``b`` are (template id,
    quantity), a quantity being 收入总计 / 支出总计 (a two-sided table's grand totals), 合计
    (a table's total line), or the name of a line (财政拨款: 一、财政拨款收入 …)."""

    a: tuple[str, str]
    b: tuple[str, str]
    standard: str


LINKS: tuple[Link, ...] = (
    # all funds: the 收支总表's two sides are detailed by the 收入 and 支出 总表
    Link(("budget/收支总表", "收入总计"), ("budget/收入总表", "合计"), NATIONAL_BUDGET),
    Link(("budget/收支总表", "支出总计"), ("budget/支出总表", "合计"), NATIONAL_BUDGET),
    # 财政拨款: one line of the 收支总表, the whole of the 财政拨款收支总表
    Link(("budget/收支总表", "财政拨款"), ("budget/财政拨款收支总表", "收入总计"), NATIONAL_BUDGET),
    # Jiangsu: 财政拨款支出预算表 details the 支出 side of 财政拨款收支预算总表
    Link(("budget/财政拨款收支总表", "支出总计"), ("budget/财政拨款支出", "合计"), JIANGSU_BUDGET),
)


@dataclass(frozen=True)
class LineSum:
    """A line of a list table that is the sum of other lines of it, each named by a pattern
    over its label (without its 1、 / 其中： lead): for the tables of ``kind`` whose layout is a
    list of labelled lines, one figure per column (a 绩效 基础数据表's 经费控制情况)."""

    kind: str  # the TableKind value the lines are in
    total: str  # regex over the total line's label
    parts: tuple[str, ...]  # one regex per part line
    standard: str


@dataclass(frozen=True)
class ProseTotal:
    """A total a budget's 情况说明 states under a name of its own (收入预算总计 28849.38万元,
    支出预算15621.11万元), and the table lines that print it: the amount agrees when one of
    them does (the scope of a name drifts between regions: 收入预算 is the 收入合计 in one,
    this year's 当年收入小计 in another, the same where nothing is carried over).

    ``words`` is how the prose names it, right before its figure (为/是 and spaces between
    allowed); what may stand before the words is the extractor's (a clause's start, the
    body's name, the year: extractor.claims.budgets), so that a narrower total (政府性基金
    拨款支出预算, 上级补助收入预算, 本级…) is never read as this one. ``lines`` pairs a catalogue
    entry with a pattern over a line's label (its lead 一、/1./（一） taken off), matched
    whole."""

    name: str
    words: str
    lines: tuple[tuple[str, str], ...]
    standard: str


_THIS_YEARS_INCOME = r"(当年|本年)收入(小计|合计)?|收入小计"
_THIS_YEARS_SPENDING = r"(当年|本年)支出(小计|合计)?|支出小计"

BUDGET_TOTALS: tuple[ProseTotal, ...] = (
    ProseTotal(
        "收支预算总计",
        r"收入、支出预算总计|收、支预算总计|收支预算总计|收入、支出预算合计",
        (("budget/收支总表", r"收入(总计|合计)"),),
        NATIONAL_BUDGET,
    ),
    ProseTotal(
        "收入预算总计",
        r"收入预算(总计|合计)?",
        (
            ("budget/收支总表", r"收入(总计|合计)"),
            ("budget/收支总表", _THIS_YEARS_INCOME),
            ("budget/收入总表", r"合计|收入(总计|合计)"),
        ),
        NATIONAL_BUDGET,
    ),
    ProseTotal(
        "支出预算总计",
        r"支出预算(总计|合计)?",
        (
            ("budget/收支总表", r"支出(总计|合计)"),
            ("budget/收支总表", _THIS_YEARS_SPENDING),
            ("budget/支出总表", r"合计|支出(总计|合计)"),
        ),
        NATIONAL_BUDGET,
    ),
    ProseTotal(
        "财政拨款收入预算",
        r"财政拨款收入(预算)?(总计|合计)?",
        (
            ("budget/财政拨款收支总表", r"收入(总计|合计)"),
            ("budget/财政拨款收支总表", _THIS_YEARS_INCOME),
            ("budget/收支总表", r"财政拨款(收入)?"),
        ),
        NATIONAL_BUDGET,
    ),
    ProseTotal(
        "财政拨款支出预算",
        r"财政拨款支出预算(总计|合计)?|财政拨款预算支出",
        (
            ("budget/财政拨款收支总表", r"支出(总计|合计)"),
            ("budget/财政拨款收支总表", _THIS_YEARS_SPENDING),
        ),
        NATIONAL_BUDGET,
    ),
    ProseTotal(
        "一般公共预算收入预算",
        r"一般公共预算(财政)?(拨款)?收入预算(总计|合计)?",
        (
            ("budget/收支总表", r"一般公共预算(资金|拨款)?(收入)?"),
            ("budget/财政拨款收支总表", r"一般公共预算(资金|拨款)?(收入)?"),
        ),
        NATIONAL_BUDGET,
    ),
    ProseTotal(
        "一般公共预算拨款支出预算",
        r"一般公共预算(财政)?(拨款)?支出预算(总计|合计)?",
        (("budget/一般公共预算支出", r"合计|总计"),),
        NATIONAL_BUDGET,
    ),
)


@dataclass(frozen=True)
class RateColumn:
    """A column of a table that is the ratio of two other columns of the same row, each
    named by a pattern over its header (spaces taken out): for the tables of ``kind``.
    ``counts``: the two columns count (people, items), so a whole number is exact, not the
    half-unit either side a rounded amount stands for."""

    kind: str  # the TableKind value
    rate: str  # regex over the rate column's header
    part: str  # regex over the numerator's
    whole: str  # regex over the denominator's
    counts: bool
    standard: str


HUNAN_BASIC_DATA_STAFF = (
    "湖南省部门（单位）整体支出绩效评价基础数据表: 财政供养人员情况 (编制数、实际在职人数、"
    "控制率 = 实际在职人数 / 编制数)"
)

RATE_COLUMNS: tuple[RateColumn, ...] = (
    RateColumn(
        "基础数据表", r"控制率$", r"实际在职人数$", r"编制数$", True, HUNAN_BASIC_DATA_STAFF
    ),
)


@dataclass(frozen=True)
class FundSplit:
    """One way a 自评表 splits its 年度资金总额, printed as ``label：figure`` cells under the
    budget line: ``head`` names the split's own line (按收入性质分：X), ``parts`` the lines
    that make it up. Labels are matched whole, their closing gloss taken off (项目支出（含上年
    结转） is 项目支出): a line the pattern does not name is of no known split, and keeps the
    splits from being checked rather than be added where it may not belong."""

    name: str  # the split as its rows name it (their Row.side)
    head: str  # regex over the head's label
    parts: str  # regex over a part's label
    standard: str

    def is_head(self, label: str) -> bool:
        return re.fullmatch(self.head, label) is not None

    def owns(self, label: str) -> bool:
        """The label is one of the split's lines, its head or a part."""
        return self.is_head(label) or re.fullmatch(self.parts, label) is not None


HUNAN_SELF_EVAL_FORM = (
    "湖南省部门（单位）整体支出绩效自评表: 年度资金总额 按收入性质分 (一般公共预算、政府性基金"
    "拨款、纳入专户管理的非税收入拨款、其他资金) 与 按支出性质分 (基本支出、项目支出)"
)

FUND_SPLITS: tuple[FundSplit, ...] = (
    # every yuan of the funds has a source: the sources are all of 按收入性质分 (上年结转 is
    # not among them: printed under a source, it is a part of that source, not another one)
    FundSplit(
        "按收入性质分",
        r"按收入性质分",
        r"一般公共预算(拨款|资金|安排|收入)?|政府性基金(预算)?(拨款|资金|收入)?"
        r"|(纳入)?(财政)?专户管理的?非税收入(拨款)?|非税收入(拨款)?"
        r"|国有资本经营预算(拨款|资金|收入)?|其他资金|其他收入",
        HUNAN_SELF_EVAL_FORM,
    ),
    # 支出性质 is 基本支出 or 项目支出, as in every budget table
    FundSplit("按支出性质分", r"按支出性质分", r"基本支出|项目支出", HUNAN_SELF_EVAL_FORM),
)
# Lines the form prints beside the splits that are of neither (the funds carried over to the
# next year: 结转下年 14.75), passed over; matched whole (年初结转结余 is a source, not these)
FUND_SPLITS_ASIDE = r"结转下年(资金|结余)?|年末结转(和)?结余(资金)?"
# Words a line may print between its colon and its figure that say where the funds came
# from (其他资金：年初结转结余 14.75); anything else there (详见附表3) leaves the line unread
FUND_SPLITS_GLOSSES = r"(年初|上年)?结转(和)?结余(资金)?|上年结转(资金)?|当年(财政)?拨款"


def fund_split_of(label: str) -> tuple[FundSplit | None, bool]:
    """The split a label (gloss taken off) is a line of, and whether it is the split's head;
    (None, False) for a label of no split or of two."""
    for split in FUND_SPLITS:
        if split.is_head(label):
            return split, True
    found = [split for split in FUND_SPLITS if split.owns(label)]
    return (found[0], False) if len(found) == 1 else (None, False)


HUNAN_BASIC_DATA = (
    "湖南省部门（单位）整体支出绩效评价基础数据表: 经费控制情况 (三公经费 and its kinds, "
    "公务用车购置和维护经费 and its two parts)"
)

NATIONAL_SELF_EVAL_FUNDS = (
    "财政部《项目支出绩效评价管理办法》(财预〔2020〕10号) 附件 项目支出绩效自评表, and the "
    "部门整体支出绩效自评表 after it: 年度资金总额 = 其中：当年财政拨款 + 上年结转资金 + 其他资金"
)

LINE_SUMS: tuple[LineSum, ...] = (
    LineSum(
        "基础数据表",
        r"^“?三公”?经费(合计)?$",
        (r"^公务用车(购置)?(和|及)?(运行)?(维护)?(经)?费$", r"^(因公)?出国(（境）)?(经)?费$",
         r"^公务接待(经)?费?$"),
        HUNAN_BASIC_DATA,
    ),
    LineSum(
        "基础数据表",
        r"^公务用车(购置)?(和|及)?(运行)?(维护)?(经)?费$",
        (r"^(公车|公务用车)购置(经)?费?$", r"^(公车|公务用车)运行(维护)?(经)?费?$"),
        HUNAN_BASIC_DATA,
    ),
    # a 自评表's 年度资金总额 line (printed 合计 where 年度资金总额 heads the labels), column by
    # column: 年初预算数, 全年预算数, 全年执行数 (a column whose lines are left blank: nothing)
    LineSum(
        "绩效自评表",
        r"^(合计|年度资金总额)$",
        (r"^当年财政拨款$", r"^上年结转(资金)?$", r"^其他资金$"),
        NATIONAL_SELF_EVAL_FUNDS,
    ),
)  # fmt: skip


_NOISE = re.compile(
    r"\s|[*#|]|<br>|^[一二三四五六七八九十]+、|^\d+[.、．]|[（(]续[）)]|单位[：:].*$|(?:19|20)\d\d年度?"
    r"|[（(](?:功能|经济|按)[^（）()]{0,8}[）)]$"  # 预算表（功能科目）: a qualifier after the name
)


@lru_cache(maxsize=1 << 12)
def title_key(title: str) -> str:
    """A title as the catalogue matches it: no spaces, markup, numbering, year or unit note.
    Remembered: the extractor keys a table's title three or four times a report (is_title,
    titles_among, _continued), and the reports of a publisher print the same titles (0.1 ms
    a report on the corpus mix, 0.03 of it within a report)."""
    return _NOISE.sub("", title.strip(" \t\u3000#|*"))


@cache
def _compiled() -> tuple[tuple[re.Pattern[str], Template], ...]:
    return tuple((re.compile(t.title), t) for t in TEMPLATES if t.title)


@cache
def _caption_words() -> re.Pattern[str] | None:
    """The words of every caption, spaces allowed between their characters, as one pattern."""
    words = [r"\s*".join(map(re.escape, t.caption)) for t in TEMPLATES if t.caption]
    return re.compile("|".join(words)) if words else None


def may_be_caption(line: str) -> bool:
    """The first test of ``names_caption``, cheap enough for every line of a report: the line
    holds the words of some caption (spaces aside: markup inside words is blanked to spaces
    when a text is loaded)."""
    words = _caption_words()
    return words is not None and words.search(line) is not None


_NUMBERED = re.compile(r"[一二三四五六七八九十]+、|\d+[.、．]|[（(][一二三四五六七八九十\d]+[）)]")


def names_caption(line: str) -> bool:
    """A line that is the caption of a catalogue table printed without 表 (``caption``): the
    caption alone, not a numbered heading of the text that says the same words (二、年度收入
    情况 opens a section of prose, whose lines are no table of bodies)."""
    if not may_be_caption(line) or _NUMBERED.match(line.strip(" \t\u3000#|*")):
        return False
    template = match_template(line)
    return template is not None and template.caption is not None


@lru_cache(maxsize=1 << 10)
def match_template(title: str) -> Template | None:
    """The entry a table's title names, the most specific (longest match) first. Remembered:
    it tries every entry of the catalogue, and the reports of a publisher print the same
    titles (0.13 ms a report on the corpus mix; a report's own titles are all different). A
    Template is frozen."""
    key = title_key(title)
    best: tuple[int, Template] | None = None
    for pattern, template in _compiled():
        m = pattern.search(key)
        if m and (best is None or len(m.group()) > best[0]):
            best = (len(m.group()), template)
    return best[1] if best else None


def by_id(template_id: str | None) -> Template | None:
    return next((t for t in TEMPLATES if t.id == template_id), None)


def sums_for(template: Template | None, roles: tuple[str, ...]) -> list[tuple[int, list[int]]]:
    """The total-column sums of a variant, as (total column, part columns): for each total,
    the first of the entry's ``sums`` whose roles the variant has all of; with no ``sums``,
    its first column (合计) over the others."""
    if template is None or len(roles) < 2:
        return []
    if not template.sums:
        return [(0, list(range(1, len(roles))))] if roles[0] == "合计" else []
    out: dict[int, list[int]] = {}
    for total, parts in template.sums:  # the first entry a variant has all roles of, per total
        if total in roles and all(p in roles for p in parts):
            out.setdefault(roles.index(total), [roles.index(p) for p in parts])
    return list(out.items())


# The word of each role a header prints (公务用车购置费 is 购置, 公务用车运行维护费 运行 …)
ROLE_KEYS: dict[str, str] = {
    "合计": "合计",
    "基本支出": "基本",
    "项目支出": "项目",
    "人员经费": "人员",
    "公用经费": "公用",
    "财政拨款收入": "财政拨款",
    "事业收入": "事业收入",
    "事业单位经营收入": "经营收入",
    "其他收入": "其他收入",
    "上级补助收入": "上级补助",
    "经营收入": "经营收入",
    "附属单位上缴收入": "附属单位",
    "上缴上级支出": "上缴上级",
    "经营支出": "经营支出",
    "对附属单位补助支出": "对附属单位",
    "单位预留机动经费": "预留",
    "结转下年资金": "结转",
    "上年结转": "上年结转",
    "政府性基金拨款": "基金",
    "专户管理非税收入": "专户",
    "当年结余": "当年结余",
    "累计结余": "累计结余",
    "金额": "金额",
    "三公经费": "三公",
    "因公出国(境)费": "出国",
    "公务接待费": "接待",
    "公务用车": "用车",
    "购置费": "购置",
    "运行费": "运行",
    "机关运行经费": "机关运行",
    "会议费": "会议",
    "培训费": "培训",
}


def _in_order(words: tuple[str, ...], header: str) -> bool:
    """Each word is printed in ``header``, after the one before it."""
    at = 0
    for w in words:
        found = header.find(w, at)
        if found < 0:
            return False
        at = found + len(w)
    return True


def columns_for(
    template: Template | None, width: int, header: str | None = None
) -> tuple[str, ...] | None:
    """The column roles of the variant with ``width`` value columns; failing that, of the one
    variant wider than that (a row whose empty cells were not written is narrower than its
    table). With ``header`` (the table's header text), only a variant whose roles it prints
    (and, where the entry says which words tell its variants apart, in that order): a table
    of as many columns but another layout (上年数 | 本年数, a nested 财政拨款 小计, 三公 in
    another order) takes no roles, and so no sums. None when no variant fits, or several do."""
    if template is None:
        return None
    fitting = list(template.columns)
    if header is not None and template.headers:
        # words whose order tells the variants apart (三公: 接待 before 用车, or after)
        fitting = [
            cols
            for cols, words in zip(template.columns, template.headers, strict=True)
            if _in_order(words, header)
        ]
    elif header is not None:
        # every role's word printed somewhere in the header (a header of nested rows comes
        # out in another order in each form: 事业单位 / 其他收入 / 经营收入)
        fitting = [
            cols for cols in template.columns if all(ROLE_KEYS.get(r, r) in header for r in cols)
        ]
    exact = [cols for cols in fitting if len(cols) == width]
    wider = [cols for cols in fitting if len(cols) > width]
    found = exact or wider
    return found[0] if len(found) == 1 else None


def variant_of(template: Template | None, names: tuple[str, ...]) -> tuple[str, ...] | None:
    """The variant whose roles a table's columns were named by (the reader names them only
    when the header confirms the variant)."""
    if template is None:
        return None
    return names if names in template.columns else None


# The lines of a two-sided 收支总表 (identity ``sides``), by what their labels say: the words
# are the standard's own line names, not one report's. A 支出 line named by use (基本支出 …)
# is told from one named by function (一、一般公共服务支出 …) by these names; a line that
# brings a balance forward (收入 side) or carries one over (支出 side) by these endings.
SIDE_LINES: dict[str, tuple[str, ...]] = {
    "use": (
        "基本支出", "项目支出", "单位预留机动经费", "预留机动经费", "事业单位经营支出",
        "经营支出", "上缴上级支出", "对附属单位补助支出",
    ),
    "forward": (
        "上年结转", "上年结转资金", "年初结转和结余", "上年结转结余", "使用非财政拨款结余",
        "用事业基金弥补收支差额", "上年结余",
    ),
    "over": ("结转下年", "结转下年资金", "年末结转和结余", "结余分配", "下年资金"),
    # this year's side totals, before balances: 当年收入小计, 本年收入合计 …
    "income-subtotal": ("收入小计", "本年收入合计", "本年收入"),
    "spending-subtotal": ("支出小计", "本年支出合计", "本年支出"),
}  # fmt: skip


# The indicator framework of 绩效 目标 and 自评 tables (财政部《项目支出绩效评价管理办法》
# 财预〔2020〕10号 and its 共性指标框架): each 一级指标 and the 二级指标 under it. A 自评表 prints
# an 一级指标 once, with the points it is worth (产出指标 (50分)), beside the first of its rows;
# which rows are its is said by their 二级指标, not by where the label stands.
INDICATORS: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标", "满意度指标"),
    # later frameworks make 成本 an 一级指标 of its own, with these under it (成本指标 alone
    # stays 产出's 二级指标)
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
}
INDICATORS_STANDARD = "财政部 财预〔2020〕10号 绩效评价共性指标框架"
