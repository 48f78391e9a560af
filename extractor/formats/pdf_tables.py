"""pdfplumber's ruled tables and their cell texts, found with less work and equal to its own.

Three steps of pdfplumber's table finding cost far more than their result needs:

- ``edges_to_intersections`` sorts the horizontal edges again for every vertical one and
  tests every pair. :func:`intersections` sorts them once and tests, in the same order, only
  the horizontal edges whose ``top`` lies near the vertical edge's span (a margin wider than
  the tolerance; the test itself is pdfplumber's, unchanged), so the points are the same.
- ``intersections_to_cells`` looks, for every intersection, through all later ones for those
  straight below and to the right, and builds the sets of edges at two points again for every
  pair it tests. :func:`cells` makes both once (points grouped by column and by row, edge
  sets per point) and tests the same pairs in the same order, so the cells are the same.
- ``Table.extract`` tests every character of the page against every row, through a function
  call per test. :func:`table_text` computes each character's midpoint once and tests it
  with the same comparisons inline; each cell's characters, in page order, go to pdfplumber's
  own ``extract_text`` as before.

:func:`find_tables` is ``page.find_tables()`` (default settings) with the first two changes.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import itemgetter
from typing import Any

from pdfplumber import utils
from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables

Point = tuple[Any, Any]
Box = tuple[Any, Any, Any, Any]


def intersections(
    edges: list[dict[str, Any]], x_tolerance: Any = 1, y_tolerance: Any = 1
) -> dict[Point, dict[str, list[dict[str, Any]]]]:
    """``pdfplumber.table.edges_to_intersections``: the same points, edges and order."""
    found: dict[Point, dict[str, list[dict[str, Any]]]] = {}
    v_edges = [e for e in edges if e["orientation"] == "v"]
    h_edges = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    tops = [h["top"] for h in h_edges]
    if any(t != t for t in tops):  # NaN breaks the sorted search: pdfplumber's own loop
        from pdfplumber.table import edges_to_intersections

        return edges_to_intersections(edges, x_tolerance, y_tolerance)
    margin = y_tolerance + 1
    for v in sorted(v_edges, key=itemgetter("x0", "top")):
        lo = bisect_left(tops, v["top"] - margin)
        hi = bisect_right(tops, v["bottom"] + margin)
        for h in h_edges[lo:hi]:
            if (
                (v["top"] <= (h["top"] + y_tolerance))
                and (v["bottom"] >= (h["top"] - y_tolerance))
                and (v["x0"] >= (h["x0"] - x_tolerance))
                and (v["x0"] <= (h["x1"] + x_tolerance))
            ):
                vertex = (v["x0"], h["top"])
                if vertex not in found:
                    found[vertex] = {"v": [], "h": []}
                found[vertex]["v"].append(v)
                found[vertex]["h"].append(h)
    return found


def cells(found: dict[Point, dict[str, list[dict[str, Any]]]]) -> list[Box]:
    """``pdfplumber.table.intersections_to_cells``: the same cells in the same order."""
    points = sorted(found)
    if any(x != x or y != y for x, y in points):  # NaN: grouping by value would not hold
        from pdfplumber.table import intersections_to_cells

        return intersections_to_cells(found)
    v_sets = {p: set(map(utils.obj_to_bbox, e["v"])) for p, e in found.items()}
    h_sets = {p: set(map(utils.obj_to_bbox, e["h"])) for p, e in found.items()}
    # Later points straight below (same x) and straight right (same y), in sorted order: the
    # points sort by x, then y, so the later ones of a column lie below, of a row to the right.
    column: dict[Any, list[Point]] = {}
    row: dict[Any, list[Point]] = {}
    for p in points:
        column.setdefault(p[0], []).append(p)
        row.setdefault(p[1], []).append(p)
    index_in_column = {p: i for ps in column.values() for i, p in enumerate(ps)}
    index_in_row = {p: i for ps in row.values() for i, p in enumerate(ps)}

    def connects(p1: Point, p2: Point) -> bool:
        if p1[0] == p2[0] and not v_sets[p1].isdisjoint(v_sets[p2]):
            return True
        return p1[1] == p2[1] and not h_sets[p1].isdisjoint(h_sets[p2])

    out: list[Box] = []
    last = len(points) - 1
    for i, pt in enumerate(points):
        if i == last:
            break
        below = column[pt[0]][index_in_column[pt] + 1 :]
        right = row[pt[1]][index_in_row[pt] + 1 :]
        cell = _smallest_cell(pt, below, right, found, connects)
        if cell is not None:
            out.append(cell)
    return out


def _smallest_cell(
    pt: Point, below: list[Point], right: list[Point], intersections: Any, connects: Any
) -> Box | None:
    """``find_smallest_cell`` of pdfplumber for one point, given its candidates."""
    for below_pt in below:
        if not connects(pt, below_pt):
            continue
        for right_pt in right:
            if not connects(pt, right_pt):
                continue
            bottom_right = (right_pt[0], below_pt[1])
            if (
                bottom_right in intersections
                and connects(bottom_right, right_pt)
                and connects(bottom_right, below_pt)
            ):
                return (pt[0], pt[1], bottom_right[0], bottom_right[1])
    return None


class _Finder(TableFinder):
    """``TableFinder.__init__`` step for step, the cells made by :func:`cells`."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.settings = TableSettings.resolve(None)
        self.edges = self.get_edges()
        self.intersections = intersections(
            self.edges,
            self.settings.intersection_x_tolerance,
            self.settings.intersection_y_tolerance,
        )
        self.cells = cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]


def find_tables(page: Any) -> list[Table]:
    """``page.find_tables()`` with pdfplumber's default settings."""
    return _Finder(page).tables


def table_text(table: Table) -> list[list[str | None]]:
    """``table.extract()``: each cell's text (``None`` where no cell stands)."""
    mids = [((c["top"] + c["bottom"]) / 2, (c["x0"] + c["x1"]) / 2, c) for c in table.page.chars]
    out: list[list[str | None]] = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        row_chars = [m for m in mids if m[1] >= x0 and m[1] < x1 and m[0] >= top and m[0] < bottom]
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            x0, top, x1, bottom = cell
            inside = [c for v, h, c in row_chars if h >= x0 and h < x1 and v >= top and v < bottom]
            texts.append(utils.extract_text(inside) if inside else "")
        out.append(texts)
    return out
