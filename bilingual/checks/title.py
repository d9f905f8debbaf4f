"""``title``: the article title is checked on its own, and more strictly than body text.

A title that is missing from the Korean, or linked to Korean body text, is an error
("title not translated"). A Korean title whose similarity to the English title is below
the level of unrelated sentences is an error ("says something else"); one below what
95% of true translations reach is a warning. A Korean title the English does not have
is a warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import Evidence, Finding
from .base import LinkContext

if TYPE_CHECKING:
    from . import EmbeddedDocument

EMBEDDED_KINDS = ("title",)


def _quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return f'"{text}"'


def title_context(ctx: LinkContext) -> LinkContext:
    """``ctx`` restricted to its title sentences on both sides."""
    en = tuple(i for i in ctx.link.en if ctx.en_side.sentences[i].kind == "title")
    ko = tuple(i for i in ctx.link.ko if ctx.ko_side.sentences[i].kind == "title")
    return replace(ctx, link=replace(ctx.link, en=en, ko=ko, findings=()), similarity=None)


def _side_titles(sentences) -> list:
    return [s for s in sentences if s.kind == "title"]


def check_link(ctx: LinkContext) -> list[Finding]:
    """Titles without a counterpart title (no similarity needed)."""
    if not ctx.is_title:
        return []
    titles = title_context(ctx)
    if titles.link.en and not titles.link.ko:
        english = titles.en_text
        korean_titles = _side_titles(ctx.ko_side.sentences)
        ko_evidence = ctx.ko_evidence()
        if korean_titles:
            detail = f"the Korean title {_quote(korean_titles[0].text)} does not match it"
            if ko_evidence is None:
                first = korean_titles[0]
                ko_evidence = Evidence(first.start, first.end, first.text)
        elif ctx.link.ko:
            detail = (
                f"the Korean has no title; it is linked to Korean body text {_quote(ctx.ko_text)}"
            )
        else:
            detail = "the Korean has no title"
        message = f"title not translated: the English title {_quote(english)} has no Korean counterpart; {detail}"
        return [Finding("title", "error", message, en=titles.en_evidence(), ko=ko_evidence)]
    if titles.link.ko and not titles.link.en and not _side_titles(ctx.en_side.sentences):
        # When the English has a title of its own, the finding above already names both.
        message = f"the Korean has a title the English does not have: {_quote(titles.ko_text)}"
        return [Finding("title", "warning", message, ko=titles.ko_evidence())]
    return []


def texts_to_embed(contexts: Sequence[LinkContext], skip: frozenset[str]) -> Iterable[str]:
    texts: list[str] = []
    for ctx in contexts:
        if ctx.is_title:
            titles = title_context(ctx)
            if titles.link.en and titles.link.ko:
                texts += [titles.en_text, titles.ko_text]
    return texts


def check_embedded(doc: EmbeddedDocument) -> list[Finding]:
    """Linked titles whose similarity says the Korean title is something else."""
    calibration = doc.calibration
    if calibration is None:
        return []
    out: list[Finding] = []
    for ctx in doc.contexts:
        if not ctx.is_title:
            continue
        titles = title_context(ctx)
        if not (titles.link.en and titles.link.ko):
            continue
        similarity = doc.similarity(titles.en_text, titles.ko_text)
        if similarity >= calibration.true_typical:
            continue
        if similarity < calibration.meaning_warning:
            severity, opening = "error", "title mistranslated: the Korean title says something else"
        else:
            severity, opening = "warning", "the Korean title may not translate the English title"
        message = (
            f"{opening} (similarity {similarity:.2f}; true translations usually score "
            f"\u2265 {calibration.true_typical:.2f}): Korean {_quote(titles.ko_text)}, "
            f"English {_quote(titles.en_text)}"
        )
        out.append(
            Finding(
                "title",
                severity,
                message,
                en=titles.en_evidence(),
                ko=titles.ko_evidence(),
                link=ctx.index,
            )
        )
    return out
