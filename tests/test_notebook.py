"""The research notebook: committed without outputs, and executed from top to bottom here, in a
kernel that runs this test's own Python (the repository's environment), so it cannot rot."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "kazakhstan.ipynb"

nbformat = pytest.importorskip(
    "nbformat", reason="nbformat is not installed (pip install 'newsdrift[notebook]')")
nbclient = pytest.importorskip(
    "nbclient", reason="nbclient is not installed (pip install 'newsdrift[notebook]')")
pytest.importorskip("ipykernel", reason="ipykernel is not installed "
                    "(pip install 'newsdrift[notebook]')")
pytest.importorskip("pandas", reason="pandas is not installed (pip install 'newsdrift[pandas]')")

# what the test reads back from the kernel after the notebook's own cells have run
FACTS = """
import json as _json
import matplotlib as _mpl
print(_json.dumps({
    "backend": _mpl.get_backend(),
    "dtypes": {c: str(t) for c, t in pairs.dtypes.items()},
    "verdicts": summary["verdict"].to_dict(),
    "pronoun_names": sorted(set(pronoun["name"])),
    "worst_drift": [float(x) for x in worst["drift"]],
    "n_pairs": len(pairs),
    "exported": sorted(p.name for p in OUT.iterdir()),
    "report": sorted(p.name for p in (OUT / "report").iterdir()),
}))
"""


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "the notebook has no code cells"
    for c in code:
        assert c.outputs == [] and c.execution_count is None, c.source[:60]
    assert "parameters" in code[0].metadata.get("tags", []), "first code cell: the parameters"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The notebook run from top to bottom, with its export folder in a temporary folder."""
    tmp = tmp_path_factory.mktemp("notebook")
    # a kernelspec for this very interpreter, so that a user's own "python3" kernel is not used
    spec = tmp / "jupyter" / "kernels" / "drift-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "drift test", "language": "python"}))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    params = nb.cells[[c.cell_type for c in nb.cells].index("code")]
    params.source += f"\nOUT = Path({str(tmp / 'export')!r})\n"
    nb.cells.append(nbformat.v4.new_code_cell(FACTS))
    env = {"JUPYTER_PATH": str(tmp / "jupyter"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        client = nbclient.NotebookClient(
            nb, timeout=600, kernel_name="drift-test",
            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
        client.execute()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb, tmp / "export"


def _outputs(nb, needle):
    cell = next(c for c in nb.cells if c.cell_type == "code" and needle in c.source)
    return cell.outputs


def _facts(nb):
    (out,) = [o for o in nb.cells[-1].outputs if o.output_type == "stream"]
    return json.loads(out.text)


def test_notebook_runs_and_its_tables_are_typed(executed):
    nb, export = executed
    facts = _facts(nb)
    # drift's plots and displays left the notebook's own backend in place
    assert facts["backend"] in ("inline", "module://matplotlib_inline.backend_inline")
    dtypes = facts["dtypes"]
    assert {dtypes[c] for c in ("similarity", "drift", "lexical")} == {"float64"}
    assert dtypes["moved"] == "bool" and dtypes["flags"] == "object"
    assert facts["verdicts"] == {"mt_macedonian_blog": "rewrite", "ai_budapest_post": "copy",
                                 "republished_london_daily": "copy",
                                 "independent_straits_times": "independent"}
    assert "mt_macedonian_blog" in facts["pronoun_names"]
    worst = facts["worst_drift"]
    assert len(worst) == 10 and worst == sorted(worst, reverse=True) and worst[0] > 0.3
    assert facts["exported"] == ["pronoun-changes.csv", "report", "summary.csv"]
    assert "report.html" in facts["report"] and "report.json" in facts["report"]
    assert (export / "pronoun-changes.csv").read_text().count("Belarus") >= 1


def test_notebook_shows_results_inline(executed):
    nb, _ = executed
    # the comparison: its summary table and the overview heatmap, as HTML with an inline PNG
    (shown,) = [o for o in _outputs(nb, "result = drift.compare(") if "data" in o]
    html = shown.data["text/html"]
    assert 'class="drift-table drift-summary"' in html and "data:image/png;base64," in html
    assert html.count("<tr>") == 1 + 4  # header and one row per derivative
    # the heatmaps are shown as images in the notebook, not as "<Figure size ...>"
    for needle in ("result.plot_overview()", 'result.plot_alignment("mt_macedonian_blog")'):
        (fig,) = [o for o in _outputs(nb, needle) if "data" in o]
        assert "image/png" in fig.data, needle
    # one derivative: its pairs side by side with the changed words marked (It -> She)
    (pairs,) = [o for o in _outputs(nb, 'result["mt_macedonian_blog"]') if "data" in o]
    html = pairs.data["text/html"]
    assert 'title="substitute: It → She (pronoun)">She</span>' in html
    assert 'class="drift-table drift-pairs"' in html and "Belarusian" in html
    # a DataFrame is shown as an HTML table too
    (table,) = [o for o in _outputs(nb, "nlargest(10") if "data" in o]
    assert "<table" in table.data["text/html"]
