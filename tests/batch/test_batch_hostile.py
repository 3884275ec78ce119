"""``drift batch`` in a shared folder: it touches only what it wrote, follows no link it finds
there, and a rerun is honest (the same groups for any spelling of the paths, every requested
file, no stale report)."""

from __future__ import annotations

import csv
import errno
import json
import os
from pathlib import Path

import pytest

from drift.batch import run_batch
from drift.batch.manifest import ManifestError, read_manifest
from drift.batch.state import LOCK_FILE, STAGING, TABLES_RECORD, check_tables
from drift.cli import main
from drift.embed import EmbeddingCache
from drift.errors import DriftError

BASE = "The council met on Monday to discuss the budget. The mayor said taxes would fall.\n"
COPY = "The council met on Monday to talk about the budget. The mayor said taxes will fall.\n"


@pytest.fixture()
def group(tmp_path) -> Path:
    """A manifest of one short group: corpus/base.txt and corpus/copy.txt."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "base.txt").write_text(BASE, encoding="utf-8")
    (corpus / "copy.txt").write_text(COPY, encoding="utf-8")
    manifest = tmp_path / "m.jsonl"
    _manifest(manifest, {"id": "g", "base": "corpus/base.txt",
                         "derivatives": ["corpus/copy.txt"]})
    return manifest


def _manifest(path: Path, *groups: dict) -> Path:
    path.write_text("".join(json.dumps(g) + "\n" for g in groups), encoding="utf-8")
    return path


def batch(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["-q", "batch", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> bool:
    return err.count("\n") == 1 and err.startswith("drift: error: ")


def tree(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


# --- links and names in the output folder ---------------------------------------------------

@pytest.mark.parametrize("how", ["symlink", "hardlink"])
def test_the_lock_file_never_writes_through_a_link(group, tmp_path, capsys, how):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "out"
    out.mkdir()
    if how == "symlink":
        (out / LOCK_FILE).symlink_to("../victim.txt")
    else:
        os.link(victim, out / LOCK_FILE)
    code, _, err = batch(capsys, str(group), "--out", str(out))
    assert code == 2 and one_line(err) and LOCK_FILE in err
    assert victim.read_text() == "precious\n"
    assert sorted(p.name for p in out.iterdir()) == [LOCK_FILE]


@pytest.mark.parametrize("table", ["summary.csv", "errors.jsonl", "pairs.parquet", "pairs.csv"])
def test_a_table_of_the_users_is_never_replaced(group, tmp_path, capsys, table):
    out = tmp_path / "out"
    out.mkdir()
    (out / table).write_text("mine\n")
    code, _, err = batch(capsys, str(group), "--out", str(out))
    assert code == 2 and one_line(err)
    assert f"{table} there was not written by drift batch" in err
    assert (out / table).read_text() == "mine\n"
    assert not (out / "g").exists()


def test_a_group_folder_that_is_a_link_is_refused(group, tmp_path, capsys):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.json").write_text("{}")
    out = tmp_path / "out"
    out.mkdir()
    (out / "g").symlink_to(mine)
    code, _, err = batch(capsys, str(group), "--out", str(out))
    assert code == 2 and one_line(err) and "symbolic link" in err
    assert tree(mine) == {"report.json": b"{}"} and (out / "g").is_symlink()


def test_a_staging_folder_that_is_not_drifts_is_refused(group, tmp_path, capsys):
    out = tmp_path / "out"
    (out / STAGING).mkdir(parents=True)
    (out / STAGING / "notes.txt").write_text("mine")
    code, _, err = batch(capsys, str(group), "--out", str(out))
    assert code == 2 and one_line(err) and "is not drift's" in err
    assert (out / STAGING / "notes.txt").read_text() == "mine"


def test_a_run_keeps_the_users_files_and_tables_are_its_own_after(group, tmp_path, capsys,
                                                                  encoder):
    """Files named like the leftovers of an older drift (8 hex digits: a date matches) are
    the user's; after a run, drift knows its tables and a rerun replaces them, but a table
    the user changed since is refused."""
    out = tmp_path / "out"
    out.mkdir()
    users = {".mydata.old-20240101": None, ".notes.20240101.tmp": b"mine",
             ".g.new-deadbeef": b"also mine", "README.txt": b"my notes"}
    for name, data in users.items():
        if data is None:
            (out / name).mkdir()
        else:
            (out / name).write_bytes(data)
    code, stdout, err = batch(capsys, str(group), "--out", str(out))
    assert code == 0 and "1 groups scored" in stdout, err
    for name, data in users.items():
        assert (out / name).is_dir() if data is None else (out / name).read_bytes() == data
    assert not (out / STAGING).exists()
    assert {"summary.csv", "errors.jsonl"} <= set(json.loads(
        (out / TABLES_RECORD).read_text())["tables"])
    assert batch(capsys, str(group), "--out", str(out))[0] == 0  # its own tables: replaced
    with open(out / "summary.csv", "a") as fh:
        fh.write("my own row\n")
    code, _, err = batch(capsys, str(group), "--out", str(out))
    assert code == 2 and "summary.csv there was not written by drift batch (or was changed" \
        in err


def test_a_killed_runs_staging_folder_is_cleaned(group, tmp_path, capsys, encoder):
    out = tmp_path / "out"
    assert batch(capsys, str(group), "--out", str(out))[0] == 0
    # what a run killed mid-swap leaves: drift's marked staging folder with a half folder
    staging = out / STAGING
    staging.mkdir()
    (staging / ".made-by-drift-batch").write_text("drift\n")
    (staging / "g.new-0123abcd").mkdir()
    (staging / "g.new-0123abcd" / "report.json").write_text("{half")
    code, stdout, _ = batch(capsys, str(group), "--out", str(out))
    assert code == 0 and "1 already done" in stdout and not staging.exists()


def test_tables_interrupted_mid_write_are_still_drifts(group, tmp_path, capsys, monkeypatch,
                                                      encoder):
    """The disk fills while the tables are written: one line, exit 2; the tables already
    replaced and the old ones are both known as drift's, so the next run goes on."""
    import drift.report.files as files

    out = tmp_path / "out"
    assert batch(capsys, str(group), "--out", str(out))[0] == 0
    (tmp_path / "corpus" / "copy.txt").write_text(COPY + "One more sentence at the end.\n")
    real = files.atomic_write

    def full(path, data, *staging):
        if Path(path).name == "pairs.parquet":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data, *staging)

    monkeypatch.setattr(files, "atomic_write", full)
    code, _, err = batch(capsys, str(group), "--out", str(out))
    assert code == 2 and one_line(err)
    assert "pairs.parquet: No space left on device" in err
    monkeypatch.setattr(files, "atomic_write", real)
    check_tables(out)  # no refusal: a new summary.csv and an old pairs.parquet, both drift's
    code, stdout, err = batch(capsys, str(group), "--out", str(out))
    assert code == 0 and "1 already done" in stdout, err


