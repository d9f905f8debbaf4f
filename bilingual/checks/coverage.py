"""Does each side say all of what the other says? ``missing``, ``added``, ``partial``, ``meaning``.

* ``missing`` / ``added``: a body sentence the aligner left without a counterpart
  (a 1-0 or 0-1 link), or one it grouped into a merged link although nothing on the
  other side corresponds to it (see "members of merged links" below). When the
  unlinked sentence and its linked neighbour match the neighbour's partner about
  equally well (``AMBIGUOUS_NULL_SPREADS``), the finding names both as candidates and
  its evidence spans the two: which of them translates nothing is then a coin toss for
  the embeddings, and pointing at one would send the translator to the wrong sentence
  half the time. The same happens when the numbers point to the unlinked sentence
  whatever the embeddings say: it agrees with the neighbour's partner on every number,
  the linked neighbour does not (``_numbers_point_to``).
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

Members of merged links (1-2, 2-1, 1-3, 3-1, 2-2). A merged link can score well as a
whole while one of its sentences is not translated at all: the aligner glues a sentence
without counterpart to its neighbour's link when that costs less than leaving it alone,
and a garbled fragment of a machine translation rides along with the sentence before it.
Each member sentence is therefore also compared with the other side on its own, with
every part of the other side (clauses, sentences), and with the link without it:

* no part of the other side matches it as a translation would (its best cosine is
  below ``true_typical``, what 95% of true translations reach): ``missing`` (English
  member) or ``added`` (Korean member), warning;
* it matches the other side only about as well as a sentence on the same topic does
  (its own cosine is below ``true_typical``), it adds little, the rest of the link alone
  scores like a translation, and the lengths say the same: with it its side is much
  longer than the other side's usual length (``MEMBER_LONG_Z``), without it the lengths
  fit better: ``missing``/``added`` as above. This is an orphan the aligner glued to a
  neighbour about the same event; the length evidence is what tells it from an honest
  member that translates a short clause of the other side. An English member that opens
  in lower case is the rest of a sentence broken across lines, not a sentence of its own,
  and is left out of this rule;
* its numbers say it is not translated: every number it writes with digits has no
  counterpart anywhere on the other side (``numbers.compare``), it adds little to the
  match (gain below ``MEMBER_NUMBER_MAX_GAIN_SPREADS``) and it is no close translation
  (similarity below ``true_good``): ``missing``/``added`` as above. The embedding alone
  cannot tell an orphan about the same event from an honest member (both score like
  same-story sentences under USE); a sentence whose figures the other side never
  mentions is not a translation of it ("29일 만료되는 8월 인도분은 배럴당 127.95달러에
  거래됐다." glued to "Light, sweet crude for September delivery dropped $3.98 ...").
* in a 2-2 link, one pair of sentences in the same position translates and the other
  pair scores like unrelated sentences: ``meaning`` warning on that pair (a sentence
  replaced by another one);
* its own similarity is below what true translations reach, it adds little, the rest of
  the link alone already scores like a good translation (``true_good``), and it is much
  shorter than the part of the other side it matches best: ``meaning`` warning, a
  garbled or partial fragment (seed 004: "미국의 서비스 멤버 전쟁이 남아있다." for "...
  repatriation of US service members' war remains").

A ``missing``/``added`` member finding replaces the link's ``partial`` finding in the same
direction (an English member without counterpart is why "the Korean translates only part
of the English"): it names the sentence instead of a span the part search guessed. A side
that breaks off mid-phrase keeps its ``partial`` finding: a cut-off sentence is a fault of
its own, and its shortness is what makes a neighbouring member look unmatched.

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

from ..model import Evidence, Finding
from . import numbers
from .base import JOIN, LinkContext
from .calibration import LOG_RATIO_SD, Calibration, length_z, nonspace_length

if TYPE_CHECKING:
    from . import EmbeddedDocument

EMBEDDED_KINDS = ("partial", "meaning", "missing", "added")

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

# Members of merged links. A member "adds little" (the garbled-fragment rule) when the link
# scores less than this many spreads (``Calibration.spread``) above the link without it:
# honest members of the merged links in benchmarks/drift.py add a median of 0.17 spreads,
# sentences glued in without a counterpart a median of slightly below 0.
MEMBER_MAX_GAIN_SPREADS = 0.1
# A member at least this many standard deviations of the length model shorter than the
# part of the other side it matches best covers only part of it.
MEMBER_SHORT_Z = -2.0
# A member whose side is at least this many standard deviations longer than usual for the
# other side (and closer to usual without it) is extra length. Under the length model
# ~7% of true links are this long on one side; the similarity conditions that come with
# it leave out the honest ones (no new finding on the untouched links of
# benchmarks/drift.py outside the hand-checked mispaired lines).
MEMBER_LONG_Z = 1.5
# Every member finding's message opens with this (reports and benchmarks can tell them
# from findings about a whole link).
MEMBER_OPENING = "in this merged link"
# The number rule for members: the largest gain (in spreads) a member whose numbers the
# other side lacks may bring and still be called an orphan. The two honest members of
# audited-clean dev lines that carry unmatched numbers add 0.18 and 0.42 spreads (both
# variants); the orphans glued to a same-event neighbour that it catches add under 0.14.
MEMBER_NUMBER_MAX_GAIN_SPREADS = 0.17

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
    """Whether a Korean side ends like a sentence: final punctuation, a final ending, or
    the headline ending -ㄹ 듯."""
    # A final ending followed by a stray comma ("착수했다,") still closes the sentence.
    stripped = text.rstrip(_CLOSERS + ",;")
    if not stripped:
        return False
    if stripped[-1] in _SENTENCE_END:
        return True
    from ..korean import morphemes

    tokens = morphemes(stripped[-40:])
    if len(tokens) >= 2 and tokens[-1].form == "듯" and tokens[-2].tag == "ETM":
        return True  # the headline conjecture ending "-ㄹ 듯" (만날듯: "expected to meet")
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


def partial_findings(
    ctx: LinkContext,
    cov: Coverage,
    calibration: Calibration,
    orphan_sides: frozenset[str] = frozenset(),
) -> list[Finding]:
    """The ``partial`` finding of one link (at most one), from its coverage figures.

    ``orphan_sides`` holds the sides ("en", "ko") on which a member sentence of this merged
    link is already reported ``missing``/``added``; a partial finding in that direction
    from length and coverage gain would say the same less precisely, so none is made. A
    side that breaks off mid-phrase is still reported: that is a different, specific fault.
    """
    en_text, ko_text = ctx.en_text, ctx.ko_text
    en_long_enough = nonspace_length(en_text) >= MIN_PARTIAL_CHARS_EN
    ko_long_enough = nonspace_length(ko_text) >= MIN_PARTIAL_CHARS_KO
    # The Korean's length as a percentage of the usual length for this English, for messages.
    ratio = 100 * float(np.exp(cov.length_z * LOG_RATIO_SD))

    # The Korean covers only part of the English.
    short = cov.short_score(calibration.spread)
    ko_breaks_off = cov.en_complete and not cov.ko_complete and cov.length_z <= KO_BREAK_OFF_MAX_Z
    short_explained = "en" in orphan_sides and not ko_breaks_off
    if not short_explained and en_long_enough and (short >= PARTIAL_INFO or ko_breaks_off):
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
    long_explained = "ko" in orphan_sides and not en_breaks_off
    if not long_explained and ko_long_enough and (long >= REVERSE_PARTIAL_INFO or en_breaks_off):
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


# ---------------------------------------------------------------------------- members of merged links

# Space after a full stop (or ?, !, …), or after a closing quote that follows one.
_SENTENCE_BREAK = re.compile(
    r"(?<=[.?!\u2026\u3002])\s+|(?<=[.?!\u2026\u3002][\"'\u201d\u2019])\s+"
)


def is_merged(ctx: LinkContext) -> bool:
    """Whether a link with both sides present has more than one sentence on a side."""
    return bool(ctx.link.en and ctx.link.ko) and (len(ctx.link.en) > 1 or len(ctx.link.ko) > 1)


def other_side_parts(sentences: Sequence[str], lang: str) -> list[str]:
    """What a member may translate on the other side: that side's sentences, the sentences
    inside them (a sentence the splitter left whole), and the parts ``cut_parts`` makes."""
    pieces = [p.strip() for text in sentences for p in _SENTENCE_BREAK.split(text) if p.strip()]
    parts = (pieces if len(pieces) > 1 else []) + [
        p.text_kept for p in cut_parts(JOIN.join(sentences), lang)
    ]
    return list(dict.fromkeys(parts))


def _rest(texts: Sequence[str], k: int) -> str:
    return JOIN.join(t for i, t in enumerate(texts) if i != k)


def member_texts(ctx: LinkContext) -> list[str]:
    """Every text ``member_findings`` looks up for one merged link (body sentences only)."""
    en = [s.text for s in ctx.en]
    ko = [s.text for s in ctx.ko]
    texts: list[str] = []
    for members, others, other_lang in ((en, ko, "ko"), (ko, en, "en")):
        if len(members) > 1:
            texts += members + [_rest(members, k) for k in range(len(members))]
            texts += other_side_parts(others, other_lang)
    return texts


@dataclass(frozen=True, slots=True)
class Member:
    """What the member check measured for one sentence of a merged link."""

    lang: str  # "en" or "ko": the side of the member
    position: int  # among the link's sentences on that side
    text: str
    similarity: float  # with the whole other side
    rest_similarity: float  # the link without this member, with the whole other side
    gain: float  # link similarity minus rest_similarity
    best_part: str  # the part of the other side it matches best
    best_similarity: float
    length_z: float  # calibration.length_z of the whole link (Korean longer: +)
    rest_length_z: float  # the same for the link without this member

    def side_longer_z(self, z: float) -> float:
        """``z`` turned round so that + means the member's side is the longer one."""
        return z if self.lang == "ko" else -z

    @property
    def extra_length(self) -> bool:
        """Whether its side is much longer than usual with it and closer to usual without."""
        with_it = self.side_longer_z(self.length_z)
        without = self.side_longer_z(self.rest_length_z)
        return with_it >= MEMBER_LONG_Z and abs(without) < with_it


