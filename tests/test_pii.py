"""PII masking keeps lengths (spans stay valid) and leaves amounts alone. Made-up numbers only."""

from __future__ import annotations

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
