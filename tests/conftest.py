"""Shared fixtures. The corpus is read from ../shared and never copied into the project."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
CORPUS_EXTRA = SHARED / "corpus-extra"
EXAMPLES = ROOT / "examples"


def corpus_file(prefix: str, folder: Path = CORPUS) -> Path:
    """The corpus report whose name starts with ``prefix`` ("000" …), or skip the test."""
    if not folder.is_dir():
        pytest.skip(f"corpus not present at {folder} (it lives in ../shared beside the repo)")
    found = sorted(folder.glob(f"{prefix}*.txt"))
    if not found:
        pytest.skip(f"no corpus file {prefix}* in {folder}")
    return found[0]


def corpus_files(folder: Path = CORPUS) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.txt"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not present at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_extra_dir() -> Path:
    if not CORPUS_EXTRA.is_dir():
        pytest.skip(f"corpus-extra not present at {CORPUS_EXTRA}")
    return CORPUS_EXTRA
