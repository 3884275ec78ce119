"""``drift batch``: manifests, outputs, resuming, errors, locks, kills and Dask (issue 8)."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drift.batch import run_batch
from drift.batch.manifest import ManifestError, read_manifest
from drift.batch.state import LOCK_FILE
from drift.cli import main
from drift.config import AlignConfig, DriftConfig
from drift.embed import EmbeddingCache

NAMES = ["base_reuters", "mt_macedonian_blog", "ai_budapest_post", "republished_london_daily",
         "independent_straits_times"]


@pytest.fixture()
def corpus(tmp_path, examples):
    """A copy of the example corpus and a manifest of two groups and a bad one."""
    src = tmp_path / "corpus"
    src.mkdir()
    for n in NAMES:
        shutil.copy(examples / f"{n}.txt", src / f"{n}.txt")
    lines = [
        {"id": "kz-a", "base": "corpus/base_reuters.txt",
         "derivatives": ["corpus/mt_macedonian_blog.txt", "corpus/ai_budapest_post.txt"]},
        {"id": "kz-b", "base": "corpus/base_reuters.txt",
         "derivatives": ["corpus/republished_london_daily.txt",
                         "corpus/independent_straits_times.txt"]},
        {"id": "broken", "base": "corpus/no_such_file.txt",
         "derivatives": ["corpus/ai_budapest_post.txt"]},
    ]
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return manifest


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited


def _report(folder: Path) -> dict:
    return json.loads((folder / "report.json").read_text(encoding="utf-8"))


def test_batch_writes_reports_tables_and_errors(corpus, tmp_path, capsys, encoder, cache):
    out = tmp_path / "out"
    code = main(["batch", str(corpus), "--out", str(out), "--jobs", "1"])
    captured = capsys.readouterr()
    assert code == 1  # one group failed, the others were scored
    assert "2 groups scored" in captured.out and "1 failed" in captured.out
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "errors.jsonl", "kz-a", "kz-b", "pairs.parquet", "summary.csv"]
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
    assert errors == [{"id": "broken", "path": str(tmp_path / "corpus" / "no_such_file.txt"),
                       "reason": f"{tmp_path / 'corpus' / 'no_such_file.txt'}: no such file"}]
    # the same report as `drift score`, with the same signature
    from drift.api import compare

    direct = compare(tmp_path / "corpus" / "base_reuters.txt",
                     tmp_path / "corpus" / "mt_macedonian_blog.txt",
                     tmp_path / "corpus" / "ai_budapest_post.txt")
    assert (out / "kz-a" / "report.json").read_text(encoding="utf-8") == direct.to_json()
    batch_meta = json.loads((out / "kz-a" / "batch.json").read_text())
    assert batch_meta["id"] == "kz-a" and len(batch_meta["inputs"]["base"]["sha256"]) == 64
    assert batch_meta["signature"] == direct.signature
    assert batch_meta["outputs"] == ["pairs.csv", "report.json"]
    import pandas as pd

    summary = pd.read_csv(out / "summary.csv")
    from drift.report.tables import SUMMARY_COLUMNS

    assert list(summary.columns) == ["id", "base", *SUMMARY_COLUMNS]
    assert len(summary) == 4 and summary.coverage.dtype == float
    assert dict(zip(summary.derivative.map(lambda p: Path(p).stem), summary.verdict)) == {
        "mt_macedonian_blog": "rewrite", "ai_budapest_post": "copy",
        "republished_london_daily": "copy", "independent_straits_times": "independent"}
    pairs = pd.read_parquet(out / "pairs.parquet")
    assert pairs.similarity.dtype == "float64" and pairs.drift.dtype == "float64"
    assert pairs.moved.dtype == bool and list(pairs["flags"].iloc[0]) is not None
    assert set(pairs.id) == {"kz-a", "kz-b"}
    belarus = pairs[pairs.derivative_text.str.contains("Belarusian")]
    assert len(belarus) == 1 and "pronoun" in list(belarus["flags"].iloc[0])


def test_a_rerun_skips_what_is_done_and_redoes_what_changed(corpus, tmp_path, encoder,
                                                            copy_cache):
    out = tmp_path / "out"
    cache = EmbeddingCache(copy_cache())  # the example corpus's vectors are there
    first = run_batch(corpus, out, cache=cache)
    assert (first.done, first.skipped, first.failed) == (2, 0, 1)
    assert first.distinct > 0 and first.encoded == 0
    again = run_batch(corpus, out, cache=cache)
    assert (again.done, again.skipped) == (0, 2) and again.encoded == again.distinct == 0
    # a changed input file reruns its group only
    f = tmp_path / "corpus" / "ai_budapest_post.txt"
    f.write_text(f.read_text(encoding="utf-8") + "\nOne more sentence at the end.\n",
                 encoding="utf-8")
    changed = run_batch(corpus, out, cache=cache)
    assert (changed.done, changed.skipped) == (1, 1)
    # a changed setting reruns everything, and records its own signature
    other = run_batch(corpus, out, DriftConfig(align=AlignConfig(skip=0.25)), cache=cache)
    assert (other.done, other.skipped) == (2, 0) and "skip:0.25" in other.signature
    assert "skip:0.25" in json.loads((out / "kz-b" / "report.json").read_text())["signature"]


def test_a_bad_manifest_is_one_line_and_exit_2(tmp_path, capsys):
    cases = {
        "bad.jsonl": ('{"id": "a", "base": "x.txt", "derivatives": ["y.txt"]}\nnot json\n',
                      "bad.jsonl:2: not valid JSON"),
        "missing.jsonl": ('{"id": "a", "base": "x.txt"}\n', "missing.jsonl:1: missing derivatives"),
        "dup.jsonl": ('{"id": "a", "base": "x", "derivatives": ["y"]}\n'
                      '{"id": "a", "base": "x", "derivatives": ["z"]}\n',
                      "dup.jsonl:2: id 'a' is already used on line 1"),
        "unsafe.jsonl": ('{"id": "../etc", "base": "x", "derivatives": ["y"]}\n',
                         "may hold only letters"),
        "empty.jsonl": ("\n\n", "empty"),
        "cols.csv": ("id,base\nA,x.txt\n", "needs the columns id,base,derivative"),
        "twobases.csv": ("id,base,derivative\nA,x.txt,y.txt\nA,z.txt,w.txt\n",
                         "twobases.csv:3: id 'A' has another base than on line 2"),
        "manifest.txt": ("whatever\n", "a manifest is a .jsonl or a .csv file"),
    }
    for name, (text, message) in cases.items():
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        code = main(["batch", str(p), "--out", str(tmp_path / "o")])
        err = capsys.readouterr().err
        assert code == 2 and message in err and err.count("\n") == 1, (name, err)
        assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_csv_manifest_groups_rows_by_id(tmp_path):
    p = tmp_path / "m.csv"
    p.write_text("id,base,derivative\nA,b.txt,d1.txt\nB,c.txt,d3.txt\nA,b.txt,d2.txt\n",
                 encoding="utf-8")
    groups = read_manifest(p)
    assert [(g.id, g.base.name, [d.name for d in g.derivatives]) for g in groups] == [
        ("A", "b.txt", ["d1.txt", "d2.txt"]), ("B", "c.txt", ["d3.txt"])]
    assert groups[0].base == tmp_path / "b.txt"  # relative to the manifest
    with pytest.raises(ManifestError):
        read_manifest(tmp_path / "nope.jsonl")


def test_two_batches_into_one_folder_refuse(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    with open(out / LOCK_FILE, "a+") as fh:
        fh.write("pid 99999 on elsewhere\n")
        fh.flush()
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        code = main(["batch", str(corpus), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "another drift batch is writing here" in err
    assert sorted(p.name for p in out.iterdir()) == [LOCK_FILE]


def test_a_write_that_fails_is_a_failed_group_not_a_broken_folder(corpus, tmp_path, encoder,
                                                                  cache, monkeypatch):
    import errno

    import drift.report.files as files

    real = files.write_folder

    def full_disk(path, data, *staging):
        if Path(path).name == "kz-b":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data, *staging)

    monkeypatch.setattr(files, "write_folder", full_disk)
    result = run_batch(corpus, tmp_path / "out", cache=cache)
    assert result.done == 1 and {e.id for e in result.errors} == {"broken", "kz-b"}
    assert "No space left" in next(e.reason for e in result.errors if e.id == "kz-b")
    assert not (tmp_path / "out" / "kz-b").exists()
    assert not [p for p in (tmp_path / "out").iterdir() if ".new-" in p.name]


@pytest.mark.slow
def test_a_killed_run_loses_nothing_written_and_resumes(corpus, tmp_path, examples, copy_cache):
    """kill -9 in the middle of a batch: finished groups stay, nothing half-written is
    trusted, and the rerun finishes the rest with the same reports."""
    n = 12
    lines = [json.dumps({"id": f"g{k:02d}", "base": "corpus/base_reuters.txt",
                         "derivatives": [f"corpus/{NAMES[1 + k % 4]}.txt"]}) for k in range(n)]
    manifest = tmp_path / "many.jsonl"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "DRIFT_CACHE_DIR": str(copy_cache())}  # warm: no model loaded
    cmd = [sys.executable, "-m", "drift.cli", "batch", str(manifest), "--out", str(out)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 300
    # groups are scored in two processes (--jobs defaults to the cores), so they may finish
    # out of order: wait for any two
    while time.time() < deadline and len(list(out.glob("g*/report.json"))) < 2:
        time.sleep(0.05)
    children = _children(proc.pid)  # the scoring processes (--jobs)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 20
    while time.time() < deadline and any(_alive(c) for c in children):
        time.sleep(0.1)
    assert not [c for c in children if _alive(c)]  # no orphan left waiting forever
    done = [p for p in out.iterdir() if p.name.startswith("g")]
    assert 2 <= len(done) < n  # killed in the middle
    for p in done:
        json.loads((p / "report.json").read_text())  # every folder there is complete
    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(done)} already done" in rerun.stdout
    assert sorted(p.name for p in out.iterdir() if p.name.startswith("g")) == [
        f"g{k:02d}" for k in range(n)]
    assert not [p for p in out.iterdir() if ".new-" in p.name or p.name.endswith(".tmp")]
    assert _report(out / "g00") == _report(out / "g04")  # same base and derivative


@pytest.mark.slow
def test_the_same_batch_on_a_dask_localcluster(corpus, tmp_path, encoder, cache):
    """The workers of a Dask cluster encode (a cold cache) and score; the tables and reports
    are byte for byte those of a local run."""
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    from drift.batch.cluster import DaskExecutor

    local = run_batch(corpus, tmp_path / "local", cache=cache)
    with DaskExecutor(workers=2) as ex:
        dask = run_batch(corpus, tmp_path / "dask", cache=EmbeddingCache(tmp_path / "c2"),
                         executor=ex)
    assert (dask.done, dask.failed) == (local.done, local.failed) == (2, 1)
    assert (tmp_path / "local" / "summary.csv").read_bytes() == \
        (tmp_path / "dask" / "summary.csv").read_bytes()
    for gid in ("kz-a", "kz-b"):
        assert (tmp_path / "local" / gid / "report.json").read_bytes() == \
            (tmp_path / "dask" / gid / "report.json").read_bytes()
    assert (tmp_path / "local" / "errors.jsonl").read_bytes() == \
        (tmp_path / "dask" / "errors.jsonl").read_bytes()


@pytest.mark.slow
def test_scoring_processes_and_hash_seeds_change_nothing(corpus, tmp_path, cache):
    """`--jobs 2` (groups scored in two spawned processes, each with its own string-hash seed)
    writes byte for byte the reports of a one-process run under another seed: nothing may
    depend on the order of a set or on which process did the work."""
    cache = cache.directory  # every vector is there: the runs load no model

    def run(out: str, jobs: str, seed: str) -> None:
        env = {**os.environ, "DRIFT_CACHE_DIR": str(cache), "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-m", "drift.cli", "-q", "batch", str(corpus),
                               "--out", str(tmp_path / out), "--jobs", jobs],
                              env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 1 and "2 groups scored" in proc.stdout, proc.stderr[-500:]

    run("one", "1", "1")
    run("two", "2", "2")
    for name in ("summary.csv", "errors.jsonl", "kz-a/report.json", "kz-b/report.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_a_broken_scoring_pool_falls_back_to_this_process(corpus, tmp_path, encoder, cache,
                                                          caplog):
    """A scoring process that dies (out of memory, killed) breaks the pool: its groups run in
    this process instead, and the batch still scores every good group."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from drift.batch import LocalExecutor

    class BrokenPool:
        """The first group's process dies; the other groups' futures never resolve (a batch
        that waited on them would hang)."""

        submitted = 0

        def submit(self, fn, item):
            fut: Future = Future()
            if self.submitted == 0:
                fut.set_exception(BrokenProcessPool("a process was killed"))
            self.submitted += 1
            return fut

        def shutdown(self, **kwargs):
            pass

    ex = LocalExecutor(jobs=2)
    pool = ex._pool = BrokenPool()
    res = run_batch(corpus, tmp_path / "out", cache=cache, executor=ex)
    assert (res.done, res.failed) == (2, 1)
    assert "scoring process died" in caplog.text
    assert pool.submitted == 2  # both good groups went to the pool first
    assert _report(tmp_path / "out" / "kz-a")["derivatives"]


def test_jobs_is_checked(corpus, tmp_path, capsys):
    assert main(["batch", str(corpus), "--out", str(tmp_path / "o"), "--jobs", "0"]) == 2
    assert "--jobs must be between 1 and 256" in capsys.readouterr().err
    code = main(["batch", str(corpus), "--out", str(tmp_path / "o"), "--jobs", "2",
                 "--workers", "2"])
    assert code == 2 and "on Dask the workers score" in capsys.readouterr().err
