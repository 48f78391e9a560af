"""The CLI as a user meets it: verify without a database, ingest, show, bad files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hedui import store
from hedui.cli import app
from tests.conftest import EXAMPLES, corpus_file

runner = CliRunner()


def test_verify_json_spans_point_at_the_numbers():
    path = corpus_file("004")
    text = path.read_text(encoding="utf-8")
    result = runner.invoke(app, ["verify", "--json", str(path)])
    assert result.exit_code == 1, result.output  # flagged
    [line] = [ln for ln in result.output.splitlines() if ln.startswith("{")]
    obj = json.loads(line)
    assert set(obj) == {"file", "sha256", "verdict", "coverage", "findings"}
    assert obj["verdict"] == "flag"
    cov = obj["coverage"]
    assert 0 < cov["checked"] <= cov["figures"] and cov["tables_read"] <= cov["tables_set_out"]
    errors = [f for f in obj["findings"] if f["severity"] == "error"]
    assert errors
    for f in obj["findings"]:
        assert {"rule", "severity", "message", "stated", "expected", "tolerance", "spans"} <= set(f)
        for start, end in f["spans"]:
            written = text[start:end]
            assert (written and written[0].isdigit()) or written[:1] in "-+", written
    # 公开03 row 201: 231.83 against 185.43 + 0.00 is among them, its numbers covered
    t103 = [f for f in errors if f["rule"] == "T103"]
    assert any({text[s:e] for s, e in f["spans"]} >= {"231.83", "185.43"} for f in t103)


def test_verify_explain_lists_passes_and_not_applicable():
    result = runner.invoke(app, ["verify", "--json", "--explain", str(corpus_file("001"))])
    outcomes = {f["outcome"] for f in json.loads(result.output.splitlines()[-1])["findings"]}
    assert {"pass", "fail"} <= outcomes


def test_verify_readable_marks_the_number():
    result = runner.invoke(
        app, ["verify", str(EXAMPLES / "松岭区社会治理中心_2023年度部门决算.txt")]
    )
    assert result.exit_code == 1  # flagged
    assert "flag" in result.output
    assert "line " in result.output
    assert "coverage " in result.output and "figures" in result.output


def test_verify_lists_failures_and_counts_rounding_notes_which_explain_lists():
    path = str(EXAMPLES / "青禾县网格服务中心_2023年度部门决算.txt")
    plain = runner.invoke(app, ["verify", path], terminal_width=400).output
    assert "尾数误差" in plain and "agrees within rounding" not in plain
    n = int(plain.split("and ")[1].split(" figure(s)")[0])
    explained = runner.invoke(app, ["verify", "--explain", path], terminal_width=400).output
    assert explained.count("agrees within rounding") == n > 0
    # what --explain lists beyond passes and failures says what it is about
    skipped = [ln for ln in explained.splitlines() if "not applicable (" in ln]
    assert skipped and all(": not applicable (" in ln and ln.count(": ") >= 3 for ln in skipped)


def test_verify_empty_file_is_a_clear_error(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    good = EXAMPLES / "青禾县网格服务中心_2023年度部门决算.txt"
    result = runner.invoke(app, ["verify", "--json", str(empty), str(good)])
    assert result.exit_code == 4  # a file could not be read
    lines = [json.loads(ln) for ln in result.output.splitlines() if ln.startswith("{")]
    assert "empty.txt" in lines[0]["error"]
    assert lines[1]["verdict"] == "accept"  # the batch went on


def test_ingest_show_and_idempotence(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in EXAMPLES.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    db = tmp_path / "h.db"
    first = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--workers", "1"])
    assert first.exit_code == 4  # one bad file
    assert "broken.txt" in first.output
    assert "3 stored" in first.output
    second = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--workers", "1"])
    assert "0 stored, 3 skipped" in second.output
    database = store.open_db(db)
    assert database.execute("SELECT count(*) FROM reports").fetchone()[0] == 3
    shown = runner.invoke(app, ["show", "松岭区", "--db", str(db)])
    assert shown.exit_code == 0 and "公开03" in shown.output and "T103" in shown.output


def test_missing_path_and_missing_db(tmp_path: Path):
    r = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "x.db")])
    assert r.exit_code == 4 and "no such file" in r.output
    r = runner.invoke(app, ["show", "x", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 2 and "no database" in r.output


def test_verify_goes_on_past_an_unreadable_file(tmp_path, monkeypatch):
    """Tests run as root, who can read anything: the file is made unreadable to the
    permission check and to the read itself."""
    import os

    good = EXAMPLES / "松岭区社会治理中心_2023年度部门决算.txt"
    locked = tmp_path / "locked.txt"
    shutil.copy(good, locked)
    real_access, real_read = os.access, Path.read_bytes

    def access(path, mode, *a, **kw):
        return False if Path(path) == locked else real_access(path, mode, *a, **kw)

    def read_bytes(self):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    r = runner.invoke(app, ["verify", str(locked), str(good), "--json"])
    assert r.exit_code == 4, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert lines[0] == {
        "file": str(locked),
        "error": f"{locked}: cannot be read (Permission denied)",
    }
    assert lines[1]["file"] == str(good) and lines[1]["verdict"]


@pytest.mark.parametrize(
    "files,code",
    [
        (["青禾县网格服务中心_2023年度部门决算.txt"], 0),  # accepted
        (["青禾县网格服务中心_2023年度部门决算.txt", "松岭区社会治理中心_2023年度部门决算.txt"], 1),
    ],
)
def test_verify_exit_status_tells_accepted_from_flagged(files: list[str], code: int) -> None:
    result = runner.invoke(app, ["verify", *(str(EXAMPLES / f) for f in files)])
    assert result.exit_code == code, result.output


def test_a_file_that_is_no_report_is_refused_and_not_stored(tmp_path: Path) -> None:
    """A note, a host name, a README inside a folder: refused with one message (a README in
    a folder is skipped and said so), nothing stored, exit 4; the report beside them is."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hosts.txt").write_text("gateway.internal\n", encoding="utf-8")
    (folder / "README.md").write_text("# Reports\n\nThe files here are reports.\n")
    shutil.copy(EXAMPLES / "青禾县网格服务中心_2023年度部门决算.txt", folder / "r.txt")
    db = tmp_path / "h.db"
    r = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--workers", "1"])
    assert r.exit_code == 4, r.output
    assert "not a public-finance report" in r.output and "hosts.txt" in r.output
    assert "README.md" in r.output and "1 skipped" in r.output
    assert store.open_db(db).execute("SELECT count(*) FROM reports").fetchone()[0] == 1
    v = runner.invoke(app, ["verify", str(folder / "hosts.txt")])
    assert v.exit_code == 4 and "not a public-finance report" in v.output


def test_ingest_names_a_bad_batch_setting_before_reading_anything(tmp_path, monkeypatch):
    monkeypatch.setenv("HEDUI_INGEST_BATCH", "lots")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "h.db")])
    assert result.exit_code != 0 and "HEDUI_INGEST_BATCH='lots'" in result.output
