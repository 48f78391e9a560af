"""extract_claims on small sentences written in the corpus's style (no corpus text copied)."""

from decimal import Decimal

from extractor.claims.read import extract_claims
from verifier.report import ClaimKind


def _claims(text):
    return extract_claims(text, [], [])


def test_change_reads_delta_pct_and_current():
    t = "2022年度公务接待费支出决算为0.40万元，与上年相比减少0.10万元，减少20%。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.CHANGE]
    assert c.direction == "decrease"
    assert c.numbers["value"].value == Decimal("0.40")
    assert c.numbers["delta"].value == Decimal("0.10")
    for n in c.numbers.values():
        assert t[n.span.start : n.span.end] == n.raw


def test_change_without_current_is_unverifiable_not_dropped():
    t = "与上年相比，减少12.5万元，减少10%。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.CHANGE]
    assert c.status == "unverifiable" and c.reason


def test_a_change_said_by_its_amount_alone_after_a_year():
    t = "松岭区网格服务中心财政拨款支出预算1,620.50万元，比2023年预算减少76.75万元。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.CHANGE]
    assert c.direction == "decrease" and c.compared_to == "2023年预算"
    assert c.numbers["value"].raw == "1,620.50" and c.numbers["delta"].raw == "76.75"
    assert "pct" not in c.numbers


def test_no_change_said_as_chiping_but_not_roughly_so():
    t = "公务用车运行费21.56万元，比2024年预算持平。公务接待费3.00万元，比2024年预算基本持平。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.CHANGE]
    assert c.direction == "flat" and c.numbers["value"].raw == "21.56"


def test_an_increase_of_a_line_is_not_a_change_of_the_year():
    t = "基本支出增加人员经费12.00万元，主要用于新进人员工资。"
    assert not [c for c in _claims(t) if c.kind == ClaimKind.CHANGE]


def test_parts_in_brackets():
    t = "全区共划分 120 个网格（40 个专职网格，80 个兼职网格），实现全覆盖。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.PARTS]
    assert c.numbers["value"].value == 120
    assert [p.value for p in c.parts] == [40, 80]


def test_money_parts_and_shares():
    t = "本年支出合计100.00万元，其中：基本支出80.00万元，占80%；项目支出20.00万元，占20%。"
    cs = _claims(t)
    (p,) = [c for c in cs if c.kind == ClaimKind.PARTS]
    assert [n.value for n in p.parts] == [Decimal("80.00"), Decimal("20.00")]
    shares = [c for c in cs if c.kind == ClaimKind.SHARE]
    assert [s.numbers["pct"].value for s in shares] == [80, 20]


def test_shares_of_the_listed_main_uses():
    """The template's structure sentence: each item's share of the amount before the list,
    and no PARTS claim (主要 allows the main uses only)."""
    t = (
        "2023年度财政拨款支出500.00万元，主要用于以下方面：一般公共服务（类）支出400.00万元，"
        "占80%；社会保障和就业（类）支出100.00万元，占20%。"
    )
    cs = _claims(t)
    shares = [c for c in cs if c.kind == ClaimKind.SHARE]
    assert [s.numbers["value"].raw for s in shares] == ["400.00", "100.00"]
    assert {s.numbers["whole"].raw for s in shares} == {"500.00"}
    assert [s.numbers["pct"].raw for s in shares] == ["80", "20"]
    assert not [c for c in cs if c.kind == ClaimKind.PARTS]
    for s in shares:
        for n in s.numbers.values():
            assert t[n.span.start : n.span.end] == n.raw


def test_shares_of_the_listed_main_uses_wrapped_as_converters_wrap_them():
    """The same sentence cut into a PDF's lines (a phrase, an amount and its share each broken
    by a line end, a space before the figure): the same claims."""
    t = (
        "财政拨款支出 500.00 万元，主要用于以下方\n面：一般公共服务（类）400.00\n万元，\n"
        "占 80%；住房保障（类）100.00 万元，占 20%。"
    )
    shares = [c for c in _claims(t) if c.kind == ClaimKind.SHARE]
    assert [s.numbers["value"].raw for s in shares] == ["400.00", "100.00"]
    assert [s.numbers["pct"].raw for s in shares] == ["80", "20"]
    assert {s.numbers["whole"].raw for s in shares} == {"500.00"}


def test_listed_main_uses_are_the_amounts_of_their_classes():
    """Each item of the list with a share is its 类's amount in 公开05 (a one-name 功能分类
    path), however the 类 is written: （类）支出, 支出（类）, 支出 alone, cut by a line end."""
    t = (
        "财政拨款支出 500.00 万元，主要用于以下方面：一般公共服务（类）支出300.00万元，占60%；"
        "社会保障和就业支出（类）100.00 万元，占20%；卫生健\n康支出 60.00万元，占12%；"
        "住房保障支出（类）40.00万元，占8%。"
    )
    amounts = [c for c in _claims(t) if c.kind == ClaimKind.AMOUNT and "功能分类" in c.link]
    assert [(c.link, c.numbers["value"].raw) for c in amounts] == [
        ("公开05.功能分类.一般公共服务", "300.00"),
        ("公开05.功能分类.社会保障和就业", "100.00"),
        ("公开05.功能分类.卫生健康", "60.00"),
        ("公开05.功能分类.住房保障", "40.00"),
    ]
    assert amounts[0].subject == "一般公共服务（类）"


