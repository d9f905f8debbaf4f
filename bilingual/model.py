"""Immutable records that flow between the pipeline stages.

read -> segment -> embed -> align -> check -> report

Every record is a frozen dataclass. Offsets (``start``/``end``) are character
positions into ``Document.text`` (the decoded, newline- and NFC-normalised
text); ``Document.source_offset`` maps them back to the decoded file text as it
was on disk, for reports that must point into the original.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

Lang = Literal["en", "ko", "other"]
SpanKind = Literal["title", "meta", "body", "debris"]
Severity = Literal["error", "warning", "info"]

SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of one language inside a span or sentence (offsets into Document.text)."""

    start: int
    end: int
    lang: Lang


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch of a document: one sentence-sized piece of title, meta, body or debris.

    ``paragraph`` numbers the blank-line separated blocks of the file (0-based), so
    later stages can use paragraph boundaries as evidence. ``runs`` holds the
    language runs inside the span when it mixes languages (empty when it is one
    language throughout).
    """

    start: int
    end: int
    kind: SpanKind
    lang: Lang
    text: str
    paragraph: int = 0
    runs: tuple[Run, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded file with its structure.

    ``text`` is what every offset refers to. ``source`` is the decoded file text
    before newline/NFC normalisation; ``offset_map`` (empty when the two are
    identical) gives, for each position of ``text`` plus one past the end, the
    matching position in ``source``.
    """

    path: str
    text: str
    encoding: str
    spans: tuple[Span, ...] = ()
    source: str | None = None
    offset_map: Sequence[int] = ()  # read.OffsetMap: compact, indexable like a list

    def source_offset(self, offset: int) -> int:
        """Map an offset into ``text`` to the decoded file text on disk."""
        if not self.offset_map:
            return offset
        return self.offset_map[min(max(offset, 0), len(self.offset_map) - 1)]

    def line_of(self, offset: int) -> int:
        """1-based line number of an offset into ``text``."""
        starts = _line_starts(self.text)
        return bisect.bisect_right(starts, offset)

    def with_spans(self, spans: tuple[Span, ...]) -> Document:
        return replace(self, spans=tuple(spans))


_LINE_CACHE: dict[int, tuple[str, list[int]]] = {}


def _line_starts(text: str) -> list[int]:
    cached = _LINE_CACHE.get(id(text))
    if cached is not None and cached[0] is text:
        return cached[1]
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    if len(_LINE_CACHE) > 64:
        _LINE_CACHE.clear()
    _LINE_CACHE[id(text)] = (text, starts)
    return starts


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of one language side, with offsets into its Document.text.

    ``index`` is its position in that side's sentence list; ``line`` is the
    1-based line of the file where it starts; ``kind`` is ``title`` or ``body``
    (meta and debris never become sentences to align).
    """

    index: int
    text: str
    start: int
    end: int
    lang: Lang
    kind: SpanKind = "body"
    paragraph: int = 0
    line: int = 1


@dataclass(frozen=True, slots=True)
class Side:
    """One language version of an article: the document and its sentences."""

    doc: Document
    lang: Lang
    sentences: tuple[Sentence, ...]

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.sentences]


@dataclass(frozen=True, slots=True)
class Evidence:
    """The text a finding is about on one side (offsets into that side's Document.text)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One place where the translation drifted.

    ``kind`` is one of missing, added, partial, meaning, number, name, title,
    untranslated. ``en``/``ko`` hold the evidence on each side (None when that
    side has nothing, e.g. the Korean side of a ``missing`` finding).
    """

    kind: str
    severity: Severity
    message: str
    en: Evidence | None = None
    ko: Evidence | None = None
    link: int | None = None  # index into Alignment.links; None for document-level findings


@dataclass(frozen=True, slots=True)
class Link:
    """Sentences of the two sides that translate each other (either side may be empty)."""

    en: tuple[int, ...]
    ko: tuple[int, ...]
    score: float | None = None
    findings: tuple[Finding, ...] = ()

    @property
    def type(self) -> str:
        return f"{len(self.en)}-{len(self.ko)}"


@dataclass(frozen=True, slots=True)
class Alignment:
    """The finished result for one document pair; what every report renders."""

    en: Side
    ko: Side
    links: tuple[Link, ...]
    findings: tuple[Finding, ...] = ()  # document-level findings (not tied to one link)
    signature: dict = field(default_factory=dict)  # model and settings that produced it

    def all_findings(self) -> list[Finding]:
        out = [f for link in self.links for f in link.findings]
        out.extend(self.findings)
        return out
