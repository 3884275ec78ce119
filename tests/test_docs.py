"""Every command in README.md and docs/ is run by this test, so the docs cannot rot.

The docs follow three conventions (checked here too):

* shell commands are in ```console blocks, each after a ``$ `` prompt; the lines after a
  command, up to the next prompt, are its expected output: every such line that holds no
  ``...`` must appear in what the command prints (trailing spaces ignored). A command ending
  in ``# exit N`` must exit with N (default 0). ``drift`` commands run in this process
  (``drift.cli.main``, the model loaded once), other commands and anything with shell
  syntax (pipes, redirections, ``$``) in bash, with the environment's ``drift`` first on the
  PATH; a command ending in ``# slow`` (a benchmark of minutes, or a run that a test of its
  own covers, such as a Dask cluster) is only parsed: ``drift`` options by drift's own parser,
  a ``python benchmarks/X.py`` command by the script's ``--help``, which must list every
  option used; ``make``, ``pip``, ``jupyter`` and ``dask`` set-up commands are listed in
  :data:`SETUP` and checked where they run (CI runs ``make test``; the wheel check installs
  with pip);
* ```python blocks run in order, one namespace per file;
* ```text, ```json and ``` blocks are not run (synopses, file formats, outputs); no ```bash,
  ```sh or ```shell block may appear (a command there would escape this test).

Commands run in a sandbox folder holding ``examples``, ``benchmarks`` and ``tests`` (links to
the repo's) and, where it exists, ``../shared``; what they write stays in the sandbox.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
#: commands checked elsewhere, by their first words
SETUP = ("make demo", "make test", "make notebook", "make screenshots", "make lint",
         "pip install", "jupyter lab", "dask scheduler", "dask worker", "git clone",
         ". .venv/bin/activate")
_FENCE = re.compile(r"^```(\w*)\s*$")
_SHELL = re.compile(r"[|;&<>$`*]|^\w+=")


@dataclass
class Command:
    doc: str
    line: int
    text: str
    expected: list[str]
    exit: int = 0
    slow: bool = False

    @property
    def argv(self) -> list[str]:
        return shlex.split(self.text)

    @property
    def shell(self) -> bool:
        """Run by bash: shell syntax, or a program other than drift."""
        return bool(_SHELL.search(self.text)) or self.argv[0] not in (
            "drift", ".venv/bin/drift", "python", "python3", ".venv/bin/python")

    def __str__(self) -> str:
        return f"{self.doc}:{self.line}: {self.text}"


def blocks(path: Path) -> list[tuple[str, int, list[str]]]:
    """``(language, first line number, lines)`` of each fenced block of a Markdown file."""
    out, lang, start, body = [], None, 0, []
    for k, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        m = _FENCE.match(line.strip())
        if lang is None and m:
            lang, start, body = m.group(1), k + 1, []
        elif lang is not None and line.strip() == "```":
            out.append((lang, start, body))
            lang = None
        elif lang is not None:
            body.append(line)
    return out


def commands(path: Path) -> list[Command]:
    """The commands of a file's ```console blocks, each with the output lines after it."""
    out: list[Command] = []
    for lang, start, body in blocks(path):
        if lang != "console":
            continue
        current: Command | None = None
        k = 0
        while k < len(body):
            line = body[k]
            if line.startswith("$ "):
                text, first = line[2:], k
                while text.endswith("\\") and k + 1 < len(body):  # a continued command
                    k += 1
                    text = text[:-1] + " " + body[k].strip()
                exit_code, slow = 0, False
                if m := re.search(r"\s+#\s*exit (\d+)\s*$", text):
                    exit_code, text = int(m.group(1)), text[:m.start()]
                if m := re.search(r"\s+#\s*slow\b.*$", text):
                    slow, text = True, text[:m.start()]
                text = re.sub(r"\s+#[^'\"]*$", "", text)  # a plain comment
                current = Command(path.name, start + first, text.strip(), [], exit_code, slow)
                out.append(current)
            elif current is not None:
                current.expected.append(line.rstrip())
            k += 1
    return out


ALL = [c for p in DOCS for c in commands(p)]


def test_docs_use_only_tested_blocks():
    for path in DOCS:
        for lang, start, _ in blocks(path):
            assert lang not in ("bash", "sh", "shell", "zsh"), \
                f"{path.name}:{start}: a ```{lang} block escapes the docs test; use ```console"


