"""Batch scoring of whole corpora (``drift batch``): a manifest of groups (:mod:`.manifest`),
each distinct text encoded once, resumable, on one machine or a Dask cluster (:mod:`.run`,
:mod:`.cluster`)."""

from drift.batch.manifest import Group, ManifestError, read_manifest
from drift.batch.run import BatchLocked, BatchResult, GroupError, LocalExecutor, run_batch

__all__ = ["Group", "ManifestError", "read_manifest", "BatchLocked", "BatchResult",
           "GroupError", "LocalExecutor", "run_batch"]
