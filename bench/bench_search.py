"""Search latency over a store of generated reports: median and p95, per query length.

    .venv/bin/python bench/bench_search.py [--reports 10000] [--queries 800] [--db PATH] [--cpu]
                                           [--cache-mib N]

The reports are synthetic (no corpus text): each has the narrative sections a 部门决算 has,
written from a varied vocabulary so that words range from rare to everywhere (one character
of the 1-character pool is in four sections of ten). The store is built with bulk inserts in
one transaction and the search index filled once at the end. Each query asks for the first
page of 20 with the true count (hedui.search.search_page), as the web page does. The target
(issue 18) is p95 ≤ 20 ms for queries of 1, 2, 3 and 4+ characters at 10,000 reports.
"filtered" asks a word in one kind of section of one year; "by place" a word in the reports
of a region (a tenth of them) or of one department.

Run against an older hedui (no search_page) it times ``search(limit=20)`` instead, so the
same script gives the figures before and after.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlite_utils import Database

from hedui.search import search

try:
    from hedui.textutil import spaced
except ImportError:  # pragma: no cover
    from hedui.search import spaced  # type: ignore[attr-defined,no-redef]

try:
    from hedui.search import index_report, search_page
except ImportError:  # an older hedui: sections_fts over text_spaced
    index_report = search_page = None  # type: ignore[assignment]

REGIONS = [
    "青禾县",
    "松岭区",
    "临江市",
    "白石县",
    "东湖区",
    "云山县",
    "北塘区",
    "南溪市",
    "石门县",
    "金川区",
]
UNITS = [
    "网格服务中心",
    "社会治理中心",
    "财政局",
    "教育局",
    "卫生健康局",
    "交通运输局",
    "农业农村局",
    "城市管理局",
    "司法局",
    "文化旅游局",
]
KINDS = ["部门职责", "机构设置", "人员情况", "工作成效", "存在问题", "改进措施"]
VERBS = [
    "负责",
    "组织",
    "推进",
    "完善",
    "加强",
    "落实",
    "开展",
    "统筹",
    "指导",
    "协调",
    "监督",
    "保障",
]
NOUNS = ["网格化管理", "基层治理", "培训", "矛盾纠纷排查", "安全生产", "信息化建设", "预算管理", "资产管理",
         "政府采购", "绩效评价", "队伍建设", "便民服务", "应急处置", "数据采集", "民生实事", "乡村振兴",
         "城市更新", "平安建设", "公共卫生", "义务教育", "道路养护", "河道治理", "垃圾分类", "法律援助"]  # fmt: skip
TAILS = ["工作", "制度", "机制", "能力", "水平", "体系", "任务", "项目"]
PROBLEMS = [
    "预算编制不够精准",
    "绩效目标设置不够细化",
    "资金支付进度偏慢",
    "人员业务能力不足",
    "资产管理不够规范",
]


def sentence(rng: random.Random) -> str:
    n = rng.randint(2, 4)
    items = "、".join(rng.sample(NOUNS, n))
    num = f"{rng.randint(1, 999)}.{rng.randint(0, 99):02d}"
    return f"{rng.choice(VERBS)}{items}{rng.choice(TAILS)}，全年完成{num}万元，占比{rng.randint(1, 99)}%。"


def section_text(rng: random.Random, kind: str) -> str:
    body = "".join(sentence(rng) for _ in range(rng.randint(2, 6)))
    if kind == "存在问题":
        body = "；".join(rng.sample(PROBLEMS, 2)) + "。" + body
    return f"{kind}\n{body}"


def build(path: Path, n_reports: int, seed: int = 7) -> Database:
    rng = random.Random(seed)
    try:
        from hedui.store import open_db

        db = open_db(str(path))
        fts_ready = "sections_fts" in db.table_names()
    except ImportError:  # the store not written yet: the columns search reads
        db, fts_ready = Database(path), False
    # a store that keeps each text once (issue 19) has no text in its sections: the
    # report's text holds it, the sections their offsets into it
    texts_in_sections = "text" in db["sections"].columns_dict
    # a store of layout 5 keys sections by the report's number (report_ids), under a view
    numbered = "report_sections" in db.table_names()
    reports, sections = [], []
    for i in range(n_reports):
        sha = hashlib.sha256(f"report-{i}".encode()).hexdigest()
        region = rng.choice(REGIONS)
        dept, year = region + rng.choice(UNITS), rng.randint(2018, 2024)
        pos, parts = 0, []
        for idx, kind in enumerate(KINDS):
            text = section_text(rng, kind)
            row = {"report_sha256": sha, "idx": idx, "kind": kind, "heading": kind, "level": 1,
                   "start": pos, "end": pos + len(text), "department": dept, "region": region,
                   "year": year}  # fmt: skip
            if texts_in_sections:
                row |= {"text": text, "text_spaced": spaced(text)}
            if numbered:
                row = {"report": i + 1} | {
                    k: v for k, v in row.items()
                    if k not in ("report_sha256", "department", "region", "year")
                }  # fmt: skip
            sections.append(row)
            parts.append(text)
            pos += len(text)
        reports.append({"sha256": sha, "file_name": f"{dept}_{year}年度部门决算.txt",
                        "department": dept, "region": region, "year": year,
                        "text": "".join(parts)})  # fmt: skip
    with db.conn:
        db["reports"].insert_all(reports, pk="sha256", batch_size=2000, alter=True)
        if numbered:
            db["report_ids"].insert_all(
                [{"id": i + 1, "sha256": r["sha256"]} for i, r in enumerate(reports)],
                batch_size=2000,
            )
        table = "report_sections" if numbered else "sections"
        db[table].insert_all(sections, pk="id", batch_size=2000, alter=True)
    if index_report is not None:
        db.conn.execute("BEGIN")
        for r in reports:
            index_report(db, r["sha256"])
        db.conn.execute("COMMIT")
        db.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")
        return db
    if not fts_ready:
        db["sections"].enable_fts(["text_spaced"], tokenize="unicode61", create_triggers=True)
    db.execute("INSERT INTO sections_fts(sections_fts) VALUES('optimize')")
    db.conn.commit()
    return db


def queries(rng: random.Random, n: int) -> list[tuple[str, str, dict]]:
    pools = {
        "1 char": list("网训患河"),
        "2 chars": ["网格", "培训", "预算", "采购", "应急", "河道"],
        "3 chars": ["网格化", "管理工", "预算管", "全年完", "不够精"],
        "4+ chars": ["矛盾纠纷排查", "业务能力不足", "垃圾分类", "法律援助工作"],
        "2 words": ["网格 培训", "预算 采购", "安全生产 工作"],
        "filtered": ["网格", "预算", "培训"],
        "by place": ["网格", "预算", "培训"],
        "rare/none": ["量子计算", "104.41%", '"AND" *'],
    }
    out = []
    for i in range(n):
        label = list(pools)[i % len(pools)]
        q = rng.choice(pools[label])
        kw: dict = {"kind": "存在问题", "year": 2021} if label == "filtered" else {}
        if label == "by place":  # a region (a tenth of the reports) or one department
            region = rng.choice(REGIONS)
            kw = rng.choice([{"region": region}, {"department": region + rng.choice(UNITS)}])
        out.append((label, q, kw))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=800)
    ap.add_argument("--db", type=Path)
    ap.add_argument(
        "--cpu", action="store_true", help="time queries in CPU time (a busy, shared machine)"
    )
    ap.add_argument(
        "--cache-mib", type=int, default=0, help="SQLite page cache of the reading connection "
        "(default: SQLite's own, 2 MiB), as a long-running service would set it",
    )  # fmt: skip
    args = ap.parse_args()
    clock = time.process_time if args.cpu else time.perf_counter
    tmp = tempfile.TemporaryDirectory()
    path = args.db or Path(tmp.name) / "bench.db"
    t0 = time.perf_counter()
    db = build(path, args.reports)
    if args.cache_mib:
        db.execute(f"PRAGMA cache_size = -{args.cache_mib * 1024}")
    n_sec = db.execute("SELECT count(*) FROM sections").fetchone()[0]
    print(
        f"store: {args.reports} reports, {n_sec} sections, built in {time.perf_counter() - t0:.1f}s"
    )
    rng = random.Random(11)
    timings: dict[str, list[float]] = {}
    totals: dict[str, list[int]] = {}
    for label, q, kw in queries(rng, args.queries):
        t = clock()
        if search_page is not None:
            n = search_page(db, q, per_page=20, **kw).total
        else:
            n = len(search(db, q, limit=20, **kw))
        timings.setdefault(label, []).append((clock() - t) * 1000)
        totals.setdefault(label, []).append(n)
    every = [x for xs in timings.values() for x in xs]
    for label, xs in [*timings.items(), ("all", every)]:
        xs = sorted(xs)
        p95 = xs[min(len(xs) - 1, int(0.95 * len(xs)))]
        hits = totals.get(label) or [x for ns in totals.values() for x in ns]
        print(
            f"{label:>10}: n={len(xs):4d}  median {statistics.median(xs):7.2f} ms  "
            f"p95 {p95:7.2f} ms  (matches per query: median {statistics.median(hits):,.0f})"
        )


if __name__ == "__main__":
    main()
