"""The one Kiwi instance of the process, and Korean token helpers built on it.

Kiwi takes one to three seconds and ~100 MB to load, so it is created lazily on first
use and shared by sentence splitting and the drift checks. Its results are also kept
on disk (``AnalysisCache``, keyed by the exact text): a warm run of ``bilingual check``
on an article it has seen never loads Kiwi at all, which is what keeps the pre-commit
hook under a second.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import sqlite3
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

_kiwi = None
_lock = threading.Lock()


def get_kiwi():
    """Return the process-wide Kiwi analyser, loading it on first call."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                # Without the multi-word dictionary Kiwi loads in half the time (1.3 s
                # instead of 2.8 s here), which the pre-commit hook's cold start needs; the
                # name check joins split names itself and measured the same without it
                # (benchmarks/drift_names.py: 2.4% flagged, 96.8% swap recall, vs 2.6%, 96.8%).
                _kiwi = Kiwi(load_multi_dict=False)
    return _kiwi


def _kiwi_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = ["multi_dict=off"]
    for dist in ("kiwipiepy", "kiwipiepy_model"):
        try:
            parts.append(f"{dist}={version(dist)}")
        except PackageNotFoundError:
            parts.append(f"{dist}=?")
    return " ".join(parts)


class AnalysisCache:
    """Kiwi results on disk in one SQLite file, keyed by (operation, sha256 of the text).

    The file name carries the Kiwi and model versions, so an upgrade starts afresh.
    Writes are collected in memory and committed in one transaction (at exit, or when
    many are pending); a cache that cannot be opened or written is dropped for the rest
    of the run with one warning — it only ever saves time.
    """

    _FLUSH_EVERY = 2000

    def __init__(self, cache_dir: Path | None):
        self.cache_dir = cache_dir
        self._conn: sqlite3.Connection | None = None
        self._pending: dict[bytes, str] = {}
        self._broken = cache_dir is None
        self._lock = threading.Lock()

    @staticmethod
    def _key(operation: str, text: str) -> bytes:
        return hashlib.sha256(f"{operation}\0{text}".encode("utf-8", "surrogatepass")).digest()

    def _connection(self) -> sqlite3.Connection | None:
        if self._broken:
            return None
        if self._conn is None:
            try:
                digest = hashlib.sha256(_kiwi_version().encode()).hexdigest()[:16]
                path = self.cache_dir / "kiwi" / f"analysis-{digest}.sqlite3"
                path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(path, timeout=30.0, check_same_thread=False)
                conn.execute("CREATE TABLE IF NOT EXISTS analysis (key BLOB PRIMARY KEY, value TEXT)")
                conn.commit()
                self._conn = conn
                atexit.register(self.flush)
            except (OSError, sqlite3.Error) as exc:
                self._give_up(exc)
        return self._conn

    def _give_up(self, exc: Exception) -> None:
        self._broken = True
        warnings.warn(f"Kiwi analysis cache disabled for this run: {exc}", stacklevel=3)

    def get(self, operation: str, text: str):
        key = self._key(operation, text)
        with self._lock:
            pending = self._pending.get(key)
            if pending is not None:
                return json.loads(pending)
            conn = self._connection()
            if conn is None:
                return None
            try:
                row = conn.execute("SELECT value FROM analysis WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error as exc:
                self._give_up(exc)
                return None
        return None if row is None else json.loads(row[0])

    def put(self, operation: str, text: str, value) -> None:
        if self._broken:
            return
        with self._lock:
            self._pending[self._key(operation, text)] = json.dumps(value, ensure_ascii=False)
            many = len(self._pending) >= self._FLUSH_EVERY
        if many:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            if not self._pending:
                return
            conn = self._connection()
            rows, self._pending = list(self._pending.items()), {}
            if conn is None:
                return
            try:
                with conn:
                    conn.executemany("INSERT OR REPLACE INTO analysis VALUES (?, ?)", rows)
            except sqlite3.Error as exc:
                self._give_up(exc)


_cache: AnalysisCache | None = None


def configure_cache(cache: bool | str | os.PathLike = True) -> None:
    """Where Kiwi results are kept: True for the bilingual cache folder, a folder, or False."""
    global _cache
    from .encoders.cache import resolve_cache_dir

    if _cache is not None:
        _cache.flush()
    _cache = AnalysisCache(resolve_cache_dir(cache))


def _analysis_cache() -> AnalysisCache:
    if _cache is None:
        configure_cache(True)
    return _cache


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Kiwi's sentence boundaries in ``text`` as (start, end) offsets into ``text``."""
    cache = _analysis_cache()
    cached = cache.get("split", text)
    if cached is not None:
        return [tuple(pair) for pair in cached]
    spans = []
    cursor = 0
    for sentence in get_kiwi().split_into_sents(text):
        start, end = sentence.start, sentence.end
        if text[start:end] != sentence.text:  # offsets in another unit: find the text instead
            start = text.find(sentence.text, cursor)
            if start == -1:
                continue
            end = start + len(sentence.text)
        spans.append((start, end))
        cursor = end
    cache.put("split", text, spans)
    return spans


# Kiwi tags the digits of "1억2천만" as SN and the unit words as NR (수사); these are the
# units a Korean number is written with, so a number token runs over them.
_NUMBER_UNITS = ("만", "억", "조", "천", "백", "십", "천만", "백만", "십만", "천억", "백억", "십억")


@dataclass(frozen=True, slots=True)
class Morpheme:
    """One Kiwi morpheme with its tag and character offsets into the analysed text."""

    form: str
    tag: str
    start: int
    end: int


def morphemes(text: str) -> list[Morpheme]:
    """Kiwi's morphemes of ``text`` with POS tags and offsets into ``text``."""
    if not text.strip():
        return []
    cache = _analysis_cache()
    cached = cache.get("tokenize", text)
    if cached is None:
        cached = [(t.form, t.tag, t.start, t.start + t.len) for t in get_kiwi().tokenize(text)]
        cache.put("tokenize", text, cached)
    return [Morpheme(*token) for token in cached]


def proper_nouns(text: str) -> list[Morpheme]:
    """Proper nouns (NNP) and Latin-script runs (SL) of a Korean sentence.

    Adjacent NNPs separated only by a space are kept apart: Kiwi already joins
    full names such as 김정은 into one token, and 도널드 트럼프 is two names that
    the name check matches one by one.
    """
    return [m for m in morphemes(text) if m.tag in ("NNP", "SL")]


def numbers(text: str) -> list[Morpheme]:
    """Numbers of a Korean sentence: digit runs (SN) joined with their unit words.

    ``1억1천만`` comes back as one Morpheme (tag ``SN``) spanning all of it, so a
    later check can read its value; fractions and dates that Kiwi keeps whole
    (``2/3`` as W_SERIAL) are returned as they are.
    """
    out: list[Morpheme] = []
    current: Morpheme | None = None
    for m in morphemes(text):
        is_digit = m.tag == "SN" or (m.tag == "W_SERIAL" and any(c.isdigit() for c in m.form))
        is_unit = m.tag == "NR" and m.form in _NUMBER_UNITS
        if current is not None and m.start == current.end and (is_digit or is_unit):
            current = Morpheme(text[current.start : m.end], "SN", current.start, m.end)
            continue
        if current is not None:
            out.append(current)
            current = None
        if is_digit:
            current = Morpheme(m.form, "SN" if m.tag == "SN" else m.tag, m.start, m.end)
    if current is not None:
        out.append(current)
    return out
