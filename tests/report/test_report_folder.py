"""Report folders are one unit; plots draw any text as written (issue 11)."""

from __future__ import annotations

import json
import threading
import warnings
from pathlib import Path

import numpy as np
import pytest

from drift.cli import main
from drift.errors import DriftError
from drift.report import files
from drift.report.files import check_destination, write_folder

BASE = "base_reuters.txt"


def _pngs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.png"))


def _cjk_font() -> bool:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return bool(names & {"Noto Sans CJK JP", "Noto Sans CJK SC", "Droid Sans Fallback",
                         "WenQuanYi Micro Hei"})


def test_a_second_run_replaces_the_whole_folder(capsys, examples, tmp_path, encoder):
    out = tmp_path / "rep"
    four = [str(examples / f) for f in ("mt_macedonian_blog.txt", "ai_budapest_post.txt",
                                        "republished_london_daily.txt",
                                        "independent_straits_times.txt")]
    assert main(["score", str(examples / BASE), *four, "--out", str(out)]) == 0
    assert len(_pngs(out)) == 5
    assert main(["score", str(examples / BASE), four[0], "--out", str(out)]) == 0
    assert _pngs(out) == ["alignment-01-mt_macedonian_blog.png", "overview.png"]
    report = json.loads((out / "report.json").read_text())
    assert [Path(d["path"]).name for d in report["derivatives"]] == ["mt_macedonian_blog.txt"]
    capsys.readouterr()


def test_a_write_that_fails_halfway_leaves_the_old_report(tmp_path, monkeypatch):
    out = tmp_path / "rep"
    write_folder(out, {"pairs.csv": b"old", "report.json": b'{"old": 1}'})
    calls = []
    real = files._write_new

    def flaky(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(files, "_write_new", flaky)
    with pytest.raises(OSError):
        write_folder(out, {"pairs.csv": b"new", "report.json": b'{"new": 1}',
                           "overview.png": b"png"})
    assert sorted(p.name for p in out.iterdir()) == ["pairs.csv", "report.json"]
    assert (out / "pairs.csv").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["rep"]  # nothing half-made left beside it


def test_readers_see_one_set_or_the_other_while_two_writers_race(tmp_path):
    """Two writers swap in their own sets 40 times each; a reader that opens the folder once
    and reads its files from there never finds files of two sets, nor a missing folder."""
    import os

    out = tmp_path / "rep"
    write_folder(out, {f"f{k}.png": b"w0" for k in range(4)} | {"report.json": b"w0"})
    names = ["report.json", *(f"f{k}.png" for k in range(4))]
    mixed, missing, stop = [], [], threading.Event()

    def writer(tag: bytes, extra: int) -> None:
        for _ in range(40):
            write_folder(out, {"report.json": tag} | {f"f{k}.png": tag for k in range(extra)})

    def reader() -> None:
        while not stop.is_set():
            try:
                fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
            except FileNotFoundError:
                missing.append(1)
                continue
            try:
                contents = {}
                for name in os.listdir(fd):
                    f = os.open(name, os.O_RDONLY, dir_fd=fd)
                    with os.fdopen(f, "rb") as fh:
                        contents[name] = fh.read()
            except FileNotFoundError:
                continue  # the old folder was deleted under us after the swap: read again
            finally:
                os.close(fd)
            if not contents:
                continue  # an old folder emptied after the swap: read again
            tags = set(contents.values())
            if len(tags) > 1 or not set(contents) <= set(names):
                mixed.append(contents)

    threads = [threading.Thread(target=writer, args=(b"A", 4)),
               threading.Thread(target=writer, args=(b"B", 2))]
    r = threading.Thread(target=reader)
    r.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    r.join()
    assert not mixed and not missing
    final = {p.name: p.read_bytes() for p in out.iterdir()}
    assert len(set(final.values())) == 1
    assert len(final) == (5 if final["report.json"] == b"A" else 3)


def test_the_destination_is_checked_before_any_work(tmp_path, examples, capsys):
    afile = tmp_path / "a-file"
    afile.write_text("x")
    for out, message in [(afile, "it is a file, not a folder"),
                         (afile / "sub", "is a file, not a folder")]:
        code = main(["score", str(examples / BASE), str(examples / "mt_macedonian_blog.txt"),
                     "--out", str(out)])
        err = capsys.readouterr().err
        assert code == 2 and message in err and err.count("\n") == 1
    mine = tmp_path / "my-notes"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    with pytest.raises(DriftError, match="holds files drift did not write"):
        check_destination(mine)
    assert (mine / "notes.txt").read_text() == "mine"


def test_dollars_in_names_and_sentences_are_text_not_maths(capsys, tmp_path, encoder):
    base = tmp_path / "base $x$ report.txt"
    deriv = tmp_path / "copy $a^2$.txt"
    base.write_text("The mayor said the bridge will cost $5 million and the tunnel $7 million. "
                    "Work starts in May after a long public debate about the budget.\n",
                    encoding="utf-8")
    deriv.write_text("The mayor said the bridge will cost $6 million and the tunnel $7 million. "
                     "Work starts in May after a long public debate about the budget.\n",
                     encoding="utf-8")
    out = tmp_path / "rep"
    assert main(["score", str(base), str(deriv), "--out", str(out)]) == 0
    assert (out / "overview.png").stat().st_size > 1000
    from drift.report.plot import _plain

    assert _plain("cost $5 and $7") == r"cost \$5 and \$7"
    capsys.readouterr()


def test_cjk_and_arabic_labels_render_without_missing_glyphs():
    if not _cjk_font():
        pytest.skip("no CJK font installed (Debian: fonts-droid-fallback; .ci/install-system.sh)")
    from drift.report.plot import plot_overview

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a warning: fail on it
        fig = plot_overview(np.array([[0.1], [0.3]]),
                            ["北京市政府周一宣布了新的预算。", "اجتمع المجلس يوم الاثنين."],
                            ["版本"], [["M"], [""]], signature="sig")
        fig.savefig(Path("/dev/null"), format="png")


def test_quiet_silences_matplotlib_warnings(capsys, tmp_path, encoder):
    base = tmp_path / "base.txt"
    deriv = tmp_path / "emoji.txt"
    base.write_text("The family 👩‍👩‍👧‍👦 moved to the coast in the spring of that year.\n",
                    encoding="utf-8")
    deriv.write_text("The family 👨‍👩‍👧 moved to the coast in the spring of that year.\n",
                     encoding="utf-8")
    assert main(["-q", "score", str(base), str(deriv), "--out", str(tmp_path / "r")]) == 0
    assert capsys.readouterr().err == ""
