"""The JSON reads: stored reports, their sections, tables with cells, findings; and search."""

from __future__ import annotations

from fastapi import FastAPI, Query

from hedui.search import search
from hedui.service.site import Site, report_row, summary


def api(app: FastAPI, site: Site) -> None:
    @app.get("/api/reports")
    def api_reports() -> list[dict]:
        db = site.connect()
        return site.mask([summary(r) for r in db.query("SELECT * FROM reports ORDER BY file_name")])

    @app.get("/api/reports/{sha}")
    def api_report(sha: str) -> dict:
        return site.mask(summary(report_row(site.connect(), sha)))

    @app.get("/api/reports/{sha}/sections")
    def api_sections(sha: str) -> list[dict]:
        db = site.connect()
        row = report_row(db, sha)
        rows = db.query(
            "SELECT * FROM sections WHERE report_sha256 = ? ORDER BY idx", [row["sha256"]]
        )
        return site.mask([{k: v for k, v in r.items() if k != "text_spaced"} for r in rows])

    @app.get("/api/reports/{sha}/tables")
    def api_tables(sha: str) -> list[dict]:
        db = site.connect()
        row = report_row(db, sha)
        tables = list(
            db.query("SELECT * FROM tables WHERE report_sha256 = ? ORDER BY idx", [row["sha256"]])
        )
        for t in tables:
            t["cells"] = list(
                db.query(
                    "SELECT * FROM cells WHERE table_id = ? ORDER BY row_idx, column_idx", [t["id"]]
                )
            )
        return site.mask(tables)

    @app.get("/api/reports/{sha}/findings")
    def api_findings(sha: str) -> list[dict]:
        db = site.connect()
        row = report_row(db, sha)
        return site.mask(
            list(
                db.query(
                    "SELECT * FROM findings WHERE report_sha256 = ? ORDER BY idx", [row["sha256"]]
                )
            )
        )

    @app.get("/api/search")
    def api_search(
        q: str,
        kind: str | None = None,
        department: str | None = None,
        region: str | None = None,
        year: int | None = Query(None, ge=1, le=9999),  # a bound keeps SQLite's INTEGER
        limit: int = Query(20, ge=1, le=200),
    ) -> list[dict]:
        hits = search(
            site.connect(), q, kind=kind, department=department, region=region,
            year=year, limit=limit, show_pii=site.show_pii,
        )  # fmt: skip
        return [h.model_dump() | {"link": h.link} for h in hits]