# --- ids, paths and manifests ---------------------------------------------------------------

@pytest.mark.parametrize("ident", ["summary.csv", "ERRORS.JSONL", "pairs.parquet", "pairs.csv",
                                   ".g.new-deadbeef", ".hidden", ".."])
def test_ids_that_are_table_names_or_hidden_are_refused(tmp_path, ident):
    m = _manifest(tmp_path / "m.jsonl", {"id": ident, "base": "b.txt", "derivatives": ["d"]})
    with pytest.raises(ManifestError, match="m.jsonl:1: id"):
        read_manifest(m)


def test_a_derivative_listed_twice_is_refused(tmp_path):
    (tmp_path / "sub").mkdir()
    m = _manifest(tmp_path / "m.jsonl", {"id": "a", "base": "b.txt",
                                         "derivatives": ["d.txt", "sub/../d.txt"]})
    with pytest.raises(ManifestError, match=r"m.jsonl:1: .*d.txt is listed twice in group 'a'"):
        read_manifest(m)
    c = tmp_path / "m.csv"
    c.write_text("id,base,derivative\na,b.txt,d.txt\nb,b.txt,d.txt\na,b.txt,./d.txt\n")
    with pytest.raises(ManifestError, match=r"m.csv:4: .*d.txt is listed twice in group 'a'"):
        read_manifest(c)
    (tmp_path / "link.txt").symlink_to(tmp_path / "d.txt")
    _manifest(m, {"id": "a", "base": "b.txt", "derivatives": ["d.txt", "link.txt"]})
    with pytest.raises(ManifestError, match="listed twice"):
        read_manifest(m)


