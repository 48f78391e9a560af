"""PDF, DOCX and XLSX give the same Source as the text of the same report.

Fixtures are generated into a tmp dir from the report text (tests/fixtures.py); each format
must give back the same TSV lines, native tables whose cell spans point at their characters,
and, through the pipeline and the verifier, the same tables and verdict as the text form.
"""

from __future__ import annotations

import re

import pytest

from extractor.formats.load import load
from extractor.source import LoadError, NeedsOCR, Source
from tests import fixtures as fx
from tests.conftest import EXAMPLES

WRITERS = {"docx": fx.write_docx, "xlsx": fx.write_xlsx, "pdf": fx.write_pdf}
NUMBER = re.compile(r"-?\d[\d,]*\.\d+%?")


def reports() -> list[tuple[str, str]]:
    """The project's own sample reports (examples/) when present, else the fixture report."""
    found = sorted(EXAMPLES.glob("*.txt")) if EXAMPLES.is_dir() else []
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in found if "\t" in p.read_text()]
    return texts or [("fixture", fx.SAMPLE_REPORT)]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, dict[str, Source]]:
    """Each report written in each format and loaded back (done once: PDFs are slow)."""
    out: dict[str, dict[str, Source]] = {}
    for name, text in reports():
        d = tmp_path_factory.mktemp(re.sub(r"\W", "_", name))
        (d / "r.txt").write_text(text, encoding="utf-8")
        out[name] = {"txt": load(d / "r.txt")}
        for fmt, write in WRITERS.items():
            out[name][fmt] = load(write(text, d / f"r.{fmt}"))
    return out


def logical_tables(src: Source) -> list[list]:
    """Native tables with the blocks a page break split joined (nothing but a line break
    stands between them in the text), as rows of NativeCells."""
    out: list[list] = []
    end = None
    for t in src.native_tables:
        if end is not None and src.text[end : t.span.start].strip() == "":
            out[-1] = out[-1] + t.rows
        else:
            out.append(list(t.rows))
        end = t.span.end
    return out


def _check_spans(src: Source) -> None:
    for t in src.native_tables:
        assert src.text[t.span.start : t.span.end].count("\n") == len(t.rows) - 1
        for row in t.rows:
            for cell in row:
                assert cell.span is not None
                assert src.text[cell.span.start : cell.span.end] == cell.text
                assert "\t" not in cell.text and "\n" not in cell.text


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_each_format_gives_the_same_tsv_lines_and_numbers(generated, fmt):
    for name, by_fmt in generated.items():
        text_form, src = by_fmt["txt"], by_fmt[fmt]
        assert src.format == fmt
        expected = fx.tsv_blocks(text_form.text)
        assert fx.tsv_blocks(src.text) == expected, name
        tables = logical_tables(src)
        assert len(tables) == len(expected)
        for rows, lines in zip(tables, expected, strict=True):
            assert len(rows) == len(lines)
            if fmt != "pdf":
                assert len(src.native_tables) == len(expected)  # only PDFs have page breaks
        numbers = [NUMBER.findall(line) for block in expected for line in block]
        got = [NUMBER.findall(line) for block in fx.tsv_blocks(src.text) for line in block]
        assert got == numbers
        _check_spans(src)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_narrative_numbers_survive(generated, fmt):
    """DOCX and PDF keep the prose too: every number of the text form, in order."""
    for by_fmt in generated.values():
        assert NUMBER.findall(by_fmt[fmt].text) == NUMBER.findall(by_fmt["txt"].text)


