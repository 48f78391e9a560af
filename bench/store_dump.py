"""Everything a store holds after ingesting the corpus mix, dumped as text in a stable order,
so that two versions of hedui can be compared byte for byte (a change to the store's writes
that must not change what is stored).

    .venv/bin/python bench/store_dump.py OUT [--root TREE]

``--root``: the checkout whose hedui is imported (default: this script's), so the same script
dumps a copy of an earlier commit too. The text files of the corpus mix (bench/corpora.py's
``files()`` that ``reads_as_text`` accepts) are ingested into a fresh store in this process
(``hedui.ingest.ingest``, ``isolate=False``; batches not cut by time, so the transactions,
and with them the search index's segments, are the same in every run), and the first
REWRITTEN of them written again over themselves (store.save_reports: their rows deleted, and
their index rows by the tokens made again). Then every table,
view included, is written row by row, ordered by all its columns: ``ingested_at`` and the
runs' times masked; ``report_packed`` as ``store.load_report(row).model_dump_json()`` and
its decompressed bytes; ``passes_packed`` as ``store.unpack_passes`` and its decompressed
bytes; every other value by ``repr`` (the FTS5 shadow tables' blobs too: the index's bytes).
Last, what ``hedui.search.search_page`` answers for terms of 1, 2, 3 and 5 characters taken
from the texts.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import zlib
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--root", type=Path, default=BENCH.parent)
    args = ap.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    sys.path.insert(1, str(BENCH))
    with tempfile.TemporaryDirectory() as tmp:
        db = ingested(Path(tmp) / "dump.db")
        with args.out.open("w", encoding="utf-8") as out:
            dump(db, out)


def ingested(path: Path):
    """A fresh store at ``path`` holding the corpus mix's text files."""
    from corpora import files

    from extractor.formats.load import reads_as_text
    from hedui import ingest, store
    from hedui.pipeline import process

    kw = ingest.ResultWriter.__init__.__kwdefaults__
    kw["max_wait"] = float("inf")  # batches of BATCH reports, whatever the time taken
    db = store.open_db(path)
    paths = [f for f in files() if reads_as_text(f)]
    summary = ingest.ingest(db, paths, isolate=False, llm="off")
    print(f"{len(paths)} files: {summary.count('stored')} stored", file=sys.stderr)
    again = [process(f, llm="off") for f in paths[:REWRITTEN]]
    store.save_reports(db, [store.ToSave(p.report, p.verification, "again") for p in again])
    return db


MASKED = {
    ("reports", "ingested_at"),
    ("runs", "started_at"),
    ("runs", "finished_at"),
    ("year_pairs", "checked_at"),
}
REWRITTEN = 6  # reports written a second time over themselves (their rows and index replaced)
TERM_LENGTHS = (1, 2, 3, 5)


def dump(db, out) -> None:
    from hedui import store

    conn = db.conn
    names = [
        n
        for (n,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
        )
    ]
    for name in names:
        try:
            cur = conn.execute(f'SELECT * FROM "{name}"')
        except Exception as exc:  # an FTS5 table of content='' cannot be read as rows
            out.write(f"## {name}: {type(exc).__name__}\n")
            continue
        columns = [d[0] for d in cur.description]
        rows = [shown(name, dict(zip(columns, r, strict=True)), store) for r in cur.fetchall()]
        out.write(f"## {name} {columns} {len(rows)} rows\n")
        for line in sorted(rows):
            out.write(line + "\n")
    searched(db, out)


def shown(table: str, row: dict, store) -> str:
    """One row as a line: its values by repr, the masked and packed ones as dump says."""
    parts = []
    for column, value in row.items():
        if (table, column) in MASKED:
            value = "<masked>"
        elif column == "report_packed" and value is not None:
            report = store.load_report(row).model_dump_json()
            value = f"{report} | {zlib.decompress(value)!r}"
        elif column == "passes_packed" and value is not None:
            rows = json.dumps(store.unpack_passes(row["sha256"], value), ensure_ascii=False)
            value = f"{rows} | {zlib.decompress(value)!r}"
        parts.append(f"{column}={value!r}")
    return " ".join(parts)


def searched(db, out) -> None:
    """search_page's answers for terms of each length in TERM_LENGTHS, cut from the texts."""
    from hedui import search

    texts = [t for (t,) in db.conn.execute("SELECT text FROM reports ORDER BY sha256") if t]
    for n in TERM_LENGTHS:
        for k, text in enumerate(texts[:5]):
            term = term_in(text, n, k)
            page = search.search_page(db, term, per_page=50)
            out.write(f"## search {term!r}: {page.total}\n")
            for hit in page.hits:
                out.write(hit.model_dump_json() + "\n")


def term_in(text: str, n: int, k: int) -> str:
    """A run of ``n`` CJK characters of ``text`` near its (k+1)-th fifth, for a query."""
    at = len(text) * (k + 1) // 6
    for i in range(at, len(text) - n):
        word = text[i : i + n]
        if all("\u4e00" <= c <= "\u9fff" for c in word):
            return word
    return text[:n]


if __name__ == "__main__":
    main()
