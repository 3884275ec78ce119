"""The notebook API: :func:`compare` takes paths or strings and returns a :class:`Comparison`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from drift.config import DriftConfig
from drift.embed.cache import EmbeddingCache
from drift.embed.encoder import Encoder
from drift.embed.models import ModelInfo, load_encoder
from drift.errors import ConfigError, InputError
from drift.pipeline import RunPlan, analyze, make_plan
from drift.result import Comparison
from drift.text.read import Document, document_from_text, read_document

__all__ = ["compare", "compare_documents", "as_document"]

_PATHLIKE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


def as_document(source: str | os.PathLike[str] | Document, *, strip: bool = True,
                name: str = "<text>") -> Document:
    """A path (``Path`` or an existing file name), ``-``, a :class:`Document`, or article text.

    A string without a line break that ends in ``.txt``/``.md``/``.html`` is taken as a path and
    must exist. Article text gets ``name`` as its path.
    """
    if isinstance(source, Document):
        return source
    if isinstance(source, os.PathLike):
        return read_document(Path(source), strip=strip)
    if source == "-" or ("\n" not in source and os.path.isfile(source)):
        return read_document(source, strip=strip)
    if "\n" not in source and source.strip().lower().endswith(_PATHLIKE_SUFFIXES):
        raise InputError(f"{source}: no such file")
    return document_from_text(source, path=name, strip=strip)


def compare_documents(base: Document, *derivatives: Document, config: DriftConfig | None = None,
                      encoder: Encoder | None = None, cache: EmbeddingCache | None = None,
                      progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
                      plan: RunPlan | None = None) -> Comparison:
    """Compare already-read documents.

    Args:
        base, *derivatives: read documents (:func:`drift.read_document`).
        config: the settings (default :class:`DriftConfig`); ignored when ``plan`` is given.
        encoder: the encoder that runs (default: ``config.model``, or the plan's model, loaded
            lazily); its name, not ``config.model``, is what the signature records.
        cache: optional embedding cache.
        progress: optionally wraps the loop over derivatives (a progress bar).
        plan: an already resolved run (:func:`drift.pipeline.make_plan`), as the CLI and
            ``drift batch`` pass it.
    """
    if not derivatives:
        raise InputError("give at least one derivative to compare with the base")
    if encoder is None:
        encoder = _load(plan.model if plan is not None else None, config or DriftConfig())
    if plan is None:
        plan = make_plan(config or DriftConfig(), encoder)
    return analyze(base, list(derivatives), plan, encoder, cache, progress)


def _load(model: ModelInfo | None, config: DriftConfig) -> Encoder:
    """The encoder of a plan's model (or of the config's, without a plan), loaded lazily."""
    if model is None:
        return load_encoder(config.model, precision=config.precision, lazy=True)
    if model.source is None:
        raise ConfigError(f"the plan's encoder {model.name!r} is an object drift did not load: "
                          "pass it as encoder=")
    return load_encoder(model.source, precision=model.precision, lazy=True)


def compare(base: str | os.PathLike[str] | Document,
            *derivatives: str | os.PathLike[str] | Document,
            model: str | None = None, config: DriftConfig | None = None,
            cache: bool | str | Path = True) -> Comparison:
    """Align each derivative with the base sentence by sentence and score the drift.

    Args:
        base: the source article: a path, ``-`` (stdin), a :class:`Document` or the text itself.
        *derivatives: one or more rewritten, translated or copied versions, same forms.
        model: alias from models.txt, hub id or local folder (overrides ``config.model``).
        config: every other setting (default :class:`DriftConfig`).
        cache: ``True`` for the default embedding cache dir, a folder, or ``False`` for none.

    Returns:
        A :class:`Comparison` with ``.to_dict()``, ``.plot_overview()``,
        ``.plot_alignment(i)`` and ``.summary_table()``.

    Example:
        >>> r = drift.compare("It backed the leader of Belarus in crushing demonstrations.",
        ...                   "She supported the Belarusian leader during the protests.")
        ... # doctest: +SKIP
        >>> r[0].pairs[0].label  # doctest: +SKIP
        'paraphrase'
    """
    config = config or DriftConfig()
    if model is not None:
        config = config.with_(model=model)
    names = ["<base>", *(f"<derivative {k}>" for k in range(1, len(derivatives) + 1))]
    docs = [as_document(s, strip=config.strip_furniture, name=n)
            for s, n in zip((base, *derivatives), names)]
    emb_cache = None
    if cache:
        emb_cache = EmbeddingCache(None if cache is True else Path(cache))
    return compare_documents(docs[0], *docs[1:], config=config, cache=emb_cache)
