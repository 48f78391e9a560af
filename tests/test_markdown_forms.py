"""The project's own examples written as a PDF-to-Markdown converter writes them (each run of
tab-separated lines a pipe table, a rule under its first row), or with HTML tables (as
MinerU-style converters and saved web pages write them): the same tables, the same checks
and the same error findings as the tab-separated text. What a Markdown form may not
change: the 公开 layouts, the score tables and the empty 公开08/09 (whose 栏次 row must not be
read again as a table of figures) are read from pipe rows as from tabs."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import extract
from extractor.source import Source
from verifier import verify

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.txt"))


def _markdown(tsv: str) -> str:
    out, in_table = [], False
    for line in tsv.split("\n"):
        if "\t" in line and not line.startswith("\t"):
            out.append("|" + line.replace("\t", "|") + "|")
            if not in_table:
                out.append("|" + "|".join("---" for _ in line.split("\t")) + "|")
            in_table = True
        else:
            if in_table and line.strip():
                out.append("")
            out.append(line)
            in_table = False
    return "\n".join(out)


def _read(text: str, name: str):
    report = extract(Source(sha256="0" * 64, file_name=name, format="txt", text=text))
    findings = verify(report).findings
    tables = [
        (t.kind, len(t.rows), sum(1 for r in t.rows for c in r.cells if c.number))
        for t in report.tables
    ]
    checks = sorted((f.rule, f.outcome) for f in findings if f.rule[0] in "ITXS")
    errors = sorted(
        (f.rule, f.subject) for f in findings if f.outcome == "fail" and f.severity == "error"
    )
    return tables, checks, errors


def _html(tsv: str, style: str = "closed") -> str:
    """The tables as HTML, as MinerU-style converters and saved web pages write them: each run
    of tab-separated lines a <table>, a row a <tr>, a cell a <td> (an empty cell too);
    ``closed`` on one line a row, ``indented`` a tag a line under tab indents, ``open`` with
    the closing tags left out (as HTML allows)."""
    out, in_table = [], False
    for line in tsv.split("\n"):
        if "\t" in line and "\t" in line.lstrip("\t"):  # a row of cells, maybe the first empty
            if not in_table:
                out.append('<table border="1">')
            cells = line.split("\t")
            if style == "indented":
                out.append("\t<tr>\n" + "".join(f"\t\t<td>{c}</td>\n" for c in cells) + "\t</tr>")
            elif style == "open":
                out.append("<tr>" + "".join(f"<td>{c}" for c in cells))
            else:
                out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            in_table = True
        else:
            if in_table:
                out.append("</table>")
            out.append(line)
            in_table = False
    return "\n".join(out)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_markdown_form_of_an_example_reads_as_its_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    md = _markdown(text)
    assert md.count("|---") >= 3  # tables there were, now pipe tables
    assert _read(md, path.stem + ".md") == _read(text, path.name)


@pytest.mark.parametrize("style", ["closed", "indented", "open"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_html_form_of_an_example_reads_as_its_text(
    path: Path, style: str, tmp_path: Path
) -> None:
    """Loaded as a file (the loader turns HTML tables into tab-separated rows)."""
    from extractor import load

    text = path.read_text(encoding="utf-8")
    html = _html(text, style)
    assert "<table" in html
    (tmp_path / "a.md").write_text(html, encoding="utf-8")
    loaded = load(tmp_path / "a.md")
    assert len(loaded.text) == len(html)
    assert _read(loaded.text, path.stem + ".md") == _read(text, path.name)
