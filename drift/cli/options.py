"""The ``drift`` command line's options: one parser, each subcommand's options from shared
groups (model, alignment, drift score), each subcommand bound to its function in
:mod:`drift.cli.commands`."""

from __future__ import annotations

import argparse

from drift._version import __version__
from drift.cli.commands import (
    cmd_align,
    cmd_batch,
    cmd_eval,
    cmd_match,
    cmd_models,
    cmd_pairs,
    cmd_score,
)
from drift.config import ALIGN_PRESETS, DRIFT_SCORES, SEGMENTERS, AlignConfig, DriftConfig

__all__ = ["build_parser"]

_DEFAULTS = DriftConfig()
_ALIGN = AlignConfig()


def _add_common(p: argparse.ArgumentParser, *, segment: bool = True) -> None:
    p.add_argument("--model", "-m", default=None,
                   help=f"model alias from models.txt (default: {_DEFAULTS.model}; "
                        "multilingual for eval align), hub id or local folder")
    if segment:
        p.add_argument("--segment", choices=SEGMENTERS, default=_DEFAULTS.segmenter,
                       help="sentence splitter; 'lines' = input is one sentence per line "
                            f"(default: {_DEFAULTS.segmenter})")
    p.add_argument("--no-cache", action="store_true", help="do not use the embedding cache")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto",
                   help="where the model runs: auto (a GPU when torch sees one; default)")
    p.add_argument("--precision", choices=["fp32", "bf16"], default="fp32",
                   help="bf16: CPU/GPU autocast for sentence-transformers models, faster; its "
                        "own cache entries and signature (docs/batch.md for its agreement "
                        "with fp32)")


def _add_encoding_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--encoding", default=None, metavar="NAME",
                   help="text encoding of the input files, e.g. cp1252 (default: UTF-8, a "
                        "byte-order mark, or detected; the one used is in report.json)")


def _add_max_bytes_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-bytes", default=None, metavar="SIZE",
                   help="refuse an input file larger than this, e.g. 200M (default: "
                        "$DRIFT_MAX_BYTES, else 64M)")


def _add_drift_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--drift", choices=DRIFT_SCORES, default=_DEFAULTS.drift,
                   help="drift score: combined (learned; for minilm), rescaled (per-model "
                        "baseline), cosine (1 - cosine); auto: combined for minilm, else "
                        f"rescaled (default: {_DEFAULTS.drift})")


def _add_calibrate_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-calibrate", action="store_true",
                   help="do not calibrate the aligner's thresholds for a text in another "
                        "language (README 'Cross-lingual drift')")


def _add_align_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("alignment (see README 'How it works')")
    g.add_argument("--preset", choices=["auto", *ALIGN_PRESETS], default="auto",
                   help="aligner settings to start from: default (news in one language), "
                        "textberg (tuned on the Text+Berg de-fr dev pair), auto (textberg for "
                        "a multilingual model with --segment lines, else default)")
    g.add_argument("--max-group", type=int, default=None,
                   help=f"largest merge per side ({_ALIGN.max_group})")
    g.add_argument("--skip", type=float, default=None,
                   help=f"cost of an omitted or added sentence ({_ALIGN.skip:.2f})")
    g.add_argument("--merge", type=float, default=None,
                   help=f"penalty per merged sentence ({_ALIGN.merge:.2f})")
    g.add_argument("--move-threshold", type=float, default=None,
                   help="similarity needed to match moved sentences out of order "
                        f"({_ALIGN.move_threshold:.2f})")
    p.add_argument("--no-strip", action="store_true",
                   help="keep page furniture (menus, headline lists, disclaimers) in the text")


def _add_run_options(p: argparse.ArgumentParser, *, drift: bool = True, calibrate: bool = True
                     ) -> None:
    """The options of a command that compares texts: model, cache, device and precision,
    sentence splitter, aligner settings, and (where it applies) the drift score and
    cross-lingual calibration."""
    if calibrate:
        _add_calibrate_option(p)
    if drift:
        _add_drift_option(p)
    _add_common(p)
    _add_align_options(p)