def measure_members(ctx: LinkContext, vector) -> list[Member]:
    """Member figures of one merged link; ``vector(text)`` embeds any text of ``member_texts``."""
    en = [s.text for s in ctx.en]
    ko = [s.text for s in ctx.ko]
    link_similarity = float(vector(ctx.en_text) @ vector(ctx.ko_text))
    link_length_z = length_z(ctx.en_text, ctx.ko_text)
    out: list[Member] = []
    for lang, members, others, other_lang in (("en", en, ko, "ko"), ("ko", ko, en, "en")):
        if len(members) < 2:
            continue
        other_text = JOIN.join(others)
        other_vec = vector(other_text)
        candidates = [other_text] + other_side_parts(others, other_lang)
        candidate_vecs = np.stack([vector(t) for t in candidates])
        for k, text in enumerate(members):
            member_vec = vector(text)
            rest = _rest(members, k)
            rest_similarity = float(vector(rest) @ other_vec)
            scores = candidate_vecs @ member_vec
            best = int(np.argmax(scores))
            out.append(
                Member(
                    lang=lang,
                    position=k,
                    text=text,
                    similarity=float(member_vec @ other_vec),
                    rest_similarity=rest_similarity,
                    gain=link_similarity - rest_similarity,
                    best_part=candidates[best],
                    best_similarity=float(scores[best]),
                    length_z=link_length_z,
                    rest_length_z=(
                        length_z(rest, other_text) if lang == "en" else length_z(other_text, rest)
                    ),
                )
            )
    return out


