"""Public proxies for the verdict benchmark (benchmarks/bench_verdict.py): real and generated
base/derivative pairs labelled derived or independent.

* ``example``: the bundled Kazakhstan corpus (examples/kazakhstan-2022): the Straits Times
  report is independent, the other three derivatives derived.
* ``textberg``: Text+Berg de-fr (../shared/eval/textberg_de_fr, GPL-2, Bleualign data): each
  German document against its own French version is derived (a translation), against every
  other French document of the yearbook independent. The dev pair (vecalign_dev) counts as an
  eighth document.
* ``textberg-gen``: generated across languages from the same data: the French sentences that
  the gold alignment gives for a run of 25% or 50% of a German document, mixed into another
  French document (a partly translated text), and the French version with its sentences
  shuffled.
* ``ecb``: ECB+ (Cybulska & Vossen 2014; github cltl/ECB-parser, folder ``ECB+``; annotations CC
  BY 3.0, the news texts stay with their publishers, so nothing of it is committed here): 43
  topics, each with two different events of one kind reported by several outlets ("Tara Reid
  checks into rehab" / "Lindsay Lohan checks into rehab"). Two articles of one topic about the
  two different events are independent texts on the same subject (``ecb``). Two articles about
  the same event from different outlets (``ecb-same-event``) are a diagnostic, not a labelled
  proxy: outlets do reprint wire copy, so some of them really share text.
* ``ecb-gen`` and ``example-gen``: generated from those articles and from the example base:
  excerpts of 30% and 50% of the base cut mid-sentence and spliced; base sentences mixed into
  an independent text on the same subject so that they make 10%, 25% or 50% of it; the base
  interleaved with another article; the base's sentences shuffled. All derived.
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "kazakhstan-2022"


@dataclass(frozen=True)
class Case:
    """One base/derivative pair of a proxy.

    Attributes:
        proxy: the proxy's name.
        name: what the pair is (e.g. ``mix-25:ecb-1_3ecb``).
        base_id: pairs with the same base_id share one base text.
        base, derivative: the texts (one sentence a line unless ``lines`` is False).
        derived: the label.
        lines: True when the texts are one sentence a line (``--segment lines``).
        language: ``en`` or ``de-fr``.
    """

    proxy: str
    name: str
    base_id: str
    base: str
    derivative: str
    derived: bool
    lines: bool = True
    language: str = "en"


# --- real pairs ------------------------------------------------------------------------------

def example_cases() -> list[Case]:
    base = (EXAMPLES / "base_reuters.txt").read_text(encoding="utf-8")
    out = []
    for name, derived in (("mt_macedonian_blog", True), ("ai_budapest_post", True),
                          ("republished_london_daily", True),
                          ("independent_straits_times", False)):
        out.append(Case("example", name, "example", base,
                        (EXAMPLES / f"{name}.txt").read_text(encoding="utf-8"), derived,
                        lines=False))
    return out


def _textberg_docs(tb: Path) -> dict[str, tuple[list[str], list[str], list[tuple]]]:
    from drift.evaluate.alignment import read_ladder

    docs = {}
    for p in sorted((tb / "de").iterdir()):
        de = p.read_text(encoding="utf-8").splitlines()
        fr = (tb / "fr" / p.name).read_text(encoding="utf-8").splitlines()
        docs[p.name] = (de, fr, read_ladder(tb / "gold" / p.name))
    dev = tb / "vecalign_dev"
    if dev.is_dir():
        docs["dev"] = (dev.joinpath("dev.de").read_text(encoding="utf-8").splitlines(),
                       dev.joinpath("dev.fr").read_text(encoding="utf-8").splitlines(),
                       read_ladder(dev / "dev.defr"))
    return docs


def textberg_cases(tb: Path) -> list[Case]:
    docs = _textberg_docs(tb)
    out = []
    for a, (de, _, _) in docs.items():
        for b, (_, fr, _) in docs.items():
            out.append(Case("textberg", f"de{a}-fr{b}", f"tb-{a}", "\n".join(de), "\n".join(fr),
                            a == b, language="de-fr"))
    return out


def textberg_generated(tb: Path, seed: int = 0) -> list[Case]:
    rng = random.Random(seed)
    docs = _textberg_docs(tb)
    names = list(docs)
    out = []
    for k, a in enumerate(names):
        de, fr, gold = docs[a]
        other_fr = docs[names[(k + 1) % len(names)]][1]
        for rate in (0.25, 0.5):
            # a run of gold beads covering `rate` of the German lines: their French lines
            n_de = len(de)
            start = rng.randrange(0, max(1, int(len(gold) * (1 - rate))))
            picked, covered = [], 0
            for bead in gold[start:]:
                if covered >= rate * n_de:
                    break
                src, tgt = bead[0], bead[1]
                covered += len(src)
                picked += [fr[j] for j in tgt]
            out.append(Case("textberg-gen", f"xl-mix-{int(rate * 100)}:{a}", f"tb-{a}",
                            "\n".join(de), "\n".join(_insert(other_fr, picked, rng)), True,
                            language="de-fr"))
        shuffled = fr[:]
        rng.shuffle(shuffled)
        out.append(Case("textberg-gen", f"xl-shuffle:{a}", f"tb-{a}", "\n".join(de),
                        "\n".join(shuffled), True, language="de-fr"))
    return out


def _detok(words: list[str]) -> str:
    s = " ".join(words)
    s = re.sub(r"\s+([,.;:!?%)\]}'])", r"\1", s)
    s = re.sub(r"([(\[{$])\s+", r"\1", s)
    s = s.replace("`` ", '"').replace(" ''", '"').replace("``", '"').replace("''", '"')
    s = re.sub(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", s)
    return s


def read_ecb(path: Path) -> list[str]:
    """Sentences of one ECB+ XML file (tokens joined back into text; a leading URL line and
    lines without letters dropped)."""
    root = ET.parse(path).getroot()
    sents: dict[int, list[str]] = {}
    for tok in root.iter("token"):
        sents.setdefault(int(tok.get("sentence", "0")), []).append(tok.text or "")
    out = []
    for k in sorted(sents):
        text = _detok(sents[k])
        if text.lower().startswith("http") or sum(c.isalpha() for c in text) < 10:
            continue
        out.append(text)
    return out


def _ecb_docs(folder: Path, suffix: str, n: int) -> list[tuple[str, list[str]]]:
    files = sorted(folder.glob(f"*{suffix}.xml"),
                   key=lambda f: int(re.findall(r"_(\d+)", f.name)[0]))
    out = []
    for f in files:
        s = read_ecb(f)
        if len(s) >= 6:
            out.append((f.stem, s))
        if len(out) == n:
            break
    return out


def ecb_topics(ecb: Path, per_subtopic: int = 2) -> dict[str, tuple[list, list]]:
    """topic -> (docs of the ECB event, docs of the ECB+ event), each ``(name, sentences)``,
    the first ``per_subtopic`` of each with at least 6 sentences, by file name."""
    topics = {}
    for d in sorted(ecb.iterdir(), key=lambda p: int(p.name) if p.name.isdigit() else 0):
        if not d.is_dir():
            continue
        e, p = _ecb_docs(d, "ecb", per_subtopic), _ecb_docs(d, "ecbplus", per_subtopic)
        if len(e) == per_subtopic and len(p) == per_subtopic:
            topics[d.name] = (e, p)
    return topics


def ecb_cases(ecb: Path) -> list[Case]:
    out = []
    for e, p in ecb_topics(ecb).values():
        for bn, bs in (e[0], p[0]):
            others = p if (bn, bs) == e[0] else e
            for on, os_ in others:
                out.append(Case("ecb", f"{bn}-vs-{on}", f"ecb-{bn}", "\n".join(bs),
                                "\n".join(os_), False))
        for grp in (e, p):
            out.append(Case("ecb-same-event", f"{grp[0][0]}-vs-{grp[1][0]}",
                            f"ecb-{grp[0][0]}", "\n".join(grp[0][1]), "\n".join(grp[1][1]),
                            False))
    return out


# --- generated derivatives -----------------------------------------------------------------

def _insert(host: list[str], guests: list[str], rng: random.Random) -> list[str]:
    """``guests`` (in order) at random places in ``host``."""
    slots = sorted(rng.randrange(len(host) + 1) for _ in guests)
    out, g = [], 0
    for i in range(len(host) + 1):
        while g < len(guests) and slots[g] == i:
            out.append(guests[g])
            g += 1
        if i < len(host):
            out.append(host[i])
    return out


def _sentence(words: list[str]) -> str:
    s = " ".join(words).strip(" ,;:")
    s = s[:1].upper() + s[1:]
    return s if s.endswith((".", "!", "?", '"')) else s + "."


def excerpt_spliced(base: list[str], frac: float, rng: random.Random) -> list[str]:
    """A run of sentences holding ``frac`` of the base's words, cut mid-sentence and spliced:
    the first part of one sentence joined to the last part of the next; every other run of two
    sentences is kept whole but cut short."""
    words = [len(s.split()) for s in base]
    total = sum(words)
    start = rng.randrange(0, max(1, len(base) // 3))
    run, have = [], 0
    for s in base[start:] + base[:start]:
        if have >= frac * total:
            break
        run.append(s.split())
        have += len(s.split())
    out = []
    k = 0
    while k < len(run):
        a = run[k]
        if k + 1 < len(run) and rng.random() < 0.6:
            b = run[k + 1]
            ca = max(3, int(len(a) * rng.uniform(0.5, 0.8)))
            cb = max(3, int(len(b) * rng.uniform(0.3, 0.6)))
            out.append(_sentence(a[:ca] + b[-cb:]))
            out.append(_sentence(b[: len(b) - cb]) if len(b) - cb >= 4 else "")
            k += 2
        else:
            out.append(_sentence(a[: max(4, int(len(a) * rng.uniform(0.6, 1.0)))]))
            k += 1
    return [s for s in out if s]


def mixed(base: list[str], host: list[str], rate: float, rng: random.Random) -> list[str]:
    """Base sentences (a random subset, in order) placed among ``host``'s sentences so that
    they make ``rate`` of the result."""
    q = max(1, round(rate * len(host) / (1 - rate)))
    q = min(q, len(base))
    picked = sorted(rng.sample(range(len(base)), q))
    return _insert(host, [base[i] for i in picked], rng)


def interleaved(a: list[str], b: list[str]) -> list[str]:
    out = []
    for k in range(max(len(a), len(b))):
        out += a[k:k + 1] + b[k:k + 1]
    return out


def generated(proxy: str, base_id: str, base: list[str], host: list[str], other: list[str],
              rng: random.Random) -> list[Case]:
    """The generated derivatives of one base (``host``: an independent text on the same
    subject; ``other``: another text to interleave with)."""
    b = "\n".join(base)
    cases = []
    for frac in (0.3, 0.5):
        cases.append((f"excerpt-{int(frac * 100)}", excerpt_spliced(base, frac, rng)))
    for rate in (0.1, 0.25, 0.5):
        cases.append((f"mix-{int(rate * 100)}", mixed(base, host, rate, rng)))
    cases.append(("interleave", interleaved(base, other)))
    shuffled = base[:]
    rng.shuffle(shuffled)
    cases.append(("shuffle", shuffled))
    return [Case(proxy, f"{kind}:{base_id}", base_id, b, "\n".join(d), True)
            for kind, d in cases]


def ecb_generated(ecb: Path, seed: int = 0) -> list[Case]:
    rng = random.Random(seed)
    out = []
    for t, (e, p) in ecb_topics(ecb).items():
        (bn, bs) = e[0] if int(t) % 2 else p[0]
        host = (p if int(t) % 2 else e)[1][1]
        other = (p if int(t) % 2 else e)[0][1]
        out += generated("ecb-gen", f"ecb-{bn}", bs, host, other, rng)
    return out


def example_generated(seed: int = 0) -> list[Case]:
    from drift.text.read import read_document
    from drift.text.segment import segment_paragraphs

    rng = random.Random(seed)

    def sents(name: str) -> list[str]:
        doc = read_document(EXAMPLES / f"{name}.txt")
        return [s.text for s in segment_paragraphs(doc.paragraphs, "nupunkt")]

    base, host = sents("base_reuters"), sents("independent_straits_times")
    return generated("example-gen", "example-lines", base, host, host[::-1], rng)
