"""Which report this is: its kind(s), department, region and fiscal year.

Read from the title lines first (what the department printed on its cover), then from
labelled lines (部门（单位）名称：…, 预算主管部门：…), then from the report titles of a 绩效
part. What cannot be read is left None rather than guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from pydantic import BaseModel

from extractor.segment.headings import clean, parse_heading, squeeze
from verifier.report import ReportKind, Section, SectionKind


class Identity(BaseModel):
    kind: ReportKind = ReportKind.UNKNOWN
    kinds: list[ReportKind] = []
    department: str | None = None
    region: str | None = None
    year: int | None = None


_ORG_END = (
    "服务中心",
    "中心",
    "局",
    "院",
    "委员会",
    "委",
    "办事处",
    "办公室",
    "厅",
    "所",
    "站",
    "馆",
    "队",
    "会",
    "社",
    "处",
    "部",
    "校",
    "署",
    "室",
)
_DOC_WORDS = re.compile(
    r"(?:区级|县级|市级|省级)?(?:部门|单位)?(?:整体支出|部门整体支出)?"
    r"(?:决算|预算|绩效|财务)"
)
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_LABEL = re.compile(
    r"(?:单位\）?名称|主管部门|部门名称|部门|单位名称)\s*[：:]\s*([^\s（(，,。]{4,40})"
)
_REGION = re.compile(
    r"^(?P<prov>\S{2,3}?(?:省|自治区))?(?P<city>\S{1,4}?(?:市|州|盟))?(?P<county>\S{1,4}?(?:县|区|市|旗))?"
)


def _title_zone(lines: list[str], limit: int = 12) -> list[str]:
    """The cover lines: short lines before the table of contents or the first heading
    (of ``lines``, the text's, as str.splitlines gives them)."""
    out: list[str] = []
    for raw in lines[:60]:
        s = clean(raw)
        if not s:
            continue
        t = squeeze(s)
        if re.fullmatch(r"[-—\s]*\d{1,3}[-—\s]*", t):
            continue  # the cover's page number, printed before its title
        if t in ("目录", "目次") or parse_heading(s) is not None or len(t) > 40 or "\t" in s:
            break
        out.append(t)
        if len(out) >= limit:
            break
    return out


def _org(candidate: str) -> str | None:
    c = candidate.strip("：:，,。 ")
    c = re.sub(r"[（(]盖章[）)]$", "", c)
    if 4 <= len(c) <= 40 and c.endswith(_ORG_END):
        return c
    return None


def _department(lines: list[str], cover: list[str]) -> str | None:
    zone = "".join(cover)
    if zone:
        body = _YEAR.sub("", re.sub(r"(?:19|20)\d\d\s*年度?", "", zone))
        m = _DOC_WORDS.search(body)
        # the year may stand on a line of its own (江苏省人民检察院 / 年部门预算 / 2017): the
        # 年 of the title's second line then ends what precedes the document's words
        if m and (org := _org(re.sub(r"年度?$", "", body[: m.start()]))):
            return org
    for raw in lines[:400]:
        s = squeeze(clean(raw))
        if (m := _LABEL.search(s)) and (org := _org(m.group(1))):
            return org
    # a 绩效 report titled "X 2023 年度部门整体支出绩效自评报告", or X alone before its title
    squeezed = [squeeze(clean(raw)) for raw in lines]
    squeezed = [s for s in squeezed if s]
    for n, s in enumerate(squeezed):
        if re.search(r"绩效.*报告$", s) and len(s) <= 60:
            head = re.split(r"(?:19|20)\d\d年", s)[0]
            if org := _org(head):
                return org
            if n and (org := _org(squeezed[n - 1])) and _region_of(org):
                return org
    return None


def _region_of(department: str) -> str | None:
    m = _REGION.match(department)
    if not m:
        return None
    parts = [m.group(g) for g in ("prov", "city", "county") if m.group(g)]
    return parts[-1] if parts else None


def _year(text: str, lines: list[str], cover: list[str]) -> int | None:
    zone = "".join(cover)
    if m := _YEAR.search(zone):
        return int(m.group(1))
    # a cover whose year stands on a line of its own beside 年部门预算 (…/年部门预算/2017)
    if any(s.startswith("年") for s in cover):
        bare = [s for s in cover if re.fullmatch(r"(?:19|20)\d\d", s)]
        if len(bare) == 1:
            return int(bare[0])
    for raw in lines:
        s = squeeze(clean(raw))
        titled = re.search(r"(?:决算|预算|绩效|自评).*(?:报告|表|说明)$", s) and len(s) <= 60
        if titled and (m := _YEAR.search(s)):
            return int(m.group(1))
    counts = Counter(int(y) for y in re.findall(r"((?:19|20)\d\d)\s*年度", text))
    if counts:
        return counts.most_common(1)[0][0]
    return None


_PERFORMANCE_KINDS = {
    SectionKind.SELF_EVALUATION,
    SectionKind.ACHIEVEMENTS,
    SectionKind.PROBLEMS,
    SectionKind.MEASURES,
}  # not GOALS: budgets state 绩效目标 too


_PERFORMANCE_REPORT = re.compile("绩效(?:自评|评价)报告")
_REPORT_WORDS = 6  # the length of either


def _performance_titles(text: str) -> Iterator[tuple[int, str]]:
    """(start, text) of each match of ``[^\\n]{0,30}绩效(?:自评|评价)报告[^\\n]{0,5}`` in
    ``text``, as ``re.finditer`` gives them, found from the words instead of trying the
    30 characters before them at every place of the text (1.3 ms a report, now 0.07). The
    leftmost match starts at the first occurrence's line, at most 30 before it and not before
    the last match's end; its greedy prefix reaches the last occurrence within 30 on that
    line; up to 5 characters of the line follow."""
    pos = 0
    while (m := _PERFORMANCE_REPORT.search(text, pos)) is not None:
        at = m.start()
        start = max(pos, at - 30, text.rfind("\n", 0, at) + 1)
        line_end = text.find("\n", start)
        if line_end == -1:
            line_end = len(text)
        reach = min(start + 30, line_end)
        while (n := _PERFORMANCE_REPORT.search(text, at + 1, reach + _REPORT_WORDS)) is not None:
            if n.start() > reach:
                break
            at = n.start()
        end = min(at + _REPORT_WORDS + 5, line_end)
        yield start, text[start:end]
        pos = end


def _kinds(
    text: str, sections: list[Section], cover: list[str]
) -> tuple[ReportKind, list[ReportKind]]:
    found: dict[ReportKind, int] = {}  # kind → where its first evidence stands

    def note(kind: ReportKind, pos: int) -> None:
        found[kind] = min(pos, found.get(kind, pos))

    zone = "".join(cover)
    title_pos = -1  # the cover decides the main kind
    if "决算" in zone:
        note(ReportKind.FINAL_ACCOUNTS, title_pos)
    if "预算" in zone and "决算" not in zone:
        note(ReportKind.BUDGET, title_pos)
    if "绩效" in zone or "自评" in zone:
        note(ReportKind.PERFORMANCE, title_pos)
    for s in sections:
        if s.kind == SectionKind.TABLE and s.table_kind is not None:
            if s.table_kind.value.startswith("公开"):
                note(ReportKind.FINAL_ACCOUNTS, s.span.start)
            elif s.table_kind.value == "预算表":
                note(ReportKind.BUDGET, s.span.start)
        if s.kind in _PERFORMANCE_KINDS:
            note(ReportKind.PERFORMANCE, s.span.start)
    for start, title in _performance_titles(text):
        line = squeeze(title)
        if line.endswith("报告") and len(line) <= 50:
            note(ReportKind.PERFORMANCE, start)
    if not found:
        return ReportKind.UNKNOWN, []
    kinds = sorted(found, key=lambda k: found[k])
    return kinds[0], kinds


def identify(text: str, sections: list[Section]) -> Identity:
    """Kind(s), department, region and year of a report, as far as they can be read.
    The text is split into lines once, and its cover read once, for the three readers."""
    lines = text.splitlines()
    cover = _title_zone(lines)
    kind, kinds = _kinds(text, sections, cover)
    department = _department(lines, cover)
    return Identity(
        kind=kind,
        kinds=kinds,
        department=department,
        region=_region_of(department) if department else None,
        year=_year(text, lines, cover),
    )
