"""On-disk embedding cache: a second run over the same sentences embeds nothing.

Storage: one SQLite file per model (name + version), a table of
``sha256(text) -> float32 blob``. Why SQLite rather than .npy shards plus an index:

* Atomic and crash-safe for free. Every batch of new vectors is one transaction;
  SQLite's journal gives the all-or-nothing guarantee a temp-file + ``os.replace``
  scheme would, and a killed process leaves the previous state intact.
* Concurrent processes (pre-commit runs hooks in parallel) are serialised by
  SQLite's file locks; each write transaction lasts milliseconds, and the busy
  timeout makes a second writer wait instead of failing.
* Lookups are one indexed ``SELECT ... WHERE key IN (...)``: ~100 sentences take
  about a millisecond and do not get slower as runs accumulate. A shard scheme needs its index rebuilt or
  its shards compacted as the number of runs grows.
* Only the standard library is needed.

The default rollback journal is used, not WAL: WAL needs a shared-memory file
next to the database (it fails on read-only and network folders), and our write
transactions are too short for WAL's reader/writer concurrency to matter. Vectors
live in an ordinary rowid table (SQLite advises against WITHOUT ROWID for rows of
kilobytes) with 32 KiB pages: a 2 KiB vector row on the default 4 KiB pages leaves
half of each page empty (measured 4.2 vs 2.3 KB per 512-d vector).

A cache that cannot be opened, read or written (unwritable folder, corrupt file,
full disk) never breaks a run: the encoder warns once with
``EmbeddingCacheWarning`` and carries on without it.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
import warnings
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bilingual.encoders.base import Encoder, empty_embeddings, text_list

CACHE_DIR_ENV = "BILINGUAL_CACHE_DIR"
NO_CACHE_ENV = "BILINGUAL_NO_CACHE"
EMBEDDINGS_SUBDIR = "embeddings"
SCHEMA_VERSION = "1"  # part of the file name: a new layout starts a new file
_PAGE_SIZE = 32768
# SQLite's default limit on bound parameters is 32766 on current builds but 999 on old
# ones; stay under the old limit so any Python's sqlite3 works.
_QUERY_CHUNK = 900
_BUSY_TIMEOUT_S = 30.0


class EmbeddingCacheWarning(UserWarning):
    """The embedding cache is unusable for this run; embeddings are computed without it."""


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no", "off")


def resolve_cache_dir(cache: bool | str | os.PathLike | None = True) -> Path | None:
    """The bilingual cache folder to use, or None when caching is off.

    ``cache`` is True (use ``$BILINGUAL_CACHE_DIR``, else the platform's user cache
    folder), a folder path, or False/None (off). ``BILINGUAL_NO_CACHE=1`` turns the
    cache off whatever the argument says, so a user can always opt out.
    """
    if _env_flag(NO_CACHE_ENV) or cache is None or cache is False:
        return None
    if cache is True:
        from_env = os.environ.get(CACHE_DIR_ENV, "").strip()
        if from_env:
            return Path(from_env).expanduser()
        import platformdirs

        return Path(platformdirs.user_cache_dir("bilingual"))
    return Path(cache).expanduser()


def text_key(text: str) -> bytes:
    """sha256 of the text; surrogatepass so text decoded with errors still hashes."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def _store_filename(name: str, version: str) -> str:
    # Readable prefix for people browsing the folder; the digest keeps distinct
    # (name, version) pairs apart even when their slugs collide.
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")[:60] or "model"
    digest = hashlib.sha256(f"{SCHEMA_VERSION}\0{name}\0{version}".encode()).hexdigest()[:16]
    return f"{slug}-{digest}.sqlite3"


class EmbeddingStore:
    """The vectors of one model, in one SQLite file under ``<cache_dir>/embeddings/``."""

    def __init__(self, cache_dir: str | os.PathLike, name: str, version: str, dim: int):
        self.path = Path(cache_dir) / EMBEDDINGS_SUBDIR / _store_filename(name, version)
        self.name, self.version, self.dim = name, version, int(dim)
        self._conn: sqlite3.Connection | None = None
        self._pid = -1

    def _connection(self) -> sqlite3.Connection:
        # A connection must not cross a fork (SQLite's locks are per process), so a
        # child process opens its own.
        if self._conn is None or self._pid != os.getpid():
            self._conn = self._open()
            self._pid = os.getpid()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute(f"PRAGMA page_size = {_PAGE_SIZE}")  # no-op once the file exists
            with conn:  # one transaction, so two processes creating the file cannot interleave
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
                )
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS vectors "
                    "(key BLOB PRIMARY KEY, vector BLOB NOT NULL)"
                )
                expected = {
                    "schema": SCHEMA_VERSION,
                    "name": self.name,
                    "version": self.version,
                    "dim": str(self.dim),
                }
                conn.executemany(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", expected.items()
                )
                stored = dict(conn.execute("SELECT key, value FROM meta"))
            if any(stored.get(k) != v for k, v in expected.items()):
                raise sqlite3.DatabaseError(
                    f"it belongs to {stored.get('name')!r} version {stored.get('version')!r}"
                )
        except BaseException:
            conn.close()
            raise
        return conn

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The stored vectors among ``keys`` (missing keys are simply absent)."""
        conn = self._connection()
        found: dict[bytes, np.ndarray] = {}
        nbytes = self.dim * 4
        for i in range(0, len(keys), _QUERY_CHUNK):
            chunk = keys[i : i + _QUERY_CHUNK]
            marks = ",".join("?" * len(chunk))
            for key, blob in conn.execute(
                f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk
            ):
                if len(blob) == nbytes:  # a wrong-sized blob is treated as absent
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, keys: Sequence[bytes], vectors: np.ndarray) -> None:
        """Store vectors in one transaction (all or nothing); existing keys are kept."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        conn = self._connection()
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(
                "INSERT OR IGNORE INTO vectors (key, vector) VALUES (?, ?)",
                ((key, row.tobytes()) for key, row in zip(keys, vectors)),
            )

    def __len__(self) -> int:
        return self._connection().execute("SELECT COUNT(*) FROM vectors").fetchone()[0]

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None


