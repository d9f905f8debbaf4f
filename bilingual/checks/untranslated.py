"""``untranslated``: English left in the Korean version, and Korean left in the English.

Names, acronyms and the original-language glosses Korean news puts in parentheses
(``국립허리케인센터(National Hurricane Center, NHC)``) are normal and not reported. What
is reported:

* a Korean sentence that is a copy of the English one (error);
* a Korean sentence written entirely in English (error);
* a stretch of running English inside Korean text, outside parentheses: at least
  ``MIN_RUN_WORDS`` words of which at least ``MIN_LOWERCASE_WORDS`` are lower-case and one
  is more than a name connector ("of", "and", ...), which separates "Bush to ask for
  additional aid" from "Museum of Applied Arts" (warning);
* Korean words in the English text beyond a short quoted or bracketed term (warning).
"""

from __future__ import annotations

import re

from ..model import Finding
from .base import JOIN, LinkContext

MIN_RUN_WORDS = 4
MIN_LOWERCASE_WORDS = 3
# Hangul words in English text are tolerated inside quotes/brackets up to this many.
MAX_QUOTED_HANGUL_WORDS = 2

# Lower-case words that occur inside proper names and titles.
_NAME_CONNECTORS = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "de",
        "la",
        "le",
        "du",
        "des",
        "del",
        "di",
        "da",
        "von",
        "van",
        "der",
        "den",
        "al",
        "el",
        "bin",
        "on",
        "in",
        "at",
        "to",
        "a",
        "an",
        "y",
        "e",
        "et",
        "und",
    ]
)
# A Latin-script word, with quotes glued to it ("'to stay'") kept as part of the word.
_LATIN_WORD = r"['\u2018\u201c\"]?[A-Za-z][A-Za-z0-9'\u2019\u201d\".\-&]*"
_LATIN_RUN = re.compile(
    rf"[$]?{_LATIN_WORD}(?:[ ,:;]+(?:[$]?{_LATIN_WORD}|[$]?[0-9][0-9.,%]*[A-Za-z]*))*"
)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+(?:[\s,]+[\uac00-\ud7a3]+)*")
_BRACKETS = {"(": ")", "[": "]", "{": "}", "\uff08": "\uff09"}
_QUOTES = {'"': '"', "\u201c": "\u201d", "'": "'", "\u2018": "\u2019", "\u300c": "\u300d"}


def _quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return f'"{text}"'


def _enclosed(text: str, pairs: dict[str, str]) -> list[bool]:
    """For each character, whether it lies inside one of the bracket/quote ``pairs``."""
    inside = [False] * len(text)
    stack: list[str] = []
    for i, ch in enumerate(text):
        if stack and ch == stack[-1]:
            stack.pop()
            inside[i] = True
            continue
        if ch in pairs and not (pairs[ch] == ch and stack and stack[-1] == ch):
            stack.append(pairs[ch])
        inside[i] = bool(stack)
    if stack:  # an unclosed bracket: do not let it hide the rest of the sentence
        return [False] * len(text)
    return inside


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _is_running_english(words: list[str]) -> bool:
    alpha = [w.lstrip("'\u2018\u201c\"") for w in words]
    alpha = [w for w in alpha if w[:1].isalpha()]
    lower = [w for w in alpha if w[0].islower()]
    return (
        len(alpha) >= MIN_RUN_WORDS
        and len(lower) >= MIN_LOWERCASE_WORDS
        and any(w.strip(".,'\u2019").lower() not in _NAME_CONNECTORS for w in lower)
    )


def english_runs(korean: str) -> list[tuple[int, int]]:
    """Spans of running English in a Korean text, outside brackets."""
    in_brackets = _enclosed(korean, _BRACKETS)
    spans = []
    for match in _LATIN_RUN.finditer(korean):
        start, end = match.span()
        if in_brackets[start]:
            continue
        words = match.group(0).replace(",", " ").split()
        if _is_running_english(words):
            spans.append((start, end))
    return spans


def hangul_runs(english: str) -> list[tuple[int, int]]:
    """Spans of Korean words in an English text beyond short quoted or bracketed terms."""
    enclosed = _enclosed(english, {**_BRACKETS, **_QUOTES})
    spans = []
    for match in _HANGUL_RUN.finditer(english):
        start, end = match.span()
        n_words = len(match.group(0).replace(",", " ").split())
        if enclosed[start] and n_words <= MAX_QUOTED_HANGUL_WORDS:
            continue
        spans.append((start, end))
    return spans


def _sentence_offsets(sentences) -> list[int]:
    """Offset of each sentence inside the link's joined text."""
    offsets, pos = [], 0
    for sent in sentences:
        offsets.append(pos)
        pos += len(sent.text) + len(JOIN)
    return offsets


def check_link(ctx: LinkContext) -> list[Finding]:
    out: list[Finding] = []
    en_norm = _normalise(ctx.en_text) if ctx.en else ""
    for sent, offset in zip(ctx.ko, _sentence_offsets(ctx.ko)):
        text = sent.text
        latin_words = re.findall(_LATIN_WORD, text)
        ko_ev = ctx.ko_evidence(offset, offset + len(text))
        if (
            len(latin_words) >= 3
            and en_norm
            and _normalise(text) in (en_norm,) + tuple(_normalise(s.text) for s in ctx.en)
        ):
            message = f"the Korean is a copy of the English, not a translation: {_quote(text)}"
            out.append(Finding("untranslated", "error", message, en=ctx.en_evidence(), ko=ko_ev))
            continue
        if not _HANGUL.search(text):
            if _is_running_english(latin_words):
                message = f"the Korean sentence is in English: {_quote(text)}"
                out.append(
                    Finding("untranslated", "error", message, en=ctx.en_evidence(), ko=ko_ev)
                )
            continue
        for start, end in english_runs(text):
            fragment = text[start:end]
            message = f"English left untranslated in the Korean: {_quote(fragment)} in {_quote(text, 120)}"
            ev = ctx.ko_evidence(offset + start, offset + end)
            out.append(Finding("untranslated", "warning", message, en=ctx.en_evidence(), ko=ev))
    for sent, offset in zip(ctx.en, _sentence_offsets(ctx.en)):
        spans = hangul_runs(sent.text)
        if not spans:
            continue
        start, end = spans[0][0], spans[-1][1]
        fragment = sent.text[start:end]
        message = f"Korean left in the English: {_quote(fragment)} in {_quote(sent.text, 120)}"
        ev = ctx.en_evidence(offset + start, offset + end)
        out.append(Finding("untranslated", "warning", message, en=ev, ko=ctx.ko_evidence()))
    return out
