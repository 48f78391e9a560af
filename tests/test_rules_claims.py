"""Family C on hand-made Reports: consistent claims pass, inconsistent ones fail with spans."""

from extractor.claims.read import extract_claims
from tests.tablebuild import Doc
from verifier.report import Report, TableKind
from verifier.verify import verify


def _fails(text):
    r = Report(sha256="0" * 64, file_name="x.txt", text=text)
    r.claims = extract_claims(text, [], [])
    v = verify(r, {"C601", "C602", "C603", "C604"})
    return [f for f in v.findings if f.outcome == "fail"]


def test_consistent_change_passes():
    assert not _fails("公务接待费支出决算为0.40万元，与上年相比减少0.10万元，减少20%。")


def test_inconsistent_change_fails_and_covers_numbers():
    t = "机关运行经费支出200.00万元，比上年增加100.00万元，增长20%。"
    (f,) = _fails(t)
    assert f.rule == "C601"
    assert {t[s.start : s.end] for s in f.spans} >= {"100.00", "20", "200.00"}


def test_parts_mismatch_fails():
    t = "全区共划分 120 个网格（40 个专职网格，81 个兼职网格）。"
    (f,) = _fails(t)
    assert f.rule == "C602"


def test_rounded_shares_pass():
    assert not _fails(
        "本年支出合计3.00万元，其中：基本支出1.00万元，占33.3%；项目支出2.00万元，占66.7%。"
    )


def test_share_mismatch_fails():
    (f,) = _fails(
        "本年支出合计3.00万元，其中：基本支出1.00万元，占30%；项目支出2.00万元，占66.7%。"
    )
    assert f.rule == "C603"


def _mutation_rate(prefixes=("000", "001", "004")):
    """Change each digit of every prose figure that a family-C check uses and passes (by 5:
    same length), one at a time; count how often a new error finding (any rule) covers the
    changed digit. Every digit, not a sample: 40 drawn from digits 93% of which are caught
    gave 35 or 39 by which digits a new check had added to draw from."""
    from extractor import extract, load
    from tests.conftest import corpus_file

    caught = n = 0
    for p in prefixes:
        src = load(str(corpus_file(p)))
        found = verify(extract(src)).findings
        before = {f.key() for f in found if f.outcome == "fail" and f.severity == "error"}
        digits = sorted(
            {
                i
                for f in found
                if f.rule.startswith("C") and f.outcome == "pass"
                for s in f.spans
                for i in range(s.start, s.end)
                if src.text[i].isdigit()
            }
        )
        for i in digits:
            new = str((int(src.text[i]) + 5) % 10)
            mutated = src.model_copy(update={"text": src.text[:i] + new + src.text[i + 1 :]})
            n += 1
            caught += any(
                f.outcome == "fail"
                and f.severity == "error"
                and f.key() not in before
                and any(s.start <= i < s.end for s in f.spans)
                for f in verify(extract(mutated)).findings
            )
    return caught, n


# 599 of 633 digits (95%). The misses are figures their checks read only within their
# rounding: a rate printed to 1% (完成年初预算的99%) does not tell 1074.33 from 1074.83 of a
# budget, nor a change's percent the last digit of its amount. Before the listed main uses were
# read, 498 of 532 (94%); with their shares but not yet their 类 against 公开05, 587 of 633
# (a share written to 0.1%, 占1.3%, does not tell 17.51 from 17.56 of 1,346.86).
def test_mutating_a_checked_prose_digit_is_caught():
    caught, n = _mutation_rate()
    print(f"mutation: {caught}/{n} caught")
    assert n >= 500 and caught / n >= 0.9


def _parts_against_g03(sentence: str, operating: str) -> list:
    """C602 on ``sentence`` in a report whose 公开03 shows 经营支出 ``operating``."""
    d = Doc()
    d.line(sentence)
    d.table(
        TableKind.G03,
        "万元",
        [("本年支出合计", None), ("基本支出", None), ("项目支出", None), ("经营支出", None)],
        [("合计", None, None, True, ["120.50", "100.25", "15.00", operating])],
    )
    r = d.report()
    r.claims = extract_claims(r.text, [], [])
    return [f for f in verify(r, {"C602"}).findings]


