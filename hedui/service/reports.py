"""The JSON reads: stored reports (filtered), their sections, tables with cells, findings;
and search."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException, Query, Response

from hedui import store
from hedui.search import search_page
from hedui.service.site import Site, report_row, summary


def api(app: FastAPI, site: Site) -> None:
    @app.get("/api/reports")
    def api_reports(
        response: Response,
        kind: str | None = Query(None, description="Report kind (contains): 部门决算 …"),
        year: int | None = Query(None, ge=1, le=9999, description="Fiscal year."),
        region: str | None = Query(None, description="Region (contains)."),
        department: str | None = Query(None, description="Department (contains)."),
        verdict: str | None = Query(None, description="accept, flag or reject."),
        status: str | None = Query(None, description="accept, flag, reject or reviewed."),
        coverage: str | None = Query(
            None, description="full, partial, unknown, or a least share (0.8, 80%)."
        ),
        sort: str = Query("name", description=f"One of {', '.join(store.REPORT_SORTS)}."),
        limit: int = Query(1000, ge=1, le=100_000),
        offset: int = Query(0, ge=0, le=10_000_000),
    ) -> list[dict]:
        """The stored reports that pass every filter; X-Total-Count says how many do."""
        try:
            total, rows = store.list_reports(
                site.connect(), kind=kind, year=year, region=region, department=department,
                verdict=verdict, status=status, coverage=coverage, sort=sort, limit=limit,
                offset=offset,
            )  # fmt: skip
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from None
        response.headers["X-Total-Count"] = str(total)
        return site.mask(rows)

    @app.get("/api/reports/{sha}")
    def api_report(sha: str) -> dict:
        return site.mask(summary(report_row(site.connect(), sha)))

    @app.get("/api/reports/{sha}/sections")
    def api_sections(sha: str) -> list[dict]:
        db = site.connect()
        row = report_row(db, sha)
        return site.mask(store.sections_of(db, row["sha256"]))

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
                    "SELECT c.*, t.report_sha256 FROM cells c JOIN tables t ON t.id = c.table_id "
                    "WHERE c.table_id = ? ORDER BY c.row_idx, c.column_idx",
                    [t["id"]],
                )
            )
        return site.mask(tables)

    @app.get("/api/reports/{sha}/findings")
    def api_findings(sha: str) -> list[dict]:
        db = site.connect()
        row = report_row(db, sha)
        return site.mask(store.findings_for(db, row["sha256"]))

    @app.get("/api/search")
    def api_search(
        response: Response,
        q: str,
        kind: str | None = Query(None, description="Section kind (contains): 存在问题 …"),
        report_kind: str | None = Query(None, description="Report kind (contains)."),
        department: str | None = None,
        region: str | None = None,
        year: int | None = Query(None, ge=1, le=9999),  # a bound keeps SQLite's INTEGER
        limit: int = Query(20, ge=1, le=200),
        page: int = Query(1, ge=1, le=100_000),
    ) -> list[dict]:
        """A page of hits; X-Total-Count is the true number of sections that match."""
        result = search_page(
            site.connect(), q, kind=kind, report_kind=report_kind, department=department,
            region=region, year=year, page=page, per_page=limit, show_pii=site.show_pii,
        )  # fmt: skip
        response.headers["X-Total-Count"] = str(result.total)
        return [h.model_dump() | {"link": h.link} for h in result.hits]