def _member_evidence(ctx: LinkContext, lang: str, position: int):
    sentences = ctx.en if lang == "en" else ctx.ko
    start = sum(len(s.text) + len(JOIN) for s in sentences[:position])
    end = start + len(sentences[position].text)
    return ctx.en_evidence(start, end) if lang == "en" else ctx.ko_evidence(start, end)


def _continues_sentence(member: Member) -> bool:
    """Whether an English member opens in lower case: the rest of a sentence broken across
    lines, whose translation is part of the Korean sentence of its first half rather than
    a sentence of its own (dev corpus: "... are Tibetan separatists, who ..." / "members of
    the banned Falun Gong spiritual movement and unemployed workers.")."""
    first = re.search(r"[^\W\d_]", member.text)
    return member.lang == "en" and member.position > 0 and bool(first) and first.group().islower()


def _shorter_than_part(member: Member) -> bool:
    """Whether the member is much shorter than the part of the other side it matches best."""
    if member.lang == "ko":
        z = length_z(member.best_part, member.text)
    else:  # an English member short for its Korean part: the Korean is long for it
        z = -length_z(member.text, member.best_part)
    return z <= MEMBER_SHORT_Z


def unmatched_numbers(member: Member, other_text: str) -> list[str]:
    """The digit-written numbers of ``member``, when none of them has a counterpart in
    ``other_text`` (a warning or error of the number check); else an empty list."""
    if member.lang == "en":
        written = numbers.english_quantities(member.text)
        mismatches = numbers.compare(member.text, other_text)
        open_spans = {
            (m.en.start, m.en.end) for m in mismatches if m.en is not None and m.severity != "info"
        }
    else:
        written = numbers.korean_quantities(member.text)
        mismatches = numbers.compare(other_text, member.text)
        open_spans = {
            (m.ko.start, m.ko.end) for m in mismatches if m.ko is not None and m.severity != "info"
        }
    written = [q for q in written if not q.match_only and any(c.isdigit() for c in q.text)]
    if written and all((q.start, q.end) in open_spans for q in written):
        return [q.text for q in written]
    return []


