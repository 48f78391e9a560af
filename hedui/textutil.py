"""Text helpers shared by the store and search: one folding, applied alike to what is stored
and to what people type.

``fold`` is how search compares text: NFKC (full-width letters, digits and brackets become
their ASCII forms: ``（一）`` is ``(一)``), case folded, the quotes people write in every style
(“”‘’"'「」『』) dropped so that ``三公经费``, ``“三公”经费`` and ``"三公"经费`` are one word,
〔〕 and 【】 read as () and [], whitespace and control characters dropped (a line break inside a
word of a PDF's text does not hide it). ``folded`` keeps, for each folded character, the offset
of the character it came from, so a match in the folded text is marked in the text as written.

``index_tokens`` is what the full-text index stores: every folded character its own token, so
an FTS5 phrase of the query's characters matches exactly where the folded query is a substring
of the folded text — one- and two-character Chinese words included. Characters that are not
letters or digits (punctuation, symbols) would be separators to FTS5's unicode61 tokenizer and
let a phrase match across them (网，格 for 网格); each is written as a private-use character
instead, which unicode61 keeps as a token of its own, so they take their place in a phrase.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import compress
from operator import add

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
_PUA_BASE = 0xF0000  # plane 15, private use: unicode61 keeps its characters as tokens


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


@lru_cache(maxsize=65536)
def _token(c: str) -> str:
    if unicodedata.category(c)[0] in "LN":
        return c
    code = ord(c)
    return chr(_PUA_BASE + code) if code <= 0xFFFD else chr(0x100000 + (code & 0xFFFD))


def index_tokens(folded_text: str) -> str:
    """Folded text as the index stores it: one token per character, space-separated."""
    return " ".join(_token(c) for c in folded_text)


def gram_tokens(folded_text: str, n: int) -> str:
    """Folded text as overlapping runs of ``n`` characters, one token each. A run is far
    rarer than any of its characters (digits above all), so a term looked up by its runs
    reads shorter posting lists, and a term of exactly ``n`` characters is one token: FTS5
    walks its list without comparing positions."""
    tokens = [_token(c) for c in folded_text]
    return " ".join("".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


class _TokenTable(dict):
    """_token as a str.translate table (every token is one character), filled as met."""

    def __missing__(self, code: int) -> str:
        self[code] = token = _token(chr(code))
        return token


_TOKENS = _TokenTable()


def index_triples(folded_text: str) -> str:
    """What the index's one text column holds: the overlapping triples of the folded text's
    tokens (``gram_tokens`` of 3), the text padded with two BREAKs so that every character
    starts a triple. A term of three characters is then one token, a longer one the phrase
    of its triples, and one of one or two characters the prefix of a triple (``fts_prefix``):
    each character of the text is indexed once, not once by itself, once in a pair and once
    in a triple (issue 19: the index was a third of a report's bytes)."""
    return _triples(folded_text.translate(_TOKENS))


def _triples(tokens: str) -> str:
    pad = _TOKENS[ord(BREAK)]
    return _runs(tokens + pad + pad, 3)


def index_grams(folded_text: str) -> str:
    """What the index of short terms holds: each distinct character and pair of characters
    of the folded text, one token each (none across a BREAK), in the order first met (the
    same every time: a row is deleted with the tokens it was inserted with). A term of one
    or two characters is one token there, whose posting list (rows only: ``detail=none``)
    FTS5 walks at once, where a prefix of the triples makes it merge the lists of every
    triple that starts with it (4 ms instead of 1 at 10,000 reports)."""
    return _grams(folded_text.translate(_TOKENS))


def _grams(tokens: str) -> str:
    grams = dict.fromkeys(tokens)
    grams.update(dict.fromkeys(map(add, tokens, tokens[1:])))  # the pairs, at C speed
    pad = _TOKENS[ord(BREAK)]
    if pad in tokens:
        return " ".join(g for g in grams if pad not in g)
    return " ".join(grams)


def index_columns(folded_text: str) -> tuple[str, str]:
    """index_triples and index_grams at once, the characters' tokens made once."""
    tokens = folded_text.translate(_TOKENS)
    return _triples(tokens), _grams(tokens)


def fts_token(term: str) -> str:
    """A folded term of one or two characters as the one token index_grams made of it."""
    return '"' + "".join(_token(c) for c in term).replace('"', '""') + '"'


def _runs(tokens: str, n: int) -> str:
    """``gram_tokens`` of a string of one-character tokens, laid out by slice assignment
    (C speed: a run is never a Python string of its own)."""
    m = len(tokens) - n + 1
    if m <= 0:
        return ""
    out = [" "] * (m * (n + 1))
    for k in range(n):
        out[k :: n + 1] = tokens[k : k + m]
    return "".join(out)[:-1]


def fts_phrase(term: str) -> str:
    """A folded term as one FTS5 phrase of its characters' tokens. Inside an FTS5 string only
    the double quote is special (doubled to escape it), and a token is never one: no operator,
    column filter, prefix star or NEAR can leak out of what was typed."""
    return '"' + index_tokens(term).replace('"', '""') + '"'


def fts_prefix(term: str) -> str:
    """A folded term of one or two characters as the FTS5 prefix query of the triples that
    start with it (index_triples pads the text, so every occurrence starts one)."""
    return '"' + "".join(_token(c) for c in term).replace('"', '""') + '"*'


def fts_grams(term: str, n: int) -> str:
    """A folded term of ``n`` characters or more as one FTS5 phrase of its runs' tokens."""
    return '"' + gram_tokens(term, n).replace('"', '""') + '"'