def _table_shape(report) -> list:
    return [
        (
            t.kind,
            t.unit,
            [c.name for c in t.columns],
            [
                (
                    r.code,
                    r.name,
                    [(c.column, c.number.value if c.number else c.text) for c in r.cells],
                )
                for r in t.rows
            ],
        )
        for t in report.tables
    ]


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_each_format_gives_the_same_tables_and_verdict(generated, fmt):
    from extractor import extract
    from verifier.verify import verify

    for by_fmt in generated.values():
        text_report = extract(by_fmt["txt"])
        report = extract(by_fmt[fmt])
        assert _table_shape(report) == _table_shape(text_report)
        for t in report.tables:
            for r in t.rows:
                for c in r.cells:
                    if c.number and c.number.span:
                        s = c.number.span
                        assert report.text[s.start : s.end] == c.number.raw
        if fmt != "xlsx":  # a workbook has no prose, so its claims differ
            assert verify(report).verdict == verify(text_report).verdict


def test_merged_header_cells_carry_their_value_in_every_format(generated):
    """The writers merge a first-row label with the empty cells after it (收入 | 支出);
    each loader must give the label once in the text and carry it, merged, in the cells."""
    checked = 0
    for by_fmt in generated.values():
        blocks = [[line.split("\t") for line in b] for b in fx.tsv_blocks(by_fmt["txt"].text)]
        for fmt in WRITERS:
            for rows, table in zip(blocks, logical_tables(by_fmt[fmt]), strict=True):
                for r, c0, c1 in fx.header_merges(rows):
                    cells = table[r][c0 : c1 + 1]
                    assert [(c.text, c.merged) for c in cells] == [(rows[r][c0], False)] + [
                        (rows[r][c0], True)
                    ] * (c1 - c0), fmt
                    assert all(c.span == cells[0].span for c in cells)
                    checked += 1
    assert checked


# --------------------------------------------------------------------------- PDF


def test_pdf_pages_are_spans_of_the_text(generated):
    src = generated[next(iter(generated))]["pdf"]
    assert len(src.pages) >= 2
    assert [p.page for p in src.pages] == list(range(1, len(src.pages) + 1))
    assert src.pages[0].start == 0 and src.pages[-1].end == len(src.text)
    for a, b in zip(src.pages, src.pages[1:], strict=False):
        assert a.end < b.start
    assert src.page_of(0) == 1 and src.page_of(len(src.text) - 1) == len(src.pages)
    assert generated[next(iter(generated))]["docx"].page_of(10) is None
    for t in src.native_tables:
        assert src.page_of(t.span.start) == t.page
        page = src.pages[t.page - 1]
        assert page.start <= t.span.start and t.span.end <= page.end
        assert all(c.span.page == t.page for r in t.rows for c in r)


def _long_table_report(rows: int) -> str:
    body = "\n".join(
        f"{2010000 + k}\t项目{k}\t{k}.{k % 100:02d}\t{k}.{k % 100:02d}\t0.00" for k in range(rows)
    )
    return f"长表\n单位：万元\n功能分类科目编码\t科目名称\t合计\t基本支出\t项目支出\n{body}\n注：完。\n"


def test_pdf_table_over_a_page_break_comes_out_as_consecutive_blocks(tmp_path):
    text = _long_table_report(90)
    src = load(fx.write_pdf(text, tmp_path / "long.pdf"))
    assert len(src.native_tables) >= 2
    pages = [t.page for t in src.native_tables]
    assert pages == sorted(pages) and len(set(pages)) == len(pages)
    rows = [
        "\t".join(c.text if not c.merged else "" for c in r)
        for t in src.native_tables
        for r in t.rows
    ]
    assert rows == fx.tsv_blocks(text)[0]
    # the page numbers are dropped: nothing but the page break stands between the blocks
    for a, b in zip(src.native_tables, src.native_tables[1:], strict=False):
        assert src.text[a.span.end : b.span.start] == "\n"
    assert not re.search(r"^- \d+ -$", src.text, re.M)


def test_page_number_lines_are_recognised_only_in_the_margins():
    from extractor.formats.pdf import is_page_number

    def line(text, top):
        return {"text": text, "top": top, "bottom": top + 10}

    for text in ("- 3 -", "3", "第3页", "第 3 页 共 9 页", "3/9", "Page 3 of 9"):
        assert is_page_number(line(text, 800), 842), text
        assert is_page_number(line(text, 20), 842), text
        assert not is_page_number(line(text, 400), 842), text
    assert not is_page_number(line("合计 512.40", 800), 842)


