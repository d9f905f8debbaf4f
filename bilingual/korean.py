"""The one Kiwi instance of the process, and Korean token helpers built on it.

Kiwi takes about a second and ~100 MB to load, so it is created lazily on first
use and shared by sentence splitting and the drift checks.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

_kiwi = None
_lock = threading.Lock()


def get_kiwi():
    """Return the process-wide Kiwi analyser, loading it on first call."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                _kiwi = Kiwi()
    return _kiwi


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
    return [
        Morpheme(t.form, t.tag, t.start, t.start + t.len) for t in get_kiwi().tokenize(text)
    ]


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
