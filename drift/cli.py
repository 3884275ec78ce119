"""The ``drift`` command line: a thin layer over the library.

Only this module turns exceptions into messages and exit codes (0 ok, 2 bad input or model,
1 unexpected failure) and configures logging. Heavy imports (torch, sentence-transformers,
matplotlib) happen inside the commands, so ``drift --help`` answers at once.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from drift._version import __version__
from drift.config import ALIGN_PRESETS, DRIFT_SCORES, SEGMENTERS, AlignConfig, DriftConfig
from drift.errors import DriftError

log = logging.getLogger("drift")


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


def _add_encoding_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--encoding", default=None, metavar="NAME",
                   help="text encoding of the input files, e.g. cp1252 (default: UTF-8, a "
                        "byte-order mark, or detected; the one used is in report.json)")


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
                        "textberg (tuned on the Text+Berg de-fr dev pair), auto (score: "
                        "default; align/eval: textberg for a multilingual model with --segment "
                        "lines, else default)")
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="drift",
        description="Measure how far rewritten, translated or republished articles drifted "
                    "from a base article, sentence by sentence.",
    )
    parser.add_argument("--version", action="version", version=f"drift {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    parser.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("score", help="align derivatives with a base and score their drift",
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
    _add_calibrate_option(p)
    _add_drift_option(p)
    _add_common(p)
    _add_align_options(p)
    p.set_defaults(func=_cmd_score)

    p = sub.add_parser(
        "batch", help="score a corpus: every group of a manifest (resumable; Dask optional)",
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
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto",
                   help="where the model runs: auto (a GPU when torch sees one; default)")
    p.add_argument("--precision", choices=["fp32", "bf16"], default="fp32",
                   help="bf16: CPU/GPU autocast, faster; its own cache entries and signature "
                        "(README 'Batch scoring' for its agreement with fp32)")
    _add_calibrate_option(p)
    _add_drift_option(p)
    _add_common(p)
    _add_align_options(p)
    p.set_defaults(func=_cmd_batch)

    _add_match_parser(sub)

    p = sub.add_parser("models", help="list the models drift knows and which work offline")
    p.set_defaults(func=_cmd_models)

    p = sub.add_parser("pairs", help="score tab-separated sentence pairs (one JSON per line)",
                       description="Read FILE (or - for stdin) with two tab-separated columns, "
                       "base sentence and derivative sentence, and print one JSON object per "
                       "line: similarity, drift, flags and changed spans.")
    p.add_argument("file", help="TSV file with two columns, or - for stdin")
    _add_encoding_option(p)
    _add_common(p, segment=False)
    _add_drift_option(p)
    p.set_defaults(func=_cmd_pairs)

    p = sub.add_parser("align", help="print the sentence alignment of two texts",
                       description="Align SRC with TGT and print the beads.")
    p.add_argument("src")
    p.add_argument("tgt")
    p.add_argument("--format", choices=["ladder", "json"], default="ladder",
                   help="ladder: one bead per line as [i, j]:[k] (Text+Berg gold format)")
    _add_encoding_option(p)
    _add_calibrate_option(p)
    _add_common(p)
    _add_align_options(p)
    p.set_defaults(func=_cmd_align)

    p = sub.add_parser("eval", help="evaluate drift against gold data")
    esub = p.add_subparsers(dest="eval_command", metavar="TASK")
    e = esub.add_parser("align", help="sentence alignment P/R/F1 on a Text+Berg-style folder")
    e.add_argument("--gold-dir", default="../shared/eval/textberg_de_fr",
                   help="folder with de/, fr/, gold/ (default: ../shared/eval/textberg_de_fr)")
    e.add_argument("--split", choices=["test", "dev"], default="test",
                   help="test: the documents under de/, fr/, gold/; dev: the tuning pair in "
                        "vecalign_dev/ (default: test)")
    _add_common(e)
    _add_align_options(e)
    e.set_defaults(func=_cmd_eval, segment="lines")
    def _eval_help(args: argparse.Namespace, parser: argparse.ArgumentParser = p) -> int:
        parser.print_help()
        return 2

    p.set_defaults(func=_eval_help)
    return parser


def _config(args: argparse.Namespace, auto_preset: str = "default") -> DriftConfig:
    """The run's :class:`DriftConfig` from the options.

    The aligner starts from ``--preset`` (``auto``: ``auto_preset`` for ``score``, the preset of
    :func:`drift.embed.models.preset_for` for ``align`` and ``eval align``), then
    --max-group/--skip/--merge/--move-threshold override single values. With ``--segment
    lines`` nothing is stripped, so sentence numbers stay line numbers.
    """
    from drift.config import align_preset

    model = args.model or _DEFAULTS.model
    segmenter = getattr(args, "segment", None) or _DEFAULTS.segmenter
    preset = getattr(args, "preset", "auto")
    if preset == "auto":
        from drift.embed.models import preset_for

        preset = preset_for(model, segmenter) if auto_preset == "model" else auto_preset
    over = {k: v for k, v in {
        "max_group": getattr(args, "max_group", None), "skip": getattr(args, "skip", None),
        "merge": getattr(args, "merge", None),
        "move_threshold": getattr(args, "move_threshold", None)}.items() if v is not None}
    align = AlignConfig(**{**align_preset(preset).__dict__, **over})
    return _DEFAULTS.with_(
        model=model, segmenter=segmenter, align=align,
        strip_furniture=not getattr(args, "no_strip", False) and segmenter != "lines",
        drift=getattr(args, "drift", None) or _DEFAULTS.drift,
        cross_lingual=not getattr(args, "no_calibrate", False),
    )


def _progress_bar(args: argparse.Namespace, **kwargs: Any) -> Any:
    """A tqdm wrapper for a loop over documents, or None when stderr is not a terminal or
    ``--quiet`` is set (the library itself prints nothing)."""
    if not sys.stderr.isatty() or args.quiet:
        return None
    from functools import partial

    from tqdm import tqdm

    return partial(tqdm, **{"unit": "doc", "leave": False, **kwargs})


def _cache(args: argparse.Namespace):
    if args.no_cache:
        return None
    from drift.embed import EmbeddingCache

    return EmbeddingCache()


def _cmd_score(args: argparse.Namespace) -> int:
    from drift.api import compare_documents
    from drift.text.read import read_document, read_documents

    config = _config(args)
    if sum(1 for s in [args.base, *args.derivatives] if s == "-") > 1:
        raise DriftError("only one input can be read from stdin (-)")
    base = read_document(args.base, strip=config.strip_furniture, encoding=args.encoding)
    derivatives = [d for s in args.derivatives
                   for d in read_documents(s, strip=config.strip_furniture,
                                           encoding=args.encoding)]
    progress = (_progress_bar(args, total=len(derivatives), desc="derivatives")
                 if len(derivatives) > 1 else None)
    result = compare_documents(base, *derivatives, config=config, cache=_cache(args),
                               progress=progress)
    if args.out:
        from drift.report.files import write_report

        try:
            written = write_report(result, args.out, plots=not args.no_plots)
        except OSError as exc:
            raise DriftError(f"cannot write the report to {args.out}: "
                             f"{exc.strerror or exc}") from None
        log.info("wrote %d files to %s", len(written), args.out)
    if args.format == "json":
        sys.stdout.write(result.to_json() + "\n")
    else:
        print(result.summary_table())
        if args.format == "pairs":
            from drift.report.tables import format_value

            for row in result.rows():
                r = {k: format_value(v) or "-" for k, v in row.items()}
                print(f"\n[{r['derivative']}] {r['base_idx']} -> {r['derivative_idx']}  "
                      f"{r['label']}  sim={r['similarity']} drift={r['drift']} "
                      f"{format_value(row['flags'])}\n  B: {row['base_text']}\n"
                      f"  D: {row['derivative_text']}")
        if args.out:
            print(f"\nreport: {args.out}/report.html  (json, csv and heatmaps beside it)")
    return 0


def _cmd_batch(args: argparse.Namespace) -> int:
    from drift.batch.run import LocalExecutor, run_batch

    if args.workers is not None and args.scheduler:
        raise DriftError("give --workers or --scheduler, not both")
    if args.workers is not None and not 1 <= args.workers <= 256:
        raise DriftError(f"--workers must be between 1 and 256, got {args.workers}")
    if args.jobs is not None and not 1 <= args.jobs <= 256:
        raise DriftError(f"--jobs must be between 1 and 256, got {args.jobs}")
    if args.jobs is not None and (args.workers is not None or args.scheduler):
        raise DriftError("--jobs is for a run on this machine; on Dask the workers score")
    config = _config(args)
    executor: Any = LocalExecutor(args.jobs or min(8, len(os.sched_getaffinity(0))))
    if args.workers is not None or args.scheduler:
        from drift.batch.cluster import DaskExecutor

        executor = DaskExecutor(args.scheduler, args.workers)
    bar = _progress_bar(args)
    try:
        result = run_batch(args.manifest, args.out, config, plots=args.plots, html=args.html,
                           cache=_cache(args), device=args.device, precision=args.precision,
                           executor=executor, progress=bar)
    finally:
        executor.close()
    print(f"{result.done} groups scored, {result.skipped} already done, {result.failed} failed "
          f"({result.sentences} sentences in {result.seconds:.1f} s; {result.encoded} of "
          f"{result.distinct} distinct texts encoded; the groups needed {result.texts})")
    print(f"summary: {args.out}/summary.csv" + (f"  errors: {args.out}/errors.jsonl"
                                                if result.failed else ""))
    return 1 if result.failed else 0


def _add_match_parser(sub: Any) -> None:
    """``drift match CORPUS... --out DIR``: families of derived articles in a corpus."""
    p = sub.add_parser(
        "match", help="find what derives from what in a pile of articles (families, provenance)",
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
                   help="encode and search on a Dask LocalCluster of N workers (extra [dask])")
    p.add_argument("--scheduler", default=None,
                   help="encode and search on an existing Dask cluster (extra [dask])")
    p.add_argument("--min-margin", type=float, default=None,
                   help="margin a sentence match needs (default 0.10)")
    p.add_argument("--min-similarity", type=float, default=None,
                   help="cosine a sentence match needs (default 0.50)")
    p.add_argument("--no-cache", action="store_true", help="do not use the embedding cache")
    p.add_argument("--segment", choices=["nupunkt", "pysbd", "lines"], default=None,
                   help="sentence splitter")
    p.add_argument("--no-strip", action="store_true", help="keep page furniture")
    p.set_defaults(func=_cmd_match)


def _cmd_match(args: argparse.Namespace) -> int:
    from drift.match.config import MatchConfig
    from drift.match.corpus import read_corpus
    from drift.match.outputs import check_match_destination, write_match
    from drift.match.run import DEFAULT_MODEL, match_corpus

    if args.workers is not None and args.scheduler:
        raise DriftError("give --workers or --scheduler, not both")
    if args.workers is not None and not 1 <= args.workers <= 256:
        raise DriftError(f"--workers must be between 1 and 256, got {args.workers}")
    over = {k: v for k, v in (("min_margin", args.min_margin),
                              ("min_similarity", args.min_similarity)) if v is not None}
    config = MatchConfig(**over)
    args.model = args.model or DEFAULT_MODEL
    dconfig = _config(args)
    out = Path(args.out)
    check_match_destination(out)
    from drift._optional import import_optional

    for module in ("faiss", "networkx"):  # before any work: one line if missing
        import_optional(module, "match", "drift match")
    skipped: list[str] = []
    articles = read_corpus(args.corpus, strip=dconfig.strip_furniture,
                           segmenter=dconfig.segmenter, skipped=skipped)
    executor: Any = None
    if args.workers is not None or args.scheduler:
        from drift.batch.cluster import DaskExecutor

        executor = DaskExecutor(args.scheduler, args.workers)
    say = None if args.quiet else (lambda line: print(f"drift match: {line}", file=sys.stderr))
    try:
        result = match_corpus(articles, config=config, drift_config=dconfig,
                              index_dir=out / "index", cache=_cache(args), executor=executor,
                              progress=say, skipped=skipped)
    finally:
        if executor is not None:
            executor.close()
    try:
        write_match(result, articles, out, plots=not args.no_plots)
    except OSError as exc:
        raise DriftError(f"cannot write to {out}: {exc.strerror or exc}") from None
    alone = sum(r["role"] == "alone" for r in result.articles)
    print(f"{len(result.articles)} articles: {len(result.families)} families, "
          f"{len(result.edges)} derivation edges, {alone} alone "
          f"({result.stats.get('candidates', 0)} candidate pairs verified"
          + (f"; {len(skipped)} left out, see {out}/match.json" if skipped else "") + ")")
    for f in result.families:
        kinds: dict[str, int] = {}
        for e in f["edges"]:
            kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
        print(f"  {f['root']}: {len(f['members'])} articles ("
              + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + ")")
    print(f"edges: {out}/edges.csv  manifest: {out}/manifest.jsonl  "
          f"overview: {out}/overview.html")
    if args.score and result.families:
        from drift.batch.run import LocalExecutor, run_batch

        local = LocalExecutor(min(8, len(os.sched_getaffinity(0))))
        try:
            batch = run_batch(out / "manifest.jsonl", out / "batch", dconfig,
                              cache=_cache(args), executor=local)
        finally:
            local.close()
        print(f"scored {batch.done} groups ({batch.skipped} already done, {batch.failed} "
              f"failed): {out}/batch/summary.csv")
        return 1 if batch.failed else 0
    return 0


def _cmd_models(args: argparse.Namespace) -> int:
    from drift.embed.models import is_available, list_models

    specs = list_models()
    w = max(len(s.alias) for s in specs)
    print(f"{'alias'.ljust(w)}  offline  {'languages':9s}  source / note")
    for k, s in enumerate(specs):
        ok = "yes" if is_available(s) else "no"
        default = " (default)" if k == 0 else ""
        print(f"{s.alias.ljust(w)}  {ok:7s}  {s.languages:9s}  {s.source}{default}\n"
              f"{' ' * (w + 22)}{s.note}")
    return 0


def _cmd_pairs(args: argparse.Namespace) -> int:
    from drift.embed.models import load_encoder
    from drift.errors import InputError
    from drift.pipeline import resolve_drift, run_signature
    from drift.score.sentence_pairs import run_pairs
    from drift.text.normalize import split_lines
    from drift.text.read import read_text

    lines = split_lines(read_text(args.file, encoding=args.encoding))  # U+2028 is text
    config = _config(args)
    encoder = load_encoder(config.model, lazy=True)
    drift_kind = resolve_drift(config.drift, encoder.name)
    signature = run_signature(config, encoder.name, drift_kind, verdict=False)
    try:
        for row in run_pairs(lines, encoder, _cache(args), drift=drift_kind):
            row["signature"] = signature
            line = json.dumps(row, ensure_ascii=False)  # U+2028/9 escaped: one line per row
            sys.stdout.write(line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
                             + "\n")
    except ValueError as exc:
        raise InputError(f"{args.file}: {exc}") from None
    return 0


def _cmd_align(args: argparse.Namespace) -> int:
    from drift.align.evaluate import align_documents
    from drift.embed.models import load_encoder
    from drift.text.read import read_document

    config = _config(args, auto_preset="model")
    if args.src == "-" and args.tgt == "-":
        raise DriftError("only one input can be read from stdin (-)")
    # with --segment lines the line numbers are the sentence ids: no furniture stripping
    src = read_document(args.src, strip=config.strip_furniture, encoding=args.encoding)
    tgt = read_document(args.tgt, strip=config.strip_furniture, encoding=args.encoding)
    result = align_documents(src, tgt, load_encoder(config.model, lazy=True), config,
                             _cache(args))
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(result.ladder() + "\n")
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from drift.align.evaluate import evaluate_alignment
    from drift.embed.models import load_encoder

    args.model = args.model or "multilingual"
    config = _config(args, auto_preset="model")
    encoder = load_encoder(config.model, lazy=True)
    result = evaluate_alignment(args.gold_dir, encoder, config, split=args.split,
                                cache=_cache(args), progress=_progress_bar(args, desc="documents"))
    print(result.table())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    level = logging.ERROR if args.quiet else (logging.INFO if args.verbose else logging.WARNING)
    if args.verbose > 1:
        level = logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("drift: %(message)s"))
    # drift's own logger only, for this call: library chatter stays quiet, and the logger is
    # left as it was found (main() may run inside another program, a notebook or a test)
    saved = (log.handlers[:], log.level, log.propagate)
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False
    import warnings

    try:
        with warnings.catch_warnings():
            if args.quiet:  # -q: only errors (matplotlib's missing-glyph warnings among others)
                warnings.simplefilter("ignore")
            return _run(args)
    finally:
        log.handlers[:], log.level, log.propagate = saved[0], saved[1], saved[2]


def _run(args: argparse.Namespace) -> int:
    """Run one command; only here do exceptions become messages and exit codes."""
    try:
        return int(args.func(args))
    except DriftError as exc:
        print(f"drift: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("drift: interrupted", file=sys.stderr)
        return 130
    except ModuleNotFoundError as exc:  # an optional package imported without import_optional
        from drift._optional import extra_for

        extra = extra_for(exc.name or "")
        if extra is None:
            return _internal_error(exc)
        print(f"drift: error: this needs the optional package {exc.name!r}, which is not "
              f"installed: pip install 'newsdrift[{extra}]'", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - last resort: one line, no traceback
        return _internal_error(exc)


def _internal_error(exc: BaseException) -> int:
    log.debug("unexpected error", exc_info=exc)
    first = (str(exc).strip().splitlines() or [""])[0][:300]
    print(f"drift: internal error: {type(exc).__name__}: {first} (run with -vv for details)",
          file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
