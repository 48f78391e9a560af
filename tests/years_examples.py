"""Made-up two-year examples for the rules across years (family Y) and the department
matching: a fictional 松岭区网格服务中心's budgets of 2023 and 2024, written as the converters
print a budget's 情况说明. Figures are invented; every one agrees inside its own report."""

from __future__ import annotations


def budget(
    year: int,
    department: str = "松岭区网格服务中心",
    total: str = "520.00",
    total_change: str = "20.00",
    total_pct: str = "4.00",
    basic: str = "400.00",
    basic_change: str = "10.00",
    basic_pct: str = "2.56",
    project: str = "120.00",
    project_change: str = "10.00",
    project_pct: str = "9.09",
) -> str:
    """A 部门预算's 情况说明 of ``year``: its totals, 基本支出 and 项目支出, each with its change
    from the year before."""
    return (
        f"{department}{year}年部门预算\n"
        "一、收支预算总体情况说明\n"
        f"{department}{year}年度收入、支出预算总计{total}万元，与上年相比收、支预算总计各增加"
        f"{total_change}万元，增长{total_pct}%。\n"
        f"此外，基本支出预算数为{basic}万元。与上年相比增加{basic_change}万元，增长{basic_pct}%。\n"
        f"项目支出预算数为{project}万元。与上年相比增加{project_change}万元，增长{project_pct}%。\n"
    )


def earlier() -> str:
    return budget(2023)


def later(basic_change: str = "30.00", basic_pct: str = "7.50") -> str:
    """2024: 基本支出 430.00, 30.00 more than 2023's 400.00; 项目支出 142.00, 22.00 more than
    120.00; the total 572.00, 52.00 more than 520.00."""
    return budget(
        2024, total="572.00", total_change="52.00", total_pct="10.00", basic="430.00",
        basic_change=basic_change, basic_pct=basic_pct, project="142.00",
        project_change="22.00", project_pct="18.33",
    )  # fmt: skip
