"""The house: the pipeline is visible in the package, the import graph has no cycles, and
every module imports only from its own layer or the layers below it."""

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
    for stage in ("text", "embed", "align", "score", "report", "pipeline", "batch", "evaluate"):
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


#: the layers, bottom first: a module imports only modules of its own layer or below
#: (documented in docs/how-it-works.md). Packages are matched by prefix, modules exactly.
LAYERS: list[tuple[str, ...]] = [
    ("drift._version", "drift.errors", "drift._optional", "drift.config", "drift.data"),
    ("drift.text",),
    ("drift.embed",),
    ("drift.align",),
    ("drift.score",),
    ("drift.report", "drift.result"),
    ("drift.pipeline",),
    ("drift.api", "drift.evaluate"),
    ("drift.batch",),
    ("drift.match",),
    ("drift.cli", "drift", "drift.__main__"),
]


def layer_of(module: str) -> int:
    """The rank of a module's layer (the longest matching prefix wins)."""
    best, rank = -1, -1
    for k, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > best:
                best, rank = len(name), k
    if rank < 0:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS")
    return rank


def test_every_module_has_a_layer_and_imports_only_downwards():
    graph = import_graph()
    wrong = sorted(f"{m} (layer {layer_of(m)}) imports {d} (layer {layer_of(d)})"
                   for m, deps in graph.items() for d in deps if layer_of(d) > layer_of(m))
    assert not wrong, "\n".join(wrong)


def test_the_layer_rule_sees_an_upward_import():
    assert layer_of("drift.align.windows") < layer_of("drift.score.labels")
    assert layer_of("drift") == layer_of("drift.cli") > layer_of("drift.batch.run")
    assert layer_of("drift.result") == layer_of("drift.report.files")
