"""The corpora the benches read, named once: ../shared/corpus (Hunan), ../shared/corpus-extra,
../shared/corpus-pdf (each published PDF and its converters' text forms) and the project's
own examples/. A folder that is not there (a checkout without ../shared) gives no file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
CORPUS_EXTRA = SHARED / "corpus-extra"
CORPUS_PDF = SHARED / "corpus-pdf"
EXAMPLES = ROOT / "examples"
TEXT = (CORPUS, CORPUS_EXTRA, EXAMPLES)  # the text reports of the first corpora
MIX = (CORPUS, CORPUS_EXTRA, CORPUS_PDF, EXAMPLES)  # and the converters' text forms too


def files(pattern: str = "*", folders: Sequence[Path] = MIX) -> list[Path]:
    """The files of ``folders`` that ``pattern`` names, folder by folder, each sorted by name;
    READMEs are not reports."""
    out: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            out += sorted(p for p in folder.glob(pattern) if p.is_file() and p.name != "README.md")
    return out
