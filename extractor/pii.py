"""Mask personal data (mobile numbers, 18-digit ID-card numbers, the name after 联系人 and
its kin) in report text.

It lives in the extractor because text sent to a model is masked first: a person's mobile
number is no figure of a report, and it has no business leaving the machine.

Masks keep the length of what they hide, so every span computed on the original text still
points at the same characters in the masked text: pages can highlight findings and search can
cut snippets from masked text without recomputing offsets.
"""

from __future__ import annotations

import re
from typing import Any

# A mainland mobile number: 1[3-9] and nine more digits, optionally grouped 3-4-4 by a space
# or hyphen. Not part of a longer digit run, and not the integer part of an amount (1.5e10).
MOBILE = re.compile(r"(?<![\d.])1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![\d]|\.\d)")
# An 18-character resident ID number: 17 digits and a digit or X check character.
ID_CARD = re.compile(r"(?<![\d.])\d{17}[\dXx](?![\d]|\.\d)")
# The labels a form puts before a person's name (the longer ones first, so that 单位负责人 is
# read whole). The issue that added 填表人 found a name missed because it was not listed.
NAME_LABELS = (
    "单位负责人", "财务负责人", "部门负责人", "项目负责人", "填表人", "填报人", "联系人", "联络人",
    "经办人", "审核人", "复核人", "审批人", "负责人", "制表人", "编制人", "统计人",
)  # fmt: skip
# A person's name where a form asks for one: a label above, perhaps a qualifier in brackets
# (（签名）), then at least one separator — a colon, spaces, a tab, or a line break, as
# one-cell-per-line tables print it — then two to four Han characters standing alone. The
# separator is required (主要负责人用车 is a word, not a label and a name), and what forms print
# in the name's place when it is left blank (签字, 联系电话, 日期 …) is no name.
CONTACT = re.compile(
    r"(?:" + "|".join(NAME_LABELS) + r")(?:[（(][^）)\n]{0,6}[）)])?"
    r"(?:[ \t\u3000]*[：:][ \t\u3000]*\n?|[ \t\u3000]*\n|[ \t\u3000]+)[ \t\u3000]*"
    r"(?!签|盖章|电话|联系|联络|日期|填报|填表|手机|职务|姓名|单位|年\b)"
    r"(?P<name>[\u4e00-\u9fff]{2,4})(?![\u4e00-\u9fff])"
)


def find_pii(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every mobile or ID-card number and labelled name, in text order."""
    found = [(m.start(), m.end(), "id_card") for m in ID_CARD.finditer(text)]
    found += [(m.start("name"), m.end("name"), "name") for m in CONTACT.finditer(text)]
    taken = [(s, e) for s, e, _ in found]
    for m in MOBILE.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            found.append((m.start(), m.end(), "mobile"))
    return sorted(found)


def _mask(s: str, keep_head: int, keep_tail: int) -> str:
    """Replace the digits between the kept head and tail with *, separators untouched."""
    digits = [i for i, ch in enumerate(s) if ch.isdigit() or ch in "Xx"]
    hidden = set(digits[keep_head : len(digits) - keep_tail])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(s))


def mask_pii(text: str) -> str:
    """The text with personal data masked, same length: 138****5678, 430102********1234,
    联系人：＊＊＊."""
    if not text:
        return text
    out = list(text)
    for start, end, kind in find_pii(text):
        if kind == "name":
            masked = "＊" * (end - start)
        elif kind == "mobile":
            masked = _mask(text[start:end], 3, 4)
        else:
            masked = _mask(text[start:end], 6, 4)
        out[start:end] = masked
    return "".join(out)


def mask_obj(obj: Any) -> Any:
    """Mask every string inside a JSON-like structure (dicts, lists, strings): what hedui
    shows and exports passes through here."""
    if isinstance(obj, str):
        return mask_pii(obj)
    if isinstance(obj, list):
        return [mask_obj(x) for x in obj]
    if isinstance(obj, dict):
        return {k: mask_obj(v) for k, v in obj.items()}
    return obj