class CachedEncoder:
    """Wraps any Encoder with the on-disk cache and within-call de-duplication.

    ``cache_dir`` is the bilingual cache folder (vectors go to its ``embeddings/``
    subfolder); None keeps only the de-duplication. Recently embedded texts are also kept
    in memory (``MEMORY_ROWS`` of them), so the checks, which embed the same link texts
    the aligner just embedded, never run the model twice — with the disk cache off too.
    ``hits`` and ``misses`` count distinct texts served from memory or disk and distinct
    texts the model had to embed.
    """

    MEMORY_ROWS = 20_000  # ~40 MB of 512-d float32 vectors

    def __init__(self, inner: Encoder, cache_dir: str | os.PathLike | None):
        self.inner = inner
        self.name = inner.name
        self.version = inner.version
        self.dim = inner.dim
        self.hits = 0
        self.misses = 0
        self.store = (
            EmbeddingStore(cache_dir, inner.name, inner.version, inner.dim)
            if cache_dir is not None
            else None
        )
        self._lock = threading.Lock()
        self._recent: OrderedDict[bytes, np.ndarray] = OrderedDict()

    def _remember(self, key: bytes, vector: np.ndarray) -> None:
        self._recent[key] = vector
        self._recent.move_to_end(key)
        if len(self._recent) > self.MEMORY_ROWS:
            self._recent.popitem(last=False)

    @property
    def cache_path(self) -> Path | None:
        """The SQLite file in use, or None when the cache is off or was given up."""
        return self.store.path if self.store is not None else None

    def _give_up(self, action: str, exc: Exception) -> None:
        path = self.store.path if self.store is not None else "?"
        warnings.warn(
            f"embedding cache disabled ({action} {path} failed: {exc}); "
            "continuing without it. Delete the file or set BILINGUAL_NO_CACHE=1.",
            EmbeddingCacheWarning,
            stacklevel=3,
        )
        if self.store is not None:
            try:
                self.store.close()
            except sqlite3.Error:
                pass
        self.store = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = text_list(texts)
        if not texts:
            return empty_embeddings(self.dim)
        # Distinct texts in first-seen order, and where each input row comes from.
        position: dict[str, int] = {}
        rows = np.fromiter(
            (position.setdefault(t, len(position)) for t in texts), dtype=np.intp, count=len(texts)
        )
        distinct = list(position)
        keys = [text_key(t) for t in distinct]

        with self._lock:
            found = {key: self._recent[key] for key in keys if key in self._recent}
            missing = [key for key in keys if key not in found]
            if self.store is not None and missing:
                try:
                    found.update(self.store.get_many(missing))
                except (sqlite3.Error, OSError) as exc:
                    self._give_up("reading", exc)

            todo = [i for i, key in enumerate(keys) if key not in found]
            matrix = np.empty((len(distinct), self.dim), dtype=np.float32)
            for i, key in enumerate(keys):
                vector = found.get(key)
                if vector is not None:
                    matrix[i] = vector
                    self._remember(key, vector)
            if todo:
                fresh = np.asarray(self.inner.encode([distinct[i] for i in todo]), np.float32)
                if fresh.shape != (len(todo), self.dim):
                    raise ValueError(
                        f"{self.name} returned shape {fresh.shape}, expected {(len(todo), self.dim)}"
                    )
                matrix[todo] = fresh
                for i, vector in zip(todo, fresh):
                    self._remember(keys[i], vector)
                if self.store is not None:
                    try:
                        self.store.put_many([keys[i] for i in todo], fresh)
                    except (sqlite3.Error, OSError) as exc:
                        self._give_up("writing", exc)
            self.hits += len(distinct) - len(todo)
            self.misses += len(todo)
        return matrix[rows]

    def close(self) -> None:
        if self.store is not None:
            self.store.close()

    def __repr__(self) -> str:
        return f"CachedEncoder({self.inner!r}, cache={self.cache_path})"
