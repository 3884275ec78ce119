"""The notebook API: :func:`compare` takes paths or strings and returns a :class:`Comparison`."""

from __future__ import annotations

import os
import re
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
from drift.text.read import Document, document_from_text, read_document, read_documents

__all__ = ["compare", "compare_documents", "as_document"]

_PATHLIKE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson")
_PATHLIKE_STARTS = ("/", "./", "../", "~/", "\\")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,8}$")


def _is_path_like(text: str) -> bool:
    """A one-line string meant as a file name: a path start (``/``, ``./``, ``../``, ``~/``),
    an article file's extension, or one word (no whitespace; Chinese or Japanese text has
    none) with a ``/`` or an extension (``edit.txt.bak``)."""
    t = text.strip()
    if not t or "\n" in text:
        return False
    if t.startswith(_PATHLIKE_STARTS) or t.lower().endswith(_PATHLIKE_SUFFIXES):
        return True
    return not any(ch.isspace() for ch in t) and ("/" in t or "\\" in t
                                                  or bool(_EXTENSION.search(t)))


def _sources(source: object, *, strip: bool, name: str, many: bool) -> list[Document]:
    """The documents of one argument of :func:`compare` (a ``.jsonl`` corpus gives one per
    record where ``many``)."""
    if isinstance(source, Document):
        return [source]
    if isinstance(source, os.PathLike) or (isinstance(source, str) and (
            source == "-" or ("\n" not in source and os.path.isfile(source)))):
        path = Path(source) if isinstance(source, os.PathLike) else source
        return read_documents(path, strip=strip) if many else [read_document(path,
                                                                             strip=strip)]
    if not isinstance(source, str):
        hint = ""
        if isinstance(source, (bytes, bytearray)):
            hint = "; decode bytes first: data.decode('utf-8')"
        elif isinstance(source, (list, tuple)):
            hint = "; pass each article as its own argument: compare(base, *articles)"
        raise InputError(f"{name}: expected a path, '-', a Document or the article's text "
                         f"(str), got {type(source).__name__}{hint}")
    if _is_path_like(source):
        raise InputError(f"{source}: no such file (a one-line string that looks like a file "
                         "name is taken for one; to score such a string as text, pass "
                         "drift.document_from_text(text))")
    return [document_from_text(source, path=name, strip=strip)]


def as_document(source: str | os.PathLike[str] | Document, *, strip: bool = True,
                name: str = "<text>") -> Document:
    """A path (``Path`` or an existing file name), ``-``, a :class:`Document`, or article text.

    A one-line string that looks like a path (a leading ``/``, ``./``, ``~/``; a
    ``.txt``/``.md``/``.html``/``.jsonl`` ending; one word with a ``/`` or an extension such
    as ``edit.txt.bak``) is taken as a path and must exist: a mistyped file name is never
    scored as the article's text. A ``.jsonl`` corpus must hold
    one article here (:func:`drift.text.read.read_document`). Article text gets ``name`` as
    its path.

    Raises:
        InputError: a missing file, unreadable input, or an argument of another type (bytes,
            a list...), in one line.
    """
    return _sources(source, strip=strip, name=name, many=False)[0]


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
        base: the source article: a path, ``-`` (stdin), a :class:`Document` or the text itself
            (:func:`as_document`: a string that looks like a path must be an existing file).
        *derivatives: one or more rewritten, translated or copied versions, same forms; a
            ``.jsonl`` corpus gives one derivative per record, as in ``drift score``.
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
    strip = config.strip_furniture
    docs = [as_document(base, strip=strip, name="<base>"),
            *(d for k, s in enumerate(derivatives, 1)
              for d in _sources(s, strip=strip, name=f"<derivative {k}>", many=True))]
    emb_cache = None
    if cache:
        emb_cache = EmbeddingCache(None if cache is True else Path(cache))
    return compare_documents(docs[0], *docs[1:], config=config, cache=emb_cache)
