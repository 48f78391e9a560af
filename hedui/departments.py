"""Who is the same department: names compared after the ways reports write one name apart.

A department's reports of different years print its name differently: with or without its
province, city or district in front (江苏省高级人民法院 / 高级人民法院), in the short form a
province's own documents use (省法院 for 江苏省高级人民法院, 省检察院 for 江苏省人民检察院),
with 本级 or （本级） when the report covers its own office, with spaces a PDF left in. A name is
split into the places before it (江苏省, 上海市, 普陀区 …) and its core (高级人民法院); two
names are one department when their cores are equal and their places do not contradict each
other (a short form's bare 省 or 市 is any province or city). Everything here is a plain
function; hedui.years stores the match with its reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

# A place in front of a name: a province, region, city, district or county. Names of two
# characters or more before the suffix, so 省 alone (a short form) is told apart.
_PLACE = re.compile(
    r"^(?P<place>[\u4e00-\u9fff]{2,7}?(?:省|自治区|特别行政区|市|自治州|地区|盟|区|县|旗))"
)
# Cities and provinces printed without their suffix (上海普陀区…, 江苏高级人民法院 is rare).
_BARE_PLACES = ("北京", "天津", "上海", "重庆")
# The short forms a province's or city's own documents use, and the core they stand for.
SHORT_FORMS = {
    "法院": "高级人民法院",
    "高院": "高级人民法院",
    "检察院": "人民检察院",
    "人民法院": "高级人民法院",
}
# Words that say which part of a department a report covers, not which department it is.
_SCOPE = re.compile(r"[（(]?本级[）)]?$|[（(]?(?:部门|汇总|合并)[）)]?$")


@dataclass(frozen=True)
class Name:
    """A department's name taken apart: ``places`` before it (江苏省, 普陀区), ``core`` the rest
    normalised, and ``short`` when the name began with a bare 省/市/区/县 (a short form)."""

    written: str
    core: str
    places: tuple[str, ...] = ()
    short: str | None = None  # 省 / 市 / 区 / 县 of a short form (省法院), else None
    steps: tuple[str, ...] = field(default=(), compare=False)  # what was done, for the reason


def _fold(name: str) -> str:
    """NFKC (full-width brackets and digits alike), no spaces, no quotes."""
    text = unicodedata.normalize("NFKC", name)
    return re.sub(r"[\s\"'“”‘’]", "", text)


@lru_cache(maxsize=65536)
def parse(name: str) -> Name:
    """Take a written department name apart (see the module docstring). Remembered: a Name
    is frozen, and listing or pairing asks for the same few thousand names again and again."""
    text = _fold(name)
    steps: list[str] = []
    if text != name:
        steps.append("spacing and width folded")
    scoped = _SCOPE.sub("", text)
    if scoped != text:
        steps.append(f"{text[len(scoped) :]} dropped")
        text = scoped
    places: list[str] = []
    while True:
        bare = next(
            (p for p in _BARE_PLACES if text.startswith(p) and len(text) > len(p) + 1), None
        )
        if bare and not text.startswith(bare + "市"):
            places.append(bare + "市")
            text = text[len(bare) :]
            continue
        m = _PLACE.match(text)
        if m is None or len(text) == len(m.group("place")):
            break
        place = m.group("place")
        rest = text[len(place) :]
        if len(rest) < 2:
            break
        places.append(place)
        text = rest
    if places:
        steps.append("places " + "".join(places) + " set apart")
    short = None
    if text[:1] in ("省", "市", "区", "县") and text[1:] in SHORT_FORMS:
        steps.append(f"short form {text}→{SHORT_FORMS[text[1:]]}")
        short, text = text[0], SHORT_FORMS[text[1:]]
    elif text in SHORT_FORMS and places:
        steps.append(f"short form {text}→{SHORT_FORMS[text]}")
        text = SHORT_FORMS[text]
    # 人民政府万里街道办事处 / 万里街道办事处 / 万里街道: the office is the 街道's
    core = re.sub(r"^人民政府(?=.+街道)", "", text)
    core = re.sub(r"街道办事处$", "街道", core)
    if core != text:
        steps.append(f"{text}→{core}")
    return Name(name, core, tuple(places), short, tuple(steps))


_LEVEL = {"省": ("省", "自治区"), "市": ("市",), "区": ("区",), "县": ("县", "旗")}


def _places_agree(a: Name, b: Name) -> bool:
    """Neither name's places contradict the other's: one list of places is the other's or
    a part of it, and a short form's bare 省 (市 …) stands for a place of that level."""
    pa, pb = set(a.places), set(b.places)
    if not (pa <= pb or pb <= pa):
        return False
    for short, other in ((a.short, b), (b.short, a)):
        if short and other.places and not any(p.endswith(_LEVEL[short]) for p in other.places):
            return False
    return True


def same(a: str, b: str) -> tuple[bool, str]:
    """Whether two written names are one department, and why (or why not)."""
    na, nb = parse(a), parse(b)
    if na.core != nb.core:
        return False, f"{na.core} is not {nb.core}"
    if not _places_agree(na, nb):
        return False, (
            f"same name {na.core} but places differ: "
            f"{''.join(na.places) or na.short or '-'} / {''.join(nb.places) or nb.short or '-'}"
        )
    if a == b:
        return True, "the same name"
    how = sorted({*na.steps, *nb.steps})
    return True, f"{a} ≈ {b}: {na.core} after " + "; ".join(how)


def key(name: str) -> str:
    """The core a name is filed under (candidates are sought by it, then judged by same)."""
    return parse(name).core
