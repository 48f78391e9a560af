"""Generate test fixtures: a report text in the corpus's style, written as DOCX, XLSX and PDF.

Nothing binary is committed: tests call these writers into a tmp dir. The report below is
made up for this project (its department and figures are invented, internally consistent).
A text is read as blocks: runs of lines holding a tab are a table (cells split on ``\\t``),
every other non-empty line is a paragraph. The writers turn that into real DOCX tables,
one XLSX sheet per table with number formats, and ruled reportlab tables in a PDF, so the
loaders must recover the same TSV lines from each.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

SAMPLE_REPORT = """\
示例县城市管理服务中心2023年度部门决算

目录
第一部分 部门概况
第二部分 2023年度部门决算表
第三部分 2023年度部门决算情况说明

第一部分 部门概况
一、部门职责
负责全县城市管理服务事项的受理、派遣和督办工作。
负责城市管理信息平台的运行维护。
二、机构设置
本部门为财政全额拨款事业单位，内设综合股、指挥调度股两个股室。

第二部分 2023年度部门决算表
收入支出决算总表
公开01表
部门：示例县城市管理服务中心
单位：万元
收入\t\t\t支出\t\t
项目\t行次\t金额\t项目\t行次\t金额
栏次\t\t1\t栏次\t\t2
一、一般公共预算财政拨款收入\t1\t480.15\t一、一般公共服务支出\t9\t286.40
二、政府性基金预算财政拨款收入\t2\t0.00\t二、社会保障和就业支出\t10\t211.80
三、其他收入\t3\t32.25\t\t11\t
本年收入合计\t4\t512.40\t本年支出合计\t12\t498.20
使用非财政拨款结余\t5\t0.00\t结余分配\t13\t0.00
年初结转和结余\t6\t0.00\t年末结转和结余\t14\t14.20
总计\t7\t512.40\t总计\t15\t512.40
注：本表反映部门本年度的总收入和年末结转结余情况。

收入决算表
公开02表
部门：示例县城市管理服务中心
单位：万元
项目\t\t本年收入合计\t财政拨款收入\t其他收入
功能分类科目编码\t科目名称\t\t\t
栏次\t\t1\t2\t3
合计\t\t512.40\t480.15\t32.25
201\t一般公共服务支出\t300.60\t280.00\t20.60
20131\t党委办公厅（室）及相关机构事务\t300.60\t280.00\t20.60
2013101\t行政运行\t210.35\t210.35\t0.00
2013102\t一般行政管理事务\t90.25\t69.65\t20.60
208\t社会保障和就业支出\t211.80\t200.15\t11.65
20805\t行政事业单位养老支出\t211.80\t200.15\t11.65
2080505\t机关事业单位基本养老保险缴费支出\t150.30\t150.30\t0.00
2080506\t机关事业单位职业年金缴费支出\t61.50\t49.85\t11.65
注：本表反映部门本年度取得的各项收入情况。

支出决算表
公开03表
部门：示例县城市管理服务中心
单位：万元
项目\t\t本年支出合计\t基本支出\t项目支出
功能分类科目编码\t科目名称\t\t\t
栏次\t\t1\t2\t3
合计\t\t498.20\t408.00\t90.20
201\t一般公共服务支出\t286.40\t196.20\t90.20
20131\t党委办公厅（室）及相关机构事务\t286.40\t196.20\t90.20
2013101\t行政运行\t196.20\t196.20\t0.00
2013102\t一般行政管理事务\t90.20\t0.00\t90.20
208\t社会保障和就业支出\t211.80\t211.80\t0.00
20805\t行政事业单位养老支出\t211.80\t211.80\t0.00
2080505\t机关事业单位基本养老保险缴费支出\t150.30\t150.30\t0.00
2080506\t机关事业单位职业年金缴费支出\t61.50\t61.50\t0.00
注：本表反映部门本年度各项支出情况。