def test_a_list_leaving_out_a_kind_the_tables_show_is_not_a_disagreement():
    """其中 means "among which": 基本支出 and 项目支出 need not be the whole of 支出 when
    公开03 shows 经营支出 too, so falling short of the total is not judged."""
    t = "2022年度支出120.50万元，其中基本支出100.25万元，项目支出15.00万元。"
    (f,) = _parts_against_g03(t, "5.25")
    assert f.outcome == "not_applicable" and "经营支出" in f.message
    # with no other kind of spending, the same shortfall is an error
    (f,) = _parts_against_g03(t, "0.00")
    assert f.outcome == "fail"
    # and a list that adds up passes whatever the tables show
    (f,) = _parts_against_g03(
        "2022年度支出115.25万元，其中基本支出100.25万元，项目支出15.00万元。", "5.25"
    )
    assert f.outcome == "pass"


def _checked(text):
    r = Report(sha256="0" * 64, file_name="x.txt", text=text)
    r.claims = extract_claims(text, [], [])
    return verify(r, {"C601", "C602", "C603", "C604"}).findings


def test_a_percent_cut_instead_of_rounded_is_a_convention_not_an_error():
    # 200.00 / 1800.00 = 11.111…%, so 11.12% is neither rounded (11.11) nor cut (11.11)
    (f,) = _fails("本年支出2000.00万元，与上年相比增加200.00万元，增长11.12%。")
    assert f.severity == "error" and "截尾" not in f.message
    # 10.158…% cut to 10.15%: 截尾, a publishing convention; the finding passes and names it
    (f,) = [
        f
        for f in _checked("本年支出2416.97万元，与上年相比增加222.88万元，增长10.15%。")
        if f.rule == "C601"
    ]
    assert f.outcome == "pass" and f.note and f.note.startswith("截尾")


def test_shares_nudged_to_total_100_are_a_convention_not_an_error():
    """99.934 % and 0.066 % printed 99.94 % and 0.06 % (调尾 and 截尾): no error; a share off
    by two units is one."""
    text = (
        "本年收入合计21,955.35万元，其中：一般公共预算收入21,940.96万元，占99.94%；"
        "其他资金14.39万元，占0.06%。"
    )
    shares = [f for f in _checked(text) if f.rule == "C603"]
    assert len(shares) == 2 and {f.outcome for f in shares} == {"pass"}
    assert {f.note[:2] for f in shares if f.note} == {"调尾", "截尾"}
    off = text.replace("99.94%", "99.95%").replace("0.06%", "0.05%")
    # 99.95 is two units from 99.93, and 0.05 neither rounds nor cuts 0.066: both errors
    assert [f.rule for f in _fails(off)] == ["C603", "C603"]


def test_a_findings_subject_quotes_the_clauses_that_hold_its_figures():
    t = (
        "八、其他重要事项的情况说明\n本年度共完成走访任务，工作有序推进。"
        "全区共划分 120 个网格（40 个专职网格，81 个兼职网格），实现全覆盖。"
        "公务接待费支出决算为0.40万元，主要用于上级检查，与上年相比减少0.10万元，减少25%。"
    )
    by_rule = {f.rule: f.subject for f in _fails(t)}
    assert by_rule["C602"] == "全区共划分 120 个网格（40 个专职网格，81 个兼职网格）"
    # the clause between the current amount and the change is left out, and says so
    assert by_rule["C601"] == "公务接待费支出决算为0.40万元…与上年相比减少0.10万元，减少25%"


def test_a_difference_just_beyond_the_allowance_is_shown_with_the_digits_that_tell_them_apart():
    # 1311.6 / (2354.9 + 1311.6) = 35.7725…%: 35.78% is 0.0075 points off, allowed 0.0073
    # (above the recomputation, so no cut explains it)
    (f,) = _fails("支出2354.9万元，与上年相比减少1311.6万元，减少35.78%。")
    shown = f.message.split("difference ")[1].split(")")[0]
    difference, allowed = shown.split(", allowed ±")
    assert difference.lstrip("-") != allowed
