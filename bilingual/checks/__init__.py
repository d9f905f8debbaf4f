"""The drift checks and the runner that applies all of them to an aligned document pair.

Each check family is a module listed in ``FAMILIES`` with the kinds it emits. A family
module provides any of

* ``check_link(ctx: LinkContext) -> list[Finding]`` — findings about one link
  (the runner sets ``Finding.link``);
* ``check_document(en, ko, links, contexts) -> list[Finding]`` — findings that need the
  whole document; a finding with ``link`` set is attached to that link, one with
  ``link=None`` is a document-level finding;
* ``texts_to_embed(contexts, skip) -> Iterable[str]`` and
  ``check_embedded(doc: EmbeddedDocument) -> list[Finding]`` — for checks that compare
  embeddings, with ``EMBEDDED_KINDS`` naming the kinds ``check_embedded`` emits. The
  runner collects every family's texts, adds the link texts, and embeds them in ONE
  encoder call; ``doc.vector(text)`` then returns any of them. When every embedded kind
  is skipped nothing is embedded at all.

``run_checks`` returns the finished ``Alignment``: per-link findings attached to their
links (sorted by severity, then kind), document-level findings, and a signature that
records the encoder, the check settings and the similarity calibration used.

One severity is settled across families: a number that only the Korean gives, in a link
whose sides otherwise read as a translation (similarity at or above what 95% of true
translations reach) and whose English has no number of that kind it could have been
changed from, is reported as ``info`` (``number_detail``). Korean news routinely adds such detail (the date for
"Tuesday", the typhoon's number, "3가지" for "these choices"); a number the English
gives and the Korean drops, or two numbers that differ, keep their severity.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from types import ModuleType
from typing import Literal

import numpy as np

from ..corpus import KNOWN_KINDS  # the one list of finding kinds (the CLI reads it without numpy)
from ..encoders.base import encoder_signature
from ..errors import ConfigError
from ..model import SEVERITY_RANK, Alignment, Finding, Link, Side
from .base import LinkContext
from .calibration import Calibration, for_model, from_document

# Check families, in the order their findings are produced, with the finding kinds each
# one emits (a family whose kinds are all skipped is not run at all). Together they emit
# exactly corpus.KNOWN_KINDS, the list `skip` is validated against.
FAMILIES: dict[str, tuple[str, ...]] = {
    "bilingual.checks.coverage": ("missing", "added", "partial", "meaning"),
    "bilingual.checks.title": ("title",),
    "bilingual.checks.untranslated": ("untranslated",),
    "bilingual.checks.numbers": ("number",),
    "bilingual.checks.names": ("name",),
}
# Families still being written, skipped while their module does not exist yet (list a new
# family here until its module lands). Any other import error, including one raised inside
# a listed module that does exist, propagates. Every family exists now, so this is empty.
UNDER_CONSTRUCTION: frozenset[str] = frozenset()



@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Settings of the checks (recorded in ``Alignment.signature``).

    calibration: "auto" uses the stored calibration of the encoder when there is one and
        otherwise estimates one from the document; "document" always estimates it from
        the document (falling back to the stored one for documents too short to tell).
    meaning_warning / meaning_error: override the calibrated cosine thresholds below
        which a link is reported as saying something else (warning / error).
    """

    calibration: Literal["auto", "document"] = "auto"
    meaning_warning: float | None = None
    meaning_error: float | None = None

    def __post_init__(self) -> None:
        if self.calibration not in ("auto", "document"):
            raise ConfigError(
                f"checks: calibration must be 'auto' or 'document', got {self.calibration!r}"
            )
        for name in ("meaning_warning", "meaning_error"):
            value = getattr(self, name)
            if value is not None and not -1.0 <= value <= 1.0:
                raise ConfigError(f"checks: {name} is a cosine between -1 and 1, got {value}")
        if (
            self.meaning_warning is not None
            and self.meaning_error is not None
            and self.meaning_error > self.meaning_warning
        ):
            raise ConfigError("checks: meaning_error must not be above meaning_warning")

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class EmbeddedDocument:
    """What ``check_embedded`` hooks receive: the links and the embeddings of their texts.

    ``vector(text)`` returns the unit embedding of a link's joined side text or of any
    text a family returned from ``texts_to_embed``. ``calibration`` is None when the
    model has no stored calibration and the document is too short to estimate one.
    """

    en: Side
    ko: Side
    contexts: tuple[LinkContext, ...]
    vectors: Mapping[str, np.ndarray]
    calibration: Calibration | None
    config: CheckConfig
    skip: frozenset[str] = field(default_factory=frozenset)

    def vector(self, text: str) -> np.ndarray:
        return self.vectors[text]

    def similarity(self, a: str, b: str) -> float:
        return float(self.vectors[a] @ self.vectors[b])