def test_listed_main_uses_need_the_amount_right_before_them():
    """Without the amount spent right before the list, nothing is a share of it; an item's
    own 其中 ends the list (its shares would be of the item)."""
    t = "2023年度财政拨款支出500.00万元，按规定主要用于以下方面：一般公共服务支出400.00万元，占80%。"
    assert not [c for c in _claims(t) if c.kind == ClaimKind.SHARE]
    t = (
        "财政拨款支出500.00万元，主要用于以下方面：一般公共服务支出400.00万元，占80%，"
        "其中：人员经费300.00万元，占75%。"
    )
    shares = [c for c in _claims(t) if c.kind == ClaimKind.SHARE]
    assert [(s.numbers["value"].raw, s.numbers["whole"].raw) for s in shares] == [
        ("400.00", "500.00")
    ]


def test_shares_after_any_qizhong_even_when_the_list_is_not_whole():
    """A share names its whole (the total before 其中) whether or not the list after 其中
    names every part: after a bare 其中, or one item after 其中：, shares but no PARTS."""
    t = (
        "2022年度整体支出90.00万元，其中基本支出72.00万元，占总支出的80%，基本支出中人员支出为"
        "30.00万元，公用经费支出42.00万元；项目支出18.00万元，占总支出的20%。"
    )
    cs = _claims(t)
    assert not [c for c in cs if c.kind == ClaimKind.PARTS]
    shares = [c for c in cs if c.kind == ClaimKind.SHARE]
    assert [(c.numbers["value"].raw, c.numbers["pct"].raw) for c in shares] == [
        ("72.00", "80"),
        ("18.00", "20"),
    ]
    assert {c.numbers["whole"].raw for c in shares} == {"90.00"}
    t = "本年收入合计 300.00 万元，其中：财政拨款收入 300.00 万元，占 100%。"
    cs = _claims(t)
    assert not [c for c in cs if c.kind == ClaimKind.PARTS]
    ((value, whole),) = [
        (c.numbers["value"].raw, c.numbers["whole"].raw) for c in cs if c.kind == ClaimKind.SHARE
    ]
    assert (value, whole) == ("300.00", "300.00")


def test_a_list_of_main_uses_inside_a_qizhong_is_of_its_own_whole():
    """其中财政拨款支出Y万元，主要用于以下方面：… — the items are shares of Y, not of the total
    before 其中, and no PARTS claim sums Y with them."""
    t = (
        "本年支出合计827.66万元，其中财政拨款支出812.46万元，主要用于以下方面："
        "一般公共服务支出687.11万元，占84.6%；社会保障和就业支出125.35万元，占15.4%。"
    )
    cs = _claims(t)
    shares = [c for c in cs if c.kind == ClaimKind.SHARE]
    assert {c.numbers["whole"].raw for c in shares} == {"812.46"}
    assert len(shares) == 2
    assert not [c for c in cs if c.kind == ClaimKind.PARTS and c.numbers["value"].raw == "827.66"]


def test_a_change_is_not_the_whole_of_a_list():
    """比上年增加d万元，其中… / 比上年增加d万元，主要用于以下方面：… — d is a change."""
    for t in (
        "本年支出合计827.66万元，比上年增加45.26万元，其中基本支出627.66万元，占75.8%；"
        "项目支出200.00万元，占24.2%。",
        "财政拨款支出812.46万元，比上年增加45.26万元，主要用于以下方面：一般公共服务支出"
        "687.11万元，占84.6%。",
    ):
        cs = _claims(t)
        assert not [c for c in cs if c.kind == ClaimKind.SHARE], t
        assert not [c for c in cs if c.link and "功能分类" in c.link], t


def test_a_share_of_another_whole_is_not_a_share_of_the_list_s():
    """人员经费a万元，占基本支出的Y% in a list of 本年支出合计: of 基本支出, left out; 占总支出的
    and 占比 are of the whole."""
    t = (
        "本年支出合计827.66万元，其中基本支出627.66万元，占总支出的75.8%，人员经费519.96万元，"
        "占基本支出的82.8%；项目支出200.00万元，占比24.2%。"
    )
    shares = [c for c in _claims(t) if c.kind == ClaimKind.SHARE]
    assert [c.numbers["value"].raw for c in shares] == ["627.66", "200.00"]


