"""Read a DOCX with python-docx: paragraphs and tables in document order.

``Document.iter_inner_content()`` gives body paragraphs and tables interleaved as they stand,
so a table's title paragraph stays just above its TSV block. python-docx repeats a merged
cell once per grid position it covers (horizontal spans) and hands back the cell above for a
vertical continuation; both are the same underlying ``<w:tc>``, so merges are recognised by
that element's identity and the value is written once. Converter artefacts such as
``[bookmark: _GoBack]`` are dropped, and Word's automatic numbering (the 一、 of a heading
that is not in the paragraph's text) is rendered in front of the paragraph.
"""

from __future__ import annotations

import io
from pathlib import Path

from extractor.formats.builder import Grid, TextBuilder, drop_artefacts
from extractor.formats.docx_numbering import Numbering
from extractor.source import LoadError, Source


def _grid(table) -> Grid:
    cells: list[list[str]] = []
    anchor: list[list[tuple[int, int]]] = []
    seen: dict[int, tuple[int, int]] = {}
    keep_alive = []  # python-docx makes new _Cell wrappers; hold the elements so ids stay unique
    for i, row in enumerate(table.rows):
        texts: list[str] = []
        anchors: list[tuple[int, int]] = []
        before = row.grid_cols_before
        for _ in range(before):
            anchors.append((i, len(texts)))
            texts.append("")
        for cell in row.cells:
            tc = cell._tc
            keep_alive.append(tc)
            j = len(texts)
            if id(tc) in seen:
                anchors.append(seen[id(tc)])
                texts.append("")
            else:
                seen[id(tc)] = (i, j)
                anchors.append((i, j))
                texts.append(drop_artefacts(cell.text))
        cells.append(texts)
        anchor.append(anchors)
    return Grid(cells=cells, anchor=anchor)


def load_docx(data: bytes, name: str) -> Source:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except MemoryError:
        raise  # over the worker's memory limit: hedui.ingest names the limit, not a damaged file
    except Exception as e:  # a damaged package raises KeyError, BadZipFile, XML errors …
        raise LoadError(name, f"a corrupt or unreadable DOCX ({type(e).__name__})") from None
    builder = TextBuilder()
    try:
        numbering = Numbering.of(document)
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                builder.table(_grid(block))
                continue
            text = drop_artefacts(block.text).rstrip()
            label = numbering.label(block)
            builder.line(label + text.lstrip() if label and text.strip() else text)
    except MemoryError:
        raise  # over the worker's memory limit: hedui.ingest names the limit, not a damaged file
    except Exception as e:
        raise LoadError(name, f"a corrupt or unreadable DOCX ({type(e).__name__}: {e})") from None
    text = builder.text()
    if not text.strip():
        raise LoadError(name, "the document has no text")
    return Source(
        file_name=Path(name).name,
        sha256="",
        format="docx",
        text=text,
        native_tables=builder.tables,
    )
