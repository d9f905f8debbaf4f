"""Does each side say all of what the other says? ``missing``, ``added``, ``partial``, ``meaning``.

* ``missing`` / ``added``: a body sentence the aligner left without a counterpart
  (a 1-0 or 0-1 link).
* ``partial``: the two sides are linked but one covers only part of the other (a dropped
  clause, a sentence cut off half-way). Three signals:

  - length: how far the Korean/English length ratio is from the language pair's usual
    ratio, in standard deviations (``calibration.length_z``);
  - coverage gain: the longer side is cut into parts (prefixes, suffixes and the text
    with one clause taken out); if one part is clearly *more* similar to the other side
    than the whole is, the other side only translates that part, and what was cut off
    is the untranslated piece shown to the translator;
  - breaking off: the English ends like a sentence but the Korean stops mid-phrase
    (no final ending or full stop), or the reverse.

* ``meaning``: linked sides whose similarity is below what true translations reach
  under this model (``calibration.Calibration``).

Links that contain a title are judged on their body sentences only; the title itself
belongs to the ``title`` check.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from ..model import Finding
from .base import LinkContext
from .calibration import LOG_RATIO_SD, Calibration, length_z, nonspace_length

if TYPE_CHECKING:
    from . import EmbeddedDocument

EMBEDDED_KINDS = ("partial", "meaning")

# ---------------------------------------------------------------------------- tunables
# Measured with benchmarks/calibrate.py (the figures are in its output).

# A partial score is -length_z + GAIN_WEIGHT * gain / spread for "the Korean covers only
# part of the English", and +length_z + GAIN_WEIGHT * gain / spread for the reverse.
# Korean that says more than the English is common in news translation (explanations,
# speaker attributions the English put in the next sentence), so the reverse needs more.
# On the dev corpora the warning levels flag ~2% of line pairs each way, nearly all of
# them, on inspection, real partial translations in the corpus (benchmarks/calibrate.py).
GAIN_WEIGHT = 4.0
PARTIAL_WARNING = 3.5
PARTIAL_INFO = 2.5
REVERSE_PARTIAL_WARNING = 4.5
REVERSE_PARTIAL_INFO = 3.5
# A Korean side that stops mid-phrase (no final ending or full stop; Korean news sentences
# almost always end in -다.) is flagged when it is also shorter than usual. English lines
# end without a full stop far more often (headlines, "he said:" introductions), so an
# English side that stops mid-phrase counts only when the Korean is also much longer.
KO_BREAK_OFF_MAX_Z = -0.5
EN_BREAK_OFF_MIN_Z = 1.5
# Sides shorter than this (non-space characters) are too short to judge coverage on.
MIN_PARTIAL_CHARS_EN = 25
MIN_PARTIAL_CHARS_KO = 12
# Parts keep between these fractions of the side (shorter or longer parts say nothing).
PART_MIN_FRACTION = 0.15
PART_MAX_FRACTION = 0.85
WORD_FRACTION_CUTS = (0.25, 0.4, 0.55, 0.7)
# A part rarely beats the whole by more than this many spreads (under 1% of pairs on the
# dev corpora, truncated or not), so a side is only cut into parts when its length leaves
# room for the partial score to reach the info level: that halves the embedding work.
MAX_GAIN_SPREADS = 0.75
CUT_EN_MAX_Z = GAIN_WEIGHT * MAX_GAIN_SPREADS - PARTIAL_INFO
CUT_KO_MIN_Z = REVERSE_PARTIAL_INFO - GAIN_WEIGHT * MAX_GAIN_SPREADS

# How a member finding's message opens (benchmarks count member findings by it).
MEMBER_OPENING = "one sentence of this merged link"

# ---------------------------------------------------------------------------- text helpers

_EN_CLAUSE_WORDS = frozenset(
    [
        "and",
        "but",
        "or",
        "while",
        "whereas",
        "because",
        "although",
        "though",
        "which",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        "after",
        "before",
        "since",
        "unless",
        "until",
        "if",
        "as",
        "said",
        "says",
        "that",
        "so",
    ]
)
# Korean eojeol endings that usually close a clause: connective endings (-고, -며, -면서,
# -지만, -는데, -으나, -거나, -도록, -어서) and the quotative -라고/-다고.
_KO_CLAUSE_END = re.compile(r"(고|며|서|만|데|나|록|면|니)[,]?$")
_CLAUSE_PUNCT = ",;:)]}\u2014\u2013"
_SENTENCE_END = ".?!\u2026\u3002"
_CLOSERS = "\"'\u201d\u2019)]}\u300d\u300f>\u00bb "


def _is_complete_en(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _is_complete_ko(text: str) -> bool:
    """Whether a Korean side ends like a sentence: final punctuation or a final ending."""
    stripped = text.rstrip(_CLOSERS)
    if not stripped:
        return False
    if stripped[-1] in _SENTENCE_END:
        return True
    from ..korean import morphemes

    tokens = morphemes(stripped[-40:])
    return bool(tokens) and tokens[-1].tag.startswith("EF")


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "\u2026"


def _quote(text: str, limit: int = 160) -> str:
    return f'"{_shorten(text, limit)}"'


@dataclass(frozen=True, slots=True)
class Part:
    """``text`` with [drop_start, drop_end) of it left out; ``text_kept`` is what remains."""

    text_kept: str
    drop_start: int
    drop_end: int


def _word_starts(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"(?<=\s)\S", text)]


def _is_clause_start(text: str, pos: int, lang: str) -> bool:
    before = text[:pos].rstrip()
    if not before:
        return False
    if before[-1] in _CLAUSE_PUNCT or text[pos] in "(\u2014\u2013":
        return True
    if lang == "en":
        word = re.match(r"[A-Za-z]+", text[pos:])
        return bool(word) and word.group(0).lower() in _EN_CLAUSE_WORDS
    last_word = before.split()[-1]
    return bool(_KO_CLAUSE_END.search(last_word))


def cut_parts(text: str, lang: str) -> list[Part]:
    """Candidate parts of one side: prefixes, suffixes and one-clause-out versions.

    Cut points are clause starts (after , ; : and dashes, before conjunctions or after a
    Korean connective ending) plus word boundaries at fixed fractions of the length;
    only parts keeping PART_MIN_FRACTION..PART_MAX_FRACTION of the text are used.
    """
    total = nonspace_length(text)
    if total == 0:
        return []
    starts = _word_starts(text)
    if not starts:
        return []
    prefix_len = {}
    for pos in starts:
        prefix_len[pos] = nonspace_length(text[:pos])

    def fraction(pos: int) -> float:
        return prefix_len.get(pos, nonspace_length(text[:pos])) / total

    clause_cuts = [p for p in starts if _is_clause_start(text, p, lang)]
    fraction_cuts = [min(starts, key=lambda p: abs(fraction(p) - f)) for f in WORD_FRACTION_CUTS]
    cuts = sorted(
        p
        for p in set(clause_cuts) | set(fraction_cuts)
        if PART_MIN_FRACTION <= fraction(p) <= PART_MAX_FRACTION
    )
    parts: list[Part] = []
    for pos in cuts:
        parts.append(Part(text[:pos].rstrip(), pos, len(text)))  # keep the beginning
        parts.append(Part(text[pos:], 0, pos))  # keep the end
    # One clause left out of the middle (a dropped clause rather than a cut-off end).
    inner = [p for p in clause_cuts if 0 < fraction(p) < 1]
    for a, b in itertools.pairwise(inner):
        dropped = fraction(b) - fraction(a)
        if PART_MIN_FRACTION <= dropped <= 1 - PART_MIN_FRACTION:
            parts.append(Part(text[:a] + text[b:], a, b))
    unique: dict[str, Part] = {}
    for part in parts:
        if part.text_kept.strip() and part.text_kept not in unique:
            unique[part.text_kept] = part
    return list(unique.values())


# ---------------------------------------------------------------------------- link helpers


def body_context(ctx: LinkContext) -> LinkContext:
    """``ctx`` restricted to its body sentences (titles are the title check's business)."""
    if not ctx.is_title:
        return ctx
    en = tuple(i for i in ctx.link.en if ctx.en_side.sentences[i].kind != "title")
    ko = tuple(i for i in ctx.link.ko if ctx.ko_side.sentences[i].kind != "title")
    return replace(ctx, link=replace(ctx.link, en=en, ko=ko, findings=()), similarity=None)


def _looks_like_fragment(text: str) -> bool:
    words = text.split()
    return len(words) < 4 or (len(words) < 8 and not _is_complete_en(text))


@dataclass(frozen=True, slots=True)
class Coverage:
    """What the coverage checks measured on one link (both sides present)."""

    similarity: float
    length_z: float
    en_gain: float  # best English part's cosine with the Korean minus the whole's
    en_drop: tuple[int, int] | None  # what that part leaves out (offsets into en text)
    ko_gain: float
    ko_drop: tuple[int, int] | None
    en_complete: bool
    ko_complete: bool

    def short_score(self, spread: float) -> float:
        """Evidence that the Korean covers only part of the English."""
        return -self.length_z + GAIN_WEIGHT * max(0.0, self.en_gain) / spread

    def long_score(self, spread: float) -> float:
        """Evidence that the English covers only part of the Korean."""
        return self.length_z + GAIN_WEIGHT * max(0.0, self.ko_gain) / spread


def parts_to_embed(en_text: str, ko_text: str) -> tuple[list[Part], list[Part]]:
    """The English and Korean parts worth embedding for one link (length decides which)."""
    z = length_z(en_text, ko_text)
    en_parts: list[Part] = []
    ko_parts: list[Part] = []
    if z <= CUT_EN_MAX_Z and nonspace_length(en_text) >= MIN_PARTIAL_CHARS_EN:
        en_parts = cut_parts(en_text, "en")
    if z >= CUT_KO_MIN_Z and nonspace_length(ko_text) >= MIN_PARTIAL_CHARS_KO:
        ko_parts = cut_parts(ko_text, "ko")
    return en_parts, ko_parts


def measure(en_text: str, ko_text: str, vector) -> Coverage:
    """Coverage figures of one link; ``vector(text)`` returns the embedding of any text
    that ``texts_for`` asked for."""
    en_vec = vector(en_text)
    ko_vec = vector(ko_text)
    similarity = float(en_vec @ ko_vec)
    en_parts, ko_parts = parts_to_embed(en_text, ko_text)

    def best(parts: Sequence[Part], other: np.ndarray) -> tuple[float, tuple[int, int] | None]:
        if not parts:
            return 0.0, None
        scores = [float(vector(p.text_kept) @ other) for p in parts]
        k = int(np.argmax(scores))
        return scores[k] - similarity, (parts[k].drop_start, parts[k].drop_end)

    en_gain, en_drop = best(en_parts, ko_vec)
    ko_gain, ko_drop = best(ko_parts, en_vec)
    return Coverage(
        similarity=similarity,
        length_z=length_z(en_text, ko_text),
        en_gain=en_gain,
        en_drop=en_drop if en_gain > 0 else None,
        ko_gain=ko_gain,
        ko_drop=ko_drop if ko_gain > 0 else None,
        en_complete=_is_complete_en(en_text),
        ko_complete=_is_complete_ko(ko_text),
    )


def texts_for(en_text: str, ko_text: str) -> list[str]:
    """Every text ``measure`` will look up for one link."""
    en_parts, ko_parts = parts_to_embed(en_text, ko_text)
    return [en_text, ko_text] + [p.text_kept for p in en_parts] + [p.text_kept for p in ko_parts]


# ---------------------------------------------------------------------------- decisions


def partial_findings(ctx: LinkContext, cov: Coverage, calibration: Calibration) -> list[Finding]:
    """The ``partial`` finding of one link (at most one), from its coverage figures."""
    en_text, ko_text = ctx.en_text, ctx.ko_text
    en_long_enough = nonspace_length(en_text) >= MIN_PARTIAL_CHARS_EN
    ko_long_enough = nonspace_length(ko_text) >= MIN_PARTIAL_CHARS_KO
    # The Korean's length as a percentage of the usual length for this English, for messages.
    ratio = 100 * float(np.exp(cov.length_z * LOG_RATIO_SD))

    # The Korean covers only part of the English.
    short = cov.short_score(calibration.spread)
    ko_breaks_off = cov.en_complete and not cov.ko_complete and cov.length_z <= KO_BREAK_OFF_MAX_Z
    if en_long_enough and (short >= PARTIAL_INFO or ko_breaks_off):
        severity = "warning" if (short >= PARTIAL_WARNING or ko_breaks_off) else "info"
        if cov.en_drop is not None:
            a, b = _trim(en_text, *cov.en_drop)
            en_ev = ctx.en_evidence(a, b)
            left_out = f"the English {_quote(en_text[a:b], 120)} has no Korean counterpart"
        else:
            en_ev = ctx.en_evidence()
            left_out = "part of the English has no Korean counterpart"
        if ko_breaks_off:
            tail = " ".join(ko_text.split())[-30:]
            opening = f'the Korean sentence breaks off after "\u2026{tail}"'
        else:
            opening = "the Korean translates only part of the English"
        message = (
            f"{opening}: {left_out} (Korean is {ratio:.0f}% of the usual length); "
            f"Korean: {_quote(ko_text)}"
        )
        return [Finding("partial", severity, message, en=en_ev, ko=ctx.ko_evidence())]

    # The English covers only part of the Korean: the Korean adds something.
    long = cov.long_score(calibration.spread)
    en_breaks_off = cov.ko_complete and not cov.en_complete and cov.length_z >= EN_BREAK_OFF_MIN_Z
    if ko_long_enough and (long >= REVERSE_PARTIAL_INFO or en_breaks_off):
        severity = "warning" if (long >= REVERSE_PARTIAL_WARNING or en_breaks_off) else "info"
        if cov.ko_drop is not None:
            a, b = _trim(ko_text, *cov.ko_drop)
            ko_ev = ctx.ko_evidence(a, b)
            extra = f"the Korean adds {_quote(ko_text[a:b], 120)}"
        else:
            ko_ev = ctx.ko_evidence()
            extra = "the Korean says more than the English"
        if en_breaks_off:
            tail = " ".join(en_text.split())[-40:]
            opening = f'the English sentence breaks off after "\u2026{tail}"'
        else:
            opening = "the English has only part of the Korean"
        message = (
            f"{opening}: {extra} (Korean is {ratio:.0f}% of the usual length); "
            f"English: {_quote(en_text)}"
        )
        return [Finding("partial", severity, message, en=ctx.en_evidence(), ko=ko_ev)]
    return []


def meaning_findings(
    ctx: LinkContext, similarity: float, calibration: Calibration
) -> list[Finding]:
    if similarity >= calibration.meaning_warning:
        return []
    severity = "error" if similarity < calibration.meaning_error else "warning"
    message = (
        f"the Korean says something else (similarity {similarity:.2f}; true translations "
        f"usually score \u2265 {calibration.true_typical:.2f}): {_quote(ctx.ko_text)}; "
        f"English: {_quote(ctx.en_text, 120)}"
    )
    return [Finding("meaning", severity, message, en=ctx.en_evidence(), ko=ctx.ko_evidence())]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past surrounding spaces and clause punctuation."""
    junk = " \t\n,;:" + "\u2014\u2013-"
    while start < end and text[start] in junk:
        start += 1
    while end > start and text[end - 1] in junk:
        end -= 1
    return start, end


# ---------------------------------------------------------------------------- family hooks


def check_link(ctx: LinkContext) -> list[Finding]:
    """``missing`` and ``added``: body sentences with no counterpart."""
    body = body_context(ctx)
    if body.link.en and not body.link.ko:
        text = body.en_text
        severity = "warning" if _looks_like_fragment(text) else "error"
        message = f"no Korean counterpart for the English {_quote(text)}"
        return [Finding("missing", severity, message, en=body.en_evidence())]
    if body.link.ko and not body.link.en:
        message = f"the Korean adds {_quote(body.ko_text)}, which has no English counterpart"
        return [Finding("added", "warning", message, ko=body.ko_evidence())]
    return []


def texts_to_embed(contexts: Sequence[LinkContext], skip: frozenset[str]) -> Iterable[str]:
    if "partial" in skip and "meaning" in skip:
        return []
    texts: list[str] = []
    for ctx in contexts:
        body = body_context(ctx)
        if not (body.link.en and body.link.ko):
            continue
        if "partial" in skip:
            texts += [body.en_text, body.ko_text]
        else:
            texts += texts_for(body.en_text, body.ko_text)
    return texts


def check_embedded(doc: EmbeddedDocument) -> list[Finding]:
    """``partial`` and ``meaning`` for every link with body text on both sides."""
    if doc.calibration is None:
        return []
    out: list[Finding] = []
    for ctx in doc.contexts:
        body = body_context(ctx)
        if not (body.link.en and body.link.ko):
            continue
        found: list[Finding] = []
        similarity = float(doc.vector(body.en_text) @ doc.vector(body.ko_text))
        if "partial" not in doc.skip:
            cov = measure(body.en_text, body.ko_text, doc.vector)
            found += partial_findings(body, cov, doc.calibration)
        if "meaning" not in doc.skip:
            explained = any(f.severity != "info" for f in found)
            # A sentence cut in half scores low too; partial already says what is wrong,
            # unless the score is as low as unrelated sentences get.
            if not explained or similarity < doc.calibration.meaning_error:
                found += meaning_findings(body, similarity, doc.calibration)
        out += [replace(f, link=ctx.index) for f in found]
    return out


__all__ = [
    "EMBEDDED_KINDS",
    "Coverage",
    "Part",
    "body_context",
    "check_embedded",
    "check_link",
    "cut_parts",
    "meaning_findings",
    "measure",
    "partial_findings",
    "texts_for",
    "texts_to_embed",
]