第三部分 2023年度部门决算情况说明
一、收入支出决算总体情况说明
2023年度收入总计512.40万元，支出总计512.40万元。
二、收入决算情况说明
本年收入合计512.40万元，其中：
财政拨款收入480.15万元，占93.71%；
其他收入32.25万元，占6.29%。
三、支出决算情况说明
本年支出合计498.20万元，其中：
基本支出408.00万元，占81.89%；
项目支出90.20万元，占18.11%。
"""

_HEADING_RE = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")
_NUMBER_RE = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$")


@dataclass
class Block:
    """A paragraph (``text``) or a table (``rows``) of a report text."""

    text: str | None = None
    rows: list[list[str]] | None = None


def parse_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for line in text.split("\n"):
        if "\t" in line:
            if blocks and blocks[-1].rows is not None:
                blocks[-1].rows.append(line.split("\t"))
            else:
                blocks.append(Block(rows=[line.split("\t")]))
        elif line.strip():
            blocks.append(Block(text=line.strip()))
    for b in blocks:
        if b.rows:
            width = max(len(r) for r in b.rows)
            b.rows = [r + [""] * (width - len(r)) for r in b.rows]
    return blocks


def tsv_blocks(text: str) -> list[list[str]]:
    """The TSV lines of each table in a text: what every format must give back."""
    return [["\t".join(r) for r in b.rows] for b in parse_blocks(text) if b.rows]


def normalised_cells(text: str) -> list[list[list[str]]]:
    """The tables of a text with the differences no format can keep removed: whitespace in
    a cell (conversions leave stray spaces and 　), trailing empty cells, empty rows."""
    out = []
    for block in tsv_blocks(text):
        rows = []
        for line in block:
            cells = [re.sub(r"\s+", "", c) for c in line.split("\t")]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                rows.append(cells)
        out.append(rows)
    return out


def header_merges(rows: list[list[str]]) -> list[tuple[int, int, int]]:
    """Horizontal merges (row, first col, last col) in a table's first row: a label followed
    by empty cells, as the 收入 | 支出 header of 公开01 is printed."""
    if not rows or any(_NUMBER_RE.match(c) for c in rows[0] if c):
        return []
    merges, row = [], rows[0]
    j = 0
    while j < len(row):
        k = j
        while row[j] and k + 1 < len(row) and not row[k + 1]:
            k += 1
        if k > j:
            merges.append((0, j, k))
        j = k + 1
    return merges


# --------------------------------------------------------------------------- DOCX


def write_docx(text: str, path: Path, *, merge: bool = True) -> Path:
    import docx

    document = docx.Document()
    for b in parse_blocks(text):
        if b.rows is None:
            m = _HEADING_RE.match(b.text)
            if m:
                document.add_heading(b.text, level=1 if "部分" in m.group(1) else 2)
            else:
                document.add_paragraph(b.text)
            continue
        table = document.add_table(rows=len(b.rows), cols=len(b.rows[0]))
        table.style = "Table Grid"
        for row_obj, row in zip(table.rows, b.rows, strict=True):
            for cell, value in zip(row_obj.cells, row, strict=True):  # .cell(i, j) is O(n²)
                if value:
                    cell.text = value
        if merge:
            for r, c0, c1 in header_merges(b.rows):
                table.cell(r, c0).merge(table.cell(r, c1))
                table.cell(r, c0).text = b.rows[r][c0]
    document.save(path)
    return path


# --------------------------------------------------------------------------- XLSX


def number_format_of(raw: str) -> tuple[Decimal, str] | None:
    """A number as written → (value, Excel number format that shows it the same way)."""
    if not _NUMBER_RE.match(raw) or (len(raw) > 1 and raw.startswith("0") and raw[1] != "."):
        return None
    percent = raw.endswith("%")
    body = raw.rstrip("%")
    decimals = len(body.split(".")[1]) if "." in body else 0
    fmt = ("#,##0" if "," in body else "0") + ("." + "0" * decimals if decimals else "")
    value = Decimal(body.replace(",", ""))
    if percent:
        value /= 100
        fmt += "%"
    return value, fmt


def write_xlsx(text: str, path: Path, *, merge: bool = True) -> Path:
    """One sheet per table; the few lines above each table (title, 公开NN表, 单位) are put in
    the rows above it, the numbers stored as floats with a number format, as Excel does."""
    import openpyxl
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    ruled = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    pending: list[str] = []
    for b in parse_blocks(text):
        if b.rows is None:
            pending = [*pending, b.text][-4:]
            continue
        label = next((t for t in pending if re.search(r"公开\s*\d+\s*表", t)), None)
        ws = wb.create_sheet(re.sub(r"\s", "", label or f"表{len(wb.worksheets) + 1}")[:31])
        for line in pending:
            ws.append([line])
        top = len(pending) + 1
        for i, row in enumerate(b.rows):
            for j, raw in enumerate(row):
                cell = ws.cell(row=top + i, column=j + 1)
                cell.border = ruled  # published sheets rule their tables; the loader uses it
                number = number_format_of(raw)
                if number is None:
                    cell.value = raw or None
                else:
                    cell.value = float(number[0])
                    cell.number_format = number[1]
        if merge:
            for r, c0, c1 in header_merges(b.rows):
                ws.merge_cells(
                    start_row=top + r, start_column=c0 + 1, end_row=top + r, end_column=c1 + 1
                )
        pending = []
    if not wb.worksheets:  # a report without tables: an empty sheet, as Excel would save
        wb.create_sheet("Sheet1")
    wb.save(path)
    return path


# --------------------------------------------------------------------------- PDF


def _cjk_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def write_pdf(
    text: str, path: Path, *, merge: bool = True, repeat: int = 1, page_numbers: bool = True
) -> Path:
    """The report as a PDF: paragraphs as text, tables as ruled reportlab Tables (a table
    longer than the page is split by reportlab over the break), a "- N -" page number in the
    bottom margin as published reports have. ``repeat`` writes the report several times,
    for a multi-page benchmark file."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _cjk_font()
    # body paragraphs indented two characters, as Chinese reports are printed
    body = ParagraphStyle(
        "body", fontName=font, fontSize=10, leading=14, wordWrap="CJK", firstLineIndent=20
    )
    head = ParagraphStyle("head", parent=body, fontSize=12, leading=18, firstLineIndent=0)
    cell = ParagraphStyle("cell", fontName=font, fontSize=7, leading=9, wordWrap="CJK")
    width = A4[0] - 30 * mm
    story = []
    for _ in range(repeat):
        for b in parse_blocks(text):
            if b.rows is None:
                style = head if _HEADING_RE.match(b.text) else body
                story.append(Paragraph(escape(b.text), style))
                continue
            ncols = len(b.rows[0])
            weights = [max(4, max(len(r[j]) for r in b.rows)) for j in range(ncols)]
            floor = min(30.0, width / ncols)  # every column wide enough for a short number
            spare = width - floor * ncols
            widths = [floor + spare * w / sum(weights) for w in weights]
            data = [[Paragraph(escape(c), cell) if c.strip() else "" for c in r] for r in b.rows]
            commands = [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
            if merge:
                commands += [("SPAN", (c0, r), (c1, r)) for r, c0, c1 in header_merges(b.rows)]
            table = Table(data, colWidths=widths)
            table.setStyle(TableStyle(commands))
            story += [Spacer(1, 4), table, Spacer(1, 4)]
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )

    def number(canvas, doc) -> None:
        if page_numbers:
            canvas.setFont("Helvetica", 9)
            canvas.drawCentredString(A4[0] / 2, 8 * mm, f"- {doc.page} -")

    doc.build(story, onFirstPage=number, onLaterPages=number)
    return path