def test_every_doc_is_linked_from_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for path in DOCS[1:]:
        assert f"docs/{path.name}" in readme, f"README.md does not link docs/{path.name}"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("docs")
    work = root / "work"
    work.mkdir()
    for name in ("examples", "benchmarks", "tests"):
        (work / name).symlink_to(REPO / name)
    shared = REPO.parent / "shared"
    if shared.is_dir():
        (root / "shared").symlink_to(shared)
    return work


def _run_drift(argv: list[str], cwd: Path) -> tuple[int, str]:
    from drift.cli import main

    out = io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(out):
        code = main(argv)
    return code, out.getvalue()


def _check_options(argv: list[str], cwd: Path) -> None:
    if argv[0] == "drift":
        from drift.cli import build_parser

        build_parser().parse_args(argv[1:])  # exits (SystemExit) on an unknown option
        return
    script = next((a for a in argv if a.startswith("benchmarks/") and a.endswith(".py")), None)
    assert script, f"a slow command must be drift or a benchmark script: {argv}"
    rest = argv[argv.index(script) + 1:]
    sub = rest[:1] if rest and re.fullmatch(r"[a-z][\w-]*", rest[0]) else []  # a subcommand
    help_text = subprocess.run([sys.executable, script, *sub, "--help"], cwd=cwd,
                               capture_output=True, text=True, timeout=120)
    assert help_text.returncode == 0, help_text.stderr[-500:]
    for opt in (a.split("=")[0] for a in argv if a.startswith("--")):
        assert opt in help_text.stdout, f"{script} has no option {opt}"


def _run_shell(text: str, cwd: Path) -> tuple[int, str]:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    proc = subprocess.run(["bash", "-c", text], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.mark.parametrize("cmd", ALL, ids=str)
def test_command(cmd: Command, sandbox: Path, encoder, cache):
    if cmd.text.startswith(SETUP):
        return
    if cmd.shell and not cmd.slow:
        code, output = _run_shell(cmd.text, sandbox)
        _check_output(cmd, code, output)
        return
    argv = list(cmd.argv)
    if argv[0] in (".venv/bin/drift", "drift"):
        argv[0] = "drift"
    elif argv[0] in (".venv/bin/python", "python", "python3"):
        argv[0] = "python"
    if cmd.slow:
        _check_options(argv, sandbox)
        return
    assert argv[0] == "drift", f"{cmd}: only drift commands run here (or mark it # slow)"
    _check_output(cmd, *_run_drift(argv[1:], sandbox))


def _check_output(cmd: Command, code: int, output: str) -> None:
    assert code == cmd.exit, f"{cmd}: exit {code}\n{output[-2000:]}"
    printed = {line.rstrip() for line in output.split("\n")}
    for line in cmd.expected:
        if line and "..." not in line:
            assert line in printed, f"{cmd}: expected line not printed: {line!r}\n{output[-3000:]}"


@pytest.mark.parametrize("path", [p for p in DOCS if any(b[0] == "python" for b in blocks(p))],
                         ids=lambda p: p.name)
def test_python_blocks(path: Path, sandbox: Path, encoder, cache):
    namespace: dict = {"__name__": "__docs__"}
    for lang, start, body in blocks(path):
        if lang != "python":
            continue
        code = compile("\n" * (start - 1) + "\n".join(body), str(path), "exec")
        with contextlib.chdir(sandbox), contextlib.redirect_stdout(io.StringIO()):
            exec(code, namespace)  # noqa: S102 - the docs' own examples


def test_every_path_the_docs_name_exists():
    """A file of the repository named in the docs (``drift/align/dp.py``,
    ``tests/batch/test_batch.py``, ``benchmarks/lodo.py``...) is there."""
    pattern = re.compile(r"\b((?:drift|tests|benchmarks|examples|notebooks|docs)/[\w./-]*\w)")
    for path in DOCS:
        for k, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            for name in pattern.findall(line):
                name = name.rstrip(".")
                if "/." in name:  # a folder drift makes when it runs (benchmarks/.cache)
                    continue
                assert (REPO / name).exists() or (REPO / name).with_suffix("").exists(), \
                    f"{path.name}:{k}: {name} does not exist"


def test_every_relative_link_resolves():
    """``[text](path)`` and ``![image](path)`` point at files that exist, relative to the page
    (GitHub renders them that way)."""
    link = re.compile(r"!?\[[^\]]*\]\(([^)\s#]+)(?:#[^)]*)?\)")
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for target in link.findall(text):
            if re.match(r"^[a-z]+:", target):  # https:, mailto:
                continue
            assert (path.parent / target).exists(), f"{path.name}: broken link {target}"
