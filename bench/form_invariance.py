"""The same document in every form: tables read, checks run, error findings — side by side.

For every stem of ../shared/corpus-pdf (the published PDF and its three converters' text
forms), prints per form: tables read (and how many carry a catalogue entry), table checks
run (families T, I, X), the figures that took part, and the error findings by rule. The issue
this answers asks the error findings of one document's forms to differ by at most one.

    .venv/bin/python bench/form_invariance.py [--no-pdf] [--json OUT]
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import extract, load  # noqa: E402
from verifier import verify  # noqa: E402

CORPUS_PDF = ROOT.parent / "shared" / "corpus-pdf"
FORMS = (".pdf", ".tsv.txt", ".md.txt", ".plain.txt")


def measure(path: Path) -> dict:
    report = extract(load(path))
    findings = verify(report).findings
    checks = [f for f in findings if f.rule[0] in "TIX" and f.outcome in ("pass", "fail")]
    errors = collections.Counter(
        f.rule for f in findings if f.outcome == "fail" and f.severity == "error"
    )
    return {
        "tables": len(report.tables),
        "templated": sum(1 for t in report.tables if t.template),
        "table_checks": len(checks),
        "errors": dict(sorted(errors.items())),
        "error_count": sum(errors.values()),
        "verdict": verify(report).verdict,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-pdf", action="store_true", help="text forms only (fast)")
    ap.add_argument("--json", help="write the figures here too")
    args = ap.parse_args()
    stems = sorted({p.name.split(".")[0] for p in CORPUS_PDF.glob("*.pdf")})
    out: dict[str, dict] = {}
    worst = 0
    for stem in stems:
        out[stem] = {}
        for form in FORMS:
            if args.no_pdf and form == ".pdf":
                continue
            path = CORPUS_PDF / f"{stem}{form}"
            if path.exists():
                out[stem][form] = measure(path)
        counts = [m["error_count"] for m in out[stem].values()]
        spread = max(counts) - min(counts)
        worst = max(worst, spread)
        print(f"{stem}  (error findings differ by {spread})")
        for form, m in out[stem].items():
            print(
                f"  {form:10} tables {m['tables']:3} (catalogue {m['templated']:2})  "
                f"table checks {m['table_checks']:4}  errors {m['error_count']:2} {m['errors']}"
            )
    inputs = [m for s in out.values() for m in s.values()]
    with_checks = sum(1 for m in inputs if m["table_checks"])
    print(f"table checks ran on {with_checks} of {len(inputs)} inputs")
    print(f"largest difference in error findings between forms of one document: {worst}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