@pytest.mark.parametrize("text, message", [
    ("id,base,derivative\na,base,copy,edit,neg\n", "m.csv:2: 5 fields, but the header has 3"),
    ("id,base,derivative\na,base\n", "m.csv:2: 2 fields, but the header has 3"),
    ("id,id,base,derivative\na,b,base,copy\n", "m.csv:1: the header names the column 'id' "
                                               "twice"),
    ("id,base,derivative\na,\"b\nc\",d\n" + "x" * 200_000 + "\n", "not valid CSV"),
])
def test_csv_rows_that_do_not_fit_the_header_are_refused(tmp_path, text, message):
    m = tmp_path / "m.csv"
    m.write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError, match=message):
        read_manifest(m)


def test_paths_are_absolute_whatever_the_working_folder(tmp_path, monkeypatch):
    m = _manifest(tmp_path / "m.jsonl", {"id": "a", "base": "x/../b.txt", "derivatives": ["d"]})
    monkeypatch.chdir(tmp_path)
    here = read_manifest("m.jsonl")
    monkeypatch.chdir("/")
    assert read_manifest(m) == here
    assert here[0].base == tmp_path / "b.txt" and here[0].derivatives == (tmp_path / "d",)


def test_resume_does_not_depend_on_how_the_manifest_is_named(group, tmp_path, capsys,
                                                             monkeypatch, encoder):
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = batch(capsys, "m.jsonl", "--out", "out")
    assert code == 0 and "1 groups scored" in stdout
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "via").symlink_to(tmp_path)
    for cwd, manifest, where in [(tmp_path, str(group), str(out)),
                                 (tmp_path / "elsewhere", "../m.jsonl", "../out"),
                                 ("/", str(tmp_path / "via" / "m.jsonl"), str(out))]:
        monkeypatch.chdir(cwd)
        code, stdout, _ = batch(capsys, manifest, "--out", where)
        assert code == 0 and "0 groups scored, 1 already done" in stdout, (cwd, manifest)


def test_a_rerun_writes_every_requested_output(group, tmp_path, capsys, encoder):
    out = tmp_path / "out"
    assert batch(capsys, str(group), "--out", str(out))[0] == 0
    assert not (out / "g" / "report.html").exists()
    code, stdout, _ = batch(capsys, str(group), "--out", str(out), "--html")
    assert code == 0 and "1 groups scored" in stdout and (out / "g" / "report.html").is_file()
    code, stdout, _ = batch(capsys, str(group), "--out", str(out))
    assert "1 already done" in stdout and (out / "g" / "report.html").is_file()
    (out / "g" / "report.html").unlink()
    code, stdout, _ = batch(capsys, str(group), "--out", str(out), "--html")
    assert "1 groups scored" in stdout and (out / "g" / "report.html").is_file()
    code, stdout, _ = batch(capsys, str(group), "--out", str(out), "--plots")
    assert "1 groups scored" in stdout and (out / "g" / "overview.png").is_file()
    assert json.loads((out / "g" / "batch.json").read_text())["outputs"] == [
        "alignment-01-copy.png", "overview.png", "pairs.csv", "report.json"]


def test_a_group_that_now_fails_loses_its_old_report(group, tmp_path, capsys, encoder):
    out = tmp_path / "out"
    assert batch(capsys, str(group), "--out", str(out))[0] == 0
    assert (out / "g" / "report.json").is_file()
    (tmp_path / "corpus" / "copy.txt").unlink()
    code, stdout, _ = batch(capsys, str(group), "--out", str(out))
    assert code == 1 and "1 failed" in stdout
    assert not (out / "g").exists()
    (error,) = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
    assert error["id"] == "g" and "no such file" in error["reason"]
    assert "the report of an earlier run was removed" in error["reason"]
    assert list(csv.DictReader((out / "summary.csv").open())) == []


def test_ids_and_names_that_start_formulas_are_escaped_in_summary(tmp_path, capsys, encoder):
    (tmp_path / "=1+2.txt").write_text(COPY, encoding="utf-8")
    (tmp_path / "base.txt").write_text(BASE, encoding="utf-8")
    m = _manifest(tmp_path / "m.jsonl", {"id": "-2-3", "base": "base.txt",
                                         "derivatives": ["=1+2.txt"]})
    out = tmp_path / "out"
    assert batch(capsys, str(m), "--out", str(out))[0] == 0
    (row,) = csv.DictReader((out / "summary.csv").open(encoding="utf-8", newline=""))
    assert row["id"] == "'-2-3" and row["name"] == "'=1+2"
    assert float(row["coverage"]) == 1.0


def test_run_batch_refuses_an_empty_out(group):
    with pytest.raises(DriftError, match="the output folder's name is empty"):
        run_batch(group, "", cache=EmbeddingCache())