def member_findings(ctx: LinkContext, vector, calibration: Calibration) -> list[Finding]:
    """Findings about single sentences of a merged link (see the module docstring)."""
    max_gain = MEMBER_MAX_GAIN_SPREADS * calibration.spread
    number_max_gain = MEMBER_NUMBER_MAX_GAIN_SPREADS * calibration.spread
    out: list[Finding] = []
    explained: set[tuple[str, int]] = set()

    # 2-2: two pairs side by side, one of which does not translate.
    if len(ctx.link.en) == 2 and len(ctx.link.ko) == 2:
        pairs = [(ctx.en[k].text, ctx.ko[k].text) for k in range(2)]
        scores = [float(vector(e) @ vector(k)) for e, k in pairs]
        low = int(np.argmin(scores))
        if (
            scores[1 - low] >= calibration.true_typical
            and scores[low] < calibration.meaning_warning
        ):
            en_text, ko_text = pairs[low]
            message = (
                f"{MEMBER_OPENING}, the Korean {_quote(ko_text)} says something else than the "
                f"English {_quote(en_text, 120)} (similarity {scores[low]:.2f}; the other pair of "
                f"sentences matches at {scores[1 - low]:.2f})"
            )
            out.append(
                Finding(
                    "meaning",
                    "warning",
                    message,
                    en=_member_evidence(ctx, "en", low),
                    ko=_member_evidence(ctx, "ko", low),
                )
            )
            explained |= {("en", low), ("ko", low)}

    for member in measure_members(ctx, vector):
        if (member.lang, member.position) in explained:
            continue
        evidence = _member_evidence(ctx, member.lang, member.position)
        side = "English" if member.lang == "en" else "Korean"
        other = "Korean" if member.lang == "en" else "English"
        other_text = ctx.ko_text if member.lang == "en" else ctx.en_text
        kind = "missing" if member.lang == "en" else "added"
        en_ev, ko_ev = (evidence, None) if member.lang == "en" else (None, evidence)
        if member.best_similarity < calibration.true_typical:
            # Nothing on the other side reads as its translation.
            message = (
                f"{MEMBER_OPENING}, the {side} sentence {_quote(member.text)} has no {other} "
                f"counterpart: no part of the {other} matches it as a translation would "
                f"(similarity \u2264 {member.best_similarity:.2f}; true translations usually "
                f"score \u2265 {calibration.true_typical:.2f}); the {other} says only "
                f"{_quote(other_text)}"
            )
            out.append(Finding(kind, "warning", message, en=en_ev, ko=ko_ev))
        elif (
            member.similarity < calibration.true_typical
            and member.gain < max_gain
            and member.rest_similarity >= calibration.true_typical
            and member.extra_length
            and not _continues_sentence(member)
        ):
            # Same topic as the rest, but it adds nothing to the match and is extra length.
            with_it = 100 * float(np.exp(member.length_z * LOG_RATIO_SD))
            without = 100 * float(np.exp(member.rest_length_z * LOG_RATIO_SD))
            message = (
                f"{MEMBER_OPENING}, the {side} sentence {_quote(member.text)} has no {other} "
                f"counterpart: it adds nothing to the match (similarity "
                f"{member.similarity:.2f} with the {other}; the rest of the {side} alone "
                f"scores {member.rest_similarity:.2f}) and the Korean is {with_it:.0f}% of "
                f"the usual length for the English with it, {without:.0f}% without it; the "
                f"{other} says only {_quote(other_text)}"
            )
            out.append(Finding(kind, "warning", message, en=en_ev, ko=ko_ev))
        elif (
            member.gain < number_max_gain
            and member.similarity < calibration.true_good
            and (lonely := unmatched_numbers(member, other_text))
        ):
            # The numbers it states appear nowhere on the other side.
            listed = ", ".join(f'"{t}"' for t in lonely)
            message = (
                f"{MEMBER_OPENING}, the {side} sentence {_quote(member.text)} has no {other} "
                f"counterpart: the {other} has none of its numbers ({listed}) and the sentence "
                f"adds little to the match (similarity {member.similarity:.2f} with the "
                f"{other}; the rest of the {side} alone scores {member.rest_similarity:.2f}); "
                f"the {other} says only {_quote(other_text)}"
            )
            out.append(Finding(kind, "warning", message, en=en_ev, ko=ko_ev))
        elif (
            member.gain < max_gain
            and member.similarity < calibration.true_typical
            and member.rest_similarity >= calibration.true_good
            and _shorter_than_part(member)
        ):
            message = (
                f"{MEMBER_OPENING}, the {side} sentence {_quote(member.text)} may be garbled or "
                f"mistranslated: it adds little (similarity {member.similarity:.2f} with the "
                f"{other}; the rest of the {side} alone scores {member.rest_similarity:.2f}) and is "
                f"much shorter than the {other} it matches best, {_quote(member.best_part)}"
            )
            out.append(
                Finding(
                    "meaning",
                    "warning",
                    message,
                    en=evidence if member.lang == "en" else ctx.en_evidence(),
                    ko=evidence if member.lang == "ko" else ctx.ko_evidence(),
                )
            )
    return out


