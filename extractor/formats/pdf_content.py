"""Read a page's content streams for pdfminer faster, giving the very objects it would read.

pdfminer tokenizes a content stream one state-machine step at a time in Python (4 KiB
buffers, a method call per token part, a debug log call per token) and its interpreter looks
every operator's method up by building its name: on the corpus that is half of all the time
a PDF takes to load. Here each stream is cut into tokens by one regular expression, the
tokens are grouped into arrays and dictionaries as ``PSStackParser.nextobject`` groups them,
and the interpreter dispatches through a table built once per operator. The device, the
graphic state and every drawing operator stay pdfminer's own, so the characters and paths
that reach pdfplumber are the same objects with the same numbers.

The grammar is pdfminer's, not the PDF specification's, quirks included (``\\x`` drops both
characters, a lone ``-`` is no token, ``<abc>>`` ends a dictionary). Where pdfminer's result
would depend on its buffering or on state carried from one stream into the next — an inline
image (``BI``/``ID``), a backslash-CR on a 4 KiB boundary, an octal escape over 255, a
string, a hex string or a name still open where a stream ends, a dictionary with an odd
number of entries — :func:`content_objects` gives up and the page is read by pdfminer
itself, so the fast path is never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pdfminer import settings
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import (
    KWD,
    LIT,
    PSKeyword,
    PSLiteral,
    keyword_name,
    literal_name,
)
from pdfminer.utils import choplist

# One token per match, whitespace before it included, each alternative starting with the
# character that makes pdfminer's ``_parse_main`` choose that kind of token. ``\s`` in a bytes
# pattern is [ \t\n\r\f\v], pdfminer's own whitespace; NUL is skipped too. No alternative
# starts with whitespace, so ``finditer`` never skips a character that is part of a token.
# A number and a keyword are both a "word" (told apart by their first byte, and cached).
# A string matches whole when its parentheses nest at most one deep; deeper, ``open``.
_TOKEN = re.compile(
    rb"[\s\x00]*(?:"
    rb"(?P<word>[-+0-9][0-9]*(?:\.[0-9]*)?|\.[0-9]*|[A-Za-z][^#/%\[\]()<>{}\s]*)"
    rb"|/(?P<name>(?:[^#/%\[\]()<>{}\s]|#[0-9a-fA-F]{0,2})*)"
    rb"|(?P<dict_begin><<)"
    rb"|<(?P<hex>[\s0-9a-fA-F]*)"
    rb"|\((?P<string>(?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*)\)"
    rb"|(?P<comment>%[^\r\n]*)"
    rb"|(?P<dict_end>>>)"
    rb"|(?P<close>>)"
    rb"|(?P<open>\()"
    rb"|(?P<other>[^\s\x00]))",
    re.DOTALL,
)
_NAME_HEX = re.compile(rb"#([0-9a-fA-F]{0,2})")
_SPACE = re.compile(rb"\s")
_STRING_STOP = re.compile(rb"[()\\]")
_OCTAL = re.compile(rb"[0-7]{1,3}")
_ESCAPES = {
    ord("b"): 8,
    ord("t"): 9,
    ord("n"): 10,
    ord("f"): 12,
    ord("r"): 13,
    ord("("): 40,
    ord(")"): 41,
    ord("\\"): 92,
}
# pdfminer reads a stream in chunks of this size; one look-ahead in strings sees only its chunk.
_BUFSIZ = 4096

_ARRAY_BEGIN = KWD(b"[")
_ARRAY_END = KWD(b"]")
_DICT_BEGIN = KWD(b"<<")
_DICT_END = KWD(b">>")
_PROC_BEGIN = KWD(b"{")
_PROC_END = KWD(b"}")
_INLINE = (KWD(b"BI"), KWD(b"ID"))
_CLOSERS = {_ARRAY_END: "a", _DICT_END: "d", _PROC_END: "p"}
_OPENERS = {_ARRAY_BEGIN: "a", _DICT_BEGIN: "d", _PROC_BEGIN: "p"}
_STRUCTURE = {*_CLOSERS, *_OPENERS, *_INLINE}
_SINGLE = {bytes((c,)): KWD(bytes((c,))) for c in range(256)}


class Unsupported(Exception):
    """The stream holds something whose reading pdfminer's buffering would decide."""


