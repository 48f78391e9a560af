"""A claim's numbers as the store's ``claims.numbers`` column holds them: JSON, compact but
still readable by any SQLite tool.

Each number is an object of its named parts, written only where it says something:

- ``raw``: the number as written (always);
- ``value``: the exact Decimal as text, only when it is not ``raw`` itself;
- ``decimals``: only when it is not the count of digits after the point of the value;
- ``unit``: only when there is one;
- ``span``: ``[start, end]`` in the report's text (``[start, end, page]`` with a page);
- ``grounding``: only when it is not ``unchecked``.

``{"value":{"raw":"1371.73","unit":"万元","span":[7905,7912]}}`` is the whole of what
``Number.model_dump`` wrote in 160 bytes (a null page, the default grounding, the value and
its decimals again). Corpus 001's claims rows: 19 of their 36 kB were these dumps (issue 19).
``load`` reads both forms back into the same Numbers, so the compact form loses nothing.
"""

from __future__ import annotations

import json
from decimal import Decimal

from hedui.textutil import json_encoder
from verifier.numbers import places
from verifier.report import Number, Span


def compact(n: Number) -> dict:
    """One Number as its compact object (see the module docstring)."""
    out: dict = {"raw": n.raw}
    value = str(n.value)
    if value != n.raw:
        out["value"] = value
    if n.decimals != places(n.value):
        out["decimals"] = n.decimals
    if n.unit is not None:
        out["unit"] = n.unit
    if n.span is not None:
        s = n.span
        out["span"] = [s.start, s.end] if s.page is None else [s.start, s.end, s.page]
    if n.grounding != "unchecked":
        out["grounding"] = n.grounding
    return out


def dumps(numbers: dict[str, Number]) -> str:
    """A claim's numbers as the column's JSON, without the spaces after its commas and colons
    (7 bytes a number; a store written with them reads the same)."""
    return _encode({k: compact(n) for k, n in numbers.items()})


# json.dumps with arguments of its own makes an encoder on every call: one made once (a
# report's claims are dumped one by one: 15% of their time), its C encoder too (textutil)
_encode = json_encoder((",", ":"))


def _number(d: dict) -> Number:
    """A Number from its compact object or from a full model_dump (an older store's)."""
    if "span" in d and not isinstance(d["span"], list):  # a dump: its span an object or null
        return Number.model_validate(d)
    value = Decimal(d.get("value", d["raw"]))
    span = d.get("span")
    return Number(
        value=value,
        raw=d["raw"],
        decimals=d.get("decimals", places(value)),
        unit=d.get("unit"),
        span=None if span is None else Span(start=span[0], end=span[1], page=_page(span)),
        grounding=d.get("grounding", "unchecked"),
    )


def _page(span: list) -> int | None:
    return span[2] if len(span) > 2 else None


def loads(text: str | None) -> dict[str, Number]:
    """The column's JSON, of either form, as the claim's Numbers."""
    return {k: _number(d) for k, d in json.loads(text or "{}").items()}


def recompact(text: str | None) -> str | None:
    """A full dump (an older store's column) in the compact form (the same Numbers)."""
    return None if text is None else dumps(loads(text))
