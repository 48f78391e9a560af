"""PII masking keeps lengths (spans stay valid) and leaves amounts alone. Made-up numbers only."""

from __future__ import annotations

import pytest

from extractor.pii import find_pii, mask_obj, mask_pii

TEXT = "填报人：王某某 联系电话：13912345678；身份证号：43010219900101123X。金额13,717,323.53元，编码2013650。"


def test_mobile_and_id_masked_same_length():
    masked = mask_pii(TEXT)
    assert len(masked) == len(TEXT)
    assert "13912345678" not in masked and "139****5678" in masked
    assert "43010219900101123X" not in masked and "430102********123X" in masked
    assert "13,717,323.53" in masked and "2013650" in masked


def test_grouped_mobile_and_spans():
    text = "电话 139-1234-5678 或 139 1234 5678"
    masked = mask_pii(text)
    assert "139-****-5678" in masked and "139 **** 5678" in masked
    assert [k for *_, k in find_pii(text)] == ["mobile", "mobile"]


def test_amounts_and_longer_digit_runs_untouched():
    assert mask_pii("13912345678.50元") == "13912345678.50元"
    assert mask_pii("1391234567890") == "1391234567890"
    assert mask_pii("2013912345678") == "2013912345678"


def test_mask_obj_walks_structures():
    obj = {"a": ["tel 13912345678", 5, {"b": "x"}], "n": None}
    assert mask_obj(obj) == {"a": ["tel 139****5678", 5, {"b": "x"}], "n": None}


def test_labelled_names_masked_same_length():
    text = "联系人：张小明 联系电话：13812345678\n填报人\n\t李华\n\t单位负责人：王某某签字"
    masked = mask_pii(text)
    assert len(masked) == len(text)
    assert "张小明" not in masked and "李华" not in masked
    assert "联系人：＊＊＊" in masked and "138****5678" in masked
    # four Han characters followed by more are words, not a name: left alone
    assert mask_pii("负责人负责全面工作") == "负责人负责全面工作"


def test_every_person_label_masks_the_name_only():
    """Made-up names after each label a form uses; the words forms print where a name is
    left blank, and a label inside a word, are left alone."""
    for label in ("填表人", "填报人", "联系人", "经办人", "审核人", "负责人", "单位负责人",
                  "财务负责人", "制表人", "复核人"):  # fmt: skip
        text = f"{label}：甄士隐  联系电话：13912345678"
        masked = mask_pii(text)
        assert masked == f"{label}：＊＊＊  联系电话：139****5678", label
    assert mask_pii("填报人（签名）：贾雨村\n") == "填报人（签名）：＊＊＊\n"
    assert mask_pii("联系人\n\t林黛玉\n") == "联系人\n\t＊＊＊\n"
    for untouched in (
        "其中主要负责人用车0辆",  # a word, not a label and a name
        "单位负责人签字：",
        "填报人（签名）：                联系电话：",
        "部门（单位）负责人（签章）：\n        年    月    日",
    ):
        assert mask_pii(untouched) == untouched


# (corpus file prefix, line, column, length, kind) of every piece of personal data in the
# corpus: positions only, so that no name or number of a real person is written here.
CORPUS_PII = {
    "002": [(197, 4, 2, "name"), (197, 29, 11, "mobile"),
            (530, 4, 2, "name"), (530, 30, 11, "mobile")],
    "003": [(4, 1, 3, "name"), (6, 1, 11, "mobile")],
}  # fmt: skip


@pytest.mark.corpus
def test_corpus_personal_data_masked_exactly(corpus_dir):
    """Every corpus report: the exact spans found (the 填表人's name included), and the
    masked text shows none of the characters that stood there."""
    from extractor.formats.load import load

    for path in sorted(corpus_dir.glob("*.txt")):
        text = load(path).text
        found = []
        for start, end, kind in find_pii(text):
            line = text.count("\n", 0, start) + 1
            found.append((line, start - (text.rfind("\n", 0, start) + 1), end - start, kind))
        assert found == CORPUS_PII.get(path.name[:3], []), path.name
        masked = mask_pii(text)
        for start, end, kind in find_pii(text):
            if kind == "name":
                assert masked[start:end] == "＊" * (end - start)
            else:
                assert masked[start + 3 : end - 4].strip("*- ") == ""