def test_only_classes_of_the_listed_uses_are_class_amounts():
    """An item is a 类 by its name (the national 功能分类) or its （类）: an economic list, the
    uses of 基本支出, or 其他支出 unmarked give no 类 amount; a numbered item is read by its name."""
    economic = (
        "一般公共预算财政拨款支出500.00万元，主要用于以下方面：工资福利支出300.00万元，占60%；"
        "商品和服务支出150.00万元，占30%；其他支出50.00万元，占10%。"
    )
    basic = (
        "一般公共预算财政拨款基本支出400.00万元，主要用于以下方面：一般公共服务支出300.00万元，"
        "占75%；住房保障支出100.00万元，占25%。"
    )
    numbered = (
        "一般公共预算财政拨款支出500.00万元，主要用于以下方面：（一）一般公共服务支出400.00万元，"
        "占80%；2.住房保障支出100.00万元，占20%。"
    )
    for t in (economic, basic):
        assert not [c for c in _claims(t) if c.link and "功能分类" in c.link], t
    links = [c.link for c in _claims(numbered) if c.link and "功能分类" in c.link]
    assert links == ["公开05.功能分类.一般公共服务", "公开05.功能分类.住房保障"]


def test_parts_after_a_bare_qizhong_only_for_the_split_by_nature():
    """Without a colon, 其中 often lists some items only: a list is taken whole only when it
    is 基本支出 and 项目支出 (and other named amounts) up to the end of the sentence."""
    t = "2022年度支出120.50万元，其中基本支出100.25万元，项目支出20.25万元，结余结转0万元。"
    (p,) = [c for c in _claims(t) if c.kind == ClaimKind.PARTS]
    assert p.numbers["value"].raw == "120.50"
    assert [n.raw for n in p.parts] == ["100.25", "20.25", "0"]
    for t in (
        "2022年度预算收入300万元，其中年初预算200万元，调整追加60万元。",
        # words that are not kinds of spending: a change, a breakdown, budgets, a second total
        "2022年度支出合计120.50万元，其中基本支出100.25万元，项目支出20.25万元，比上年减少30.00万元。",
        "2022年度支出合计120.50万元，其中基本支出100.25万元，主要包括人员经费80.00万元、"
        "公用经费20.25万元；项目支出20.25万元。",
        "2022年度支出合计120.50万元，其中基本支出100.25万元，年初预算为90.00万元；"
        "项目支出20.25万元，年初预算为20.00万元。",
        "整体支出90.00万元，其中基本支出90.00万元，占总支出的100%，基本支出中人员支出为30.00万元，"
        "公用经费支出60.00万元；项目支出0万元。",
    ):
        assert not [c for c in _claims(t) if c.kind == ClaimKind.PARTS], t


def test_budget_and_actual_series_are_not_parts():
    t = "总支出50万元，其中：基本支出预算30万元、实际支出30万元，项目支出预算20万元、实际支出20万元。"
    assert not [c for c in _claims(t) if c.kind == ClaimKind.PARTS]


def test_rate():
    t = "公务接待费支出预算为2.00万元，支出决算为1.00万元，完成预算的50%。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.RATE]
    assert c.numbers["budget"].value == 2 and c.numbers["value"].value == 1


def test_rate_takes_the_budget_of_the_whole_not_of_its_last_part():
    t = (
        "财政拨款支出年初预算数为500.00万元，其中基本支出预算为450.00万元，项目支出预算为50.00万元，"
        "支出决算数为480.50万元，完成年初预算的96.1%。"
    )
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.RATE]
    assert c.numbers["budget"].raw == "500.00" and c.numbers["value"].raw == "480.50"
    t = "基本支出预算为400.00万元，决算为390.00万元；项目支出预算为60.00万元，决算为57.00万元，完成预算的95%。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.RATE]
    assert c.numbers["budget"].raw == "60.00" and c.numbers["value"].raw == "57.00"


def test_an_amount_after_a_change_word_is_the_change_not_the_level():
    """主要原因是基本支出增加人员经费30.00万元: 30 is how much 人员经费 grew, not 人员经费 (which
    P701 would compare with 公开06's 人员经费合计: a false error)."""
    t = "基本支出612.46万元，其中：人员经费519.96万元，公用经费92.50万元。主要原因是基本支出增加人员经费 30.00 万元。"
    found = [(c.subject, c.numbers["value"].raw) for c in _claims(t) if c.kind == ClaimKind.AMOUNT]
    assert ("人员经费", "519.96") in found and ("人员经费", "30.00") not in found
    t = "压减公用经费5.00万元，新增项目支出20.00万元。"
    assert not [c for c in _claims(t) if c.kind == ClaimKind.AMOUNT]


def test_a_change_word_on_the_line_before_does_not_make_a_change():
    t = "机关运行经费比上年增加\n人员经费519.96万元，公用经费92.50万元。"
    found = [(c.subject, c.numbers["value"].raw) for c in _claims(t) if c.kind == ClaimKind.AMOUNT]
    assert ("人员经费", "519.96") in found


