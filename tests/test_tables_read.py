"""E503: a table the text sets out but the extraction did not read is said, and the report
is never accepted (E504 names it)."""

from verifier.report import Report, Section, SectionKind, Span
from verifier.verify import verify


def _report(*bodies: str) -> Report:
    text, sections = "", []
    for body in bodies:
        start = len(text)
        text += body + "\n"
        sections.append(
            Section(
                kind=SectionKind.TABLE,
                heading=body.split("\n")[0],
                span=Span(start=start, end=len(text)),
            )
        )
    return Report(sha256="0" * 64, file_name="x.txt", text=text, sections=sections)


def test_a_table_section_that_yielded_no_table_is_unchecked_and_never_accepted():
    r = _report("2024年部门收入预算总表\n单位：元\n合计\n1,000\n")
    v = verify(r)
    (f,) = [f for f in v.findings if f.rule == "E503"]
    assert f.outcome == "insufficient_data" and "2024年部门收入预算总表" in f.message
    assert v.verdict == "flag"
    (e504,) = [f for f in v.findings if f.rule == "E504"]
    assert e504.severity == "warning" and "2024年部门收入预算总表" in e504.message
    assert v.coverage.unread == ["2024年部门收入预算总表"] and v.coverage.tables_set_out == 1


def test_a_table_stated_empty_needs_no_reading():
    r = _report("2024年部门政府性基金预算支出功能分类预算表\n此表为空\n")
    v = verify(r)
    (f,) = [f for f in v.findings if f.rule == "E503"]
    assert f.outcome == "pass"
    assert not any("not read" in reason for reason in v.reasons)
