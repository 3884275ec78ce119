"""The command line: outputs, exit codes and one-line errors."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from drift.cli import main

BASE = "base_reuters.txt"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_is_fast_and_does_not_import_torch():
    code = ("import sys, drift.cli; drift.cli.build_parser(); "
            "print('torch' in sys.modules, 'sentence_transformers' in sys.modules, "
            "'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]


def test_score_writes_every_report_file(capsys, examples, tmp_path, encoder):
    out_dir = tmp_path / "rep"
    code, out, err = run(capsys, "score", str(examples / BASE),
                         str(examples / "mt_macedonian_blog.txt"),
                         str(examples / "republished_london_daily.txt"), "--out", str(out_dir))
    assert code == 0, err
    assert "mt_macedonian_blog" in out and "signature: model:all-MiniLM-L6-v2" in out
    names = sorted(p.name for p in out_dir.iterdir())
    assert names == ["alignment-01-mt_macedonian_blog.png",
                     "alignment-02-republished_london_daily.png", "overview.png", "pairs.csv",
                     "report.html", "report.json"]
    report = json.loads((out_dir / "report.json").read_text())
    assert set(report) >= {"model", "base", "derivatives", "signature"}
    assert set(report["base"]) >= {"path", "sentences", "removed"}
    d0 = report["derivatives"][0]
    assert set(d0) >= {"path", "sentences", "removed", "pairs", "summary"}
    assert set(d0["summary"]) >= {"coverage", "mean_drift", "verdict"}
    assert set(d0["pairs"][0]) >= {"base", "derivative", "similarity", "drift", "label"}
    rows = list(csv.DictReader((out_dir / "pairs.csv").open()))
    assert len(rows) == sum(len(d["pairs"]) for d in report["derivatives"])
    assert (out_dir / "overview.png").read_bytes()[:4] == b"\x89PNG"
    html = (out_dir / "report.html").read_text()
    assert "data:image/png;base64" in html and "Kazakhstan" in html
    # changed words are marked: It -> She is a substitution flagged as a pronoun change
    assert 'title="substitute: It → She (pronoun)">She</span>' in html


def test_json_to_stdout(capsys, examples, encoder):
    code, out, _ = run(capsys, "score", str(examples / BASE),
                       str(examples / "republished_london_daily.txt"), "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["derivatives"][0]["summary"]["verdict"] == "copy"


def test_stdin_base(capsys, examples, encoder, monkeypatch):
    import io

    data = (examples / BASE).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run(capsys, "score", "-", str(examples / "republished_london_daily.txt"))
    assert code == 0 and "copy" in out


@pytest.mark.parametrize("content, message", [
    (b"", "file is empty"),
    (b"\x00\x01\x02binary\xff", "binary"),
    (bytes(range(1, 256)) * 3, "line 2: not UTF-8, and no other text encoding fits"),
    (b"%PDF-1.7\n%\xb5\xb5\xb5\xb5\n1 0 obj", "looks like a PDF"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, examples, tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out_dir = tmp_path / "rep"
    code, out, err = run(capsys, "score", str(examples / BASE), str(bad), "--out", str(out_dir))
    assert code == 2
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert not (out_dir / "report.json").exists()


def test_missing_file_and_unknown_model(capsys, examples, tmp_path):
    code, _, err = run(capsys, "score", str(examples / BASE), str(tmp_path / "nope.txt"))
    assert code == 2 and "nope.txt: no such file" in err
    code, _, err = run(capsys, "score", str(examples / BASE), str(examples / BASE),
                       "--model", "nosuch")
    assert code == 2 and "unknown model 'nosuch'" in err and err.count("\n") == 1


def test_unavailable_model_exit_2(capsys, examples, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    code, _, err = run(capsys, "score", str(examples / BASE), str(examples / BASE),
                       "--model", "mpnet")
    assert code == 2 and "not in the local Hugging Face cache" in err


def test_failed_rendering_leaves_no_report(capsys, examples, tmp_path, encoder, monkeypatch):
    import drift.report.html

    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(drift.report.html, "render_html", boom)
    out_dir = tmp_path / "rep"
    code, _, err = run(capsys, "score", str(examples / BASE),
                       str(examples / "mt_macedonian_blog.txt"), "--out", str(out_dir))
    assert code == 1 and "disk on fire" in err and "Traceback" not in err
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_models_lists_availability(capsys):
    code, out, _ = run(capsys, "models")
    assert code == 0
    first = out.splitlines()[1].split()
    assert first[:2] == ["minilm", "yes"] and "(default)" in out


def test_unwritable_output_folder_is_a_clear_error(capsys, examples, tmp_path, encoder):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, _, err = run(capsys, "score", str(examples / BASE),
                       str(examples / "mt_macedonian_blog.txt"), "--out", str(blocker / "rep"))
    assert code == 2 and "cannot write the report" in err and err.count("\n") == 1


def test_presets_are_chosen_explicitly_or_by_model_and_segmenter():
    """The automatic preset is resolved by the plan, the same for every command and the API:
    textberg for a multilingual model on one-sentence-a-line input, else default."""
    from drift.cli import build_parser
    from drift.cli.commands import config_from_args as _config
    from drift.config import DriftConfig
    from drift.pipeline import resolve_preset

    parse = build_parser().parse_args
    for command in (["score", "a.txt", "b.txt"], ["align", "a", "b"]):
        config = _config(parse([*command, "--model", "multilingual", "--segment", "lines"]))
        assert config.align is None and not config.strip_furniture
        assert resolve_preset(config) == "textberg"
        assert resolve_preset(config) == resolve_preset(
            DriftConfig(model="multilingual", segmenter="lines"))  # the Python API's
        config = _config(parse([*command, "--model", "multilingual"]))
        assert resolve_preset(config) == "default"
    forced = _config(parse(["align", "a", "b", "--model", "multilingual", "--segment", "lines",
                            "--preset", "default", "--skip", "0.3"]))
    assert forced.align is not None
    assert forced.align.max_group == 3 and forced.align.skip == 0.3
    over = _config(parse(["align", "a", "b", "--model", "multilingual", "--segment", "lines",
                          "--skip", "0.3"]))  # overrides on top of the automatic preset
    assert over.align is not None and over.align.max_group == 5 and over.align.skip == 0.3


def test_quiet_and_verbose_may_follow_the_command():
    from drift.cli import build_parser

    parse = build_parser().parse_args
    assert parse(["score", "a", "b", "-q"]).quiet is True
    assert parse(["-q", "score", "a", "b"]).quiet is True
    assert parse(["score", "a", "b"]).quiet is False
    assert parse(["-v", "batch", "m.jsonl", "--out", "o", "-v"]).verbose >= 1