def _name(raw: bytes) -> PSLiteral:
    if b"#" in raw:
        raw = _NAME_HEX.sub(lambda m: bytes((int(m[1], 16),)) if m[1] else b"", raw)
    try:
        name: str | bytes = str(raw, "utf-8")
    except UnicodeDecodeError:
        name = raw
    return LIT(name)


def _hex(body: bytes) -> bytes:
    """pdfminer's hex string: whitespace dropped, pairs of digits, a last odd digit alone."""
    digits = _SPACE.sub(b"", body)
    if len(digits) % 2:
        return bytes.fromhex(digits[:-1].decode()) + bytes((int(digits[-1:], 16),))
    return bytes.fromhex(digits.decode())


def _string(s: bytes, i: int) -> tuple[bytes, int]:
    """The literal string that opens just before ``s[i]``, and the index after its ``)``."""
    out = bytearray()
    depth = 1
    n = len(s)
    while True:
        m = _STRING_STOP.search(s, i)
        if m is None:
            raise Unsupported("a string open at the end of a stream")
        j = m.start()
        out += s[i:j]
        c = s[j]
        if c == 0x5C:  # backslash
            k = j + 1
            if k >= n:
                raise Unsupported("a backslash at the end of a stream")
            e = s[k]
            if 0x30 <= e <= 0x37:
                octal = _OCTAL.match(s, k)
                assert octal is not None
                end = octal.end()
                code = int(octal[0], 8)
                if code > 255 or end >= n:
                    raise Unsupported("an octal escape pdfminer would reject or split")
                out.append(code)
                i = end
            elif e in _ESCAPES:
                out.append(_ESCAPES[e])
                i = k + 1
            elif e == 0x0D and s[k + 1 : k + 2] == b"\n":
                if (k + 1) % _BUFSIZ == 0:
                    raise Unsupported("a backslash-CR-LF across pdfminer's buffers")
                i = k + 2
            else:  # an unknown escape or a line continuation: both characters go
                i = k + 1
        elif c == 0x28:  # (
            depth += 1
            out.append(c)
            i = j + 1
        else:  # )
            depth -= 1
            i = j + 1
            if not depth:
                return bytes(out), i
            out.append(c)


def _word(text: bytes) -> Any:
    """A number or a keyword as pdfminer reads it (``None``: a sign or a dot alone, which
    pdfminer drops)."""
    if text[0] >= 0x41:  # a letter (signs, dot and digits all sort before "A")
        if text == b"true":
            return True
        if text == b"false":
            return False
        return KWD(text)
    if text.strip(b"+-."):
        return float(text) if b"." in text else int(text)
    return None


def _tokens(s: bytes, last: bool) -> list[Any]:
    """The tokens of one stream, as pdfminer's ``nexttoken`` gives them (positions aside).

    ``last``: no stream follows, so a ``>`` at the very end has nothing to pair with.
    """
    out: list[Any] = []
    add = out.append
    n = len(s)
    words: dict[bytes, Any] = {}
    for m in _TOKEN.finditer(s):
        kind = m.lastgroup
        if kind == "word":
            text = m[kind]
            try:
                value = words[text]
            except KeyError:
                value = words[text] = _word(text)
            if value is not None:
                add(value)
        elif kind == "name":
            if m.end() == n:
                raise Unsupported("a name at the end of a stream runs on into the next")
            add(_name(m[kind]))
        elif kind == "string":
            body = m[kind]
            if b"\\" in body:
                body, end = _string(s, m.start(kind))
                if end != m.end():
                    raise Unsupported("a string whose end its escapes move")
            add(body)
        elif kind == "hex":
            if m.end() == n:
                raise Unsupported("a hex string open at the end of a stream")
            add(_hex(m[kind]))
        elif kind == "comment":
            continue
        elif kind == "dict_begin":
            add(_DICT_BEGIN)
        elif kind == "dict_end":
            add(_DICT_END)
        elif kind == "close":
            if m.end() == n and not last:
                raise Unsupported("a '>' at the end of a stream pairs with the next")
        elif kind == "open":
            raise Unsupported("a string nested deeper than one, or open at the end")
        else:
            add(_SINGLE[m[0][-1:]])
    return out


