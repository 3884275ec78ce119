"""How well drift reads text it did not write: hard-wrapped plain text and HTML pages.

    .venv/bin/python benchmarks/bench_reader.py rewrap [--eval-dir DIR] [--docs N]
    .venv/bin/python benchmarks/bench_reader.py essays [--eval-dir DIR] [--docs N]
    .venv/bin/python benchmarks/bench_reader.py html DIR [--limit N]

``rewrap``
    Documents from the example corpus and the public eval sets (``--eval-dir``, default
    ``../shared/eval`` beside the checkout: STS-B test ``sentence1``, PAWS-Wiki test
    ``sentence1``, SICK train ``sentence_A``, DEMETR source sentences per language, Text+Berg
    de and fr files; single sentences are grouped 4 to a paragraph, 5 paragraphs to a
    document, in file order, ``--docs`` documents per set). Each document's unwrapped form (a
    paragraph a line, blank lines between) and its re-wrapped forms are read with
    :func:`drift.text.read.document_from_text` (furniture rules on) and split into sentences;
    the table gives the share of documents whose sentences are identical to the unwrapped
    form's. Forms, at 60, 72 and 80 columns (``textwrap``, long words not broken): ``LF``;
    ``CRLF``; ``indented`` (every line indented by 4, the first line of a paragraph by 8);
    ``book`` (first-line indent of 4, no blank line between paragraphs).
``essays``
    Look-alikes of a corpus of short student essays that copy or rewrite Wikipedia: 2 to 5
    paragraphs of 2 to 4 PAWS-Wiki dev sentences (64 to 371 words, median 197; ``--docs``
    essays, seeded), a title line on every third, wrapped
    at 70 columns greedily, raggedly (each line broken before a random margin of 55 to 75
    columns, as typed by hand) and with CRLF. Counts the files refused ("no article found"),
    the files with any line removed, and the files whose sentences differ from the unwrapped
    form's.
``html``
    Article extraction against the gold of scrapinghub/article-extraction-benchmark (``DIR``:
    a checkout with ``html/*.html.gz`` and ``ground-truth.json``; MIT licence). Precision and
    recall of the article body as that benchmark's ``evaluate.py`` computes them: shingles of
    4 ``\\w+`` tokens, true/false positives and false negatives normalised per page, precision
    and recall averaged over pages, F1 from the averages. Rows: drift's reader
    (:func:`drift.text.read.document_from_text` on the page, paragraphs joined by line
    breaks; a page it refuses counts as empty), trafilatura with the options drift uses
    (:data:`drift.text.read.TRAFILATURA_OPTIONS`), trafilatura with its defaults, and
    trafilatura with the options drift used before (``favor_precision``, no tables).

Every part prints a markdown table; ``--json FILE`` also writes the figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from drift.errors import DriftError
from drift.text.read import TRAFILATURA_OPTIONS, document_from_text
from drift.text.segment import segment_paragraphs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "kazakhstan-2022"
EVAL = ROOT.parent / "shared" / "eval"
WIDTHS = (60, 72, 80)
FORMS = ("LF", "CRLF", "indented", "book")
PER_PARAGRAPH, PER_DOCUMENT = 4, 5

#: a document: blocks (separated by blank lines) of paragraphs (one line each, unwrapped)
Doc = list[list[str]]


# --- documents from text drift did not write ----------------------------------------------

def _grouped(sentences: Sequence[str], docs: int) -> list[Doc]:
    """Sentences, 4 to a paragraph and 5 paragraphs to a document, in order."""
    size = PER_PARAGRAPH * PER_DOCUMENT
    out = []
    for k in range(0, min(len(sentences), docs * size) - size + 1, size):
        chunk = [s.strip() for s in sentences[k:k + size]]
        out.append([[" ".join(chunk[p:p + PER_PARAGRAPH])]
                    for p in range(0, size, PER_PARAGRAPH)])
    return out


def _column(path: Path, index: int, skip_header: bool = False) -> list[str]:
    rows = path.read_text(encoding="utf-8").splitlines()[1 if skip_header else 0:]
    return [r.split("\t")[index] for r in rows if len(r.split("\t")) > index]


def sources(eval_dir: Path, docs: int) -> dict[str, list[Doc]]:
    """The documents of every set, by set name."""
    out: dict[str, list[Doc]] = {}
    out["example corpus"] = [
        [block.split("\n") for block in re.split(r"\n\s*\n", p.read_text(encoding="utf-8"))
         if block.strip()] for p in sorted(EXAMPLE.glob("*.txt"))]
    out["STS-B test"] = _grouped(_column(eval_dir / "stsbenchmark" / "sts-test.csv", 5), docs)
    out["PAWS-Wiki test"] = _grouped(_column(eval_dir / "paws_wiki" / "test.tsv", 1), docs)
    out["SICK train"] = _grouped(_column(eval_dir / "sick2014" / "SICK_train.txt", 1, True),
                                 docs)
    by_lang: dict[str, list[str]] = {}
    with gzip.open(eval_dir / "demetr" / "demetr_dev.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            seen = by_lang.setdefault(rec["lang_tag"], [])
            if rec["src_sent"] not in seen:
                seen.append(rec["src_sent"])
    per_lang = max(docs // max(len(by_lang), 1), 1)
    out["DEMETR sources"] = [d for lang in sorted(by_lang)
                             for d in _grouped(by_lang[lang], per_lang)]
    tb = []
    for side in ("de", "fr"):
        for p in sorted((eval_dir / "textberg_de_fr" / side).iterdir()):
            lines = [ln.strip() for ln in p.read_text(encoding="utf-8").splitlines()
                     if ln.strip()]
            tb.append([[" ".join(lines[k:k + PER_PARAGRAPH])]
                       for k in range(0, len(lines), PER_PARAGRAPH)])
    out["Text+Berg de/fr"] = tb[:docs]
    return out


def unwrapped(doc: Doc) -> str:
    return "\n\n".join("\n".join(block) for block in doc) + "\n"


def rewrapped(doc: Doc, width: int, form: str) -> str:
    """``doc`` hard-wrapped at ``width`` in one of :data:`FORMS`."""
    wrap = textwrap.TextWrapper(width, break_long_words=False)
    blocks = []
    for block in doc:
        lines: list[str] = []
        for para in block:
            if form == "indented":
                wrap.initial_indent, wrap.subsequent_indent = " " * 8, " " * 4
            elif form == "book":
                wrap.initial_indent, wrap.subsequent_indent = " " * 4, ""
            lines.extend(wrap.wrap(para) or [para])
        blocks.append(lines)
    sep = "\n" if form == "book" else "\n\n"
    text = sep.join("\n".join(b) for b in blocks) + "\n"
    return text.replace("\n", "\r\n") if form == "CRLF" else text


def read_sentences(text: str) -> tuple[list[str] | None, int]:
    """Sentences drift reads from ``text`` (None when it refuses it) and lines removed."""
    try:
        doc = document_from_text(text, path="doc.txt", fmt="text")
    except DriftError:
        return None, 0
    removed = sum(max(r.last_line - r.line + 1, 1) for r in doc.removed
                  if r.reason != "dateline")
    return [s.text for s in segment_paragraphs(doc.paragraphs, "nupunkt", doc.line_maps)], \
        removed


def run_rewrap(eval_dir: Path, docs: int) -> dict[str, dict[str, object]]:
    results: dict[str, dict[str, object]] = {}
    for name, documents in sources(eval_dir, docs).items():
        base = [read_sentences(unwrapped(d))[0] for d in documents]
        row: dict[str, object] = {"documents": len(documents)}
        for width in WIDTHS:
            for form in FORMS:
                same = sum(read_sentences(rewrapped(d, width, form))[0] == b
                           for d, b in zip(documents, base))
                row[f"{width}/{form}"] = same / len(documents)
        results[name] = row
    return results


def table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A markdown table (floats with 3 decimals)."""
    def cell(x: object) -> str:
        return f"{x:.3f}" if isinstance(x, float) else str(x)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(x) for x in row) + " |" for row in rows]
    return "\n".join(lines)