# --------------------------------------------------------------------------- bad PDFs


def write_scanned_pdf(path: Path) -> Path:
    """A page holding only an image (as a scanner makes it): no text layer at all."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (400, 300), 255)
    draw = ImageDraw.Draw(image)
    for y in range(20, 280, 20):
        draw.line((20, y, 380, y), fill=0, width=3)  # looks like lines of print
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        c.drawImage(ImageReader(image), 50, 300, width=400, height=300)
        c.showPage()
    c.save()
    return path


def write_encrypted_pdf(path: Path, text: str = SAMPLE_REPORT) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt="secret")
    c.setFont(_cjk_font(), 10)
    for k, line in enumerate(text.split("\n")[:40]):
        c.drawString(40, 800 - 14 * k, line.replace("\t", " "))
    c.save()
    return path


def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (object 1 is the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def write_zero_page_pdf(path: Path) -> Path:
    path.write_bytes(
        _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])
    )
    return path


def write_garbled_pdf(path: Path, glyphs: int = 400) -> Path:
    """Text in a Type0 font with Identity-H encoding and no ToUnicode map: the glyphs are
    there but nothing says which characters they are, so extraction yields (cid:N) — the
    common failure of Chinese PDFs made by some converters."""
    codes = b"".join(b"%04X" % (0x0100 + (k * 37) % 3000) for k in range(glyphs))
    lines = [b"BT /F1 10 Tf 40 800 Td 12 TL"]
    step = 40 * 4
    for k in range(0, len(codes), step):
        lines.append(b"<" + codes[k : k + step] + b"> Tj T*")
    lines.append(b"ET")
    content = zlib.compress(b"\n".join(lines))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H"
        b" /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
        b" /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /ABCDEF+SimSun /Flags 4"
        b" /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141"
        b" /CapHeight 859 /StemV 80 >>",
    ]
    path.write_bytes(_raw_pdf(objects))
    return path


def write_corrupt_pdf(path: Path) -> Path:
    """Starts like a PDF, then nothing a PDF reader can use (a broken download)."""
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\nthis is not a pdf body\n")
    return path