# ---------------------------------------------------------------------------- family hooks


def _unlinked_finding(body: LinkContext) -> Finding | None:
    """``missing`` or ``added`` for a body context with sentences on one side only."""
    if body.link.en and not body.link.ko:
        text = body.en_text
        severity = "warning" if _looks_like_fragment(text) else "error"
        message = f"no Korean counterpart for the English {_quote(text)}"
        return Finding("missing", severity, message, en=body.en_evidence())
    if body.link.ko and not body.link.en:
        message = f"the Korean adds {_quote(body.ko_text)}, which has no English counterpart"
        return Finding("added", "warning", message, ko=body.ko_evidence())
    return None


# When the aligner leaves a sentence unlinked next to a link holding its neighbour, the
# neighbour may be the one without a counterpart: a dropped sentence's partner is often
# about the same event as the sentence after it, and the aligner's margin scores can pick
# either. If the unlinked sentence matches the neighbouring link's other side within this
# many spreads of the linked neighbour (and at least like a typical translation), the two
# are as good as tied and the report names both sentences as candidates. (Drift benchmark,
# dropped sentences: at 0.06 spreads (0.034 under USE) about as many findings name the
# right orphan plus a neighbour as name the orphan the aligner got wrong; at 0.18, three
# times as many hedge a right answer as rescue a wrong one.)
AMBIGUOUS_NULL_SPREADS = 0.06
# How a two-candidate finding's message goes on after the plain one.
TWO_CANDIDATES = "or the neighbouring"


@dataclass(frozen=True, slots=True)
class _Alternative:
    neighbour: LinkContext  # body context of the link holding the neighbouring sentence
    lang: str  # side of the unlinked sentence and of its neighbour
    linked: float  # cosine of the neighbour with the link's other side
    alternative: float  # cosine of the unlinked sentence with that other side
    # When the numbers decided it (see _numbers_point_to): the unlinked sentence's numbers,
    # all of which the link's other side has, while the linked neighbour's disagree.
    shared_numbers: tuple[str, ...] = ()