def test_pdf_without_text_layer_needs_ocr(tmp_path):
    p = fx.write_scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(NeedsOCR, match="needs OCR") as e:
        load(p)
    assert str(e.value).startswith(str(p))


def test_pdf_with_garbled_cid_text_needs_ocr(tmp_path):
    p = fx.write_garbled_pdf(tmp_path / "cid.pdf")
    with pytest.raises(NeedsOCR, match="garbled") as e:
        load(p)
    assert str(p) in str(e.value)


def test_garbled_share_counts_cid_private_use_and_replacement():
    from extractor.formats.pdf import garbled_share

    assert garbled_share("收入合计512.40")[0] == 0
    share, total = garbled_share("(cid:12)(cid:13)\ue001\ufffd收入")
    assert total == 6 and share == pytest.approx(4 / 6)


@pytest.mark.parametrize(
    ("write", "message"),
    [
        (fx.write_encrypted_pdf, "encrypted"),
        (fx.write_zero_page_pdf, "no pages"),
        (fx.write_corrupt_pdf, "corrupt"),
    ],
    ids=["encrypted", "zero-page", "corrupt"],
)
def test_unreadable_pdfs_get_one_clear_error(tmp_path, write, message):
    p = write(tmp_path / "bad.pdf")
    with pytest.raises(LoadError, match=message) as e:
        load(p)
    assert not isinstance(e.value, NeedsOCR)
    assert str(e.value).startswith(str(p))


def test_truncated_pdf_is_an_error_or_a_partial_text_never_a_crash(tmp_path):
    good = fx.write_pdf(fx.SAMPLE_REPORT, tmp_path / "r.pdf").read_bytes()
    p = tmp_path / "cut.pdf"
    p.write_bytes(good[: len(good) // 2])
    try:
        src = load(p)
    except LoadError as e:
        assert str(p) in str(e)
    else:
        assert src.text.strip()


# --------------------------------------------------------------------------- DOCX


def test_docx_vertical_merge_and_bookmark_artefacts(tmp_path):
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    para = d.add_paragraph("一、部门职责")
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), "0")
    start.set(qn("w:name"), "_GoBack")
    end.set(qn("w:id"), "0")
    para._p.append(start)
    para._p.append(end)
    d.add_paragraph("负责示例工作。[bookmark: _GoBack]")
    t = d.add_table(rows=3, cols=3)
    for i, row in enumerate([["类别", "项目", "金额"], ["", "甲", "1.00"], ["", "乙", "2.00"]]):
        for j, v in enumerate(row):
            t.cell(i, j).text = v
    t.cell(1, 0).merge(t.cell(2, 0)).text = "基本支出"
    d.add_paragraph("注：完。")
    d.save(tmp_path / "m.docx")
    src = load(tmp_path / "m.docx")
    assert "bookmark" not in src.text and "_GoBack" not in src.text
    assert src.text.split("\n")[:2] == ["一、部门职责", "负责示例工作。"]
    assert fx.tsv_blocks(src.text) == [["类别\t项目\t金额", "基本支出\t甲\t1.00", "\t乙\t2.00"]]
    col = [r[0] for r in src.native_tables[0].rows]
    assert [(c.text, c.merged) for c in col] == [
        ("类别", False),
        ("基本支出", False),
        ("基本支出", True),
    ]
    assert src.text.endswith("注：完。")


def test_corrupt_docx_and_xlsx(tmp_path):
    for ext in ("docx", "xlsx"):
        p = tmp_path / f"bad.{ext}"
        p.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
        with pytest.raises(LoadError, match=r"corrupt|damaged") as e:
            load(p)
        assert str(p) in str(e.value)
        p.write_bytes(b"just some text")
        with pytest.raises(LoadError, match="not a") as e:
            load(p)


