"""Every user-caused failure of the command line is one line on stderr and exit 2, in bounded
time and memory: hostile inputs, empty or unusable folders, options that cannot work here."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from drift.cli import main

TEXT = "The council met on Monday to discuss the budget. The mayor said taxes would fall.\n"
COPY = "The council met on Monday to talk about the budget. The mayor said taxes will fall.\n"


@pytest.fixture()
def pair(tmp_path) -> tuple[Path, Path]:
    base, copy = tmp_path / "base.txt", tmp_path / "copy.txt"
    base.write_text(TEXT, encoding="utf-8")
    copy.write_text(COPY, encoding="utf-8")
    return base, copy


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> bool:
    return err.count("\n") == 1 and err.startswith("drift: error: ")


def test_an_empty_out_is_refused_not_the_current_folder(capsys, pair, tmp_path, monkeypatch):
    base, copy = pair
    monkeypatch.chdir(tmp_path)
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"id": "g", "base": "base.txt", "derivatives": ["copy.txt"]})
                        + "\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    for argv in (["score", str(base), str(copy), "--out", ""],
                 ["batch", str(manifest), "--out", ""],
                 ["batch", str(manifest), "--out", "  "]):
        code, out, err = run(capsys, *argv)
        assert code == 2 and one_line(err) and "--out is empty" in err, (argv, err)
        assert out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_bad_max_bytes_is_one_line(capsys, pair):
    code, _, err = run(capsys, "score", *map(str, pair), "--max-bytes", "huge")
    assert code == 2 and one_line(err) and "--max-bytes: 'huge' is not a size" in err


def test_max_bytes_refuses_a_larger_input(capsys, pair):
    code, _, err = run(capsys, "score", *map(str, pair), "--max-bytes", "20")
    assert code == 2 and one_line(err) and "over the 20 bytes limit" in err


def test_a_derivative_given_twice_is_refused(capsys, pair, tmp_path, monkeypatch):
    base, copy = pair
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "score", str(base), "copy.txt", f"./{copy.name}")
    assert code == 2 and one_line(err)
    assert "./copy.txt: given twice as a derivative (also as copy.txt)" in err


def test_pairs_on_lines_of_tabs_says_what_it_found(capsys, tmp_path):
    tabs = tmp_path / "tabs.tsv"
    tabs.write_bytes(b"\t\n\t\n")
    code, _, err = run(capsys, "pairs", str(tabs))
    assert code == 2 and one_line(err) and "empty but for spaces, tabs or line breaks" in err


@pytest.mark.parametrize("make", ["file", "under-a-file"])
def test_a_cache_folder_that_cannot_be_made_is_one_line(capsys, pair, tmp_path, monkeypatch,
                                                        make):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DRIFT_CACHE_DIR", str(blocker if make == "file" else blocker / "c"))
    code, _, err = run(capsys, "score", *map(str, pair))
    assert code == 2 and one_line(err)
    assert "as the embedding cache folder" in err and "--no-cache" in err


def test_device_cuda_without_cuda_is_one_line(capsys, pair):
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA GPU")
    code, _, err = run(capsys, "score", *map(str, pair), "--device", "cuda", "--no-cache")
    assert code == 2 and one_line(err) and "--device cuda: " in err and "--device cpu" in err


def test_a_read_only_out_is_one_line(capsys, pair, tmp_path, monkeypatch):
    """A batch into a folder that cannot be made (a read-only disk)."""
    import errno

    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"id": "g", "base": "base.txt", "derivatives": ["copy.txt"]})
                        + "\n", encoding="utf-8")
    real_mkdir = Path.mkdir

    def read_only(self, *args, **kwargs):
        if self.name == "ro-out":
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    code, _, err = run(capsys, "batch", str(manifest), "--out", str(tmp_path / "ro-out"))
    assert code == 2 and one_line(err) and "Read-only file system" in err


# --- hostile inputs under a memory limit, in a subprocess -----------------------------------

LIMIT = 1024 ** 3  # 1 GiB of address space: a 20 GB file or /dev/zero read whole cannot fit


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def drift_limited(*argv: str, stdin=None, env_extra=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "drift.cli", *argv], stdin=stdin, env=env,
                          capture_output=True, text=True, timeout=120, preexec_fn=_limited)


@pytest.fixture()
def hostile(tmp_path) -> dict[str, Path]:
    big = tmp_path / "sparse.txt"
    with open(big, "wb") as fh:
        fh.truncate(20 * 1024 ** 3)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    return {"sparse": big, "fifo": fifo, "zero": Path("/dev/zero")}


@pytest.mark.parametrize("which, message", [
    ("sparse", "20 GB, over the 64 MB limit"), ("fifo", "is a named pipe"),
    ("zero", "is a character device")])
def test_score_refuses_hostile_files_in_one_line_under_a_memory_limit(pair, hostile, which,
                                                                      message):
    base, _ = pair
    proc = drift_limited("score", str(base), str(hostile[which]))
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and message in proc.stderr


def test_score_reads_an_endless_stdin_only_up_to_the_limit(pair):
    _, copy = pair
    with open("/dev/zero", "rb") as zero:
        proc = drift_limited("score", "-", str(copy), stdin=zero)
    assert proc.returncode == 2 and "-: over the 64 MB limit" in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_batch_records_hostile_files_as_failed_groups_under_a_memory_limit(pair, hostile,
                                                                           tmp_path):
    base, _ = pair
    manifest = tmp_path / "m.jsonl"
    manifest.write_text("".join(json.dumps({"id": k, "base": str(base), "derivatives": [str(p)]})
                                + "\n" for k, p in hostile.items()), encoding="utf-8")
    out = tmp_path / "out"
    proc = drift_limited("-q", "batch", str(manifest), "--out", str(out), "--no-cache")
    assert proc.returncode == 1, proc.stderr  # some groups failed: see errors.jsonl
    assert "0 groups scored, 0 already done, 3 failed" in proc.stdout
    errors = {e["id"]: e["reason"] for e in map(json.loads, (out / "errors.jsonl").open())}
    assert "20 GB, over the 64 MB limit" in errors["sparse"]
    assert "is a named pipe" in errors["fifo"] and "character device" in errors["zero"]
