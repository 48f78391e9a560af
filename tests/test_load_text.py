"""Loading text reports: encodings, line endings, and the files that are not text reports."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from extractor.formats.load import load
from extractor.source import LoadError
from tests.conftest import CORPUS, CORPUS_EXTRA, corpus_file, corpus_files
from tests.fixtures import SAMPLE_REPORT


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda s: s.encode("utf-8"), "utf-8"),
        (lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), "utf-8-sig"),
        (lambda s: s.encode("gbk"), "gb18030"),
        (lambda s: s.encode("gb18030"), "gb18030"),
        (lambda s: s.encode("utf-16"), "utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "utf-16-bom"],
)
def test_encodings_decode_to_the_same_text(tmp_path, encode, encoding):
    data = encode(SAMPLE_REPORT)
    src = load(_write(tmp_path, "r.txt", data))
    assert src.text == SAMPLE_REPORT
    assert src.encoding == encoding
    assert src.format == "txt"
    assert src.sha256 == hashlib.sha256(data).hexdigest()


def test_markdown_is_text(tmp_path):
    src = load(_write(tmp_path, "r.md", SAMPLE_REPORT.encode()))
    assert src.format == "md" and src.text == SAMPLE_REPORT


def test_crlf_is_normalised_before_spans(tmp_path):
    data = SAMPLE_REPORT.replace("\n", "\r\n").encode("gbk")
    src = load(_write(tmp_path, "r.txt", data))
    assert "\r" not in src.text
    assert src.text == SAMPLE_REPORT
    i = src.text.index("480.15")
    assert src.text[i : i + 6] == "480.15"


def test_gbk_that_is_not_utf8_is_not_mojibake(tmp_path):
    src = load(_write(tmp_path, "r.txt", "财政拨款收入480.15万元".encode("gbk")))
    assert src.text == "财政拨款收入480.15万元"


def test_cut_off_inside_a_character_still_loads(tmp_path):
    for enc in ("utf-8", "gb18030"):
        data = SAMPLE_REPORT.encode(enc)
        i = SAMPLE_REPORT.index("支出决算表")
        cut = len(SAMPLE_REPORT[:i].encode(enc)) + 1  # one byte into 支
        src = load(_write(tmp_path, f"cut-{enc}.txt", data[:cut]))
        assert src.text == SAMPLE_REPORT[:i]
        assert any("ends inside a character" in n for n in src.notes)


def test_cut_off_half_way_on_a_character_boundary_loads(tmp_path):
    half = SAMPLE_REPORT[: len(SAMPLE_REPORT) // 2]
    src = load(_write(tmp_path, "half.txt", half.encode()))
    assert src.text == half and src.notes == []


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "empty"),
        (b"  \n\r\n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"ELF" + bytes(200), "binary"),
        ("财政".encode() + b"\x01\x02\x03\x04\x05\x06" * 20, "binary"),
        (b"abc \xff\xfe\xfa more \x80\x80 end" * 5, "neither UTF-8 nor GB18030"),
    ],
    ids=["empty", "blank", "png", "nul", "control", "undecodable"],
)
def test_bad_text_files_get_one_clear_error_naming_the_file(tmp_path, data, why):
    p = _write(tmp_path, "bad.txt", data)
    with pytest.raises(LoadError) as e:
        load(p)
    assert str(e.value).startswith(str(p))
    assert why in str(e.value)
    assert e.value.path == str(p)


def test_oversized_file_is_refused_with_its_size(tmp_path):
    p = _write(tmp_path, "big.txt", SAMPLE_REPORT.encode())
    with pytest.raises(LoadError, match=r"too large .*limit is 1,000") as e:
        load(p, max_bytes=1000)
    assert str(p) in str(e.value)
    assert load(p, max_bytes=10_000).text == SAMPLE_REPORT


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load(tmp_path / "nope.txt")
    with pytest.raises(LoadError, match="folder"):
        load(tmp_path)


def test_unsupported_extension_says_what_is_supported(tmp_path):
    p = _write(tmp_path, "r.pptx.zzz", b"whatever")
    with pytest.raises(LoadError, match=r"unsupported file type.*\.pdf"):
        load(p)


def test_pdf_renamed_txt_is_read_as_pdf(tmp_path):
    from tests.fixtures import write_pdf

    pdf = write_pdf(SAMPLE_REPORT, tmp_path / "r.pdf")
    renamed = _write(tmp_path, "r.txt", pdf.read_bytes())
    assert load(renamed).format == "pdf"


@pytest.mark.parametrize("folder", [CORPUS, CORPUS_EXTRA], ids=["corpus", "corpus-extra"])
def test_every_corpus_report_loads_as_utf8_and_its_gb18030_copy_is_identical(folder, tmp_path):
    from extractor.formats.text import blank_inline_markup

    files = corpus_files(folder)
    if not files:
        pytest.skip(f"corpus not present at {folder}")
    for f in files:
        src = load(f)
        assert src.encoding in ("utf-8", "utf-8-sig")
        raw = f.read_text(encoding="utf-8-sig")
        # the text as written, but for inline markup blanked to spaces of the same length
        assert src.text == blank_inline_markup(raw) and len(src.text) == len(raw)
        copy = _write(tmp_path, f.name, src.text.encode("gb18030"))
        gb = load(copy)
        assert gb.encoding == "gb18030"
        assert gb.text == src.text


def test_corpus_report_cut_half_way_loads(tmp_path):
    f = corpus_file("004")
    data = f.read_bytes()
    src = load(_write(tmp_path, "cut.txt", data[: len(data) // 2]))
    full = f.read_text(encoding="utf-8")
    assert full.startswith(src.text)
    assert len(src.text) > len(full) // 3


def test_inline_markup_is_blanked_keeping_every_offset() -> None:
    from extractor.formats.text import blank_inline_markup

    text = "收入预算总计 <u>21,955.35 万</u> 元，|**合计**|八、住房保障支出<br>支出总计|"
    out = blank_inline_markup(text)
    assert len(out) == len(text)
    assert out.index("21,955.35") == text.index("21,955.35")
    assert "<u>" not in out and "**" not in out and "<br>" not in out and "|" in out
    # a converter's highlight showed as literal tags in search snippets and the web
    marked = "二是加强民生司法保障。 <mark>紧扣社会主要矛盾变化</mark>，依法保障民生权益。"
    assert blank_inline_markup(marked) == marked.replace("<mark>", " " * 6).replace(
        "</mark>", " " * 7
    )


def test_control_share_counts_as_a_test_of_each_character():
    """The control characters' share, found by one pattern, is what a test of every
    character of the sample gives (below 32, less tab, LF, CR and FF), on random texts."""
    import random

    from extractor.formats.text import _control_share

    def each(text: str) -> float:
        sample = text[:65536]
        if not sample:
            return 0.0
        return sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f") / len(sample)

    rng = random.Random(19)
    for _ in range(2000):
        text = "".join(
            chr(rng.randrange(0, 40) if rng.random() < 0.5 else rng.randrange(0, 0x10000))
            for _ in range(rng.randrange(0, 120))
        )
        assert _control_share(text) == each(text)
    long = "\x01" * 70000 + "a"  # only the first 64k characters are looked at
    assert _control_share(long) == each(long) == 1.0