def test_a_rate_that_opens_its_sentence_is_of_the_sentence_before():
    """…支出决算为X万元。⏎完成年初预算的Y%。: the rate's amounts are the sentence's before,
    even after the line break a PDF's text wraps at."""
    t = "主要用于退休人员活动。年初预算为 1.20 万元，支出决算为 0.90 万元。\n完成年初预算的 75.00%。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.RATE]
    assert c.numbers["budget"].raw == "1.20" and c.numbers["value"].raw == "0.90"
    assert t[c.sentence.start : c.sentence.end].startswith("年初预算为")
    # a rate with amounts of its own takes none from before it
    t = "年初预算为 1.20 万元，支出决算为 0.90 万元。公用经费预算为2.00万元，决算为1.00万元，完成预算的50%。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.RATE]
    assert c.numbers["budget"].raw == "2.00"


def test_a_rate_after_a_sentence_of_several_amounts_takes_none():
    """The sentence before must give one budget and one actual: after a list of parts, or a
    rate of its own, which pair the rate is of is not said."""
    for before in (
        "年初预算为150万元，其中：基本支出年初预算为100万元，支出决算为90万元；项目支出年初预算为50万元，支出决算为30万元。",
        "年初预算为100万元，支出决算为90万元，完成年初预算的90%，其中：基本支出60万元，项目支出30万元。",
        "公务接待费支出3万元，财政下达控制数为5万元；公务用车运行维护费支出5万元，财政下达控制数为5万元。",
    ):
        for rate in ("完成年初预算的80%。", "完成财政下达控制数的80%。"):
            claims = [c for c in _claims(before + "\n" + rate) if c.kind == ClaimKind.RATE]
            opening = [c for c in claims if c.numbers["pct"].raw == "80"]
            assert [c.status for c in opening] == ["unverifiable"], before


def test_a_rate_opening_the_text_has_no_amounts():
    (c,) = [c for c in _claims("完成年初预算的 75.00%。") if c.kind == ClaimKind.RATE]
    assert c.status == "unverifiable"


def test_basic_and_project_spending_of_an_item_are_the_item_s():
    """After an item's heading, 基本支出 and 项目支出 are the item's parts, not table totals."""
    t = (
        "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。"
        "年初预算为100.00万元，支出决算为98.00万元，其中基本支出90.00万元，项目支出8.00万元。"
        "本年基本支出500.00万元。"
    )
    links = [(c.subject, c.numbers["value"].raw) for c in _claims(t) if c.link]
    assert links == [("行政运行（项）", "98.00"), ("基本支出", "500.00")]


def _amount_links(text):
    return [(c.subject, c.link, c.numbers["value"].raw) for c in _claims(text) if c.link]


def test_actual_after_its_budget_links_the_actual():
    t = "2022年度财政拨款支出年初预算数为500.00万元，支出决算数为480.50万元，完成年初预算的96.1%。"
    assert _amount_links(t) == [("财政拨款支出", "公开04.本年支出合计", "480.50")]
    t = "一般公共预算财政拨款支出年初预算数为90.18万元，一般公共预算财政拨款支出决算数为400.26万元。"
    assert _amount_links(t) == [("一般公共预算财政拨款支出", "公开05.合计", "400.26")]


def test_actual_after_a_list_of_budgets_is_not_the_last_part_s():
    """The actual closing a list of the parts' budgets is the whole's: not linked to the
    last part named (项目支出), nor to anything else."""
    t = (
        "2022年度财政拨款支出年初预算数为500.00万元，其中基本支出预算为450.00万元，"
        "项目支出预算为50.00万元，支出决算数为480.50万元。"
    )
    assert _amount_links(t) == []
    # separate clauses, each with its own budget and actual, still link each part
    t = "基本支出年初预算为400.00万元，决算为390.00万元；项目支出年初预算为60.00万元，决算为58.00万元。"
    assert [(s, v) for s, _, v in _amount_links(t)] == [
        ("基本支出", "390.00"),
        ("项目支出", "58.00"),
    ]


def test_an_income_subject_does_not_take_a_spending_actual():
    t = "2022年度财政拨款收入年初预算为500.00万元，支出决算为480.50万元。"
    assert _amount_links(t) == []


def test_fiscal_spending_and_totals_link_to_g01_and_g04():
    t = (
        "2023年度收、支总计880.00万元。2023年度财政拨款收、支总计860.00万元。"
        "2023年度财政拨款支出860.00万元，占本年支出合计的97.7%。"
    )
    assert _amount_links(t) == [
        ("收、支总计", "公开01.总计", "880.00"),
        ("财政拨款收、支总计", "公开04.总计", "860.00"),
        ("财政拨款支出", "公开04.本年支出合计", "860.00"),
    ]


def test_a_subject_inside_a_longer_name_is_not_taken():
    """“三公”经费财政拨款支出 is 公开07's total, not 公开04's 财政拨款支出."""
    assert _amount_links("“三公”经费财政拨款支出决算为5.90万元。") == []


