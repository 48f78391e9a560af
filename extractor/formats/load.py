"""Load a file into a Source: the one entry point for every format.

The format is taken from the file's extension, checked against its first bytes, so that a
``.docx`` that is really an old binary Word file (or a PDF renamed ``.txt``) is named for what
it is instead of failing deep inside a parser with a message nobody can act on. Every failure
is a LoadError (or NeedsOCR) whose message starts with the file's path.
"""

from __future__ import annotations

import hashlib
import shlex
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from extractor.formats.limits import Limits, check_lines, check_office
from extractor.source import LoadError, Source

MAX_BYTES = Limits().max_bytes

TEXT_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".text": "txt"}
SUPPORTED = (".txt", ".md", ".pdf", ".docx", ".xlsx")

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office (.doc / .xls / .ppt)
_CONVERT = {
    ".doc": ("an old binary Word file (.doc)", "docx"),
    ".xls": ("an old binary Excel file (.xls)", "xlsx"),
    ".wps": ("a WPS document (.wps)", "docx"),
    ".et": ("a WPS spreadsheet (.et)", "xlsx"),
}


def convert_hint(path: str, target: str) -> str:
    """The command that converts an old file, its path quoted for a POSIX shell (shlex), so
    that a ``'`` or a space in the name cannot break out of the quotes when pasted."""
    return f"convert it first: libreoffice --headless --convert-to {target} {shlex.quote(path)}"


def _convert_error(path: str, suffix: str) -> LoadError:
    what, target = _CONVERT.get(suffix, ("an old binary Office file", "docx"))
    return LoadError(
        path,
        f"{what} cannot be read",
        hint=convert_hint(path, target),
    )


def reads_as_text(path: str | Path) -> bool:
    """Whether ``load`` reads the file with the text decoder: a text suffix (or none), and
    none of the first bytes that make it a PDF or an Office file whatever its name (_sniff's
    rules, on the first kilobyte). For a caller that runs the readers differently: the text
    decoder leaves no cycles for the collector, a PDF's reader does. A file that cannot be
    read answers False, the careful side."""
    p = Path(path)
    if p.suffix.lower() not in TEXT_SUFFIXES and p.suffix != "":
        return False
    try:
        with p.open("rb") as fh:
            head = fh.read(1024)
    except OSError:
        return False
    return not (head.startswith((_OLE2, _ZIP)) or head.lstrip().startswith(b"%PDF"))


_ZIP = b"PK\x03\x04"


def _sniff(data: bytes, path: str, suffix: str) -> str:
    """The format the bytes really are, reconciled with the extension."""
    if data.startswith(_OLE2):
        raise _convert_error(path, suffix if suffix in _CONVERT else ".doc")
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(_ZIP):  # a .doc that is really a DOCX is read as one
        if suffix in (".docx", ".xlsx"):
            return suffix[1:]
        try:
            import io

            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise LoadError(path, "a damaged ZIP/Office file") from None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise LoadError(path, "a ZIP archive, not a report", hint="unpack it and load its files")
    if suffix in _CONVERT:
        raise _convert_error(path, suffix)
    if suffix == ".pdf":
        raise LoadError(path, "not a PDF (the file does not start with %PDF): corrupt or renamed")
    if suffix in (".docx", ".xlsx"):
        raise LoadError(path, f"not a {suffix} file (it is not an Office ZIP): corrupt or renamed")
    if suffix in TEXT_SUFFIXES or suffix == "":
        return TEXT_SUFFIXES.get(suffix, "txt")
    raise LoadError(
        path, f"unsupported file type {suffix!r}", hint=f"supported: {', '.join(SUPPORTED)}"
    )


def _loader(fmt: str) -> Callable[[bytes, str], Source]:
    # Imported lazily: pdfplumber/openpyxl take time to import and a text run needs neither.
    if fmt == "pdf":
        from extractor.formats.pdf import load_pdf

        return load_pdf
    if fmt == "docx":
        from extractor.formats.docx import load_docx

        return load_docx
    if fmt == "xlsx":
        from extractor.formats.xlsx import load_xlsx

        return load_xlsx
    raise AssertionError(fmt)


def load(path: str | Path, *, max_bytes: int | None = None, limits: Limits | None = None) -> Source:
    """Read ``path`` into a Source, or raise LoadError / NeedsOCR naming the file.

    ``limits`` bound the work the file may cost (extractor.formats.limits: bytes on disk,
    uncompressed parts, cells, line length); ``max_bytes``, when given, overrides theirs.
    """
    limits = limits or Limits()
    if max_bytes is not None:
        limits = replace(limits, max_bytes=max_bytes)
    max_bytes = limits.max_bytes
    p = Path(path)
    name = str(p)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise LoadError(name, "no such file") from None
    except OSError as e:
        raise LoadError(name, f"cannot be read ({e.strerror})") from None
    if p.is_dir():
        raise LoadError(
            name,
            "is a folder, not a file",
            hint=f"name its files ({name}/*), or `hedui ingest {name}` to store a whole folder",
        )
    if size > max_bytes:
        raise LoadError(
            name,
            f"the file is too large ({size:,} bytes; the limit is {max_bytes:,})",
            hint="raise --max-mb (HEDUI_MAX_BYTES) if it really is one report",
        )
    try:
        data = p.read_bytes()
    except OSError as e:
        raise LoadError(name, f"cannot be read ({e.strerror})") from None
    if not data.strip():
        raise LoadError(name, "the file is empty")
    sha = hashlib.sha256(data).hexdigest()
    fmt = _sniff(data, name, p.suffix.lower())
    if fmt in ("txt", "md"):
        from extractor.formats.text import decode_text

        text, encoding, notes = decode_text(data, name)
        check_lines(text, name, limits)
        return Source(
            file_name=p.name,
            sha256=sha,
            format=fmt,
            text=text,
            encoding=encoding,
            notes=notes,
        )
    if fmt in ("docx", "xlsx"):
        check_office(data, name, fmt, limits)
    source = _loader(fmt)(data, name)
    return source.model_copy(update={"file_name": p.name, "sha256": sha})