# --------------------------------------------------------------------------- XLSX


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (1066.7, "#,##0.00", "1,066.70"),
        (0.1 + 0.2, "0.00", "0.30"),
        (0.1 + 0.2, "General", "0.3"),
        (2.675, "0.00", "2.68"),
        (13717323.53, "#,##0.00", "13,717,323.53"),
        (12, "General", "12"),
        (5.0, "General", "5"),
        (0.9371, "0.00%", "93.71%"),
        (-1234.5, "#,##0.00;[Red]-#,##0.00", "-1,234.50"),
        (1234567.891, '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "1,234,567.89"),
        (-0.001, "0.00", "0.00"),
        (94, "0", "94"),
    ],
)
def test_numbers_are_read_as_shown(value, number_format, shown):
    from extractor.formats.xlsx import shown_number

    assert shown_number(value, number_format) == shown


def test_xlsx_sheets_merges_and_formats(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "支出决算表"
    ws.append(["单位：万元"])
    ws.append(["项目", None, "金额"])
    ws.append(["类别", "名称", None])
    ws.append(["基本支出", "工资福利支出", 1066.7])
    ws.append([None, "商品和服务支出", 0.1 + 0.2])
    ws.merge_cells("A2:B2")
    ws.merge_cells("C2:C3")
    ws.merge_cells("A4:A5")
    ws["C4"].number_format = "#,##0.00"
    ws["C5"].number_format = "0.00"
    ws.append(["注：示例。"])
    hidden = wb.create_sheet("隐藏")
    hidden.append(["不应出现", 1])
    hidden.sheet_state = "hidden"
    wb.create_sheet("Sheet2").append(["a", "b"])
    p = tmp_path / "m.xlsx"
    wb.save(p)
    src = load(p)
    lines = src.text.split("\n")
    assert lines[:2] == ["支出决算表", "单位：万元"]
    assert lines[2:6] == [
        "项目\t\t金额",
        "类别\t名称\t",
        "基本支出\t工资福利支出\t1,066.70",
        "\t商品和服务支出\t0.30",
    ]
    assert lines[6] == "注：示例。"
    assert "不应出现" not in src.text
    assert lines[7:] == ["a\tb"]  # a default sheet name is no heading
    t = src.native_tables[0]
    assert t.title == "支出决算表"
    assert [(c.text, c.merged) for c in t.rows[0]] == [
        ("项目", False),
        ("项目", True),
        ("金额", False),
    ]
    assert (t.rows[1][2].text, t.rows[1][2].merged) == ("金额", True)
    assert (t.rows[3][0].text, t.rows[3][0].merged) == ("基本支出", True)
    _check_spans(src)


@pytest.mark.parametrize(
    ("name", "what", "target"), [("old.doc", "Word", "docx"), ("old.xls", "Excel", "xlsx")]
)
def test_old_binary_office_files_say_how_to_convert(tmp_path, name, what, target):
    p = tmp_path / name
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(LoadError, match=what) as e:
        load(p)
    assert f"libreoffice --headless --convert-to {target}" in str(e.value)
    assert str(p) in str(e.value)


def test_old_word_file_renamed_docx_is_recognised(tmp_path):
    p = tmp_path / "renamed.docx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(LoadError, match="convert-to"):
        load(p)


def test_oversized_pdf_is_refused(tmp_path):
    p = fx.write_pdf(fx.SAMPLE_REPORT, tmp_path / "r.pdf")
    with pytest.raises(LoadError, match="too large"):
        load(p, max_bytes=p.stat().st_size - 1)


def test_fixture_round_trip_keeps_values_exact(tmp_path):
    """The XLSX writer stores floats; the loader must give back the written decimals."""
    from extractor.formats.xlsx import shown_number

    for raw in ("0.00", "1,066.70", "13,717,323.53", "93.71%", "7"):
        value, fmt = fx.number_format_of(raw)
        assert shown_number(float(value), fmt) == raw


def test_docx_named_doc_is_read_as_docx(tmp_path):
    docx_path = fx.write_docx(fx.SAMPLE_REPORT, tmp_path / "r.docx")
    misnamed = tmp_path / "r.doc"
    misnamed.write_bytes(docx_path.read_bytes())
    src = load(misnamed)
    assert src.format == "docx"
    assert fx.tsv_blocks(src.text) == fx.tsv_blocks(fx.SAMPLE_REPORT)


def _text_and_image_pdf(path, image_pages: int):
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.setFont(fx._cjk_font(), 10)
    c.drawString(40, 800, "第一部分 部门概况：本页有文字层，收入合计512.40万元。")
    c.showPage()
    for _ in range(image_pages):
        c.drawImage(ImageReader(Image.new("L", (200, 100), 128)), 50, 300, 200, 100)
        c.showPage()
    c.save()
    return path


def test_one_scanned_page_among_text_pages_is_noted(tmp_path):
    src = load(_text_and_image_pdf(tmp_path / "mixed.pdf", image_pages=0))
    assert src.notes == []
    # 1 text page + 1 image page: half the report is a scan, a person must look
    with pytest.raises(NeedsOCR, match="1 of 2 pages"):
        load(_text_and_image_pdf(tmp_path / "half.pdf", image_pages=1))


def test_scanned_page_note(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "three.pdf"
    c = canvas.Canvas(str(path))
    c.setFont(fx._cjk_font(), 10)
    for k in range(2):
        c.drawString(40, 800, f"第{k + 1}页 收入合计512.40万元，支出合计498.20万元。")
        c.showPage()
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    c.drawImage(ImageReader(Image.new("L", (200, 100), 128)), 50, 300, 200, 100)
    c.showPage()
    c.save()
    src = load(path)
    assert src.notes == ["page 3 has no text layer (an image: needs OCR)"]
    assert len(src.pages) == 3 and src.pages[2].start == src.pages[2].end


def test_pdf_with_only_an_owner_password_opens(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    path = tmp_path / "owner.pdf"
    c = canvas.Canvas(str(path), encrypt=StandardEncryption("", ownerPassword="owner"))
    # Helvetica: reportlab encrypts the CID font's CIDSystemInfo strings in a way pdfminer
    # does not decrypt, which would (rightly) read as garbled text — a generator quirk.
    c.setFont("Helvetica", 10)
    for k in range(3):
        c.drawString(40, 800 - 14 * k, f"Total income 512.40, line {k}")
    c.save()
    assert "Total income 512.40, line 2" in load(path).text


def _numbered_docx(path):
    """A DOCX whose headings are numbered by Word (numbering.xml), not typed."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="（%2）"/></w:lvl>'
            '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%3."/></w:lvl>'
            '<w:lvl w:ilvl="3"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
            "</w:abstractNum>"
        ),
    )
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def para(text, ilvl=None):
        p = d.add_paragraph(text)
        if ilvl is not None:
            num_pr = parse_xml(
                f'<w:numPr {w}><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>'
            )
            p._p.get_or_add_pPr().append(num_pr)

    para("示例县城市管理服务中心2023年度部门决算")
    para("部门职责", 0)
    para("主要职能", 1)
    para("受理派遣", 2)
    para("督办考核", 2)
    para("要点", 3)
    para("内设机构", 1)
    para("机构设置", 0)
    para("人员情况", 1)
    d.save(path)
    return path


def test_docx_automatic_numbering_is_rendered(tmp_path):
    src = load(_numbered_docx(tmp_path / "numbered.docx"))
    assert src.text.split("\n") == [
        "示例县城市管理服务中心2023年度部门决算",
        "一、部门职责",
        "（一）主要职能",
        "1.受理派遣",
        "2.督办考核",
        "要点",
        "（二）内设机构",
        "二、机构设置",
        "（一）人员情况",
    ]


def test_chinese_counting_as_word_prints_it():
    from extractor.formats.docx_numbering import chinese_counting, format_number

    assert [chinese_counting(n) for n in (1, 10, 11, 20, 21, 100, 105, 110)] == [
        "一", "十", "十一", "二十", "二十一", "一百", "一百零五", "一百一十",
    ]  # fmt: skip
    assert format_number(3, "ideographTraditional") == "丙"
    assert format_number(2, "decimalEnclosedCircle") == "②"
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(1, "bullet") is None


def test_fake_bold_text_is_read_once(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "bold.pdf"
    c = canvas.Canvas(str(path))
    c.setFont(fx._cjk_font(), 14)
    for dx in (0, 0.3, 0.6):  # a title drawn three times, slightly offset
        c.drawString(40 + dx, 800, "收入支出决算总表")
    c.setFont(fx._cjk_font(), 10)
    c.drawString(40, 780, "本年收入合计512.40万元。")
    c.save()
    assert load(path).text == "收入支出决算总表\n本年收入合计512.40万元。"


# --------------------------------------------------------------------------- the corpus


def _numeric_cells(tables: list[list[list[str]]]) -> list[tuple[int, int, int, str]]:
    return [
        (t, r, c, cell)
        for t, rows in enumerate(tables)
        for r, row in enumerate(rows)
        for c, cell in enumerate(row)
        if NUMBER.fullmatch(cell) or re.fullmatch(r"\d+", cell)
    ]


@pytest.mark.parametrize("folder", ["corpus", "corpus-extra"])
def test_corpus_tables_survive_each_format(folder, tmp_path):
    """Each corpus report (read from ../shared, written to tmp only) as DOCX, XLSX and PDF
    gives back its tables. DOCX and XLSX: every cell, up to whitespace; PDF: every number at
    its row and column (reportlab's CJK wrapping may hang a closing bracket into the next
    header cell, and STSong-Light lacks a few glyphs such as ·)."""
    from extractor.formats.builder import drop_artefacts
    from tests.conftest import CORPUS, CORPUS_EXTRA, corpus_files

    files = [f for f in corpus_files(CORPUS if folder == "corpus" else CORPUS_EXTRA)]
    if not files:
        pytest.skip(f"{folder} not present in ../shared")
    checked = 0
    for f in files:
        text = f.read_text(encoding="utf-8")
        expected = fx.normalised_cells(text)
        if not expected:
            continue
        for fmt, write in WRITERS.items():
            src = load(write(text, tmp_path / f"{f.stem}.{fmt}"))
            got = fx.normalised_cells(src.text)
            if fmt == "docx":
                assert got == fx.normalised_cells(drop_artefacts(text)), f.name
            elif fmt == "xlsx":
                assert got == expected, f.name
            else:
                assert _numeric_cells(got) == _numeric_cells(expected), f.name
            checked += 1
    assert checked


def test_pdf_wrapped_paragraphs_are_joined_and_paragraphs_kept_apart(tmp_path):
    sentence = "本年收入合计512.40万元，其中财政拨款收入480.15万元，占93.71%；其他收入32.25万元。"
    long = sentence * 4  # wraps over several lines of the page
    text = f"三、收入决算情况说明\n{long}\n{sentence}\n四、支出决算情况说明\n{long}\n"
    src = load(fx.write_pdf(text, tmp_path / "wrap.pdf"))
    assert src.text.split("\n") == text.strip().split("\n")


def test_continuation_rule():
    from extractor.formats.pdf import continues

    def ln(text, x0, x1, top):
        return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 10}

    full = ln("收入" * 20, 42, 553, 100)
    assert continues(full, ln("合计512.40万元。", 42, 200, 114), 42, 595)
    assert not continues(full, ln("新段落。", 62, 200, 104), 42, 595)  # indented: a paragraph
    assert not continues(full, ln("四、支出", 42, 200, 114), 42, 595)  # a heading
    assert not continues(full, ln("合计", 42, 200, 140), 42, 595)  # a gap
    assert not continues(ln("短行", 42, 300, 100), ln("合计", 42, 200, 114), 42, 595)
    assert continues(full, ln("1066.71万元", 42, 200, 114), 42, 595)  # a number, no heading