def test_a_budget_figure_is_not_linked_to_the_tables_actuals():
    assert _amount_links("年初预算项目支出 0 万元，我单位年初没有项目支出预算。") == []
    # 一般公共预算 names a fund, not a budget
    assert _amount_links("其中：一般公共预算财政拨款收入812.46万元。") == [
        ("财政拨款收入", "公开04.本年收入合计", "812.46")
    ]


def test_change_in_a_continuing_sentence_is_measured_from_the_one_before():
    t = "2023年度收、支总计1371.73万元。与上年相比，减少265.13万元，减少16.2%。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.CHANGE]
    assert c.numbers["value"].raw == "1371.73" and c.status != "unverifiable"


def test_change_after_a_paragraph_break_is_not_measured_from_the_paragraph_before():
    t = "2023年度收、支总计1371.73万元。\n\n与上年相比，减少265.13万元，减少16.2%。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.CHANGE]
    assert "value" not in c.numbers and c.status == "unverifiable"


def test_a_full_stop_closing_an_aside_does_not_end_the_sentence():
    t = "2021年度财政拨款收、支总计1081.46万元，(年初结转和结余14.75万元。)与上年相比，增加552.39万元，增长104.41%。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.CHANGE]
    assert c.numbers["value"].raw == "1081.46"


def test_an_items_actual_links_to_its_row_by_the_names_of_its_path():
    t = (
        "1、一般公共服务支出（类）人大事务（款）行政运行（项）。\n\n"
        "年初预算为50.00万元，支出决算为48.20万元，完成年初预算的96.4%。\n\n"
        "2、卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）\n\n"
        "年初预算为6.00万元，支出决算为6.10万元，完成年初预算的101.67%。"
    )
    assert _amount_links(t) == [
        ("行政运行（项）", "公开05.功能分类.一般公共服务支出/人大事务/行政运行", "48.20"),
        (
            "事业单位医疗（项）",
            "公开05.功能分类.卫生健康支出/行政事业单位医疗/事业单位医疗",
            "6.10",
        ),
    ]


def test_an_items_heading_applies_to_the_next_sentence_only():
    t = (
        "1、一般公共服务支出（类）人大事务（款）行政运行（项）。主要用于日常运转。"
        "年初预算为50.00万元，支出决算为48.20万元。"
    )
    assert _amount_links(t) == []


def test_last_years_figure_is_not_linked_to_this_years_table():
    assert _amount_links("上年财政拨款支出488.83万元，上年年末结转和结余5.20万元。") == []


def test_a_continuing_change_is_measured_from_the_total_not_one_of_its_parts():
    t = "本年支出合计435.55万元，其中：基本支出389.15万元，项目支出46.40万元。与上年相比，减少31.92万元，下降6.8%。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.CHANGE]
    assert c.numbers["value"].raw == "435.55"


def test_a_heading_naming_two_items_gives_no_item_figure():
    t = (
        "1、一般公共服务支出（类）人大事务（款）行政运行（项）、一般行政管理事务（项）。"
        "年初预算为0万元，支出决算为129.25万元。"
    )
    assert _amount_links(t) == []


def _change(t):
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.CHANGE]
    return c


def test_an_amount_wrapped_before_or_inside_its_unit_is_read():
    t = "本年政府采购金额为 960.50 万元，其中：货物采购金额 120.30\n万元、工程采购金额 500.00 万\n元、服务采购金额 340.20 万 元。"
    (p,) = [c for c in _claims(t) if c.kind == ClaimKind.PARTS]
    assert [n.raw for n in p.parts] == ["120.30", "500.00", "340.20"]
    assert {n.unit for n in p.parts} == {"万元"}
    for n in p.parts:
        assert t[n.span.start : n.span.end] == n.raw


def test_a_line_starting_with_yuan_after_a_figure_is_not_its_unit():
    # a page number, then a sentence starting with 元旦: no amount of 12 元
    assert [
        c for c in _claims("共发放慰问品12\n元旦期间走访困难职工。") if c.kind == ClaimKind.PARTS
    ] == []
    assert _amount_links("财政拨款支出12\n元旦期间走访困难职工。") == []


def test_a_budget_reports_change_is_measured_from_its_budget_figure():
    c = _change("本年一般公共预算支出预算 3200.00 万元，与上年相比增加 200.00 万元，增长 6.67%。")
    assert c.numbers["value"].raw == "3200.00"


def test_a_change_against_the_budget_is_not_measured_from_the_budget():
    # the budget is the base here, not the current amount
    c = _change("年初预算为 100.00 万元，比年初预算增加 20.00 万元，增长 20%。")
    assert "value" not in c.numbers and c.status == "unverifiable"


