"""Write drift/data/background.tsv.gz: how common a word is, for the specificity of shared words.

    .venv/bin/pip install -e ".[background]"    # wordfreq: only this script needs it
    .venv/bin/python benchmarks/make_background.py

Copying evidence (drift.score.evidence) weighs a shared word by how specific it is: "the",
"said" or "government" are shared by any two texts on a subject, "Tokayev", "2,030" or
"debris" much less so. The background is the word frequency lists of the ``wordfreq`` package
(R. Speer, https://github.com/rspeer/wordfreq; data CC BY-SA 4.0, from Wikipedia, subtitles,
news, books, web text, Twitter and Reddit), in the languages of the bundled multilingual model
that drift reads most (English, German, French, Italian, Spanish, Portuguese, Dutch) plus
Russian and Macedonian. For every word (letters only) whose Zipf frequency (log10 of
occurrences per billion words) is at least 4.0 in one of them, the file holds the largest of
its Zipf frequencies, one decimal: ``word<TAB>zipf``. Words not in the file are rarer than
10 per million words in all of these languages and count as fully specific.
"""

from __future__ import annotations

import gzip
import math
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "drift" / "data" / "background.tsv.gz"
LANGUAGES = ("en", "de", "fr", "it", "es", "pt", "nl", "ru", "mk")
MIN_ZIPF = 4.0


def main() -> None:
    import wordfreq

    best: dict[str, float] = {}
    for lang in LANGUAGES:
        for word, freq in wordfreq.get_frequency_dict(lang, wordlist="best").items():
            z = math.log10(freq) + 9.0
            if z >= MIN_ZIPF and word.isalpha():
                best[word] = max(best.get(word, 0.0), z)
    from importlib.metadata import version

    header = (f"# wordfreq {version('wordfreq')} (data CC BY-SA 4.0): max Zipf frequency over "
              f"{','.join(LANGUAGES)}, >= {MIN_ZIPF}\n")
    body = "".join(f"{w}\t{z:.1f}\n" for w, z in sorted(best.items()))
    # mtime=0: the same lists give the same bytes
    OUT.write_bytes(gzip.compress((header + body).encode("utf-8"), mtime=0))
    print(f"{len(best)} words -> {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
