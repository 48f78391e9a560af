"""Load a file into a Source. (Stub: owned by the loading work; signature is the contract.)"""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractor.source import LoadError, Source

MAX_BYTES = 50 * 1024 * 1024


def load(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Source:
    p = Path(path)
    data = p.read_bytes()
    if not data:
        raise LoadError(str(p), "the file is empty")
    text = data.decode("utf-8-sig")
    return Source(
        file_name=p.name, sha256=hashlib.sha256(data).hexdigest(), format="txt", text=text
    )