def print_rewrap(results: dict[str, dict[str, object]]) -> None:
    print("Share of documents whose sentences are identical to the unwrapped form's\n")
    print(table(["set", "documents", "width", *FORMS],
                [[name, row["documents"], width, *(row[f"{width}/{f}"] for f in FORMS)]
                 for name, row in results.items() for width in WIDTHS]))


# --- essays ---------------------------------------------------------------------------------

def _ragged(text: str, rng: random.Random) -> list[str]:
    """Wrap as typed by hand: each line is broken before a margin drawn from 55 to 75."""
    lines, line = [], ""
    margin = rng.randint(55, 75)
    for word in text.split():
        if line and len(line) + 1 + len(word) > margin:
            lines.append(line)
            line, margin = word, rng.randint(55, 75)
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def essays(eval_dir: Path, n: int, seed: int = 0) -> list[tuple[str, Doc]]:
    """``n`` essay look-alikes: (title or "", paragraphs as one block each)."""
    sents = [re.sub(r" ([,.;:!?)'])", r"\1", s).replace("( ", "(")
             for s in _column(eval_dir / "paws_wiki" / "dev.tsv", 1)]
    sents = list(dict.fromkeys(s for s in sents if s.endswith(".")))
    rng = random.Random(seed)
    out = []
    for k in range(n):
        paras = []
        for _ in range(rng.randint(2, 5)):
            start = rng.randrange(len(sents) - 5)
            paras.append(" ".join(sents[start:start + rng.randint(2, 4)]))
        title = " ".join(sents[k].split()[:rng.randint(2, 6)]).rstrip(",.") \
            if k % 3 == 0 else ""
        out.append((title, [[p] for p in paras]))
    return out