def load_families(names: Iterable[str] | None = None) -> list[ModuleType]:
    """Import the check family modules (default: all of ``FAMILIES``), leaving out those
    still under construction."""
    modules = []
    for name in list(FAMILIES) if names is None else names:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if name in UNDER_CONSTRUCTION and exc.name == name:
                continue
            raise
    return modules


def run_checks(
    en: Side,
    ko: Side,
    links: tuple[Link, ...],
    encoder,
    *,
    skip: frozenset[str] = frozenset(),
    config: CheckConfig | None = None,
) -> Alignment:
    """Run every check family on an aligned pair and return the finished Alignment.

    Findings already on ``links`` are replaced. ``skip`` names finding kinds to leave out
    (a family with nothing left to report is not run; an unknown kind is a ConfigError).
    """
    config = config or CheckConfig()
    skip = frozenset(skip)
    unknown = sorted(skip - set(KNOWN_KINDS))
    if unknown:
        raise ConfigError(
            f"unknown check kind(s) to skip: {', '.join(unknown)} (known: {', '.join(KNOWN_KINDS)})"
        )
    links = tuple(links)
    families = [f for f in load_families() if not _all_skipped(FAMILIES.get(f.__name__, ()), skip)]
    contexts = tuple(LinkContext(i, link, en, ko) for i, link in enumerate(links))

    embedding_families = [
        f
        for f in families
        if hasattr(f, "check_embedded")
        and not _all_skipped(getattr(f, "EMBEDDED_KINDS", FAMILIES.get(f.__name__, ())), skip)
    ]
    findings: list[Finding] = []
    vectors: dict[str, np.ndarray] = {}
    calibration: Calibration | None = None
    if embedding_families:
        contexts, vectors = _embed_links(contexts, embedding_families, encoder, skip)
        calibration = _calibration(encoder.name, contexts, vectors, config)
        if calibration is None:
            findings.append(
                Finding(
                    "meaning",
                    "info",
                    f"similarity checks (meaning, partial, title) skipped: the model "
                    f"{encoder.name} has no stored calibration and the document has too few "
                    f"links to estimate one",
                )
            )
    else:
        contexts = tuple(replace(ctx, similarity=ctx.link.score) for ctx in contexts)

    embedded = EmbeddedDocument(en, ko, contexts, vectors, calibration, config, skip)
    for family in families:
        if hasattr(family, "check_link"):
            for ctx in contexts:
                findings += [replace(f, link=ctx.index) for f in family.check_link(ctx)]
        if hasattr(family, "check_document"):
            findings += family.check_document(en, ko, links, contexts)
        if family in embedding_families:
            findings += family.check_embedded(embedded)

    if calibration is not None:
        by_link: dict[int | None, list[Finding]] = {}
        for finding in findings:
            by_link.setdefault(finding.link, []).append(finding)
        findings = [number_detail(f, contexts, calibration, by_link[f.link]) for f in findings]

    per_link: list[list[Finding]] = [[] for _ in links]
    document_level: list[Finding] = []
    for finding in findings:
        if finding.kind in skip:
            continue
        if finding.link is None:
            document_level.append(finding)
        elif 0 <= finding.link < len(links):
            per_link[finding.link].append(finding)
        else:
            raise ValueError(
                f"finding {finding.kind!r} points at link {finding.link} of {len(links)}"
            )
    new_links = tuple(
        replace(link, findings=tuple(sorted(found, key=_order)))
        for link, found in zip(links, per_link)
    )
    signature = {
        **encoder_signature(encoder),
        "checks": {
            "config": config.as_dict(),
            "skip": sorted(skip),
            "families": [f.__name__.rsplit(".", 1)[-1] for f in families],
            "calibration": calibration.as_dict() if calibration else None,
        },
    }
    return Alignment(
        en=en,
        ko=ko,
        links=new_links,
        findings=tuple(sorted(document_level, key=_order)),
        signature=signature,
    )


