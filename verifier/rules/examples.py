"""Each rule's documentation as ruff documents its rules: a figure it passes, one it fails, and
its known problems — what it lets through, when it says it cannot check, what conventions it
accepts. ``catalogue.markdown()`` renders them into docs/rules.md.

The examples are tested docs: where a short text reaches the rule, the example *is* that
text, and tests/test_rule_examples.py runs it through the extractor and the verifier and
holds the rule's finding to the outcome written here. Where no short text reaches the rule (a
misread the deterministic extractor cannot make, a structure only a model declares), the
example is said in words, with why it is not run.

The documents are made up for the project (a fictional 松岭区网格服务中心 and 青禾县网格服务
中心), written as the converters print them: tables tab-separated, one row a line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

# What the rule finds on an example's text: ``pass`` (a finding passes, none fails), ``fail``
# (a finding fails), ``insufficient_data`` (it says it cannot check, none fails), ``silent``
# (it says nothing: a rule that speaks only when something is missing), ``described`` (the
# example is said in words and not run).
Expect = Literal["pass", "fail", "insufficient_data", "silent", "described"]


@dataclass(frozen=True)
class Example:
    text: str
    expect: Expect
    why_not_run: str = ""  # for a described example: why no short text reaches the rule
    note: str = ""  # what to look at in the text: the figure that fails, and why
    # For a pair rule (family Y): the earlier year's report; ``text`` is the next year's.
    earlier: str = ""

    @property
    def run(self) -> bool:
        return self.expect != "described"


@dataclass(frozen=True)
class RuleDoc:
    passing: Example
    failing: Example
    known_problems: str


def passes(text: str, expect: Expect = "pass") -> Example:
    return Example(text, expect)


def fails(text: str, expect: Expect = "fail") -> Example:
    return Example(text, expect)


def described(words: str, why: str) -> Example:
    return Example(words, "described", why)


# -- pieces of a made-up 部门决算 (万元) ------------------------------------------------------

_UNIT = "金额单位：万元\n"


def _g01(
    spending_total: str = "520.00", grand: str = "520.00", income_total: str = "520.00"
) -> str:
    return (
        "收入支出决算总表\n公开01表\n" + _UNIT + "收入\t\t\t支出\t\t\n"
        "项目\t行次\t金额\t项目\t行次\t金额\n"
        "一、一般公共预算财政拨款收入\t1\t500.00\t一、一般公共服务支出\t9\t400.00\n"
        "二、其他收入\t2\t20.00\t二、社会保障和就业支出\t10\t120.00\n"
        f"本年收入合计\t3\t{income_total}\t本年支出合计\t11\t{spending_total}\n"
        "年初结转和结余\t4\t\t年末结转和结余\t12\t\n"
        f"总计\t5\t{grand}\t总计\t13\t520.00\n"
    )


def _g02(grants: str = "500.00") -> str:
    return (
        "收入决算表\n公开02表\n" + _UNIT + "项目\t\t本年收入合计\t财政拨款收入\t其他收入\n"
        "科目代码\t科目名称\t\t\t\n"
        f"合计\t\t520.00\t{grants}\t20.00\n"
        "201\t一般公共服务支出\t400.00\t380.00\t20.00\n"
        "208\t社会保障和就业支出\t120.00\t120.00\t\n"
    )


def _g03(item: str = "100.00", unit: str = _UNIT) -> str:
    return (
        "支出决算表\n公开03表\n" + unit + "项目\t\t本年支出合计\t基本支出\t项目支出\n"
        "科目代码\t科目名称\t\t\t\n"
        "合计\t\t520.00\t420.00\t100.00\n"
        "201\t一般公共服务支出\t400.00\t300.00\t100.00\n"
        "20103\t政府办公厅（室）及相关机构事务\t400.00\t300.00\t100.00\n"
        "2010301\t行政运行\t300.00\t300.00\t0.00\n"
        f"2010350\t事业运行\t{item}\t0.00\t100.00\n"
        "208\t社会保障和就业支出\t120.00\t120.00\t0.00\n"
    )


def _g04(general: str = "380.00", opening: str = "", fund_line: str = "") -> str:
    return (
        "财政拨款收入支出决算总表\n公开04表\n" + _UNIT + "收入\t\t\t支出\t\t\t\t\t\n"
        "项目\t行次\t金额\t项目\t行次\t合计\t一般公共预算财政拨款\t政府性基金预算财政拨款"
        "\t国有资本经营预算财政拨款\n"
        "一、一般公共预算财政拨款\t1\t500.00\t一、一般公共服务支出\t6\t380.00\t"
        f"{general}\t\t\n"
        "二、政府性基金预算财政拨款\t2\t\t二、社会保障和就业支出\t7\t120.00\t120.00\t\t\n"
        "本年收入合计\t3\t500.00\t本年支出合计\t8\t500.00\t500.00\t\t\n"
        f"年初财政拨款结转和结余\t4\t{opening}\t年末财政拨款结转和结余\t9\t\t\t\t\n"
        f"{fund_line}"
        "总计\t5\t500.00\t总计\t10\t500.00\t500.00\t\t\n"
    )


def _g05(total: str = "500.00", basic: str = "400.00") -> str:
    return (
        "一般公共预算财政拨款支出决算表\n公开05表\n" + _UNIT + "项目\t\t本年支出\t\t\n"
        "科目代码\t科目名称\t小计\t基本支出\t项目支出\n"
        f"合计\t\t{total}\t{basic}\t100.00\n"
        "201\t一般公共服务支出\t380.00\t280.00\t100.00\n"
        "208\t社会保障和就业支出\t120.00\t120.00\t0.00\n"
    )


def _g06(office: str = "20.00", personnel: str = "350.00", reception: str = "1.50") -> str:
    return (
        "一般公共预算财政拨款基本支出决算明细表\n公开06表\n"
        + _UNIT
        + "人员经费\t\t\t公用经费\t\t\n"
        "科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数\n"
        "301\t工资福利支出\t300.00\t302\t商品和服务支出\t50.00\n"
        f"30101\t基本工资\t180.00\t30201\t办公费\t{office}\n"
        f"30102\t津贴补贴\t120.00\t30217\t公务接待费\t{reception}\n"
        "303\t对个人和家庭的补助\t50.00\t30231\t公务用车运行维护费\t6.00\n"
        "30302\t退休费\t50.00\t30299\t其他商品和服务支出\t22.50\n"
        f"人员经费合计\t\t{personnel}\t公用经费合计\t\t50.00\n"
    )


def _g07(final_total: str = "7.50", reception: str = "1.50") -> str:
    return (
        "财政拨款“三公”经费支出决算表\n公开07表\n" + _UNIT + "预算数\t\t\t\t\t\t决算数\t\t\t\t\t\n"
        "合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\t合计\t因公出国（境）费"
        "\t公务用车购置及运行费\t\t\t公务接待费\n"
        "\t\t小计\t公务用车购置费\t公务用车运行费\t\t\t\t小计\t公务用车购置费\t公务用车运行费\t\n"
        f"8.00\t0.00\t6.00\t0.00\t6.00\t2.00\t{final_total}\t0.00\t6.00\t0.00\t6.00\t{reception}\n"
    )


def _g08(
    end: str = "", statement: str = "注：本部门本年度没有政府性基金预算财政拨款收支，本表无数据。\n"
) -> str:
    return (
        "政府性基金预算财政拨款收入支出决算表\n公开08表\n"
        + _UNIT
        + "项目\t\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余\n"
        "科目代码\t科目名称\t\t\t小计\t基本支出\t项目支出\t\n"
        f"合计\t\t{end}\t\t\t\t\t\n" + statement
    )


def _g08_figures(end: str) -> str:
    return (
        "政府性基金预算财政拨款收入支出决算表\n公开08表\n"
        + _UNIT
        + "项目\t\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余\n"
        "科目代码\t科目名称\t\t\t小计\t基本支出\t项目支出\t\n"
        f"合计\t\t5.00\t30.00\t25.00\t0.00\t25.00\t{end}\n"
        f"229\t其他支出\t5.00\t30.00\t25.00\t0.00\t25.00\t{end}\n"
    )


# -- pieces of a made-up 部门预算 --------------------------------------------------------------

_BUDGET = "松岭区网格服务中心2024年度部门预算\n\n第二部分 2024年度部门预算表\n\n"


def _budget_spending(item: str = "320.00", total: str = "1,716.65") -> str:
    return (
        "五、2024年度松岭区网格服务中心部门一般公共预算支出预算表\n单位：万元\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "201\t一般公共服务支出\t1,530.40\t1,210.40\t320.00\n"
        "20103\t政府办公厅（室）及相关机构事务\t1,530.40\t1,210.40\t320.00\n"
        "2010301\t行政运行\t1,210.40\t1,210.40\t0.00\n"
        f"2010350\t事业运行\t{item}\t0.00\t320.00\n"
        "208\t社会保障和就业支出\t186.25\t186.25\t0.00\n"
        "20805\t行政事业单位养老支出\t186.25\t186.25\t0.00\n"
        "2080505\t机关事业单位基本养老保险缴费支出\t124.17\t124.17\t0.00\n"
        "2080506\t机关事业单位职业年金缴费支出\t62.08\t62.08\t0.00\n"
        f"\t合计\t{total}\t1,396.65\t320.00\n"
    )


DOCS: dict[str, RuleDoc] = {}


def _g09() -> str:
    return (
        "国有资本经营预算财政拨款支出决算表\n公开09表\n" + _UNIT + "项目\t\t本年支出\t\t\n"
        "科目代码\t科目名称\t合计\t基本支出\t项目支出\n合计\t\t\t\t\n"
        "注：本部门本年度没有国有资本经营预算财政拨款支出，本表无数据。\n"
    )


def _final_accounts() -> str:
    """The nine tables of a small 部门决算, each agreeing with the others."""
    parts = (_g01(), _g02(), _g03(), _g04(), _g05(), _g06(), _g07(), _g08(), _g09())
    return "松岭区网格服务中心2023年度部门决算\n\n第二部分 部门决算表\n\n" + "\n".join(parts)


def _g04_funds(general_end: str = "10.00", fund_spent: str = "25.00") -> str:
    """A 公开04 whose balance brought forward is printed by fund, with 政府性基金 spending."""
    return (
        "财政拨款收入支出决算总表\n公开04表\n" + _UNIT + "收入\t\t\t支出\t\t\t\t\t\n"
        "项目\t行次\t金额\t项目\t行次\t合计\t一般公共预算财政拨款\t政府性基金预算财政拨款"
        "\t国有资本经营预算财政拨款\n"
        "一、一般公共预算财政拨款\t1\t500.00\t一、一般公共服务支出\t9\t380.00\t380.00\t\t\n"
        "二、政府性基金预算财政拨款\t2\t30.00\t二、社会保障和就业支出\t10\t120.00\t120.00\t\t\n"
        f"三、国有资本经营预算财政拨款\t3\t\t三、其他支出\t11\t25.00\t\t{fund_spent}\t\n"
        "本年收入合计\t4\t530.00\t本年支出合计\t12\t525.00\t500.00\t25.00\t\n"
        "年初财政拨款结转和结余\t5\t15.00\t年末财政拨款结转和结余\t13\t20.00\t"
        f"{general_end}\t10.00\t\n"
        "一般公共预算财政拨款\t6\t10.00\t\t\t\t\t\t\n"
        "政府性基金预算财政拨款\t7\t5.00\t\t\t\t\t\t\n"
        "总计\t8\t545.00\t总计\t14\t545.00\t510.00\t35.00\t\n"
    )


_FINAL = "松岭区网格服务中心2023年度部门决算\n\n第二部分 部门决算表\n\n"
_EXPLAINED = (
    "\n第三部分 部门决算情况说明\n\n三、支出决算情况说明\n\n"
    "2023年度支出决算520.00万元，其中：基本支出{basic}万元，项目支出100.00万元。\n"
)
_ITEM = (
    "\n第三部分 2024年度部门预算情况说明\n"
    "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）事业运行（项）{amount}万元，"
    "主要用于网格事件调度平台运行。\n"
)
_THREE_PUBLIC_BUDGET = (
    "部门“三公”经费和机关运行经费预算表\n单位:万元\n"
    "2024年“三公”经费预算数\t2024年机关运行经费预算数\n"
    "合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\n小计\t购置费\t运行费\n"
    "18.50\t0\t2.50\t16.00\t0\t16.00\t126.30\n"
    "\n其他相关情况说明\n\n一、2024年“三公”经费预算情况说明\n"
    "2024年“三公”经费预算数为18.50万元。其中：公务接待费{reception}万元；"
    "公务用车购置及运行费16.00万元。\n"
)
_TWO_SIDED = (
    "一、2024年松岭区网格服务中心部门财务收支预算总表\n单位：元\n本年收入\t本年支出\n"
    "项目\t预算数\t项目\t预算数\n"
    "一、财政拨款收入\t1,200,000\t一、一般公共服务支出\t700,000\n"
    "二、事业收入\t\t二、社会保障和就业支出\t500,000\n"
    "收入总计\t1,200,000\t支出总计\t{total}\n"
)
_INCOME_LIST = (
    "二、2024年度松岭区网格服务中心收入预算总表\n单位：{unit}\n项目名称\t\t金额\n"
    "\t收入总计\t{grand}\n\t小计\t{grants}\n一般公共预算资金\t公共财政拨款(补助)资金\t{grants}\n"
    "{others}"
)
_OTHERS = "\t小计\t16.65\n其他资金\t事业收入\t10.00\n\t其他收入\t6.65\n"
_BODIES = (
    "松岭区网格服务中心2024年度部门整体支出绩效自评报告\n\n一、部门（单位）基本概况\n\n"
    "部门（单位）年度支出和结余情况（万元）\n"
    "机构名称\t支出合计\t其中：\t\t\t\t结余\t\n"
    "\t\t基本支出\t其中：\t\t项目支出\t当年结余\t累计结余\n"
    "\t\t\t人员支出\t公用支出\t\t\t\n"
    "局机关及二级机构汇总\t186.40\t146.40\t118.20\t28.20\t40.00\t3.50\t5.10\n"
    "1、局机关\t150.20\t110.20\t90.00\t20.20\t40.00\t2.00\t{kept}\n"
    "2、二级机构1\t36.20\t36.20\t28.20\t8.00\t0\t1.50\t2.10\n\n"
    "二、部门整体支出绩效情况\n"
)


_BASIC_DATA = "\n".join(
    [
        "松岭区网格服务中心2024年度部门整体支出绩效自评报告",
        "",
        "附件1",
        "2024年度部门（单位）整体支出绩效评价基础数据表",
        "\t经费控制情况（万元）",
        "\t2023年决算数",
        "\t2024年预算数",
        "\t2024年决算数",
        "",
        "\t三公经费",
        "\t3.20",
        "\t3.50",
        "\t{total}",
        "",
        "\t1、公务用车购置和维护经费",
        "\t2.00",
        "\t2.20",
        "\t2.10",
        "",
        "\t其中：公车购置",
        "\t0",
        "\t0",
        "\t0",
        "",
        "\t公车运行维护",
        "\t2.00",
        "\t2.20",
        "\t2.10",
        "",
        "\t2、出国经费",
        "\t0",
        "\t0",
        "\t0",
        "",
        "\t3、公务接待",
        "\t1.20",
        "\t1.30",
        "\t0.95",
        "",
        "说明：本表由单位财务人员填写，数据来源于年度部门决算和预算，本段文字足以结束上面的表格。",
        "",
    ]
)


_STAFF = "\n".join(
    [
        "松岭区网格服务中心2024年度部门整体支出绩效自评报告",
        "",
        "附件1",
        "2024年度部门（单位）整体支出绩效评价基础数据表",
        "\t财政供养人员情况（人）",
        "\t编制数",
        "\t2024年实际在职人数",
        "\t控制率",
        "",
        "\t",
        "\t16",
        "\t14",
        "\t{rate}",
        "",
        "说明：本表由单位财务人员填写，数据来源于年度部门决算和预算，本段文字足以结束上面的表格。",
        "",
    ]
)
_SIDES = (
    "一、2024年度松岭区网格服务中心收支预算总表\n单位：万元\n收入\t\t支出\t\t\t\n"
    "项目名称\t金额\t功能科目名称\t金额\t项目名称\t金额\n"
    "一、财政拨款\t1,716.65\t一、一般公共服务支出\t1,530.40\t一、基本支出\t1,396.65\n"
    "1.一般公共预算\t1,716.65\t二、社会保障和就业支出\t{social}\t二、项目支出\t320.00\n"
    "当年收入小计\t1,716.65\t当年支出小计\t1,716.65\t\t\n"
    "上年结转资金\t20.00\t结转下年资金\t20.00\t\t\n"
    "收入合计\t1,736.65\t支出合计\t1,736.65\t\t\n"
)
_SELF_ASSESSMENT = (
    "青禾县网格服务中心\n2023年度部门整体支出绩效自评报告\n\n附件\n\n部门整体支出绩效自评表\n"
    "（2023年度）\n"
    "年度预算申请（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "\t年度资金总额\t300.00\t320.00\t304.00\t10\t{rate}\t9.5\n"
    "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
    "\t产出指标（60分）\t数量指标\t网格员培训期数\t4期\t4期\t30\t{trained}\n"
    "\t\t质量指标\t网格事件办结率\t≥95%\t96.2%\t30\t28\n"
    "\t满意度指标（30分）\t服务对象满意度指标\t群众满意度\t≥90%\t92%\t30\t29\n"
    "总分\t\t\t\t\t\t100\t{total}\n"
)
_SPLITS = _SELF_ASSESSMENT.format(rate="95.00%", trained="30", total="96.5").replace(
    "绩效指标\t",
    "\t按收入性质分：320.00\t按支出性质分：320.00\n"
    "\t其中：一般公共预算：{general}\t其中：基本支出：280.00\n"
    "\t政府性基金拨款：20.00\t项目支出：40.00\n"
    "\t纳入专户管理的非税收入拨款：\t\n绩效指标\t",
)
_BUDGET_TOTALS = (
    _BUDGET
    + _SIDES.replace("{social}", "186.25")
    + "\n第三部分 2024年度部门预算情况说明\n一、收支预算总体情况说明\n"
    + "松岭区网格服务中心2024年收入预算总计{total}万元，其中：财政拨款收入1,716.65万元，"
    + "上年结转资金20.00万元。\n"
)
_UNREAD = (
    "支出决算表\n公开03表\n" + _UNIT + "本表反映本部门本年度各项支出，本年支出合计520.00万元，"
    "其中基本支出420.00万元，项目支出100.00万元。\n"
)
_SHIFTED = _g03().replace(
    "208\t社会保障和就业支出\t120.00\t120.00\t0.00", "208\t社会保障和就业支出\t\t120.00\t120.00"
)
_ROUNDING = (
    "Every comparison is made on intervals: a figure stands for every value that rounds to it "
    "as written (300.00 for 299.995–300.005), so a sum of n parts may miss its total by the "
    "parts' half-units added up and still pass, noted 尾数误差; in a report written as entered "
    "(at least 20 of its table figures, a fifth or more, end in 00) such a miss fails unless it "
    "happens in two unrelated places (verifier.conventions)."
)
_EMPTY = "An empty cell is left out of a sum, never read as 0."
_PERCENT = (
    "A percent is compared at the precision it is written with (20% stands for 19.5–20.5%). "
    "A percent cut to its last digit instead of rounded (截尾) passes with a note, unless the "
    "report shows elsewhere that it rounds half up."
)

DOCS.update(
    {
        "C601": RuleDoc(
            passes("公务用车运行维护费支出决算为12.60万元，比上年增加2.10万元，增长20%。"),
            fails("公务用车运行维护费支出决算为12.60万元，比上年增加2.10万元，增长25%。"),
            "Needs all three of the amount, the change and the percent in one sentence, and the "
            "word that says which way (增加/减少): without them it is insufficient_data, as it is "
            "when the implied prior value (current − change) may be zero or negative. A change "
            "measured from a stated prior value is C605's. " + _PERCENT,
        ),
        "C607": RuleDoc(
            passes(
                "2024年一般公共预算财政拨款支出520.00万元，比2023年减少30.00万元。其中：基本支出"
                "400.00万元，比2023年增加20.00万元；项目支出120.00万元，比2023年减少50.00万元。"
            ),
            fails(
                "2024年一般公共预算财政拨款支出520.00万元，比2023年减少30.00万元。其中：基本支出"
                "400.00万元，比2023年增加20.00万元；项目支出120.00万元，比2023年减少60.00万元。"
            ),
            "Only where the whole and every item of its list state their change (a list whose "
            "items state none, or some, is not applicable), all against one base (上年, or all a "
            "budget), and where the items' amounts make the whole's (C602 passes: a list that is "
            "not all of its whole says nothing of its change). A change whose amount or direction "
            "was not read is insufficient_data. The list is read as C602 reads it (a 其中： list, "
            "or one opening the sentence after its whole's). An unchanged whole (持平) is not "
            "judged. Bases are compared as written (上年 and 2023年 are two). A miss is a "
            "warning: a line that was there last year and is 0 this year is often left out of "
            "the list, and then the changes do not add up while the report is right.",
        ),
        "C602": RuleDoc(
            passes("松岭区网格服务中心共有网格员86名（专职网格员24名、兼职网格员62名）。"),
            fails("松岭区网格服务中心共有网格员86名（专职网格员24名、兼职网格员60名）。"),
            "Counts (个/名/人) are exact; amounts add on intervals. A 0 written among amounts "
            "with decimals is read as nothing at their precision. Parts in mixed units, or a "
            "total not read, are insufficient_data. A list of 基本支出 and 项目支出 that falls "
            "short of 支出 is not applicable when 公开03's 合计 shows another kind of spending "
            "(上缴上级支出, 经营支出, 对附属单位补助支出) the sentence does not name: 其中 means "
            "among which. Only the parts the extractor reads as one list are summed.",
        ),
        "C603": RuleDoc(
            passes(
                "2023年度本年支出合计400.00万元，其中：基本支出300.00万元，占75%；"
                "项目支出100.00万元，占25%。"
            ),
            fails(
                "2023年度本年支出合计400.00万元，其中：基本支出300.00万元，占70%；"
                "项目支出100.00万元，占25%。"
            ),
            "The whole must be named in the same sentence: a share of a whole stated elsewhere, "
            "or a whole that may be zero, is insufficient_data. Shares of one whole printed "
            "together that total exactly 100% with each within one unit of its recomputation "
            "(调尾) pass with a note. " + _PERCENT,
        ),
        "C604": RuleDoc(
            passes("公务接待费预算为5.00万元，决算为4.00万元，完成预算的80%。"),
            fails("公务接待费预算为5.00万元，决算为4.00万元，完成预算的85%。"),
            "An operand not read, or a budget that may be zero, is insufficient_data. A rate "
            "above 100% is judged like any other. " + _PERCENT,
        ),
        "C605": RuleDoc(
            passes(
                "松岭区网格服务中心2024年度部门预算\n行政运行（项）2023年当年预算执行数为"
                "1100.00万元，2024年预算安排1210.40万元，比2023年预算执行数增加10.04%。"
            ),
            fails(
                "松岭区网格服务中心2024年度部门预算\n行政运行（项）2023年当年预算执行数为"
                "1100.00万元，2024年预算安排1210.40万元，比2023年预算执行数增加10.40%。"
            ),
            "Only a change whose prior value is written and no change amount; with an amount "
            "it is C601's. A prior value that may be zero, or a direction word not read, is "
            "insufficient_data. " + _PERCENT,
        ),
        "P701": RuleDoc(
            passes(_FINAL + _g03() + _EXPLAINED.format(basic="420.00")),
            fails(_FINAL + _g03() + _EXPLAINED.format(basic="402.00")),
            "Only amounts the extractor links to a table quantity are compared, and with the "
            "table the 情况说明 subsection explains (基本支出 under 支出 is 公开03's, under "
            "一般公共预算 公开05's); outside every subsection only a line named in full is read. "
            "A figure of another year (2022年度…) is not applicable; so is one whose table "
            "figure is not found or whose units are unknown. 财政拨款支出 outside its own "
            "subsection is skipped when other funds were spent too. Where 公开07's columns "
            "were not recognised, a 三公 amount passes when any figure of the table equals it. "
            "A 类 of the listed main uses (主要用于以下方面：…) is its row of 公开05, or the sum "
            "of the rows under it where the table prints no 类 rows; one unit of its last digit "
            "off the row passes as 尾数误差 where the sum of those rows allows it (a 类 row is "
            "often the sum of its rounded 项), unless 公开01 or 公开04 print the 类's line with a "
            "figure other than the prose's; a 类 whose rows were not all read is "
            "insufficient_data. "
            "Prose and table are compared across units, within the rounding of both.",
        ),
        "P702": RuleDoc(
            passes(_BUDGET + _budget_spending() + _ITEM.format(amount="320.00")),
            fails(_BUDGET + _budget_spending() + _ITEM.format(amount="302.00")),
            "The item is found only by its 类/款/项 names as the table prints them, on a 7-digit "
            "row; no table listing it is not applicable. Where several tables list the item "
            "(all funds, one fund), the amount passes when any one of them prints it, so an "
            "amount of the wrong scope passes if another table happens to print it.",
        ),
        "P703": RuleDoc(
            passes(_BUDGET + _THREE_PUBLIC_BUDGET.format(reception="2.50")),
            fails(_BUDGET + _THREE_PUBLIC_BUDGET.format(reception="3.50")),
            "Only in a budget with a catalogued 三公经费 (or 机关运行经费) table, and only where "
            "that table was read as one row carrying every column; otherwise each amount is not "
            "applicable (the column was not read).",
        ),
        "P704": RuleDoc(
            passes(_BUDGET_TOTALS.format(total="1,736.65")),
            fails(_BUDGET_TOTALS.format(total="1,763.65")),
            "Only the totals the catalogue names (verifier.templates.BUDGET_TOTALS), by their "
            "words right before their figure, where a clause starts or after the body's name "
            "or the year (extractor.claims.budgets): words after anything else name another "
            "total (政府性基金拨款支出预算, 上级补助收入预算, 本级…) and are not read. Only in a 部门预算 "
            "whose tables include one that may print the total; a total of another year "
            "(2023年收入预算) is not applicable. A name's scope drifts between regions (收入预算 "
            "is the 收入合计 in one, this year's 当年收入小计 in another): the amount agrees when "
            "one of the lines the catalogue lists prints it, so an amount of the wrong scope "
            "passes where another of those lines happens to print it.",
        ),
        "T101": RuleDoc(
            passes(_g03()),
            fails(_g03().replace("合计\t\t520.00\t420.00", "合计\t\t530.00\t420.00")),
            "Only the 功能分类 tables (公开02/03/05/08/09); a table with no 合计 row or no coded "
            "rows is not applicable. The top level is the highest printed. A column where no "
            "row below is written is skipped. " + _EMPTY + " " + _ROUNDING,
        ),
        "T102": RuleDoc(
            passes(_g03()),
            fails(_g03(item="110.00")),
            "Checked on every coded row that has rows coded under it in the same table, column "
            "by column; rows are nested by code alone, so a 项 printed under the wrong 款 code "
            "is summed where its code puts it. " + _EMPTY + " " + _ROUNDING,
        ),
        "T103": RuleDoc(
            passes(_g03()),
            fails(_g03(item="110.00")),
            "The total column is found by name (本年收入合计, 本年支出合计, 合计, 小计); every other "
            "value column counts as a part (in 公开08 only 基本支出 and 项目支出 under 小计). A "
            "table whose total column is not recognised is not applicable; a row with no part "
            "written is skipped, and one with parts but an empty total is insufficient_data. "
            + _EMPTY
            + " "
            + _ROUNDING,
        ),
        "T104": RuleDoc(
            passes(_g06()),
            fails(_g06(office="30.00")),
            "Only 公开06; each 3-digit block against its 5-digit items, each item read in the "
            "column of its first figure (公开06 prints several blocks side by side). A block "
            "with no items printed is not checked. " + _ROUNDING,
        ),
        "T105": RuleDoc(
            passes(_g06()),
            fails(_g06(personnel="360.00")),
            "人员经费 is 301 + 303 and 公用经费 every other block, by the codes printed; a block "
            "printed with no figure at all is left out, and a total line not found is not "
            "applicable. " + _ROUNDING,
        ),
        "T106": RuleDoc(
            passes(_g07()),
            fails(_g07(final_total="8.50")),
            "The columns must be recognised by their names under 预算数 and 决算数; where they "
            "are not, that side is not applicable. An unwritten part is left out. " + _ROUNDING,
        ),
        "T107": RuleDoc(
            passes(_BUDGET + _budget_spending()),
            fails(_BUDGET + _budget_spending(item="330.00")),
            "Any table with codes that the 公开 layouts do not read, whatever its kind. Rows "
            "whose cells do not line up with the columns (a converter dropped the empty ones) "
            "are judged on their row sums instead; a figure the converter cut in two is "
            "insufficient_data. " + _ROUNDING,
        ),
        "T108": RuleDoc(
            passes(_BUDGET + _budget_spending()),
            fails(_BUDGET + _budget_spending(total="1,726.65")),
            "Not applicable when the table has more than one 合计 row or its top level mixes "
            "code lengths (it prints part of its tree). " + _ROUNDING,
        ),
        "T109": RuleDoc(
            passes(_BUDGET + _budget_spending()),
            fails(_BUDGET + _budget_spending(item="330.00")),
            "Only tables the catalogue (verifier.templates) knows and whose columns match one "
            "of its variants; only rows that carry every column, or whose unwritten cells can "
            "be placed. A table outside the catalogue is not checked here. " + _ROUNDING,
        ),
        "T110": RuleDoc(
            passes(_BUDGET + _TWO_SIDED.format(total="1,200,000")),
            fails(_BUDGET + _TWO_SIDED.format(total="1,260,000")),
            "Only tables the catalogue says balance; where no 收入 and 支出 totals are "
            "recognised, not applicable. Compares the totals only: lines that do not add up to "
            "them are T112's. " + _ROUNDING,
        ),
        "T111": RuleDoc(
            passes(
                _BUDGET
                + _INCOME_LIST.format(
                    unit="万元", grand="1,716.65", grants="1,700.00", others=_OTHERS
                )
            ),
            fails(
                _BUDGET
                + _INCOME_LIST.format(
                    unit="万元", grand="1,717.65", grants="1,700.00", others=_OTHERS
                )
            ),
            "Only lists the catalogue calls outlines, with the words it says end an item; a "
            "line with no figure adds nothing; a 其中 line is a part of the line above it, "
            "never a line of the sum. " + _ROUNDING,
        ),
        "T112": RuleDoc(
            passes(_BUDGET + _SIDES.format(social="186.25")),
            fails(_BUDGET + _SIDES.format(social="196.25")),
            "Lines are placed on a side by their labels, not their position; a line that cannot "
            "be placed makes the table insufficient_data, and two lists that miss by the same "
            "amount in opposite directions (a figure read beside the wrong label) are both "
            "insufficient_data rather than judged. " + _ROUNDING,
        ),
        "T113": RuleDoc(
            passes(_BODIES.format(kept="3.00")),
            fails(_BODIES.format(kept="3.60")),
            "Only tables the catalogue gives this identity (the 绩效自评 基本概况 tables); a "
            "table with two total lines is not applicable. A second table printed under the "
            "same caption (its header, 机构名称 …, printed again) is not read. " + _ROUNDING,
        ),
        "T114": RuleDoc(
            passes(_BASIC_DATA.format(total="3.05")),
            fails(_BASIC_DATA.format(total="3.15")),
            "Only the lines the catalogue names (verifier.templates.LINE_SUMS), found by their "
            "labels: a table that prints a line twice, or leaves out a line of the sum, is not "
            "applicable; one that prints the total line and none of its lines is not laid out "
            "that way, and nothing is said (Hunan's 自评表 splits its 年度资金总额 in label：figure "
            "cells instead: S805). A 自评表's column whose lines are all left blank (全年执行数, "
            "often) adds up to nothing and is not judged. Other lists of the same table (项目支出 and its items, 公用经费 and its "
            "其中 lines, which need not be whole) are not summed. " + _ROUNDING,
        ),
        "T115": RuleDoc(
            passes(_STAFF.format(rate="87.50%")),
            fails(_STAFF.format(rate="85.70%")),
            "Only the columns the catalogue names (verifier.templates.RATE_COLUMNS), found by "
            "their headers, each once in its table; a row without both figures is not "
            "applicable. Counts written whole are exact: 14 of 16 people is 87.5% and nothing "
            "either side of it. " + _PERCENT,
        ),
        "T120": RuleDoc(
            described(
                "A 收支情况表 whose header puts 上年结转 and 财政拨款 under 收入合计 (其中:), read "
                "as 收入合计 120.00 = 上年结转 20.00 + 财政拨款 100.00, passes.",
                "Only a model's reading declares a column's parent (extractor/llm); the "
                "deterministic extractor never does, so no text reaches this rule in a test "
                "without a model.",
            ),
            described(
                "The same row with 财政拨款 110.00 (20.00 + 110.00 = 130.00 against 120.00) fails.",
                "As for the passing example: only a model declares the parts of a column.",
            ),
            "Only columns a model's reading declares as parts; empty part cells are left out "
            "and an empty total is not checked, so a row with a blank total passes silently. "
            + _ROUNDING,
        ),
        "I201": RuleDoc(
            passes(_g01()),
            fails(_g01(income_total="530.00", grand="530.00")),
            "Sums the 收入 lines printed above 本年收入合计 in 公开01 and 公开04, whatever they "
            "are called; a total line not found is insufficient_data, a side with nothing "
            "written not applicable. " + _EMPTY + " " + _ROUNDING,
        ),
        "I202": RuleDoc(
            passes(_g01()),
            fails(_g01(spending_total="530.00")),
            "As I201, on the 支出 side, and in 公开04 in each fund's column; a fund column with "
            "nothing written is not applicable. " + _EMPTY + " " + _ROUNDING,
        ),
        "I203": RuleDoc(
            passes(_g01()),
            fails(_g01(grand="530.00")),
            "The lines between this year's total and 总计 are its balances, whatever they are "
            "called; in 公开04's 收入 side only the first of them (年初财政拨款结转和结余) counts, "
            "the fund lines under it being its parts (I208). " + _EMPTY + " " + _ROUNDING,
        ),
        "I204": RuleDoc(
            passes(_g01()),
            fails(_g01(grand="530.00")),
            "Compares the first value column of each side; a 总计 not found on either side is "
            "insufficient_data. " + _ROUNDING,
        ),
        "I205": RuleDoc(
            passes(_g04()),
            fails(_g04(general="390.00")),
            "Only when the 支出 side's 合计 and at least one fund column are recognised by name; "
            "otherwise not applicable. Fund columns not printed count as nothing. " + _ROUNDING,
        ),
        "I206": RuleDoc(
            passes(_g08_figures("10.00")),
            fails(_g08_figures("12.00")),
            "A row with any of 年初, 本年收入 or 本年支出 empty is insufficient_data, not judged "
            "with 0 — though a blank 年初 usually means none; columns not recognised make the "
            "table not applicable. " + _ROUNDING,
        ),
        "I207": RuleDoc(
            passes(_g04_funds()),
            fails(_g04_funds(general_end="12.00")),
            "Needs 年初财政拨款结转和结余 broken down by fund on the lines below it; most "
            "公开04s print it once, and are then insufficient_data. A fund with nothing written "
            "is not applicable; a fund line empty or missing is insufficient_data. " + _ROUNDING,
        ),
        "I208": RuleDoc(
            passes(_g04_funds()),
            fails(
                _g04_funds().replace(
                    "一般公共预算财政拨款\t6\t10.00", "一般公共预算财政拨款\t6\t12.00"
                )
            ),
            "Not applicable when the balance is not broken down by fund (the usual 公开04). "
            + _EMPTY
            + " "
            + _ROUNDING,
        ),
        "X301": RuleDoc(
            passes(_g01() + "\n" + _g03()),
            fails(_g01() + "\n" + _g03().replace("合计\t\t520.00", "合计\t\t510.00")),
            "Each cross-table rule compares the first table of each kind and is not applicable "
            "when one is absent; tables in different units are compared after conversion, and "
            "a table whose unit is unknown is insufficient_data. " + _ROUNDING,
        ),
        "X302": RuleDoc(
            passes(_g01() + "\n" + _g02()),
            fails(_g01() + "\n" + _g02().replace("\t20.00\n201", "\t25.00\n201")),
            "The 财政拨款 column is compared only when 公开01 prints all three 财政拨款 income "
            "lines (一般公共预算, 政府性基金, 国有资本经营); a 公开01 that leaves one out has its "
            "财政拨款 silently unchecked. Another source is compared only where either table "
            "prints it. " + _ROUNDING,
        ),
        "X303": RuleDoc(
            passes(_g02() + "\n" + _g04()),
            fails(_g02(grants="510.00") + "\n" + _g04()),
            "公开02's 财政拨款收入 column of its 合计 row against 公开04's 本年收入合计; a "
            "column or line not found is insufficient_data. " + _ROUNDING,
        ),
        "X304": RuleDoc(
            passes(_g01() + "\n" + _g03()),
            fails(
                _g01()
                + "\n"
                + _g03().replace(
                    "208\t社会保障和就业支出\t120.00", "208\t社会保障和就业支出\t130.00"
                )
            ),
            "Each 类 of 公开03 (its 3-digit row, else the top rows) against the 公开01 line of "
            "the same name; a 类 with no line in 公开01 is insufficient_data. " + _ROUNDING,
        ),
        "X305": RuleDoc(
            passes(_g04() + "\n" + _g05()),
            fails(_g04(general="390.00") + "\n" + _g05()),
            "As X304, for 公开05's 类 against 公开04's 一般公共预算财政拨款 column. " + _ROUNDING,
        ),
        "X306": RuleDoc(
            passes(_g04() + "\n" + _g05()),
            fails(_g04() + "\n" + _g05(total="510.00")),
            "公开05's 合计 (小计 column) against 公开04's 本年支出合计 in the 一般公共预算 "
            "column. " + _ROUNDING,
        ),
        "X307": RuleDoc(
            passes(_g05() + "\n" + _g06()),
            fails(_g05(basic="410.00") + "\n" + _g06()),
            "公开06's totals are found by the start of their line (人员经费合计, 公用经费合计). "
            + _ROUNDING,
        ),
        "X308": RuleDoc(
            passes(_g06() + "\n" + _g07()),
            fails(_g06() + "\n" + _g07(final_total="8.00", reception="2.00")),
            "Not applicable when 30217 or 公开07's 决算数 公务接待费 is not printed. A difference "
            "is only a warning: reception paid from 项目支出 makes the two differ legitimately, "
            "so a wrong figure in either table is never an error here. " + _ROUNDING,
        ),
        "X309": RuleDoc(
            passes(_g04_funds() + "\n" + _g08_figures("10.00")),
            fails(
                _g04_funds()
                + "\n"
                + _g08_figures("10.00").replace(
                    "合计\t\t5.00\t30.00\t25.00\t0.00\t25.00",
                    "合计\t\t5.00\t30.00\t26.00\t0.00\t26.00",
                )
            ),
            "Not applicable when the fund's table prints no total and 公开04 shows nothing spent "
            "from that fund. " + _ROUNDING,
        ),
        "X310": RuleDoc(
            passes(
                _BUDGET
                + _TWO_SIDED.format(total="1,200,000")
                + "\n"
                + _INCOME_LIST.format(unit="元", grand="1,200,000", grants="1,200,000", others="")
            ),
            fails(
                _BUDGET
                + _TWO_SIDED.format(total="1,200,000")
                + "\n"
                + _INCOME_LIST.format(unit="元", grand="1,210,000", grants="1,210,000", others="")
            ),
            "Only the links the catalogue lists, only where each of the two tables appears "
            "once and both figures were read; otherwise the rule says nothing at all. " + _ROUNDING,
        ),
        "R401": RuleDoc(
            passes(_final_accounts()),
            fails(_FINAL + _g03()),
            "Only for a 部门决算. A section titled as a 公开 table that sets out nothing (a "
            "无数据 statement, or no amount but zeros) counts as the table present, so a report "
            "whose nine sections each say 本表无数据 passes. A section whose table was not "
            "read fails as an extraction problem, not a missing table.",
        ),
        "R402": RuleDoc(
            passes(_g08()),
            fails(_g08(statement="")),
            "The statement is sought from the table to the next table (or 600 characters on) "
            "by a pattern (无数据, 空表, 无收支, 没有…收入/支出 …): any such phrase there "
            "counts, whatever it says it is about. A table with data is not applicable.",
        ),
        "R403": RuleDoc(
            passes(_g03()),
            fails(_g03(unit="")),
            "Only the nine standard 公开 tables; a budget's tables are not checked. A unit the "
            "extractor inferred counts as not stated, and the failure is only info.",
        ),
        "E501": RuleDoc(
            passes(_g01() + "\n" + _g03()),
            fails(_g01() + "\n" + _g03(unit="金额单位：元\n")),
            "Compares every table's headline total with the first table's; totals that differ "
            "by anything but a factor of 10000 (within rounding) are not applicable here (the X "
            "rules judge them). A table with no headline (公开06–09, every budget table) is not "
            "compared.",
        ),
        "E502": RuleDoc(
            passes(_g03()),
            fails(_SHIFTED),
            "Only 公开02/03/05/09, shifts of one column either way, and rows with at least two "
            "figures other than zero. A row that fails and does not hold when shifted is left "
            "to T103.",
        ),
        "E503": RuleDoc(
            passes(_g03()),
            fails(_UNREAD, "insufficient_data"),
            "Never fails: an unread section is insufficient_data (E504 then flags the report). "
            "A section that says it is empty (此表为空, 无数据) is not counted as unread.",
        ),
        "E504": RuleDoc(
            passes(_g03(), "silent"),
            fails(_UNREAD),
            "Said only by a full verification (verify with no rule codes), and only when "
            "something is missing: it never passes. A section that prints no amount but zeros "
            "is not counted as unread. The share of figures required is 90% by default "
            "(HEDUI_MIN_COVERAGE); a figure counts as checked when any rule's comparison "
            "reached it, pass or fail.",
        ),
        "G001": RuleDoc(
            passes(_g03()),
            described(
                "A figure whose span points at other characters (the text at 120-126 reads "
                "'420.00' where the extraction says it read '402.00') fails.",
                "The deterministic extractor reads every figure where it stands; only a "
                "model's extraction or a stale span can misplace one, which no text alone "
                "produces.",
            ),
            "Checks position and value as written (full-width digits normalised), not "
            "whether the figure was attributed to the right row or column.",
        ),
        "S801": RuleDoc(
            passes(_SELF_ASSESSMENT.format(rate="95.00%", trained="30", total="96.5")),
            fails(_SELF_ASSESSMENT.format(rate="95.00%", trained="32", total="98.5")),
            "Points and scores are read as awarded, as S802 reads them: whole points are exact "
            "(30.4 against 30 fails), a score with decimals stands for what rounds to it. Rows "
            "without both 分值 and 得分, and the 总分 row, are skipped.",
        ),
        "S802": RuleDoc(
            passes(_SELF_ASSESSMENT.format(rate="95.00%", trained="30", total="96.5")),
            fails(_SELF_ASSESSMENT.format(rate="95.00%", trained="30", total="97.5")),
            "Two sums are tried (the 总分 row's own table, or every table of the 自评表, as "
            "templates differ on whether 年度资金总额 counts) and the one that agrees is taken. "
            "Whole points are exact; a score with decimals stands for what rounds to it. The "
            "points a group heading declares (产出指标（60分）) are not checked. No 总分 row: "
            "not applicable.",
        ),
        "S805": RuleDoc(
            passes(_SPLITS.format(general="300.00")),
            fails(_SPLITS.format(general="310.00")),
            "Only cells that print a label and its figure together (按收入性质分：320.00), in "
            "the lines under a budget line that prints 全年预算数 and 全年执行数, up to the "
            "indicators, a line of prose, or 40 lines. A line is placed in a split by its whole "
            "label (verifier.templates.FUND_SPLITS), never by its place; a line left blank or "
            "dashed adds nothing, and a split with none filled in is not applicable. What "
            "cannot be placed makes both splits not applicable: a figured line of no known "
            "split, a figure alone (a page number looks the same), two cells run together, a "
            "second 其中 in a split; a figure that does not read (详见附表3, words before it that "
            "are no known gloss) leaves its split insufficient_data. "
            "The two heads are not compared with each other: a form may split the funds to "
            "hand by source and what was spent by use (the rest carried over). Plain text "
            "(no tabs or pipes) is not read.",
        ),
        "S804": RuleDoc(
            passes(_SELF_ASSESSMENT.format(rate="95.00%", trained="30", total="96.5")),
            fails(
                _SELF_ASSESSMENT.format(rate="95.00%", trained="30", total="96.5").replace(
                    "产出指标（60分）", "产出指标（50分）"
                )
            ),
            "Rows are placed by their 二级指标 through the catalogue's framework "
            "(verifier.templates.INDICATORS); a scored row whose 二级指标 is not listed there makes "
            "the table insufficient_data. Rows worth less than declared are insufficient_data (a "
            "row may be missing: S802's business), and an 一级指标 with no row is not applicable. "
            "Whole points are read as ±0.5, so a 一级指标 off by less than half a point per row "
            "passes.",
        ),
        "C606": RuleDoc(
            passes(_FINAL + "\n截至2023年12月31日，本部门共有公务用车0辆。\n"),
            fails(_FINAL + "\n截至2022年12月31日，本部门共有公务用车0辆。\n"),
            "Only headings that speak of the report's own accounts (决算, 预算, 自评, 绩效, and not "
            "执行 or 上年) and year-end dates (截至X年12月31日); a budget's date may name the year "
            "before. Where three or more such places mostly name another year, the report's own "
            "year is in doubt and nothing is judged. A heading year is found in the heading's "
            "first line of text only.",
        ),
        "S803": RuleDoc(
            passes(_SELF_ASSESSMENT.format(rate="95.00%", trained="30", total="96.5")),
            fails(_SELF_ASSESSMENT.format(rate="96.00%", trained="30", total="96.5")),
            "Only rows that print 全年执行数, 全年预算数 and 执行率; the score is checked against "
            "分值 × the stated rate (capped at full points), and its failure is a warning, not "
            "an error. " + _PERCENT,
        ),
    }
)

# -- family Y: two reports of one department, consecutive years -----------------------------


def _year_budget(year: int, basic: str, change: str, pct: str) -> str:
    return (
        f"松岭区网格服务中心{year}年部门预算\n一、收支预算总体情况说明\n"
        f"此外，基本支出预算数为{basic}万元。与上年相比增加{change}万元，增长{pct}%。\n"
    )


def _year_final(year: int, start: str = "", end: str = "") -> str:
    return f"松岭区网格服务中心{year}年度部门决算\n" + _g01().replace(
        "年初结转和结余\t4\t\t年末结转和结余\t12\t\n",
        f"年初结转和结余\t4\t{start}\t年末结转和结余\t12\t{end}\n",
    )


def _pair(earlier: str, later: str, expect: Expect, note: str = "") -> Example:
    return Example(later, expect, note=note, earlier=earlier)


DOCS.update(
    {
        "Y901": RuleDoc(
            _pair(
                _year_budget(2023, "400.00", "10.00", "2.56"),
                _year_budget(2024, "430.00", "30.00", "7.50"),
                "pass",
            ),
            _pair(
                _year_budget(2023, "410.00", "10.00", "2.50"),
                _year_budget(2024, "430.00", "30.00", "7.50"),
                "fail",
                "2024's 430.00 less its change 30.00 is 400.00; 2023 printed 410.00.",
            ),
            "Reads the changes the claims give (an amount, its change and percent, or a stated "
            "prior, or a change said by its amount alone right after a comparison with a year, "
            "比2023年预算增加25万元, or as none, 比2023年预算持平); 基本持平 and 一致 are no change "
            "claim, so they are not compared. A line is named by the table quantity "
            "its amount is linked to or by the words before the figure, with the department's "
            "name, years and enumerators taken away: a line the two years word differently is "
            "not compared, and a name that gives the earlier report two different figures is "
            "not judged. 上年 against a report of another kind (a budget's 与上年相比 against a "
            "决算) is not judged; 上年预算执行数 is compared only with a 决算.",
        ),
        "Y902": RuleDoc(
            described(
                "A 2024 table whose 上年预算数 column prints 120.00 for row 2010301 where the 2023 "
                "table of the same kind prints 预算数 120.00 for that row.",
                "no table the extractor reads from a short text carries a 上年 column (the "
                "catalogued Jiangsu and Shanghai budget tables print none); the rule is run on "
                "Tables built directly in tests/test_years.py.",
            ),
            described(
                "The same, the 2023 table printing 121.00: 上年预算数 120.00 against 121.00.",
                "as above: tests/test_years.py builds the two tables.",
            ),
            "Only a table of the same kind (and catalogue entry) that the earlier report has "
            "once, a row of the same code (or name, without codes) found once, and one column of "
            "the same meaning once the year words are taken away (上年预算数 ~ 预算数 ~ "
            "2023年预算数); 上年执行数/决算数 only against a 决算.",
        ),
        "Y903": RuleDoc(
            _pair(_year_final(2023, end="10.00"), _year_final(2024, start="10.00"), "pass"),
            _pair(
                _year_final(2023, end="10.00"),
                _year_final(2024, start="12.00"),
                "fail",
                "2024 starts with 12.00 carried over; 2023 ended with 10.00.",
            ),
            "Only 决算 of consecutive years, each with one 公开01 (and 公开04) whose 年初/年末 "
            "结转和结余 line is read. A carry-over adjusted between the years (调整年初结转) is "
            "reported as a disagreement, for a person to confirm against the report's note.",
        ),
    }
)

# What a failing example changes, said beside its text.
_FAILS_BECAUSE = {
    "C601": "2.10 on a prior of 12.60 − 2.10 = 10.50 is 20%, not 25%.",
    "C602": "24 + 60 = 84 名, not 86.",
    "C607": "+20.00 − 60.00 = −40.00: a decrease of 40.00, not 30.00.",
    "C603": "300.00 of 400.00 is 75%, not 70%.",
    "C604": "4.00 of 5.00 is 80%, not 85%.",
    "C605": "(1210.40 − 1100.00) / 1100.00 = 10.036%, printed 10.40% instead of 10.04%.",
    "P701": "the prose's 基本支出 402.00 against 公开03's 420.00.",
    "P702": "事业运行（项） 302.00 in the explanation; the table prints 320.00.",
    "P703": "公务接待费 3.50 in the explanation; the table's column prints 2.50.",
    "T101": "合计 530.00 against 400.00 + 120.00 = 520.00.",
    "T102": "事业运行 110.00 makes 20103's 项 add up to 410.00, not 400.00.",
    "T103": "事业运行's 合计 110.00 against 0.00 + 100.00.",
    "T104": "办公费 30.00 makes 302's items add up to 60.00, not 50.00.",
    "T105": "人员经费合计 360.00 against 301 300.00 + 303 50.00.",
    "T106": "决算数 合计 8.50 against 0.00 + 6.00 + 1.50 = 7.50.",
    "T107": "事业运行 330.00 makes 20103's 项 add up to 1,540.40, not 1,530.40.",
    "T108": "合计 1,726.65 against 1,530.40 + 186.25 = 1,716.65.",
    "T109": "事业运行's 合计 330.00 against 0.00 + 320.00.",
    "T110": "支出总计 1,260,000 against 收入总计 1,200,000.",
    "T111": "收入总计 1,717.65 against the 小计 1,700.00 + 16.65.",
    "T112": "社会保障和就业支出 196.25 makes the lines by function 1,726.65, not 当年支出小计 1,716.65.",
    "T113": "累计结余 5.10 against 局机关 3.60 + 二级机构1 2.10.",
    "T114": "三公经费 2024年决算数 3.15 against 2.10 + 0 + 0.95.",
    "I201": "本年收入合计 530.00 against 500.00 + 20.00.",
    "I202": "本年支出合计 530.00 against 400.00 + 120.00.",
    "I203": "总计(收) 530.00 against 本年收入合计 520.00 and no balance.",
    "I204": "总计(收) 530.00 against 总计(支) 520.00.",
    "I205": "一般公共服务支出's 一般公共预算 390.00 against its 合计 380.00.",
    "I206": "年末 12.00 against 5.00 + 30.00 − 25.00 = 10.00.",
    "I207": "一般公共预算: 年初 10.00 + 收入 500.00 = 510.00, but 支出 500.00 + 年末 12.00 = 512.00.",
    "I208": "the 一般公共预算 line 12.00 and 政府性基金 5.00 against 年初 15.00.",
    "X301": "公开03 合计 510.00 against 公开01 本年支出合计 520.00.",
    "X302": "公开02 其他收入 25.00 against 公开01 其他收入 20.00.",
    "X303": "公开02 财政拨款收入 510.00 against 公开04 本年收入合计 500.00.",
    "X304": "公开03's 208 130.00 against 公开01's 社会保障和就业支出 120.00.",
    "X305": "公开05's 201 380.00 against 公开04's 一般公共预算 column 390.00.",
    "X306": "公开05 合计 510.00 against 公开04 本年支出合计 500.00.",
    "X307": "公开05 基本支出 410.00 against 人员经费 350.00 + 公用经费 50.00.",
    "X308": "公开07 公务接待费 2.00 against 公开06 30217 1.50.",
    "X309": "公开08 合计 本年支出 26.00 against 公开04's 政府性基金 column 25.00.",
    "X310": "收入预算总表 收入总计 1,210,000 against 收支预算总表 收入总计 1,200,000.",
    "R401": "one 公开 table of nine: the other eight are not in the report.",
    "R402": "公开08 is empty and says nothing about why.",
    "R403": "公开03 has no 金额单位 line.",
    "E501": "公开03 says 元, and its 合计 520.00 元 is 公开01's 520.00 万元 / 10000.",
    "E502": "208's figures sit one column to the right: 120.00 = 120.00 only when read −1.",
    "E503": "公开03 is set out, but its figures stand in a sentence, not a table.",
    "E504": "a table set out but not read: its figures are not verified.",
    "S801": "网格员培训期数 scores 32 of 30 points.",
    "S802": "总分 得分 97.5 against 9.5 + 30 + 28 + 29 = 96.5.",
    "S803": "304.00 / 320.00 = 95%, not 96%.",
    "S804": "产出指标 declares 50 points; its rows (数量 30, 质量 30) are worth 60.",
    "T115": "14 / 16 = 87.50%, not 85.70%.",
    "P704": "收入预算总计 1,763.65 is printed by none of 收入合计 1,736.65, 当年收入小计 1,716.65.",
    "S805": "按收入性质分 320.00 against 一般公共预算 310.00 + 政府性基金拨款 20.00 = 330.00.",
    "C606": "a 2023 决算 speaks of the state at 截至2022年12月31日, last year's end.",
}
for _code, _why in _FAILS_BECAUSE.items():
    _doc = DOCS[_code]
    DOCS[_code] = replace(_doc, failing=replace(_doc.failing, note=_why))