def build_parser() -> argparse.ArgumentParser:
    """The ``drift`` argument parser: one subparser per command, bound to its function."""
    parser = argparse.ArgumentParser(
        prog="drift",
        description="Measure how far rewritten, translated or republished articles drifted "
                    "from a base article, sentence by sentence.",
    )
    parser.add_argument("--version", action="version", version=f"drift {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    parser.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr")
    # -q / -v also after the command (drift score ... -q): a parent whose defaults never
    # overwrite the values given before it
    quiet = argparse.ArgumentParser(add_help=False)
    quiet.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                       help="more log output")
    quiet.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                       help="only errors on stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("score", parents=[quiet],
                       help="align derivatives with a base and score their drift",
                       description="Align each DERIVATIVE with BASE sentence by sentence, score "
                       "drift, and print a summary (or JSON); with --out, write report.json, "
                       "pairs.csv, report.html and PNG heatmaps.")
    p.add_argument("base", help="base article: .txt, .md, .html or - for stdin")
    p.add_argument("derivatives", nargs="+", metavar="derivative",
                   help="derived articles (.txt, .md, .html, -), or a .jsonl corpus with one "
                        "article per line in a 'text' field")
    p.add_argument("--out", "-o", default=None, help="folder for the report files")
    p.add_argument("--format", choices=["table", "json", "pairs"], default="table",
                   help="stdout: summary table (default), report JSON, or the table plus "
                        "every pair")
    p.add_argument("--no-plots", action="store_true", help="with --out: skip the PNG heatmaps")
    _add_encoding_option(p)
    _add_max_bytes_option(p)
    _add_run_options(p)
    p.set_defaults(func=cmd_score)

    p = sub.add_parser(
        "batch", parents=[quiet],
        help="score a corpus: every group of a manifest (resumable; Dask optional)",
        description="Score every group of MANIFEST (JSONL: one {\"id\", \"base\", "
        "\"derivatives\"} per line; or CSV with columns id,base,derivative) into OUT: "
        "OUT/<id>/report.json per group, summary.csv, pairs.parquet and errors.jsonl. Each "
        "distinct text is encoded once; a rerun skips groups already done with the same "
        "settings and inputs. Exit 0: all groups scored; 1: some failed (see errors.jsonl); "
        "2: bad manifest or options.")
    p.add_argument("manifest", help="a .jsonl or .csv manifest (paths relative to it)")
    p.add_argument("--out", "-o", required=True, help="output folder")
    p.add_argument("--plots", action="store_true", help="also write each group's heatmaps")
    p.add_argument("--html", action="store_true", help="also write each group's report.html")
    p.add_argument("--workers", type=int, default=None,
                   help="run on a Dask LocalCluster of N worker processes (extra [dask])")
    p.add_argument("--scheduler", default=None,
                   help="run on an existing Dask cluster, e.g. tcp://HOST:8786 (extra [dask])")
    p.add_argument("--jobs", "-j", type=int, default=None,
                   help="processes that align and score groups on this machine (default: the "
                        "cores available, at most 8; the model itself runs in one process)")
    _add_max_bytes_option(p)
    _add_run_options(p)
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser(
        "match", parents=[quiet],
        help="find what derives from what in a pile of articles (families, provenance)",
        description="Find candidate pairs among the articles of CORPUS (files, folders, HTML, "
        "JSONL records with id, text and optional date, outlet, lang, url, title) with a "
        "verbatim n-gram index and a sentence-embedding index, verify them with drift's "
        "alignment and verdict, and write families with provenance into OUT: manifest.jsonl "
        "(drift batch groups), edges.csv/.parquet, articles.csv, families.json, "
        "families.graphml, families.png, overview.html. A rerun into OUT adds new articles to "
        "its index. See docs/match.md.")
    p.add_argument("corpus", nargs="+", help="files, folders or .jsonl corpora")
    p.add_argument("--out", "-o", required=True, help="output folder (keeps the index)")
    p.add_argument("--model", "-m", default=None,
                   help="encoder for the index and verification (default use-m3: "
                        "multilingual, fast on a CPU)")
    p.add_argument("--score", action="store_true",
                   help="also run drift batch on the manifest into OUT/batch")
    p.add_argument("--no-plots", action="store_true", help="skip families.png")
    p.add_argument("--workers", type=int, default=None,
                   help="encode, search and verify on a Dask LocalCluster of N workers "
                        "(extra [dask])")
    p.add_argument("--scheduler", default=None,
                   help="encode, search and verify on an existing Dask cluster (extra [dask])")
    p.add_argument("--jobs", "-j", type=int, default=None,
                   help="processes that verify candidate pairs on this machine (default: the "
                        "cores available, at most 8; the model itself runs in one process)")
    p.add_argument("--min-margin", type=float, default=None,
                   help="margin a sentence match needs (default 0.10)")
    p.add_argument("--min-similarity", type=float, default=None,
                   help="cosine a sentence match needs (default 0.50)")
    p.add_argument("--no-cache", action="store_true", help="do not use the embedding cache")
    p.add_argument("--segment", choices=SEGMENTERS, default=None, help="sentence splitter")
    p.add_argument("--no-strip", action="store_true", help="keep page furniture")
    p.set_defaults(func=cmd_match)

    p = sub.add_parser("models", parents=[quiet],
                       help="list the models drift knows and which work offline")
    p.set_defaults(func=cmd_models)

    p = sub.add_parser("pairs", parents=[quiet],
                       help="score tab-separated sentence pairs (one JSON per line)",
                       description="Read FILE (or - for stdin) with two tab-separated columns, "
                       "base sentence and derivative sentence, and print one JSON object per "
                       "line: similarity, drift, flags and changed spans.")
    p.add_argument("file", help="TSV file with two columns, or - for stdin")
    _add_encoding_option(p)
    _add_max_bytes_option(p)
    _add_common(p, segment=False)
    _add_drift_option(p)
    p.set_defaults(func=cmd_pairs)

    p = sub.add_parser("align", parents=[quiet], help="print the sentence alignment of two texts",
                       description="Align SRC with TGT and print the beads.")
    p.add_argument("src")
    p.add_argument("tgt")
    p.add_argument("--format", choices=["ladder", "json"], default="ladder",
                   help="ladder: one bead per line as [i, j]:[k] (Text+Berg gold format)")
    _add_encoding_option(p)
    _add_max_bytes_option(p)
    _add_run_options(p, drift=False)
    p.set_defaults(func=cmd_align)

    p = sub.add_parser("eval", parents=[quiet], help="evaluate drift against gold data")
    esub = p.add_subparsers(dest="eval_command", metavar="TASK")
    e = esub.add_parser("align", parents=[quiet],
                        help="sentence alignment P/R/F1 on a Text+Berg-style folder")
    e.add_argument("--gold-dir", default="../shared/eval/textberg_de_fr",
                   help="folder with de/, fr/, gold/ (default: ../shared/eval/textberg_de_fr)")
    e.add_argument("--split", choices=["test", "dev"], default="test",
                   help="test: the documents under de/, fr/, gold/; dev: the tuning pair in "
                        "vecalign_dev/ (default: test)")
    _add_run_options(e, drift=False, calibrate=False)
    e.set_defaults(func=cmd_eval, segment="lines")

    def _eval_help(args: argparse.Namespace, parser: argparse.ArgumentParser = p) -> int:
        parser.print_help()
        return 2

    p.set_defaults(func=_eval_help)
    return parser
