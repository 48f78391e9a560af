"""Render Word's automatic paragraph numbering (一、 （一） 1.) into the paragraph text.

In a DOCX the "一、" of "一、部门职责" is often not text at all but a numbering definition
(numbering.xml) that Word draws; ``paragraph.text`` leaves it out. The segmenter finds a
report's sections by exactly those labels, so the loader renders them: counters per list and
level, formats (decimal, chineseCounting, 甲乙丙 …) and the level text template (``%1、``).
Bullets are dropped (they carry no structure the segmenter uses).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn

_CN_DIGITS = "零一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_counting(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (what Word prints)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        out = _CN_DIGITS[hundreds] + "百"
        if rest == 0:
            return out
        if rest < 10:
            return out + "零" + _CN_DIGITS[rest]
        return out + ("一" if rest < 20 else "") + chinese_counting(rest)
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    # Word repeats the letter: 27 → aa
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str | None:
    """A counter in a Word numFmt; None for a bullet."""
    if fmt == "bullet":
        return None
    if fmt == "none":
        return ""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "chineseLegalSimplified"):  # fmt: skip
        return chinese_counting(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= 12:
        return _DIZHI[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class Numbering:
    """The numbering definitions of a document, and the running counters."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId → ilvl → level
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> Numbering:
        self = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return self
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.findall(qn("w:abstractNum")):
            abstract[an.get(qn("w:abstractNumId"))] = {
                int(lvl.get(qn("w:ilvl"), "0")): _level(lvl) for lvl in an.findall(qn("w:lvl"))
            }
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            levels = dict(abstract.get(ref.get(qn("w:val")) if ref is not None else "", {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
                start = override.find(qn("w:startOverride"))
                if start is not None and ilvl in levels:
                    base = levels[ilvl]
                    levels[ilvl] = _Level(int(start.get(qn("w:val"))), base.fmt, base.text)
            self.levels[num.get(qn("w:numId"))] = levels
        return self

    def label(self, paragraph) -> str:
        """The rendered number of ``paragraph`` ("" when it is not numbered), advancing the
        counters as Word does: a level counts up, deeper levels start again."""
        num_id, ilvl = _num_pr(paragraph)
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        out = levels[ilvl].text
        for k in range(9):
            token = f"%{k + 1}"
            if token not in out:
                continue
            lvl = levels.get(k, _Level())
            shown = format_number(counters.get(k, lvl.start), lvl.fmt)
            if shown is None:
                return ""
            out = out.replace(token, shown)
        if levels[ilvl].fmt == "bullet":
            return ""
        return out


def _level(lvl) -> _Level:
    def val(tag: str, default: str) -> str:
        el = lvl.find(qn(tag))
        return el.get(qn("w:val"), default) if el is not None else default

    return _Level(int(val("w:start", "1")), val("w:numFmt", "decimal"), val("w:lvlText", ""))


def _num_pr(paragraph) -> tuple[str | None, int]:
    """(numId, ilvl) from the paragraph, else from its style chain."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    style = paragraph.style
    while num_pr is None and style is not None:
        s_pr = style.element.pPr
        num_pr = s_pr.numPr if s_pr is not None else None
        style = style.base_style
    if num_pr is None:
        return None, 0
    num_id = num_pr.numId.val if num_pr.numId is not None else None
    ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    return (str(num_id) if num_id is not None else None), int(ilvl)
