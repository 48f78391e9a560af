"""pdfplumber's page objects (chars, rects, lines, curves …) built at less cost, equal to its own.

``pdfplumber.Page.process_object`` turns every pdfminer layout object into a dict by running
``resolve_all`` over each of its attributes, through a closure, ``filter`` and ``map``: on the
corpus that is a fifth of the time a PDF takes to load, almost all of it spent confirming that
a float is a float. :func:`read_objects` builds the same dicts — the same keys in the same
order, the same values — with the same steps written out, resolving only the values that can
hold a reference (a number, a string, a flag or ``None`` is its own resolution), and keeps
them where pdfplumber caches a page's objects, so the tables and text lines pdfplumber finds
next are found in the very same objects.
"""

from __future__ import annotations

import re
from typing import Any
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTTextContainer
from pdfplumber.page import ALL_ATTRS, fix_fontname_bytes, lt_pat
from pdfplumber.utils import resolve_all, resolve_and_decode

# Values resolve_all returns unchanged: no reference can hide in them.
_ATOMS = frozenset({float, int, bool, str, type(None)})
_KINDS: dict[type, str] = {}
_COLOR_SPACES: dict[Any, Any] = {}


def _kind(cls: type) -> str:
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = re.sub(lt_pat, "", cls.__name__).lower()
    return kind


def _resolved(value: Any) -> Any:
    """``resolve_all(value)``. A tuple of plain values is returned as it is, a list of such
    tuples (a curve's points) copied: equal to the copies resolve_all would make."""
    cls = type(value)
    if cls in _ATOMS:
        return value
    if cls is tuple:
        if _ATOMS.issuperset(map(type, value)):
            return value
    elif cls is list and all(type(v) is tuple and _ATOMS.issuperset(map(type, v)) for v in value):
        return list(value)
    return resolve_all(value)


def _color_space(name: Any) -> Any:
    """``resolve_and_decode`` of a colour space's name (a pure function of a str: cached)."""
    if type(name) is not str:
        return resolve_and_decode(name)
    decoded = _COLOR_SPACES.get(name)
    if decoded is None:
        decoded = _COLOR_SPACES[name] = resolve_and_decode(name)
    return decoded


class _Converter:
    """``page.process_object`` for one page, with what is the same for all its objects (the
    page's number, height, MediaBox offset, ``point2coord``) looked up once."""

    def __init__(self, page: Any) -> None:
        self.page_number = page.page_number
        self.height = page.height
        self.mb_x0, self.mb_top = page.mediabox[:2]
        self.doctop = page.initial_doctop
        self.norm = page.pdf.unicode_norm
        self.point2coord = page.point2coord
        self.with_containers = page.pdf.laparams is not None

    def object_dict(self, obj: Any) -> dict[str, Any]:
        """What ``page.process_object(obj)`` returns, step for step."""
        attr = {
            k: v if type(v) in _ATOMS else _resolved(v)
            for k, v in obj.__dict__.items()
            if k in ALL_ATTRS
        }
        attr["object_type"] = _kind(obj.__class__)
        attr["page_number"] = self.page_number
        for cs in ("ncs", "scs"):
            if hasattr(obj, cs):
                attr[cs] = _color_space(getattr(obj, cs).name)
        if isinstance(obj, LTChar | LTTextContainer):
            text = obj.get_text()
            attr["text"] = normalize_unicode(self.norm, text) if self.norm is not None else text
        if isinstance(obj, LTChar):
            gs = obj.graphicstate
            scolor, ncolor = gs.scolor, gs.ncolor
            attr["stroking_color"] = scolor if isinstance(scolor, tuple) else (scolor,)
            attr["non_stroking_color"] = ncolor if isinstance(ncolor, tuple) else (ncolor,)
            if isinstance(attr["fontname"], bytes):
                attr["fontname"] = fix_fontname_bytes(attr["fontname"])
        elif isinstance(obj, LTCurve):
            point2coord = self.point2coord
            attr["pts"] = list(map(point2coord, attr["pts"]))
            path = obj.original_path  # a list for every LTCurve pdfminer makes
            attr["path"] = [(cmd, *map(point2coord, pts)) for cmd, *pts in path]  # type: ignore[union-attr]
            attr["dash"] = obj.dashing_style
        if "y0" in attr:
            top = attr["top"] = (self.height - attr["y1"]) + self.mb_top
            attr["bottom"] = (self.height - attr["y0"]) + self.mb_top
            attr["doctop"] = self.doctop + top
        if "x0" in attr and self.mb_x0 != 0:
            attr["x0"] = attr["x0"] + self.mb_x0
            attr["x1"] = attr["x1"] + self.mb_x0
        return attr

    def walk(self, objs: list[Any], out: dict[str, list[dict[str, Any]]]) -> None:
        """``iter_layout_objects`` and ``parse_objects``: containers opened, annotations left
        out."""
        for obj in objs:
            if isinstance(obj, LTContainer):
                if self.with_containers:
                    self.add(out, self.object_dict(obj))
                self.walk(obj._objs, out)
            else:
                self.add(out, self.object_dict(obj))

    @staticmethod
    def add(out: dict[str, list[dict[str, Any]]], attr: dict[str, Any]) -> None:
        kind = attr["object_type"]
        if kind != "anno":
            out.setdefault(kind, []).append(attr)


def read_objects(page: Any) -> None:
    """Build ``page.objects`` (from its layout) and keep it where pdfplumber caches it."""
    out: dict[str, list[dict[str, Any]]] = {}
    _Converter(page).walk(page.layout._objs, out)
    page._objects = out