def content_objects(datas: Sequence[bytes]) -> list[Any]:
    """The objects ``PDFContentParser.nextobject`` returns, in order, for these decoded streams.

    Raises :class:`Unsupported` where pdfminer's own reading could differ (see the module).
    """
    if settings.STRICT:
        raise Unsupported("strict mode raises where the fast reader would go on")
    results: list[Any] = []
    # What pdfminer pushes inside an open array, dictionary or procedure; at the top level
    # every object is flushed to the results as soon as it is complete, so it goes there.
    stack: list[Any] = []
    context: list[tuple[str | None, list[Any]]] = []
    curtype: str | None = None
    for index, data in enumerate(datas):
        for token in _tokens(data, last=index == len(datas) - 1):
            if token.__class__ is PSKeyword and token in _STRUCTURE:
                if token in _OPENERS:
                    context.append((curtype, stack))
                    curtype, stack = _OPENERS[token], []
                    continue
                if token in _INLINE:
                    raise Unsupported("an inline image")
                if curtype != _CLOSERS[token]:
                    continue  # a type mismatch: pdfminer ignores the closer
                objs = stack
                curtype, stack = context.pop()
                if token is _DICT_END:
                    if len(objs) % 2:
                        raise Unsupported("a dictionary with an odd number of entries")
                    token = {literal_name(k): v for (k, v) in choplist(2, objs) if v is not None}
                else:
                    token = objs
            if context:
                stack.append(token)
            else:
                results.append(token)
    return results


class FastInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter reading its streams with :func:`content_objects`.

    Operators run as pdfminer runs them (same methods, same argument counts, same handling of
    a short stack); only the lookup is cached. A Form XObject is read by a new instance of
    this class (``dup`` uses ``self.__class__``), so it takes the fast road too.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._operators: dict[PSKeyword, tuple[Any, int]] = {}

    def _operator(self, keyword: PSKeyword) -> tuple[Any, int]:
        name = keyword_name(keyword)
        method = "do_{}".format(name.replace("*", "_a").replace('"', "_w").replace("'", "_q"))
        func = getattr(self, method, None)
        entry = (func, func.__code__.co_argcount - 1) if func is not None else (None, 0)
        self._operators[keyword] = entry
        return entry

    def execute(self, streams: Sequence[object]) -> None:
        valid = [stream_value(obj) for obj in streams]
        try:
            if any(s.objid is None or s.objid in self.parent_stream_ids for s in valid):
                raise Unsupported("a stream pdfminer skips (and warns about)")
            objects = content_objects([s.get_data() for s in valid])
        except Exception:  # Unsupported, or a stream pdfminer will fail on in its own way
            super().execute(streams)
            return
        self._run(valid, objects)

    def _run(self, valid: list[PDFStream], objects: list[Any]) -> None:
        self.stream_ids.clear()
        self.stream_ids.update(s.objid for s in valid if s.objid is not None)
        operators = self._operators
        argstack = self.argstack
        for obj in objects:
            if obj.__class__ is PSKeyword:
                func, nargs = operators.get(obj) or self._operator(obj)
                if func is None:
                    continue
                if nargs:  # self.pop(nargs), in place
                    args = argstack[-nargs:]
                    del argstack[-nargs:]
                    if len(args) == nargs:
                        func(*args)
                else:
                    func()
                argstack = self.argstack  # a colour operator pops, and so replaces, it
            else:
                argstack.append(obj)


def read_layout(page: Any) -> None:
    """Lay out a pdfplumber page with :class:`FastInterpreter`, as ``Page.layout`` would with
    pdfminer's interpreter (same device, same error), and keep it where pdfplumber caches it."""
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent
    from pdfplumber.utils.exceptions import PdfminerException

    device = PDFPageAggregatorWithMarkedContent(
        page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams
    )
    interpreter = FastInterpreter(page.pdf.rsrcmgr, device)
    try:
        interpreter.process_page(page.page_obj)
    except Exception as e:
        raise PdfminerException(e) from e
    page._layout = device.get_result()
