"""Text helpers shared by the store and search: one folding, applied alike to what is stored
and to what people type.

``fold`` is how search compares text: NFKC (full-width letters, digits and brackets become
their ASCII forms: ``（一）`` is ``(一)``), case folded, the quotes people write in every style
(“”‘’"'「」『』) dropped so that ``三公经费``, ``“三公”经费`` and ``"三公"经费`` are one word,
〔〕 and 【】 read as () and [], whitespace and control characters dropped (a line break inside a
word of a PDF's text does not hide it). ``folded`` keeps, for each folded character, the offset
of the character it came from, so a match in the folded text is marked in the text as written.

What the full-text index is given (hedui.search), made for SQLite's ``trigram`` tokenizer,
which indexes every run of three characters, in C, and compares them exactly
(``case_sensitive 1``: the text is folded already): the folded text itself (``index_text``),
so that an FTS5 phrase of a term's runs matches exactly where the folded term is a substring
of the folded text; and the folded text ``spread`` (each character between MARKs), whose runs
of three are each character and each pair of neighbours, for the terms of one or two
characters the tokenizer cannot look up in the text, and for the filters. Punctuation and
symbols are characters like any other (unicode61, before, needed each written as a
private-use token and the runs built in Python: about 7 ms a report).
"""

from __future__ import annotations

import json
import json.encoder
import re
import sys
import unicodedata
from array import array
from collections.abc import Callable
from functools import lru_cache
from itertools import compress
from json.encoder import encode_basestring

# CJK unified ideographs (with extension A and compatibility ideographs), kana and hangul.
_CJK_RANGES = (
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
)
_CJK = re.compile("([" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _CJK_RANGES) + "])")
_SPACE = re.compile(r"\s+")
QUOTES = frozenset("\"'“”‘’「」『』„‟‹›«»〝〞＂＇`´")
_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "【": "[", "】": "]", "〖": "[", "〗": "]"})
BREAK = "\x00"  # between the pieces of a section's own text: no match runs across it
# In what the index is given, between characters (spread) and for BREAK: a control
# character, which fold drops, so no folded text or term holds one (unlike NUL, FTS5 reads
# it inside a query's string and the trigram tokenizer reads past it)
MARK = "\x01"


@lru_cache(maxsize=1)
def _spacing_table() -> dict[int, str]:
    """Each character _CJK matches → itself between spaces (built on first use)."""
    return {c: f" {chr(c)} " for a, b in _CJK_RANGES for c in range(a, b + 1)}


def spaced(text: str) -> str:
    """The text with a space between CJK characters and runs of whitespace made one space:
    ``"网格员300人"`` → ``"网 格 员 300 人"``. A translation table, not a regex template
    (expanded in Python once per character, several times slower)."""
    return _SPACE.sub(" ", (text or "").translate(_spacing_table())).strip()


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """One character as search compares it (possibly none, possibly several: ㈠ is (一))."""
    if ch == BREAK:
        return BREAK
    out = []
    for c in unicodedata.normalize("NFKC", ch).casefold().translate(_BRACKETS):
        if c in QUOTES or c.isspace() or unicodedata.category(c) in ("Cc", "Cf"):
            continue
        out.append(c)
    return "".join(out)