def test_a_continuing_change_may_name_the_year_and_say_the_subject_again():
    t = "2024 年度收入支出总计\n5200.00 万元。与 2023 年度相比，收入支出总\n计增加 400.00 万元，增长 8.33%。"
    assert _change(t).numbers["value"].raw == "5200.00"


def test_a_continuing_change_about_another_subject_is_not_measured_from_the_one_before():
    t = "2024 年度收入支出总计 5200.00 万元。与 2023 年度相比，项目支出增加 400.00 万元，增长 8.33%。"
    c = _change(t)
    assert "value" not in c.numbers and c.status == "unverifiable"


def test_a_list_runs_on_past_a_page_number():
    t = "本年支出预算合计 900.00 万元，其中：基本支出 600.00 万元；\n\n12 \n\n项目支出 300.00 万元。"
    (p,) = [c for c in _claims(t) if c.kind == ClaimKind.PARTS]
    assert [n.raw for n in p.parts] == ["600.00", "300.00"]


def test_a_count_in_the_aside_before_is_not_the_total_of_the_next_aside():
    t = "甲局(包含甲局机关、乙站3个三级预算单位)\n丙总队(包含丙总队机关、直属支队、2个高速支队5个三级预算单位)"
    assert [c for c in _claims(t) if c.kind == ClaimKind.PARTS] == []


def test_change_words_wrapped_at_a_line_break_are_read():
    c = _change("机关运行经费支出 120.00 万元，比上年减\n少 30.00 万元，下\n降 20%。")
    assert c.direction == "decrease" and c.numbers["value"].raw == "120.00"


def test_the_amount_of_another_change_is_not_the_current_amount():
    # the first change is not read (its percent is garbled); its 0.20 is a delta all the same
    t = "三公经费支出比上年减少 0.20 万元，下降（增长）25%，其中：公务接待费支出减少 0.20 万元，下降 25%。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.CHANGE]
    assert "value" not in c.numbers and c.status == "unverifiable"


def test_a_list_ends_at_the_next_explanations_heading() -> None:
    """A converter that joins lines leaves no 。 between a list's last item and the heading
    of the next explanation: the list is not read on into it."""
    from extractor.claims import extract_claims

    text = (
        "二、收入预算情况说明本年收入预算合计 100.00 万元，其中：一般公共预算收入 90.00 万元，"
        "其他资金 10.00 万元；三、支出预算情况说明本年支出预算合计 100.00 万元，其中：基本支出"
        " 60.00 万元，项目支出 40.00 万元。"
    )
    parts = [c for c in extract_claims(text, [], []) if c.kind.value == "parts"]
    assert [[p.raw for p in c.parts] for c in parts] == [["90.00", "10.00"], ["60.00", "40.00"]]


def test_a_subject_wrapped_at_a_line_break_is_still_its_amount():
    """人员⏎经费 4,896.98万元: a converter wrapped the line inside the name."""
    t = "一般公共预算财政拨款基本支出5,377.64万元。其中：人员\n经费4,896.98万元，主要包括基本工资。"
    amounts = [c for c in _claims(t) if c.kind == ClaimKind.AMOUNT]
    assert {c.subject: c.numbers["value"].raw for c in amounts}["人员经费"] == "4,896.98"


def test_a_subject_wrapped_as_one_paragraph_a_line_is_still_its_amount():
    """人员 ⏎⏎经费: a converter that writes each line of the PDF a paragraph of its own (the
    Markdown forms) leaves a blank before the break and a blank line after it."""
    t = "一般公共预算财政拨款基本支出5,377.64万元。其中：人员 \n\n经费4,896.98万元，主要包括基本工资。"
    amounts = [c for c in _claims(t) if c.kind == ClaimKind.AMOUNT]
    assert {c.subject: c.numbers["value"].raw for c in amounts}["人员经费"] == "4,896.98"
    c = _change("机关运行经费支出 120.00 万元，比上年减 \n\n少 30.00 万元，下降 20%。")
    assert c.direction == "decrease" and c.numbers["delta"].raw == "30.00"
    t = "其中：人员 经费4,896.98万元。"  # a blank without a break is no wrap
    assert "人员经费" not in {c.subject for c in _claims(t) if c.kind == ClaimKind.AMOUNT}


def test_a_change_of_another_line_is_not_pinned_on_the_figure_before_it():
    """A review found these read as changes of 基本支出, giving false errors across years."""
    for t in (
        "2024年度基本支出预算数为430.00万元，“三公”经费预算与上年持平。",
        "2024年度基本支出预算数为430.00万元，项目支出比上年减少5.00万元。",
    ):
        assert not [c for c in _claims(t) if c.kind == ClaimKind.CHANGE], t


def test_an_amount_only_change_followed_by_an_unread_percent_is_unverifiable():
    t = "财政拨款支出预算1,620.50万元，比2023年预算减少76.75万元（降幅约为4.5%）。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.CHANGE]
    assert c.status == "unverifiable"


