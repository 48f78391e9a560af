"""Personal data masked in what hedui shows: pages, search snippets, exports.

The masking itself is extractor.pii (the model's input is masked with it too); masks keep
the length of what they hide, so every span still points at the same characters.
"""

from __future__ import annotations

from typing import Any

from extractor.pii import ID_CARD, MOBILE, find_pii, mask_pii

__all__ = ["ID_CARD", "MOBILE", "find_pii", "mask_obj", "mask_pii"]


def mask_obj(obj: Any) -> Any:
    """Mask every string inside a JSON-like structure (dicts, lists, strings)."""
    if isinstance(obj, str):
        return mask_pii(obj)
    if isinstance(obj, list):
        return [mask_obj(x) for x in obj]
    if isinstance(obj, dict):
        return {k: mask_obj(v) for k, v in obj.items()}
    return obj
