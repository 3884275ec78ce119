"""The ``drift`` subcommands: each turns its options into a config and a run plan and calls
the library. They raise :class:`drift.errors.DriftError` for anything the user can fix;
:func:`drift.cli.main` turns that into one line and exit 2."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from typing import Any

from drift.config import AlignConfig, DriftConfig
from drift.errors import DriftError

log = logging.getLogger("drift")

__all__ = ["config_from_args", "cmd_score", "cmd_batch", "cmd_match", "cmd_models",
           "cmd_pairs", "cmd_align", "cmd_eval"]

_DEFAULTS = DriftConfig()


def config_from_args(args: argparse.Namespace) -> DriftConfig:
    """The run's :class:`DriftConfig` from the options.

    The aligner starts from ``--preset`` (``auto`` is resolved with the model, the same way
    for every command and the Python API: :func:`drift.pipeline.resolve_preset`), then
    --max-group/--skip/--merge/--move-threshold override single values. With ``--segment
    lines`` nothing is stripped, so sentence numbers stay line numbers.
    """
    from drift.config import align_preset

    segmenter = getattr(args, "segment", None) or _DEFAULTS.segmenter
    config = _DEFAULTS.with_(
        model=args.model or _DEFAULTS.model, segmenter=segmenter,
        preset=getattr(args, "preset", "auto"),
        strip_furniture=not getattr(args, "no_strip", False) and segmenter != "lines",
        drift=getattr(args, "drift", None) or _DEFAULTS.drift,
        cross_lingual=not getattr(args, "no_calibrate", False),
        precision=getattr(args, "precision", None) or _DEFAULTS.precision,
    )
    over = {k: v for k, v in {
        "max_group": getattr(args, "max_group", None), "skip": getattr(args, "skip", None),
        "merge": getattr(args, "merge", None),
        "move_threshold": getattr(args, "move_threshold", None)}.items() if v is not None}
    if over:
        from drift.pipeline import resolve_preset

        start = align_preset(resolve_preset(config))
        config = config.with_(align=AlignConfig(**{**start.__dict__, **over}))
    return config


def _max_bytes(args: argparse.Namespace) -> int | None:
    """``--max-bytes`` in bytes (None: ``$DRIFT_MAX_BYTES`` or the default)."""
    from drift.text.read import parse_size

    if args.max_bytes is None:
        return None
    try:
        return parse_size(args.max_bytes)
    except DriftError as exc:
        raise DriftError(f"--max-bytes: {exc}") from None


def _out(args: argparse.Namespace) -> str | None:
    """``--out``, refused when empty (it would be the current folder)."""
    if args.out is not None and not args.out.strip():
        raise DriftError("--out is empty: give a folder name (an empty one would be the "
                         "current folder)")
    return args.out


def _refuse_repeats(paths: Sequence[str]) -> None:
    """A derivative given twice (by any spelling of its path) is refused: it would be scored
    twice, and the report would count it twice."""
    import os

    seen: dict[str, str] = {}
    for path in paths:
        if path == "-":
            continue
        key = os.path.realpath(path)
        if key in seen:
            raise DriftError(f"{path}: given twice as a derivative"
                             + ("" if seen[key] == path else f" (also as {seen[key]})")
                             + "; give each derivative once")
        seen[key] = path


def _plan(args: argparse.Namespace, config: DriftConfig) -> tuple[Any, Any]:
    """The encoder (loaded lazily) and the resolved run plan of a command."""
    from drift.embed.models import load_encoder
    from drift.pipeline import make_plan

    encoder = load_encoder(config.model, device=getattr(args, "device", "cpu"),
                           precision=config.precision, lazy=True)
    return make_plan(config, encoder), encoder


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


def cmd_score(args: argparse.Namespace) -> int:
    from drift.api import compare_documents
    from drift.text.read import read_document, read_documents

    config = config_from_args(args)
    limit, out = _max_bytes(args), _out(args)
    if sum(1 for s in [args.base, *args.derivatives] if s == "-") > 1:
        raise DriftError("only one input can be read from stdin (-)")
    _refuse_repeats(args.derivatives)
    if out is not None:
        from drift.report.files import check_destination

        check_destination(out)  # before any work
    base = read_document(args.base, strip=config.strips, encoding=args.encoding,
                         max_bytes=limit)
    derivatives = [d for s in args.derivatives
                   for d in read_documents(s, strip=config.strips, encoding=args.encoding,
                                           max_bytes=limit)]
    progress = (_progress_bar(args, total=len(derivatives), desc="derivatives")
                 if len(derivatives) > 1 else None)
    plan, encoder = _plan(args, config)
    result = compare_documents(base, *derivatives, plan=plan, encoder=encoder,
                               cache=_cache(args), progress=progress)
    if out is not None:
        from drift.report.files import write_report

        try:
            written = write_report(result, out, plots=not args.no_plots)
        except OSError as exc:
            raise DriftError(f"cannot write the report to {out}: "
                             f"{exc.strerror or exc}") from None
        log.info("wrote %d files to %s", len(written), out)
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
        if out is not None:
            print(f"\nreport: {out}/report.html  (json, csv and heatmaps beside it)")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    from drift.batch import LocalExecutor, run_batch
    from drift.batch.executors import Executor, default_jobs

    if args.workers is not None and args.scheduler:
        raise DriftError("give --workers or --scheduler, not both")
    if args.scheduler is not None and not args.scheduler.strip():
        raise DriftError("--scheduler '' is not a Dask scheduler address; give HOST:PORT or "
                         "tcp://HOST:PORT")
    if args.workers is not None and not 1 <= args.workers <= 256:
        raise DriftError(f"--workers must be between 1 and 256, got {args.workers}")
    if args.jobs is not None and not 1 <= args.jobs <= 256:
        raise DriftError(f"--jobs must be between 1 and 256, got {args.jobs}")
    if args.jobs is not None and (args.workers is not None or args.scheduler):
        raise DriftError("--jobs is for a run on this machine; on Dask the workers score")
    limit, out = _max_bytes(args), _out(args)
    config = config_from_args(args)
    executor: Executor = LocalExecutor(args.jobs or default_jobs())
    if args.workers is not None or args.scheduler:
        from drift.batch.cluster import DaskExecutor

        executor = DaskExecutor(args.scheduler, args.workers)
    bar = _progress_bar(args)
    try:
        result = run_batch(args.manifest, str(out), config, plots=args.plots, html=args.html,
                           cache=_cache(args), device=args.device, executor=executor,
                           progress=bar, max_bytes=limit)
    finally:
        executor.close()
    print(f"{result.done} groups scored, {result.skipped} already done, {result.failed} failed "
          f"({result.sentences} sentences in {result.seconds:.1f} s; {result.encoded} of "
          f"{result.distinct} distinct texts encoded; the groups needed {result.texts})")
    print(f"summary: {out}/summary.csv" + (f"  errors: {out}/errors.jsonl"
                                           if result.failed else ""))
    return 1 if result.failed else 0


def cmd_match(args: argparse.Namespace) -> int:
    """``drift match CORPUS... --out DIR``: families of derived articles in a corpus."""
    from pathlib import Path

    from drift._optional import import_optional
    from drift.match.config import MatchConfig
    from drift.match.corpus import read_corpus
    from drift.match.outputs import check_match_destination, write_match
    from drift.match.run import DEFAULT_MODEL, match_corpus

    if args.workers is not None and args.scheduler:
        raise DriftError("give --workers or --scheduler, not both")
    if args.workers is not None and not 1 <= args.workers <= 256:
        raise DriftError(f"--workers must be between 1 and 256, got {args.workers}")
    if args.jobs is not None and not 1 <= args.jobs <= 256:
        raise DriftError(f"--jobs must be between 1 and 256, got {args.jobs}")
    if args.jobs is not None and (args.workers is not None or args.scheduler):
        raise DriftError("--jobs is for a run on this machine; on Dask the workers verify")
    over = {k: v for k, v in (("min_margin", args.min_margin),
                              ("min_similarity", args.min_similarity)) if v is not None}
    config = MatchConfig(**over)
    args.model = args.model or DEFAULT_MODEL
    dconfig = config_from_args(args)
    out = Path(str(_out(args)))
    check_match_destination(out)
    for module in ("faiss", "networkx"):  # before any work: one line if missing
        import_optional(module, "match", "drift match")
    skipped: list[str] = []
    articles = read_corpus(args.corpus, strip=dconfig.strips, segmenter=dconfig.segmenter,
                           skipped=skipped)
    executor: Any = None
    if args.workers is not None or args.scheduler:
        from drift.batch.cluster import DaskExecutor

        executor = DaskExecutor(args.scheduler, args.workers)
    else:
        from drift.batch.executors import LocalExecutor, default_jobs
        from drift.match.verify import verify_task

        executor = LocalExecutor(args.jobs or default_jobs(), parallel=(verify_task,))
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
        from drift.batch import LocalExecutor, run_batch
        from drift.batch.executors import default_jobs

        local = LocalExecutor(default_jobs())
        try:
            batch = run_batch(out / "manifest.jsonl", out / "batch", dconfig,
                              cache=_cache(args), executor=local)
        finally:
            local.close()
        print(f"scored {batch.done} groups ({batch.skipped} already done, {batch.failed} "
              f"failed): {out}/batch/summary.csv")
        return 1 if batch.failed else 0
    return 0


def cmd_models(args: argparse.Namespace) -> int:
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


def cmd_pairs(args: argparse.Namespace) -> int:
    from drift.errors import InputError
    from drift.pipeline.pairs import run_pairs
    from drift.text.normalize import split_lines
    from drift.text.read import read_text

    lines = split_lines(read_text(args.file, encoding=args.encoding,  # U+2028 is text
                                  max_bytes=_max_bytes(args)))
    plan, encoder = _plan(args, config_from_args(args))
    try:
        for row in run_pairs(lines, plan, encoder, _cache(args)):
            line = json.dumps(row, ensure_ascii=False)  # U+2028/9 escaped: one line per row
            sys.stdout.write(line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
                             + "\n")
    except ValueError as exc:
        raise InputError(f"{args.file}: {exc}") from None
    return 0


def cmd_align(args: argparse.Namespace) -> int:
    from drift.pipeline import align_documents
    from drift.text.read import read_document

    config = config_from_args(args)
    limit = _max_bytes(args)
    if args.src == "-" and args.tgt == "-":
        raise DriftError("only one input can be read from stdin (-)")
    # with --segment lines the line numbers are the sentence ids: no furniture stripping
    src = read_document(args.src, strip=config.strips, encoding=args.encoding,
                        max_bytes=limit)
    tgt = read_document(args.tgt, strip=config.strips, encoding=args.encoding,
                        max_bytes=limit)
    plan, encoder = _plan(args, config)
    result = align_documents(src, tgt, plan, encoder, _cache(args))
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(result.ladder() + "\n")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from drift.evaluate import evaluate_alignment

    args.model = args.model or "multilingual"
    plan, encoder = _plan(args, config_from_args(args))
    result = evaluate_alignment(args.gold_dir, plan, encoder, split=args.split,
                                cache=_cache(args), progress=_progress_bar(args, desc="documents"))
    print(result.table())
    return 0