def run_essays(eval_dir: Path, n: int) -> dict[str, dict[str, int]]:
    rng = random.Random(1)
    forms: dict[str, Callable[[str, Doc], str]] = {
        "greedy 70": lambda t, d: (f"{t}\n\n" if t else "") + rewrapped(d, 70, "LF"),
        "ragged 55-75": lambda t, d: (f"{t}\n\n" if t else "") + "\n\n".join(
            "\n".join(_ragged(b[0], rng)) for b in d) + "\n",
        "greedy 70, CRLF": lambda t, d: ((f"{t}\n\n" if t else "")
                                         + rewrapped(d, 70, "LF")).replace("\n", "\r\n"),
    }
    results = {}
    docs = essays(eval_dir, n)
    base = [read_sentences((f"{t}\n\n" if t else "") + unwrapped(d))[0] for t, d in docs]
    for form, make in forms.items():
        refused = removed = differ = 0
        for (title, doc), b in zip(docs, base):
            sents, lost = read_sentences(make(title, doc))
            refused += sents is None
            removed += lost > 0
            differ += sents != b
        results[form] = {"files": len(docs), "refused": refused, "with lines removed": removed,
                         "sentences differ": differ}
    return results


def print_essays(results: dict[str, dict[str, int]]) -> None:
    head = ["files", "refused", "with lines removed", "sentences differ"]
    print(table(["wrapping", *head], [[form, *(r[h] for h in head)]
                                      for form, r in results.items()]))


# --- HTML article extraction ----------------------------------------------------------------

_TOKEN = re.compile(r"\w+")


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))
                   if tokens[i:i + n])


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    """As the benchmark's ``string_shingle_matching``: counts normalised to sum to 1."""
    t, p = _shingles(true), _shingles(pred)
    tp = sum(min(t[k], p[k]) for k in t.keys() | p.keys())
    fp = sum(max(0, p[k] - t[k]) for k in p)
    fn = sum(max(0, t[k] - p[k]) for k in t)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)


def metrics(counts: Sequence[tuple[float, float, float]]) -> dict[str, float]:
    ps = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r)}


def _drift_text(html: str) -> str:
    try:
        doc = document_from_text(html, path="page.html", fmt="html")
    except DriftError:
        return ""
    return "\n".join(doc.paragraphs)


def pages(data: Path, limit: int | None) -> Iterator[tuple[str, str]]:
    """(gold article body, page HTML) of each page, in the order of the gold file."""
    gold = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    for key in list(gold)[:limit]:
        with gzip.open(data / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as f:
            yield gold[key].get("articleBody") or "", f.read()


def run_html(data: Path, limit: int | None) -> dict[str, dict[str, float]]:
    import trafilatura

    systems: dict[str, Callable[[str], str | None]] = {
        "drift reader": _drift_text,
        "trafilatura, drift's options": lambda h: trafilatura.extract(h, **TRAFILATURA_OPTIONS),
        "trafilatura, defaults": trafilatura.extract,
        "trafilatura, drift's former options": lambda h: trafilatura.extract(
            h, include_comments=False, include_tables=False, favor_precision=True,
            deduplicate=False),
    }
    counts: dict[str, list[tuple[float, float, float]]] = {name: [] for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    for true, html in pages(data, limit):
        for name, extract in systems.items():
            start = time.perf_counter()
            pred = extract(html) or ""
            seconds[name] += time.perf_counter() - start
            counts[name].append(tp_fp_fn(true, pred))
    return {name: {**metrics(c), "pages": len(c), "seconds": seconds[name]}
            for name, c in counts.items()}


def print_html(results: dict[str, dict[str, float]]) -> None:
    print(table(["extractor", "pages", "precision", "recall", "F1"],
                [[name, int(r["pages"]), r["precision"], r["recall"], r["f1"]]
                 for name, r in results.items()]))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="part", required=True)
    for name in ("rewrap", "essays"):
        p = sub.add_parser(name)
        p.add_argument("--eval-dir", type=Path, default=EVAL)
        p.add_argument("--docs", type=int, default=100 if name == "rewrap" else 300)
        p.add_argument("--json", type=Path)
    p = sub.add_parser("html")
    p.add_argument("data", type=Path, help="a checkout of article-extraction-benchmark")
    p.add_argument("--limit", type=int)
    p.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    results: dict[str, object]
    if args.part == "rewrap":
        rw = run_rewrap(args.eval_dir, args.docs)
        print_rewrap(rw)
        results = dict(rw)
    elif args.part == "essays":
        es = run_essays(args.eval_dir, args.docs)
        print_essays(es)
        results = dict(es)
    else:
        if not (args.data / "ground-truth.json").is_file():
            print(f"{args.data}: no ground-truth.json (give a checkout of "
                  "scrapinghub/article-extraction-benchmark)", file=sys.stderr)
            return 2
        ht = run_html(args.data, args.limit)
        print_html(ht)
        results = dict(ht)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
