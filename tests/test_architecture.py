"""The house: the pipeline is visible in the package, and the import graph has no cycles."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import drift

ROOT = Path(drift.__file__).parent


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """Every ``drift`` module -> the drift modules it imports anywhere in its source: at the
    top, inside functions and under ``if TYPE_CHECKING`` (a cycle there is a cycle too)."""
    modules = {_module_name(p): p for p in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps: set[str] = set()
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            for t in targets:
                if t in modules and t != name:
                    deps.add(t)
        graph[name] = deps
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph[n]):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state and (c := visit(m)):
                return c
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state and (c := visit(n)):
            return c
    return None


def test_import_graph_has_no_cycles():
    graph = import_graph()
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_find_cycle_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_pipeline_stages_are_packages():
    for stage in ("text", "embed", "align", "score", "report"):
        assert (ROOT / stage / "__init__.py").is_file(), stage


def test_importing_drift_has_no_global_side_effects():
    """Importing drift and its report modules does not touch the umask, the matplotlib backend
    or logging configuration."""
    code = (
        "import os, logging; os.umask(0o027)\n"
        "import matplotlib; b = matplotlib.get_backend()\n"
        "import drift, drift.report.files, drift.report.plot, drift.report.html, drift.cli\n"
        "assert os.umask(0o027) == 0o027\n"
        "assert matplotlib.get_backend() == b\n"
        "lg = logging.getLogger('drift'); assert lg.propagate and not lg.handlers\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "ok", out.stderr