def _numbers_point_to(own: str, linked: str, other: str, lang: str) -> tuple[str, ...]:
    """The digit-written numbers of ``own`` when they say that ``own`` rather than
    ``linked`` (both on side ``lang``) is the translation of ``other``: ``own`` and
    ``other`` agree on every number (at least one written with digits, none missing on
    either side), while ``linked`` and ``other`` disagree on at least one. The embedding
    can prefer a same-story sentence to the real translation ("Light, sweet crude oil for
    August delivery settled up $2.16 to $131.04 a barrel." scores 0.30 with the next
    Korean sentence, 0.24 with its own, which has both prices); the figures cannot."""

    def disagree(text: str) -> bool:
        en_text, ko_text = (text, other) if lang == "en" else (other, text)
        return any(m.severity != "info" for m in numbers.compare(en_text, ko_text))

    read = numbers.english_quantities if lang == "en" else numbers.korean_quantities
    written = [q.text for q in read(own) if not q.match_only and any(c.isdigit() for c in q.text)]
    if not written or disagree(own) or not disagree(linked):
        return ()
    return tuple(written)


def _alternative(doc: EmbeddedDocument, body: LinkContext) -> _Alternative | None:
    """A neighbouring link whose other side the unlinked sentence of ``body`` matches about
    as well as the sentence linked there (see AMBIGUOUS_NULL_SPREADS)."""
    calibration = doc.calibration
    lang = "en" if body.link.en else "ko"
    (index,) = body.link.en or body.link.ko
    own = body.en_text or body.ko_text
    if calibration is None or own not in doc.vectors:
        return None
    best: _Alternative | None = None
    for other_index in (body.index - 1, body.index + 1):
        if not 0 <= other_index < len(doc.contexts):
            continue
        neighbour = body_context(doc.contexts[other_index])
        mine = neighbour.link.en if lang == "en" else neighbour.link.ko
        theirs_text = neighbour.ko_text if lang == "en" else neighbour.en_text
        mine_text = neighbour.en_text if lang == "en" else neighbour.ko_text
        if len(mine) != 1 or abs(mine[0] - index) != 1 or not theirs_text:
            continue
        if theirs_text not in doc.vectors or mine_text not in doc.vectors:
            continue
        linked = doc.similarity(mine_text, theirs_text)
        alternative = doc.similarity(own, theirs_text)
        tied = (
            alternative >= calibration.true_typical
            and alternative >= linked - AMBIGUOUS_NULL_SPREADS * calibration.spread
        )
        if tied:
            candidate = _Alternative(neighbour, lang, linked, alternative)
        elif shared := _numbers_point_to(own, mine_text, theirs_text, lang):
            candidate = _Alternative(neighbour, lang, linked, alternative, shared)
        else:
            continue
        if best is None or _preferred(candidate, best):
            best = candidate
    return best


def _preferred(candidate: _Alternative, best: _Alternative) -> bool:
    """Of two neighbouring alternatives: the one the numbers decided, else the closer tie."""
    if bool(candidate.shared_numbers) != bool(best.shared_numbers):
        return bool(candidate.shared_numbers)
    return candidate.alternative - candidate.linked > best.alternative - best.linked


def _either_evidence(body: LinkContext, alt: _Alternative):
    """Evidence spanning the unlinked sentence and its neighbour (they are adjacent)."""
    sentences = body.en + alt.neighbour.en if alt.lang == "en" else body.ko + alt.neighbour.ko
    side = body.en_side if alt.lang == "en" else body.ko_side
    start = min(s.start for s in sentences)
    end = max(s.end for s in sentences)
    return Evidence(start, end, side.doc.text[start:end])


