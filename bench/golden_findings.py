"""Dump every verdict and finding of the corpus, so a change to the verifier can be shown to
leave its output unchanged (compare two dumps byte for byte).

For every file of ../shared/corpus, ../shared/corpus-extra and examples/: load, extract,
verify, and write {file name: {verdict, reasons, findings}} as JSON (findings as
``model_dump(mode="json")``, in the order the verifier returns them).

The extractor is edited by other people too, so a dump made after theirs changed would differ
for reasons that are not the verifier's. ``--save-reports DIR`` keeps the extracted Reports;
``--reports DIR`` verifies those saved Reports instead of extracting again, so that a before
and an after dump judge the very same input.

``--pdf`` adds the 30 text forms and the 10 PDFs of ../shared/corpus-pdf, so that a change to
loading or extraction is judged on the published PDFs too (slower: the PDFs take a minute).
Saving the Reports (``--save-reports``) and comparing the two folders file by file shows the
extracted tables, claims and narratives unchanged, not only the findings.

    .venv/bin/python bench/golden_findings.py OUT.json [--pdf] [--save-reports DIR | --reports DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpora import CORPUS_PDF, TEXT, files  # noqa: E402  (bench/, this script's folder)

from extractor import extract, load  # noqa: E402
from verifier import Report, verify  # noqa: E402


def corpus_files(pdf: bool = False) -> list[Path]:
    """Every report file of the three folders (READMEs are not reports), in a stable order;
    with ``pdf``, those of ../shared/corpus-pdf too."""
    return files("*", (*TEXT, CORPUS_PDF) if pdf else TEXT)


def report_for(path: Path, reports: Path | None, save: Path | None) -> Report:
    """The Report of ``path``: read back from ``reports`` when given, else extracted now."""
    name = f"{path.parent.name}__{path.name}.json"
    if reports is not None:
        return Report.model_validate_json((reports / name).read_text(encoding="utf-8"))
    report = extract(load(path))
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)
        (save / name).write_text(report.model_dump_json(), encoding="utf-8")
    return report


def dump(
    reports: Path | None = None, save: Path | None = None, pdf: bool = False
) -> dict[str, object]:
    out: dict[str, object] = {}
    for path in corpus_files(pdf):
        v = verify(report_for(path, reports, save))
        out[f"{path.parent.name}/{path.name}"] = {
            "verdict": v.verdict,
            "reasons": v.reasons,
            "findings": [f.model_dump(mode="json") for f in v.findings],
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--pdf", action="store_true", help="include ../shared/corpus-pdf")
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--save-reports", type=Path, help="keep the extracted Reports here")
    group.add_argument("--reports", type=Path, help="verify Reports saved by --save-reports")
    args = ap.parse_args()
    data = dump(args.reports, args.save_reports, args.pdf)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    n = sum(len(v["findings"]) for v in data.values())  # type: ignore[index]
    print(f"{len(data)} reports, {n} findings → {args.out}")


if __name__ == "__main__":
    main()