def folded(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the offset in ``text`` it came from.
    Most texts fold each character to one or none (their lengths under fold, one translate,
    are all 0 or 1): then the offsets are those of the characters kept, picked at C speed;
    only the rest are walked in Python."""
    if not _ASTRAL.search(text):
        lengths = text.translate(_bmp_lengths())
        if not _EXPANDS.search(lengths):
            kept = compress(range(len(text)), lengths.encode("latin-1"))
            return text.translate(_bmp_table()), list(kept)
    return folded_by_character(text)


def folded_by_character(text: str) -> tuple[str, list[int]]:
    """``folded`` the plain way, fold_char of each character in Python: the road of texts
    with characters folded to several or beyond the basic plane, and the reference the fast
    road is tested against."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        f = fold_char(ch)
        if f:
            chars.append(f)
            origin.extend([i] * len(f))
    return "".join(chars), origin


class _FoldTable(dict):
    """fold_char as a str.translate table, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        self[code] = folded_char = fold_char(chr(code))
        return folded_char


_FOLD = _FoldTable()
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_EXPANDS = re.compile("[\x02-\uffff]")  # in _bmp_lengths' terms: a character folded to several


@lru_cache(maxsize=1)
def _bmp_table() -> list[str]:
    """fold_char of every character of the basic plane, as a list str.translate indexes:
    twice as fast as the dict (search folds its 200 candidates' texts on every query); made
    on first use, in about 50 ms."""
    return [fold_char(chr(code)) for code in range(0x10000)]


@lru_cache(maxsize=1)
def _bmp_lengths() -> list[str]:
    """How many characters each character of the basic plane folds to, as the character of
    that code (folded's test for a text folded one to one)."""
    return [chr(len(f)) for f in _bmp_table()]


def fold(text: str) -> str:
    """The folded text alone (see ``folded``): each character's fold_char, in one
    str.translate (a tenth of the time of joining them one by one). A text with a character
    beyond the basic plane (the list would leave it as it is) goes through the dict."""
    if _ASTRAL.search(text):
        return text.translate(_FOLD)
    return text.translate(_bmp_table())


def query_terms(query: str) -> list[str]:
    """What a query asks for: its whitespace-separated words folded, each one a term that a
    result must contain (several words mean all of them); empty words and repeats dropped."""
    words = unicodedata.normalize("NFKC", query or "").split()
    terms = [fold(w).replace(BREAK, "") for w in words]
    return list(dict.fromkeys(t for t in terms if t))


def index_text(folded_text: str) -> str:
    """What search_fts's text column holds: the folded text itself, each BREAK a MARK (the
    trigram tokenizer stops at a NUL). SQLite's trigram tokenizer makes its tokens, every run
    of three characters, in C; a term of three characters is one of them, a longer one the
    phrase of its runs (``fts_text``)."""
    return folded_text.replace(BREAK, MARK)


def spread(folded_text: str) -> str:
    """Each character between MARKs: ``网格`` → ``␁网␁格␁``. Indexed by runs of three, this
    gives each character (``␁网␁``) and each pair of neighbours (``网␁格``) a token of its
    own, so a term of one or two characters is one token (``fts_short``) and a filter value
    the phrase of its spread form (``fts_spread``). What search_grams holds, and the facet
    columns of search_fts. No token runs across a BREAK (made a MARK: the pair across it is
    ``x␁␁``, which no term asks for)."""
    text = folded_text.replace(BREAK, MARK)
    if len(text) < _SHORT:
        return MARK + MARK.join(text) + MARK
    return _interleaved(text)


_SHORT = 64  # characters: below, a join is the faster (a query's term, a filter, a kind)


def _four_byte_code() -> str:
    """The array type code of 4-byte unsigned integers, to hold code points in this
    machine's order: array's codes name C types, whose sizes the platform decides."""
    for code in "IL":
        if array(code).itemsize == 4:
            return code
    # no C platform hedui runs on lacks one; said plainly if one does
    raise ImportError("hedui.textutil needs an array type of 4 bytes ('I' or 'L')")


_UNIT = _four_byte_code()
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


def _interleaved(text: str) -> str:
    """``MARK + MARK.join(text) + MARK`` for a text of one character or more, made as an
    array of code points with the text's in every other place: MARK.join makes a string of
    each character first (a section's text spread: 0.49 → 0.06 ms for corpus 001's, what
    the search index is given of every report)."""
    chars = array(_UNIT, text.encode(_UTF32, "surrogatepass"))  # any str, as join takes
    out = array(_UNIT, [ord(MARK)]) * (2 * len(chars) + 1)
    out[1::2] = chars
    return out.tobytes().decode(_UTF32, "surrogatepass")


def _quoted(text: str) -> str:
    """An FTS5 string: inside it only the double quote is special (doubled to escape it), so
    no operator, column filter, prefix star or NEAR can leak out of what was typed."""
    return '"' + text.replace('"', '""') + '"'


def fts_text(term: str) -> str:
    """A folded term of three characters or more as the query of search_fts's text: the
    phrase of its runs of three (the trigram tokenizer makes them, as it made the text's)."""
    return _quoted(term)


def fts_short(term: str) -> str:
    """A folded term of one or two characters as the one token of search_grams (spread)
    that stands for it: ``␁网␁`` for 网, ``网␁格`` for 网格."""
    return _quoted(MARK + term + MARK if len(term) == 1 else term[0] + MARK + term[1])


def fts_spread(value: str) -> str:
    """A folded value as the phrase of its spread form: it matches a spread column exactly
    where the value is a substring of what was spread (a facet filter: the kind 部门职责
    holds 职责, even 职)."""
    return _quoted(spread(value))


def fts_phrase(term: str) -> str:
    """A folded term as the FTS5 query of an index of its kind: the phrase of its runs for
    three characters or more, else its one token among the spread (search_grams)."""
    return fts_text(term) if len(term) >= 3 else fts_short(term)


def json_encoder(separators: tuple[str, str]) -> Callable[[object], str]:
    """``json.dumps(obj, ensure_ascii=False, separators=separators)`` as a function made once,
    for the store's columns of JSON. json.dumps makes an encoder at every call, and each
    encode makes its C encoder again: this one is made once and called as it is (1.8 µs a
    claim's numbers, where a JSONEncoder made once took 2.8 and json.dumps 3.6; ~50 claims,
    a table's notes and a report's passes, every report). Without C speedups, the encoder
    json.dumps would make."""
    item, key = separators
    encoder = json.JSONEncoder(ensure_ascii=False, separators=separators)
    c_make_encoder = getattr(json.encoder, "c_make_encoder", None)  # typeshed lacks it
    if c_make_encoder is None:  # pragma: no cover - CPython has it
        return encoder.encode
    # what JSONEncoder.iterencode makes for a one-shot encode without indent (check_circular
    # off: the store's values hold no cycle, and an encoding of one never ends either way)
    made = c_make_encoder(
        None, encoder.default, encode_basestring, None, key, item, False, False, True
    )

    def encode(obj: object) -> str:
        return "".join(made(obj, 0))

    return encode
