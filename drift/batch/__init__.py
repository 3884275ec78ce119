"""Batch scoring of whole corpora (``drift batch``): a manifest of groups (:mod:`.manifest`),
each distinct text encoded once (:mod:`.run`, :mod:`.tasks`), resumable (:mod:`.state`), on
one machine or a Dask cluster (:mod:`.executors`, :mod:`.cluster`), with corpus tables
(:mod:`.tables`)."""

from drift.batch.executors import Executor, LocalExecutor
from drift.batch.manifest import Group, ManifestError, read_manifest
from drift.batch.run import BatchResult, GroupError, run_batch
from drift.batch.state import BatchLocked

__all__ = ["Group", "ManifestError", "read_manifest", "BatchLocked", "BatchResult",
           "GroupError", "Executor", "LocalExecutor", "run_batch"]
