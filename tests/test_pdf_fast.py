"""The faster PDF reading (pdf_content, pdf_objects, pdf_tables) gives what pdfminer and
pdfplumber give: the same content-stream objects, the same page objects, the same tables.

Each is compared with the library's own result, never with a figure written down here: on
pdfminer's quirks one by one, on random content streams, on PDFs made here (tables,
inline images, a Form XObject, streams split mid-token) and on two published PDFs of
../shared/corpus-pdf when present.
"""

from __future__ import annotations

import random
import zlib
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSEOF, PSKeyword, PSLiteral

from extractor.formats.pdf_content import Unsupported, content_objects, read_layout
from extractor.formats.pdf_objects import read_objects
from extractor.formats.pdf_tables import find_tables, table_text
from tests import fixtures as fx
from tests.conftest import SHARED


def pdfminer_objects(datas: list[bytes]) -> list[Any]:
    """What pdfminer's own parser reads from these decoded streams."""
    streams = []
    for number, data in enumerate(datas, start=1):
        stream = PDFStream({}, data)
        stream.data = data
        stream.objid = number
        streams.append(stream)
    try:
        parser = PDFContentParser(streams)
    except PSEOF:
        return []
    out = []
    while True:
        try:
            out.append(parser.nextobject()[1])
        except PSEOF:
            return out


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (1 is not 1.0; names are interned)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, PSKeyword | PSLiteral):
        return a is b
    return bool(a == b)


QUIRKS = [
    b"1 0 0 1 72.5 700 Tm BT /F1 12 Tf (abc) Tj ET",
    b"+5 -.5 5. .5 - + . 1.2.3 5-3 007",  # signs and dots alone are no number
    b"(a\\(b\\)c\\\\) (x(y)z) (\\101\\1012\\7) (\\q) (\\\nq) (\\\r\nq) (\\\rq)",
    b"(a(b)c) (\\0) (\\08) (\\1234)",  # nested parentheses; octal edge cases
    b"<4142> <41 4 > <414> <> < > <41<> 1",  # odd digit, spaces, a hex string ended by '<'
    b"<41>> <<>> << /K 1 /L [1 2] >> [ >> ] ] {1 2}",  # '>>' after a hex string ends a dict
    b"/A#41b /A#zz /# /A#4 x /\xe9\xe9 /\xff / x",  # name escapes, non-UTF-8 names
    b"true false abc#d T* ' \" ) \x80 \x00 1\x002",
    b"%comment\n1 %c\r2 % no end",
    b"[(\x00\x01) 120 (\xff\xfe)] TJ",
]


@pytest.mark.parametrize("data", QUIRKS)
def test_pdfminer_quirks_read_alike(data):
    assert same(content_objects([data]), pdfminer_objects([data]))


@pytest.mark.parametrize(
    "datas",
    [
        [b"1 2 m 3 4 l", b"S"],
        [b"[(a)", b"(b)] TJ"],  # an array open over the break between two streams
        [b"q 1 0 0 1 0 0 cm", b"", b"Q"],
        [b"<41>", b"> 1"],  # a '>' ends the first stream: that is not the last
        [b"1 2 <41>"],  # ... and is the last: nothing follows it
    ],
)
def test_streams_read_alike(datas):
    try:
        mine = content_objects(datas)
    except Unsupported:
        return  # read by pdfminer itself, which is the point
    assert same(mine, pdfminer_objects(datas))


