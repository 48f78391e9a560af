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
# A person's name where a form asks for one: 联系人 / 填报人 / 经办人 / 负责人 / 审核人, then
# (after a colon, spaces, a tab or a line break, as one-cell-per-line tables print it) two to
# four Han characters standing alone. Names cannot be told from other words by pattern
# anywhere else, so only these labelled ones are masked.
CONTACT = re.compile(
    r"(?:联系人|填报人|经办人|负责人|审核人)[ \t\u3000：:]*\n?[ \t\u3000]*"
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