def test_a_change_that_continues_the_sentence_before_across_a_wrapped_comparison():
    """基本支出预算数为X万元。与上年⏎相比增加d万元，增长Y%: the line broken inside 与上年相比
    (the converters' text forms) still only continues the sentence before, which says what
    changed."""
    for gap in ("", "\n", " \n"):
        t = f"此外，基本支出预算数为 13,994.31 万元。与上年{gap}相比增加 1,670.85 万元，增长 13.56 %。"
        c = _change(t)
        assert c.numbers["value"].raw == "13,994.31", repr(gap)


def test_a_share_padded_by_a_converter_is_still_its_share():
    """一般公共预算收入 21,940.96 万元，占 ⏎99.94     %: one cell a line keeps the PDF's
    spaces; the share is read as in the tab-separated form."""
    t = (
        "本年收入预算合计  21,955.35 万元，其中： \n一般公共预算收入  21,940.96 万元，占  \n"
        "99.94     %； \n其他资金  14.39 万元，占   0.06 %。"
    )
    shares = [c for c in _claims(t) if c.kind == ClaimKind.SHARE]
    assert [c.numbers["pct"].raw for c in shares] == ["99.94", "0.06"]


def test_a_rate_of_the_ceiling_set_in_place_of_a_budget():
    """三公经费支出X万元，财政下达控制数为B万元，完成财政下达控制数的Y%: the actual first, the
    ceiling after it; Y = X / B as for a budget."""
    t = "2020年三公经费支出0.69万元，财政下达控制数为0.70万元，完成财政下达控制数的98.57%。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.RATE]
    assert c.status == "typed" and c.compared_to == "控制数"
    assert {k: n.raw for k, n in c.numbers.items()} == {
        "value": "0.69",
        "budget": "0.70",
        "pct": "98.57",
    }


def test_the_income_split_of_a_budget_is_a_list_of_its_parts():
    """全年预算数为X万元，按收入性质分：A a万元，B b万元；按支出性质分：…: the income split is all
    of X; the spending split that follows is neither part of it nor a list of the last item."""
    t = (
        "调整预算后全年预算数为1081.46万元，按收入性质分：一般公共预算安排1066.71万元，其他资金"
        "年初结转结余14.75万元；按支出性质分：基本支出1066.71万元（一般公共预算支出1066.71万元）。"
    )
    parts = [c for c in _claims(t) if c.kind == ClaimKind.PARTS]
    assert [(c.numbers["value"].raw, [p.raw for p in c.parts]) for c in parts] == [
        ("1081.46", ["1066.71", "14.75"])
    ]


def test_a_list_opening_its_sentence_splits_the_whole_said_before():
    """支出X万元，比上年减少d万元。其中：A a万元，比上年增加…；B b万元…: the sentence before says
    what the list splits (its amount, not the change's), this one only how."""
    t = (
        "2018年一般公共预算财政拨款支出3249.32万元，比2017年减少145.52万元。其中：基本支出"
        "610.17万元，比2017年增加48.58万元，主要用于人员工资；项目支出2639.15万元，比2017年"
        "减少150.10万元，主要用于道路建设。"
    )
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.PARTS]
    assert c.numbers["value"].raw == "3249.32"
    assert [p.raw for p in c.parts] == ["610.17", "2639.15"]
    # not when the sentence before goes on after its amount, nor across a paragraph
    for t in (
        "支出3249.32万元，主要用于道路建设。其中：基本支出610.17万元，项目支出2639.15万元。",
        "支出3249.32万元。\n其中：基本支出610.17万元，项目支出2639.15万元。",
    ):
        assert not [c for c in _claims(t) if c.kind == ClaimKind.PARTS], t


def test_a_change_amount_after_a_page_number_is_no_part():
    """比上年预算减少⏎31⏎30.8 万元: the page's number stands between the change word and its
    amount; 30.8 is the change, not a part of the list."""
    t = (
        "公务用车购置及运行费预算支出237万元。其中：\n公务用车运行维护费预算支出237万元，"
        "比上年预算减少\n\n \n31\n30.8 万元，主要原因是车辆转隶。"
    )
    assert not [c for c in _claims(t) if c.kind == ClaimKind.PARTS]


def test_a_ceiling_rate_takes_the_ceiling_stated_as_one_and_the_whole_actual():
    """A change against the ceiling is not the ceiling, nor a change of the actual the actual;
    a part's ceiling beside the whole's leaves the rate unread (a review found each read as
    the rate's operands)."""
    cases = {
        "2024年“三公”经费支出15.00万元，比财政下达控制数减少5.00万元，完成财政下达控制数的75.00%。": None,
        "2024年“三公”经费财政下达控制数为20.00万元，其中公务接待费控制数为8.00万元，"
        "实际支出15.00万元，完成财政下达控制数的75.00%。": None,
        "2024年“三公”经费支出15.00万元，比上年减少1.00万元，财政下达控制数为20.00万元，"
        "完成财政下达控制数的75.00%。": ("20.00", "15.00"),
    }
    for t, operands in cases.items():
        (c,) = [c for c in _claims(t) if c.kind == ClaimKind.RATE]
        if operands is None:
            assert c.status == "unverifiable", t
        else:
            assert (c.numbers["budget"].raw, c.numbers["value"].raw) == operands, t