@pytest.mark.parametrize(
    "datas",
    [
        [b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI"],  # an inline image
        [b"1 2 ID"],
        [b"(open string"],
        [b"1 /F", b"1 Tf"],  # a name running on into the next stream
        [b"<41", b"42> Tj"],  # a hex string open at the end of a stream
        [b"<< /K >>"],  # an odd dictionary: pdfminer raises
        [b"(" + b"a" * 4093 + b"\\\r\nb) Tj"],  # backslash-CR and LF in two 4 KiB buffers
        [b"(\\777)"],  # pdfminer's assertion
        [b"(a(b(c)d)e)"],  # parentheses nested deeper than the pattern follows
    ],
)
def test_what_pdfminer_would_read_differently_is_left_to_it(datas):
    with pytest.raises(Unsupported):
        content_objects(datas)


FRAGMENTS = [
    b" ", b"\n", b"\r\n", b"\t", b"\x00", b"/F1 ", b"12 ", b"-3.5 ", b".5 ", b"- ", b"+5 ",
    b"Tj\n", b"TJ ", b"T* ", b"' ", b'" ', b"[", b"]", b"<<", b">>", b"{", b"}", b"<", b">",
    b"(ab\\(c\\)\\\\)", b"(x(y)z)", b"(\\101\\1012)", b"(\\\r\nq)", b"(\\q)", b"<4142>",
    b"<41 4 >", b"<414>", b"/A#41b ", b"/A#zz ", b"/# ", b"true ", b"false ", b"%c\n",
    b"1.2.3 ", b"abc#d ", b"/\xe9 ", b"(\xff\xfe)", b"(", b")", b"\\", b"#", b"/", b"%",
    b"BI", b"ID", b"EI", b"\r", b"\x80",
]  # fmt: skip


def test_random_streams_read_alike():
    rng = random.Random(19)
    compared = 0
    for _ in range(3000):
        datas = [
            b"".join(rng.choice(FRAGMENTS) for _ in range(rng.choice([0, 3, 12, 40])))
            for _ in range(rng.choice([1, 1, 2, 3]))
        ]
        try:
            mine = content_objects(datas)
        except Unsupported:
            continue
        assert same(mine, pdfminer_objects(datas)), datas
        compared += 1
    assert compared > 1000  # most are read by the fast road, not left to pdfminer


def comparable(obj: dict[str, Any]) -> dict[str, Any]:
    """An object's dict with what differs between two readings of one file made alike: an
    inline image is a new PDFStream each time (compared by its dictionary and bytes), named
    after its ``id()``."""
    out = dict(obj)
    stream = out.get("stream")
    if isinstance(stream, PDFStream):
        out["stream"] = (stream.attrs, stream.rawdata)
        if stream.objid is None:
            out.pop("name", None)
    return out


def assert_pages_alike(path: Path) -> int:
    """Every page of ``path`` read the fast way and pdfplumber's way: the same objects (keys
    in the same order), the same table cells and cell texts. Returns the number of tables."""
    tables = 0
    with pdfplumber.open(path) as theirs, pdfplumber.open(path) as ours:
        for their_page, our_page in zip(theirs.pages, ours.pages, strict=True):
            read_layout(our_page)
            read_objects(our_page)
            expected, got = their_page.objects, our_page.objects
            assert list(got) == list(expected)
            for kind in expected:
                assert [list(o) for o in got[kind]] == [list(o) for o in expected[kind]]
                assert [comparable(o) for o in got[kind]] == [
                    comparable(o) for o in expected[kind]
                ], (path.name, their_page.page_number, kind)
            their_tables = their_page.find_tables()
            our_tables = find_tables(our_page)
            assert [t.cells for t in our_tables] == [t.cells for t in their_tables]
            assert [table_text(t) for t in our_tables] == [t.extract() for t in their_tables]
            tables += len(their_tables)
    return tables


def test_generated_report_reads_alike(tmp_path):
    path = fx.write_pdf(fx.SAMPLE_REPORT, tmp_path / "r.pdf", repeat=2)
    assert assert_pages_alike(path) > 0


def test_inline_image_and_form_xobject_read_alike(tmp_path):
    from PIL import Image
    from reportlab.pdfgen import canvas

    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path))
    c.setFont(fx._cjk_font(), 10)
    c.drawString(40, 800, "收入合计512.40万元")
    c.drawInlineImage(Image.new("L", (8, 8), 128), 50, 600, 40, 40)  # BI … ID … EI
    c.beginForm("box")
    c.rect(10, 10, 100, 50)
    c.drawString(20, 30, "Form")
    c.endForm()
    c.doForm("box")
    c.showPage()
    c.save()
    assert assert_pages_alike(path) >= 0
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        read_layout(page)
        assert page.images and any(ch["text"] == "F" for ch in page.chars)


def test_streams_split_mid_token_read_alike(tmp_path):
    """Two content streams with a name cut by the break: left to pdfminer, same objects."""
    first = b"BT /F1 12 Tf 40 800 Td (abc) Tj ET 10 10 50 50 re S /"
    second = b"F1 ignored BT /F1 12 Tf 40 700 Td (def) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [4 0 R 5 0 R]"
        b" /Resources << /Font << /F1 6 0 R >> >> >>",
    ]
    for data in (first, second):
        packed = zlib.compress(data)
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
            + packed
            + b"\nendstream"
        )
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    path = tmp_path / "split.pdf"
    path.write_bytes(fx._raw_pdf(objects))
    assert assert_pages_alike(path) == 0


@pytest.mark.parametrize("name", ["js-court-2017-dept-budget", "shpt-wanli-2025-dept-budget"])
def test_published_pdfs_read_alike(name):
    path = SHARED / "corpus-pdf" / f"{name}.pdf"
    if not path.exists():
        pytest.skip(f"{path} not present (it lives in ../shared beside the repo)")
    assert assert_pages_alike(path) > 0


def test_the_fast_readers_run_only_with_the_releases_they_were_checked_against(monkeypatch):
    """The tests above hold for the installed releases; hedui uses its fast readers with those
    alone (a new pdfminer or pdfplumber fails this test until it has been checked and
    CHECKED_WITH moved), and the libraries' own reading gives the same Source."""
    from importlib.metadata import version

    from extractor.formats import pdf

    assert all(version(name) == want for name, want in pdf.CHECKED_WITH.items())
    pdf.fast_reading.cache_clear()
    assert pdf.fast_reading()
    monkeypatch.setitem(pdf.CHECKED_WITH, "pdfplumber", "0.0.1")
    pdf.fast_reading.cache_clear()
    assert not pdf.fast_reading()
    monkeypatch.undo()
    monkeypatch.setenv("HEDUI_PDF_FAST", "0")
    pdf.fast_reading.cache_clear()
    assert not pdf.fast_reading()
    monkeypatch.undo()
    pdf.fast_reading.cache_clear()


def test_the_libraries_own_reading_gives_the_same_source(tmp_path, monkeypatch):
    from extractor.formats import pdf

    path = fx.write_pdf(fx.SAMPLE_REPORT, tmp_path / "r.pdf", repeat=2)
    pdf.fast_reading.cache_clear()
    data = path.read_bytes()
    fast = pdf.load_pdf(data, path.name)
    monkeypatch.setenv("HEDUI_PDF_FAST", "0")
    pdf.fast_reading.cache_clear()
    try:
        assert not pdf.fast_reading()
        slow = pdf.load_pdf(data, path.name)
    finally:
        monkeypatch.undo()
        pdf.fast_reading.cache_clear()
    assert slow == fast