def null_findings(doc: EmbeddedDocument) -> list[Finding]:
    """``missing``/``added`` for every unlinked body sentence; when its neighbour may be the
    sentence without a counterpart instead, the finding names both and its evidence spans
    the two sentences."""
    out: list[Finding] = []
    for ctx in doc.contexts:
        body = body_context(ctx)
        finding = _unlinked_finding(body)
        if finding is None:
            continue
        alt = _alternative(doc, body)
        if alt is not None:
            side, other = ("English", "Korean") if alt.lang == "en" else ("Korean", "English")
            neighbour_text = alt.neighbour.en_text if alt.lang == "en" else alt.neighbour.ko_text
            linked_to = alt.neighbour.ko_text if alt.lang == "en" else alt.neighbour.en_text
            if alt.shared_numbers:
                listed = ", ".join(f'"{t}"' for t in alt.shared_numbers)
                reason = (
                    f"has the numbers of the unlinked sentence ({listed}) and disagrees with "
                    f"the linked one on its numbers"
                )
            else:
                reason = (
                    f"matches the unlinked sentence about as well ({alt.alternative:.2f} "
                    f"against {alt.linked:.2f})"
                )
            message = (
                f"{finding.message}; {TWO_CANDIDATES} {side} sentence "
                f"{_quote(neighbour_text, 120)} is the one without a counterpart: the {other} "
                f"it is linked to, {_quote(linked_to, 120)}, {reason}, so one of the two "
                f"translates nothing"
            )
            evidence = _either_evidence(body, alt)
            finding = replace(
                finding,
                message=message,
                en=evidence if alt.lang == "en" else None,
                ko=evidence if alt.lang == "ko" else None,
            )
        out.append(replace(finding, link=ctx.index))
    return out


def texts_to_embed(contexts: Sequence[LinkContext], skip: frozenset[str]) -> Iterable[str]:
    if set(EMBEDDED_KINDS) <= skip:
        return []
    members_wanted = not {"meaning", "missing", "added"} <= skip
    texts: list[str] = []
    for ctx in contexts:
        body = body_context(ctx)
        if not (body.link.en and body.link.ko):
            continue
        if "partial" in skip:
            texts += [body.en_text, body.ko_text]
        else:
            texts += texts_for(body.en_text, body.ko_text)
        if members_wanted and is_merged(body):
            texts += member_texts(body)
    return texts


def check_embedded(doc: EmbeddedDocument) -> list[Finding]:
    """``missing``/``added`` for unlinked sentences, ``partial`` and ``meaning`` for every
    link with body text on both sides, and the member findings of merged links."""
    out: list[Finding] = null_findings(doc)
    if doc.calibration is None:
        return out
    for ctx in doc.contexts:
        body = body_context(ctx)
        if not (body.link.en and body.link.ko):
            continue
        found: list[Finding] = []
        similarity = float(doc.vector(body.en_text) @ doc.vector(body.ko_text))
        # A link that as a whole says something else needs no finding per member.
        members: list[Finding] = []
        if is_merged(body) and similarity >= doc.calibration.meaning_warning:
            members = [
                f
                for f in member_findings(body, doc.vector, doc.calibration)
                if f.kind not in doc.skip
            ]
        orphan_sides = frozenset(
            {"missing": "en", "added": "ko"}[f.kind]
            for f in members
            if f.kind in ("missing", "added")
        )
        if "partial" not in doc.skip:
            cov = measure(body.en_text, body.ko_text, doc.vector)
            found += partial_findings(body, cov, doc.calibration, orphan_sides)
        if "meaning" not in doc.skip:
            explained = any(f.severity != "info" for f in found)
            # A sentence cut in half scores low too; partial already says what is wrong,
            # unless the score is as low as unrelated sentences get.
            if not explained or similarity < doc.calibration.meaning_error:
                found += meaning_findings(body, similarity, doc.calibration)
        found += members
        out += [replace(f, link=ctx.index) for f in found]
    return out


__all__ = [
    "EMBEDDED_KINDS",
    "MEMBER_OPENING",
    "TWO_CANDIDATES",
    "Coverage",
    "Member",
    "Part",
    "body_context",
    "check_embedded",
    "cut_parts",
    "is_merged",
    "meaning_findings",
    "measure",
    "measure_members",
    "member_findings",
    "member_texts",
    "null_findings",
    "other_side_parts",
    "partial_findings",
    "texts_for",
    "texts_to_embed",
]