def test_an_income_split_follows_a_budget_only():
    """按收入性质分 after an item of another list, or after an amount that is no budget, splits
    nothing read (a review found each read as the whole)."""
    for t in (
        "2024年全年预算数为520.00万元，其中年初预算500.00万元，年中追加20.00万元，"
        "按收入性质分：财政拨款480.00万元，其他资金40.00万元。",
        "全年预算数为520.00万元，全年执行数为510.00万元，按收入性质分：财政拨款480.00万元，"
        "其他资金40.00万元。",
    ):
        assert not [c for c in _claims(t) if c.kind == ClaimKind.PARTS], t


def test_a_share_of_a_whole_named_at_length_is_not_read_as_the_lists():
    """占部门总支出的比重为Y%: the department's whole, not the 财政拨款 the list splits; the
    reach after an amount counts 14 characters that are not blank, as before the padding of
    one-cell-a-line text was allowed for."""
    t = (
        "2024年度财政拨款支出100.00万元，其中：基本支出60.00万元，占部门总支出的比重为40.00%；"
        "项目支出40.00万元，占部门总支出的比重为26.67%。"
    )
    assert not [c for c in _claims(t) if c.kind == ClaimKind.SHARE]


def test_a_list_after_a_sentence_of_several_amounts_splits_none_of_them():
    """The sentence before a 其中： list must say one amount (said again alike: 收入X，支出X),
    followed by nothing but its change from the year before; else which one the list splits
    is not said (a review found a prior year's figure, a cause's amount, a budget beside an
    actual and an item of another list each read as the whole)."""
    lists = "其中：基本支出610.17万元，项目支出2639.15万元。"
    for before in (
        "2023年度支出3249.32万元，2022年度为3103.80万元，比上年增加145.52万元。",
        "支出3249.32万元，比上年增加145.52万元，主要原因是新增道路养护项目资金200.00万元。",
        "“三公”经费支出决算为15.00万元，预算为20.00万元，比预算减少5.00万元。",
        "其中：出国费0万元，公务用车购置及运行维护费12.00万元，公务接待费3.00万元。",
    ):
        parts = [c for c in _claims(before + lists) if c.kind == ClaimKind.PARTS]
        assert all(c.numbers["value"].raw not in before for c in parts), before
    t = "收入3249.32万元，支出3249.32万元，比2017年减少145.52万元。" + lists
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.PARTS]
    assert c.numbers["value"].raw == "3249.32"


def test_a_ceiling_rate_with_several_candidates_stays_unverifiable():
    """Two actuals, or two ceilings, in the rate's clause group: which one is the rate's is not
    said; after a ；, an earlier year's spending is not in it."""
    for t in (
        "2024年度支出300.00万元，其中“三公”经费支出15.00万元，财政下达控制数为20.00万元，"
        "完成财政下达控制数的75.00%。",
        "2024年“三公”经费支出15.00万元，其中公务接待费支出3.00万元，财政下达控制数为20.00万元，"
        "完成财政下达控制数的75.00%。",
    ):
        (c,) = [c for c in _claims(t) if c.kind == ClaimKind.RATE]
        assert c.status == "unverifiable", t
    t = (
        "2023年度“三公”经费支出18.00万元；2024年度财政下达控制数为20.00万元，实际支出15.00万元，"
        "完成财政下达控制数的75.00%。"
    )
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.RATE]
    assert (c.numbers["budget"].raw, c.numbers["value"].raw) == ("20.00", "15.00")


def test_a_change_wrapped_after_its_comparison_word_and_one_said_as_the_same():
    """公务用车购置费25万元，比⏎2023年预算增加25万元 (a line wrapped after 比) and 与2017年一致
    (no change) are changes of the amount before them."""
    t = "公务用车购置费25万元，比\n2023年预算增加25万元；公务用车运行费21.56万元，与2023年一致。"
    found = [c for c in _claims(t) if c.kind == ClaimKind.CHANGE]
    assert [(c.numbers["value"].raw, c.direction) for c in found] == [
        ("25", "increase"),
        ("21.56", "flat"),
    ]


def test_a_balance_said_to_equal_last_years_is_no_change_of_its_line():
    """年初结转和结余X万元，与2022年决算一致: equal to last year's closing balance, not to last
    year's opening one; no change of the line is read (a review found it compared with last
    year's 年初结转和结余 across years)."""
    t = "2023年度年初结转和结余52.30万元，与2022年决算一致。"
    assert not [c for c in _claims(t) if c.kind == ClaimKind.CHANGE]
