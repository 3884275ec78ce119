"""Compare the sentence splitters on the bundled corpus (why nupunkt is the default).

    .venv/bin/python benchmarks/compare_segmenters.py

For each article: sentences found by nupunkt and by pysbd, and every sentence that only one of
them produces.
"""

from __future__ import annotations

from pathlib import Path

from drift.text.read import read_document
from drift.text.segment import segment_paragraphs

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "kazakhstan-2022"


def main() -> None:
    print("| article | nupunkt | pysbd | sentences that differ |\n|---|---|---|---|")
    diffs = []
    for f in sorted(EXAMPLE.glob("*.txt")):
        doc = read_document(f)
        a = [s.norm for s in segment_paragraphs(doc.paragraphs, "nupunkt")]
        b = [s.norm for s in segment_paragraphs(doc.paragraphs, "pysbd")]
        only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
        print(f"| {f.stem} | {len(a)} | {len(b)} | {len(only_a)} / {len(only_b)} |")
        diffs += [("nupunkt", f.stem, s) for s in only_a] + [("pysbd", f.stem, s) for s in only_b]
    print()
    for who, name, s in diffs:
        print(f"- {who} only ({name}): {s[:110]}")


if __name__ == "__main__":
    main()