def number_detail(
    finding: Finding,
    contexts: tuple[LinkContext, ...],
    calibration: Calibration,
    link_findings: Sequence[Finding] = (),
) -> Finding:
    """``finding`` as ``info`` when it is a number only the Korean gives that cannot be a
    changed English number; otherwise ``finding`` itself.

    That is: the link's similarity reaches ``calibration.true_typical`` (the sides read
    as a translation), the number check reports no English number left unmatched in the
    link, and the English has no number of the same kind and unit at all (spelled-out and
    "a year"-like ones included), so there is nothing the Korean number could have been
    changed from. The number check points a one-sided number's evidence on the other
    side at that whole side of the link: that is how a Korean-only number is told from
    one the Korean drops or changes. ``link_findings`` are all the findings of the link.
    """
    if finding.kind != "number" or finding.severity != "warning" or finding.link is None:
        return finding
    ctx = contexts[finding.link]
    if ctx.similarity is None or ctx.similarity < calibration.true_typical:
        return finding
    whole_english, whole_korean = ctx.en_evidence(), ctx.ko_evidence()
    if finding.en != whole_english or finding.ko is None or finding.ko == whole_korean:
        return finding
    if any(f.kind == "number" and f.ko == whole_korean for f in link_findings):
        return finding
    from .numbers import english_quantities, korean_quantities

    korean = [q for q in korean_quantities(ctx.ko_text) if q.text == finding.ko.text]
    english = english_quantities(ctx.en_text)
    if not korean or any(_same_slot(q, e) for q in korean for e in english):
        return finding
    return replace(
        finding,
        severity="info",
        message=f"{finding.message} (the English has no such number and the sentences "
        f"otherwise read as a translation: similarity {ctx.similarity:.2f}; Korean news "
        f"often adds such detail)",
    )


def _same_slot(a, b) -> bool:
    """Whether two quantities could stand for one another: same kind, and the same unit
    unless one of them has none."""
    return a.kind == b.kind and (a.unit is None or b.unit is None or a.unit == b.unit)


def _all_skipped(kinds, skip: frozenset[str]) -> bool:
    """Whether a family declaring ``kinds`` has nothing left to do (undeclared: never)."""
    return bool(kinds) and set(kinds) <= skip


def _order(finding: Finding) -> tuple:
    start = finding.ko.start if finding.ko else (finding.en.start if finding.en else -1)
    return (-SEVERITY_RANK[finding.severity], finding.kind, start, finding.message)


def _embed_links(
    contexts: tuple[LinkContext, ...], families: list[ModuleType], encoder, skip: frozenset[str]
) -> tuple[tuple[LinkContext, ...], dict[str, np.ndarray]]:
    """Embed the link texts and every text the families ask for, in one encoder call;
    return the contexts with their similarity filled in, and the vectors by text."""
    wanted: list[str] = []
    for ctx in contexts:
        wanted += [t for t in (ctx.en_text, ctx.ko_text) if t]
    for family in families:
        if hasattr(family, "texts_to_embed"):
            wanted += list(family.texts_to_embed(contexts, skip))
    vectors = _embed(encoder, wanted)
    contexts = tuple(
        replace(ctx, similarity=float(vectors[ctx.en_text] @ vectors[ctx.ko_text]))
        if ctx.link.en and ctx.link.ko
        else ctx
        for ctx in contexts
    )
    return contexts, vectors


def _embed(encoder, texts: list[str]) -> dict[str, np.ndarray]:
    """Embed the distinct texts in one encoder call."""
    unique = list(dict.fromkeys(texts))
    if not unique:
        return {}
    matrix = np.asarray(encoder.encode(unique), dtype=np.float32)
    return dict(zip(unique, matrix))


def _calibration(
    model: str,
    contexts: tuple[LinkContext, ...],
    vectors: Mapping[str, np.ndarray],
    config: CheckConfig,
) -> Calibration | None:
    stored = for_model(model)
    estimated = None
    if config.calibration == "document" or stored is None:
        estimated = _document_calibration(model, contexts, vectors)
    calibration = estimated or stored
    if calibration is None:
        return None
    overrides = {}
    if config.meaning_warning is not None:
        overrides["meaning_warning"] = config.meaning_warning
    if config.meaning_error is not None:
        overrides["meaning_error"] = config.meaning_error
    elif config.meaning_warning is not None:
        overrides["meaning_error"] = min(calibration.meaning_error, config.meaning_warning)
    return replace(calibration, **overrides) if overrides else calibration


def _document_calibration(
    model: str, contexts: tuple[LinkContext, ...], vectors: Mapping[str, np.ndarray]
) -> Calibration | None:
    """Calibration estimated from the document's own links (see calibration.from_document)."""
    paired = [c for c in contexts if c.link.en and c.link.ko]
    if not paired:
        return None
    en = np.stack([vectors[c.en_text] for c in paired])
    ko = np.stack([vectors[c.ko_text] for c in paired])
    sims = en @ ko.T
    positions = np.array([c.index for c in paired])
    distance = np.abs(positions[:, None] - positions[None, :])
    return from_document(model, np.diag(sims).tolist(), sims[distance >= 2].tolist())


__all__ = [
    "FAMILIES",
    "KNOWN_KINDS",
    "UNDER_CONSTRUCTION",
    "CheckConfig",
    "EmbeddedDocument",
    "LinkContext",
    "load_families",
    "number_detail",
    "run_checks",
]
