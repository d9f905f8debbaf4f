"""End-to-end drift benchmark: injected translation errors through the real pipeline.

    cd /work/main && PYTHONPATH=. /work/venv/bin/python benchmarks/drift.py [--show 100]
    ... --docs 10 --variants ko        # a quicker, smaller run
    ... --misses 20                    # list injections no check caught
    ... --members                      # list untouched merged links with a member finding
    ... --show-audited ok:40           # flagged untouched links the blind audit calls clean

A full run (100 injected documents per kind and variant, ~3,200 injections) takes about
8 minutes with an empty embedding cache and 3.5 minutes on a re-run on a 2-core machine.
docs/drift.md has the figures and a reading of the flagged pairs.

Documents of 20-40 consecutive line pairs of the development data (both variants;
benchmarks/_data.py has the sources: Park et al. 2016 / Kim et al. 2020, CC BY-SA 3.0)
get a title (their first line, on both sides, as a ``title`` sentence) and go through
``bilingual.pipeline.align_sides`` with the default encoder, so alignment errors count.

Untouched documents partition each variant's 1,000 lines; a merge (2-1, 1-2, 3-1, 1-3:
consecutive lines joined into one sentence on one side) is made about once per 8 lines,
as in the aligner's benchmark, so honest merged links are part of what must not be
flagged. Injected documents are random stretches with one kind of error at up to
``MAX_PER_DOC`` places at least ``MIN_GAP`` lines apart (never the title line, never a
line of ``_data.MISPAIRED_LINES``):

  name       a Korean name/country the English also names -> another of the same type
             (트럼프 -> 오바마, 북한 -> 일본; benchmarks/drift_names.inject_swap)
  number     one digit of a Korean number the English also has (drift_numbers.mutate)
  truncation the Korean sentence cut at 30-60% of its length (English of at least the
             25 non-space characters the partial check needs)
  unrelated  the Korean sentence replaced by one >= 100 lines away (another article)
  dropped    one Korean or one English sentence deleted
  title      the Korean title replaced by the first line of another stretch >= 100
             lines away ("wrong"), or deleted ("missing")

A hit is a finding of the expected kind at warning or error on a link that contains the
injected Korean sentence, or whose evidence points into it (name, number:
``name``/``number``; truncation: ``partial``;
unrelated: ``meaning``, or ``missing``/``added`` when the aligner rightly leaves the
pair unlinked; title: ``title``); for a dropped sentence, a ``missing``/``added``
finding on the link of the sentence left without its partner. "attributable" recall
leaves out injections into lines whose untouched pair already has a serious finding of
the expected kind (from the untouched run over the same line).

The untouched figures are the share of links of the untouched documents with a warning
or error, by kind, on the data as it is ("raw") and without links touching a
hand-checked mispaired line ("checked"). ``--show N`` lists flagged untouched links.
The data is noisy, so the untouched links are also split by a blind audit of every line
(benchmarks/data/corpus_audit.tsv: reviewers read each pair without any tool output and
labelled it ok, minor, or with the kind of drift it has): the false-flag rate is measured
on links whose lines the audit finds no drift in, and the share of audited drift that gets
a finding is printed by kind. "clean neighbours" recall leaves out injections next to a
line whose Korean is not a translation at all (mispaired or audited "shifted"): a dropped
sentence there makes two sentences in a row without partners. "faithful neighbours" recall
counts only injections whose neighbouring lines the audit finds no drift in: the same reading
as the false-flag rate on audited-clean links (a dropped sentence next to a partial
translation is partly covered by it, and gluing the two is partly right).

Seeds are fixed (``--seed``); the embedding cache goes to $BILINGUAL_CACHE_DIR
(default here: /tmp/bilingual-bench-cache), so re-runs skip most encoding.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Run as a script: the repo root for `bilingual`, this folder for the sibling benchmarks
# (not `benchmarks.x`: pysbd installs an unrelated top-level package named `benchmarks`).
_HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(_HERE.parent), str(_HERE)]
os.environ.setdefault("BILINGUAL_CACHE_DIR", "/tmp/bilingual-bench-cache")

from _data import (
    MISPAIRED_LINES,
    Edit,
    MemoEncoder,
    build_pair,
    load_audit,
    load_pairs,
    random_edits,
)
from calibrate import UNRELATED_MIN_DISTANCE, inject_truncation
from drift_names import inject_swap, swap_candidates
from drift_numbers import mutate

from bilingual.checks import names, numbers
from bilingual.checks.calibration import nonspace_length
from bilingual.checks.coverage import MEMBER_OPENING, MIN_PARTIAL_CHARS_EN, TWO_CANDIDATES
from bilingual.model import Alignment, Document, Finding, Link, Sentence, Side
from bilingual.pipeline import align_sides, get_encoder

MIN_UNITS, MAX_UNITS = 20, 40
MAX_PER_DOC = 3  # injections per document, of one kind
MIN_GAP = 8  # lines between two injections of one document
SERIOUS = ("warning", "error")
KINDS = ("name", "number", "truncation", "unrelated", "dropped", "title wrong", "title missing")
EXPECTED: dict[str, frozenset[str]] = {
    "name": frozenset({"name"}),
    "number": frozenset({"number"}),
    "truncation": frozenset({"partial"}),
    "unrelated": frozenset({"meaning", "missing", "added"}),
    "dropped": frozenset({"missing", "added"}),
    "title wrong": frozenset({"title"}),
    "title missing": frozenset({"title"}),
}
TARGETS = {
    "name": 0.95,
    "number": 0.95,
    "truncation": 0.85,
    "unrelated": 0.95,
    "dropped": 0.95,
}
MAX_UNTOUCHED_FLAGGED = 0.05
# The finding kinds that report each kind of real drift the blind audit found.
AUDIT_KINDS: dict[str, frozenset[str]] = {
    "shifted": frozenset({"meaning", "missing", "added", "partial", "title"}),
    "partial": frozenset({"partial", "missing", "added"}),
    "added": frozenset({"added", "partial"}),
    "name": frozenset({"name"}),
    "number": frozenset({"number"}),
    "meaning": frozenset({"meaning"}),
    "untranslated": frozenset({"untranslated"}),
}
AUDIT = load_audit()
STATUS_ORDER = ("ok", "minor", "drift")


def audit_status(lines: Sequence[int]) -> str:
    """The blind audit's status of a link: that of its worst line."""
    return max((AUDIT[line].status for line in lines), key=STATUS_ORDER.index, default="ok")


FINDING_KINDS = (
    "missing",
    "added",
    "partial",
    "meaning",
    "title",
    "untranslated",
    "number",
    "name",
)


# ---------------------------------------------------------------------------- documents


@dataclass
class Injection:
    """One injected error: where the expected finding must appear and what was done."""

    kind: str
    side: str  # "en" or "ko": the side of ``index``
    index: int  # sentence index whose link must carry the finding
    line: int  # data line (0-based) of the injected unit
    before: str
    after: str


@dataclass
class Doc:
    """A document pair ready for the pipeline, with its data lines and injections."""

    variant: str
    en: list[str]
    ko: list[str]
    en_lines: list[tuple[int, ...]]  # data lines behind each English sentence
    ko_lines: list[tuple[int, ...]]
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]]
    en_title: bool = True
    ko_title: bool = True
    injections: list[Injection] = field(default_factory=list)


def make_side(texts: Sequence[str], lang: str, has_title: bool) -> Side:
    """A Side with one sentence per line; the title (first text) is a paragraph of its own."""
    parts, sentences, pos, line = [], [], 0, 1
    for i, text in enumerate(texts):
        title = has_title and i == 0
        kind, paragraph = ("title", 0) if title else ("body", int(has_title))
        sentences.append(Sentence(i, text, pos, pos + len(text), lang, kind, paragraph, line))
        separator = "\n\n" if title else "\n"
        parts.append(text + separator)
        pos += len(text) + len(separator)
        line += len(separator)
    return Side(Document(f"<{lang}>", "".join(parts), "utf-8"), lang, tuple(sentences))


def doc_from_units(
    variant: str,
    en_data: Sequence[str],
    ko_data: Sequence[str],
    lines: Sequence[int],
    edits: Sequence[Edit] = (),
) -> Doc:
    """A document of the data ``lines`` with ``edits`` (merges, drops) applied."""
    pair = build_pair(en_data, ko_data, lines, edits, variant=variant)
    en_lines: list[tuple[int, ...]] = [()] * len(pair.en)
    ko_lines: list[tuple[int, ...]] = [()] * len(pair.ko)
    unit = 0
    for en_ids, ko_ids in pair.gold:
        span = max(len(en_ids), len(ko_ids), 1)
        covered = tuple(lines[unit : unit + span])
        for k, i in enumerate(en_ids):
            en_lines[i] = (covered[k],) if len(en_ids) > 1 else covered
        for k, j in enumerate(ko_ids):
            ko_lines[j] = (covered[k],) if len(ko_ids) > 1 else covered
        unit += span
    return Doc(variant, list(pair.en), list(pair.ko), en_lines, ko_lines, list(pair.gold))


def untouched_docs(variant: str, seed: int) -> list[Doc]:
    """Documents that partition the variant's lines, with a merge about every 8 lines."""
    en_data, ko_data = load_pairs(variant)
    rng = random.Random(f"untouched-{seed}-{variant}")
    docs, start = [], 0
    while start < len(en_data):
        size = rng.randint(MIN_UNITS, MAX_UNITS)
        if len(en_data) - (start + size) < MIN_UNITS:
            size = len(en_data) - start
        lines = list(range(start, start + size))
        # Unit 0 is the title: merges only among the body lines.
        edits = [Edit(e.kind, e.at + 1, e.size) for e in random_edits(rng, size - 1, "merge")]
        docs.append(doc_from_units(variant, en_data, ko_data, lines, edits))
        start += size
    return docs


def spread_units(rng: random.Random, eligible: Sequence[int]) -> list[int]:
    """Up to MAX_PER_DOC of the ``eligible`` units, at least MIN_GAP apart."""
    order = list(eligible)
    rng.shuffle(order)
    chosen: list[int] = []
    for unit in order:
        if all(abs(unit - other) >= MIN_GAP for other in chosen):
            chosen.append(unit)
        if len(chosen) == MAX_PER_DOC:
            break
    return sorted(chosen)


# A line injector returns the new Korean text for one data line, or None when the line
# has nothing to inject (no shared name, no shared number).
LineInjector = Callable[[str, str, int, random.Random], "str | None"]


class Injectors:
    """The per-line injections of one variant."""

    def __init__(self, variant: str):
        self.en_data, self.ko_data = load_pairs(variant)
        self.table = names.name_table()
        self.by_type = swap_candidates(self.table)

    def name(self, en: str, ko: str, line: int, rng: random.Random) -> str | None:
        swapped = inject_swap(en, ko, rng, self.table, self.by_type)
        return None if swapped is None or swapped[0] == ko else swapped[0]

    def number(self, en: str, ko: str, line: int, rng: random.Random) -> str | None:
        # A Korean number written with digits that the check matches to the English one.
        reported = {(m.ko.start, m.ko.end) for m in numbers.compare(en, ko) if m.ko is not None}
        shared = [
            q
            for q in numbers.korean_quantities(ko)
            if (q.start, q.end) not in reported
            and not q.match_only
            and any(ch.isdigit() for ch in q.text)
        ]
        if not shared:
            return None
        target = rng.choice(shared)
        return mutate(ko, target.start, target.end, rng)

    def truncation(self, en: str, ko: str, line: int, rng: random.Random) -> str | None:
        if nonspace_length(en) < MIN_PARTIAL_CHARS_EN:
            return None
        return inject_truncation(ko, rng)

    def unrelated(self, en: str, ko: str, line: int, rng: random.Random) -> str | None:
        return self.ko_data[self.distant_line(line, rng)]

    def distant_line(self, line: int, rng: random.Random) -> int:
        while True:
            other = rng.randrange(len(self.ko_data))
            if abs(other - line) >= UNRELATED_MIN_DISTANCE:
                return other


def injected_docs(variant: str, kind: str, count: int, seed: int, inj: Injectors) -> list[Doc]:
    """``count`` random stretches of the variant, each with injections of one ``kind``."""
    rng = random.Random(f"injected-{seed}-{variant}-{kind}")
    docs: list[Doc] = []
    attempts = 0
    while len(docs) < count and attempts < 20 * count:
        attempts += 1
        size = rng.randint(MIN_UNITS, MAX_UNITS)
        start = rng.randrange(0, len(inj.en_data) - size + 1)
        lines = list(range(start, start + size))
        doc = _inject(variant, kind, lines, rng, inj)
        if doc.injections:
            docs.append(doc)
    return docs


def _inject(variant: str, kind: str, lines: list[int], rng: random.Random, inj: Injectors) -> Doc:
    """A document of ``lines`` with up to MAX_PER_DOC injections of ``kind`` (maybe none)."""
    en_data, ko_data = inj.en_data, inj.ko_data
    body_units = [u for u in range(1, len(lines)) if lines[u] not in MISPAIRED_LINES]
    if kind == "dropped":
        units = spread_units(rng, body_units)
        edits = [Edit(rng.choice(("drop_ko", "drop_en")), u) for u in units]
        doc = doc_from_units(variant, en_data, ko_data, lines, edits)
        for edit in edits:
            line = lines[edit.at]
            if edit.kind == "drop_ko":  # the English sentence is left alone
                index = doc.en_lines.index((line,))
                doc.injections.append(Injection(kind, "en", index, line, ko_data[line], ""))
            else:
                index = doc.ko_lines.index((line,))
                doc.injections.append(Injection(kind, "ko", index, line, en_data[line], ""))
        return doc

    doc = doc_from_units(variant, en_data, ko_data, lines)
    if kind == "title wrong":
        other = inj.distant_line(lines[0], rng)
        doc.injections.append(Injection(kind, "ko", 0, lines[0], doc.ko[0], ko_data[other]))
        doc.ko[0] = ko_data[other]
        return doc
    if kind == "title missing":
        doc.injections.append(Injection(kind, "en", 0, lines[0], doc.ko[0], ""))
        doc.ko = doc.ko[1:]
        doc.ko_lines = doc.ko_lines[1:]
        doc.gold = [((0,), ())] + [(e, tuple(j - 1 for j in k)) for e, k in doc.gold[1:]]
        doc.ko_title = False
        return doc

    injector: LineInjector = getattr(inj, kind)
    candidates: dict[int, str] = {}
    for unit in body_units:
        line = lines[unit]
        changed = injector(en_data[line], ko_data[line], line, random.Random(f"{kind}-{line}"))
        if changed is not None and changed != ko_data[line]:
            candidates[unit] = changed
    for unit in spread_units(rng, sorted(candidates)):
        line = lines[unit]
        doc.injections.append(Injection(kind, "ko", unit, line, doc.ko[unit], candidates[unit]))
        doc.ko[unit] = candidates[unit]
    return doc


# ---------------------------------------------------------------------------- running


def run(doc: Doc, encoder) -> Alignment:
    en = make_side(doc.en, "en", doc.en_title)
    ko = make_side(doc.ko, "ko", doc.ko_title)
    return align_sides(en, ko, encoder=encoder)


def serious(findings: Sequence[Finding], kinds: frozenset[str] | None = None) -> list[Finding]:
    return [f for f in findings if f.severity in SERIOUS and (kinds is None or f.kind in kinds)]


def link_lines(doc: Doc, link: Link) -> tuple[int, ...]:
    """The data lines behind the sentences of one link."""
    lines = {line for i in link.en for line in doc.en_lines[i]}
    lines |= {line for j in link.ko for line in doc.ko_lines[j]}
    return tuple(sorted(lines))


@dataclass
class Outcome:
    """What the checks reported for one injection."""

    injection: Injection
    hit: bool
    any_serious: bool
    attributable: bool
    findings: list[Finding]
    link_types: list[str]
    clean_context: bool = True  # no neighbouring line is itself a non-translation
    faithful_context: bool = True  # the blind audit finds no drift in either neighbour


def score_injections(doc: Doc, al: Alignment, flagged_before: dict) -> list[Outcome]:
    """Whether each injection of ``doc`` got the expected finding.

    A finding counts for a sentence when it is on a link containing that sentence, or
    when its evidence on that side points into the sentence (a wrong Korean title left
    unlinked is reported on the English title's link, naming the Korean title).
    """
    out = []
    for inj in doc.injections:
        side = al.en if inj.side == "en" else al.ko
        sentence = side.sentences[inj.index]
        links = [l for l in al.links if inj.index in (l.en if inj.side == "en" else l.ko)]
        found = [f for l in links for f in l.findings]
        for l in al.links:
            if l not in links:
                found += [f for f in l.findings if _points_into(f, inj.side, sentence)]
        found += [f for f in al.findings if _points_into(f, inj.side, sentence)]
        expected = EXPECTED[inj.kind]
        already = flagged_before.get((doc.variant, inj.line), frozenset()) & expected
        out.append(
            Outcome(
                inj,
                hit=bool(serious(found, expected)),
                any_serious=bool(serious(found)),
                attributable=not already,
                findings=found,
                link_types=[l.type for l in links],
                clean_context=clean_context(inj.line),
                faithful_context=faithful_context(inj.line),
            )
        )
    return out


def not_a_translation(line: int) -> bool:
    """Whether the data's Korean line does not translate its English line at all."""
    return line in MISPAIRED_LINES or "shifted" in AUDIT[line].labels


def clean_context(line: int) -> bool:
    """Whether both neighbours of ``line`` are translations of their partners. Next to a
    line whose Korean translates something else, a dropped sentence makes two sentences
    in a row without partners, and which of them a report names is arbitrary."""
    return not any(not_a_translation(n) for n in (line - 1, line + 1) if n in AUDIT)


def faithful_context(line: int) -> bool:
    """Whether the blind audit finds no drift (``ok`` or ``minor``) in both neighbours of
    ``line``: the injection sits in a faithful translation, as in the audited-clean reading
    of the false-flag rate."""
    return all(audit_status([n]) != "drift" for n in (line - 1, line + 1) if n in AUDIT)


def _points_into(finding: Finding, side: str, sentence: Sentence) -> bool:
    evidence = finding.en if side == "en" else finding.ko
    return evidence is not None and evidence.start < sentence.end and evidence.end > sentence.start


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _kind_shares(count_of: Callable[[str], int], links: int) -> str:
    """ "number 0.7%, name 0.5%": the share of ``links`` flagged by each finding kind."""
    return ", ".join(
        f"{k} {_pct(count_of(k), links).strip()}" for k in FINDING_KINDS if count_of(k)
    )


def _pct(num: int, den: int) -> str:
    return f"{num / den:6.1%}" if den else "    - "


# ---------------------------------------------------------------------------- reports


@dataclass
class Untouched:
    """Flag counts over the links of untouched documents."""

    links: int = 0
    flagged: int = 0
    by_kind: Counter = field(default_factory=Counter)
    checked_links: int = 0
    checked_flagged: int = 0
    checked_by_kind: Counter = field(default_factory=Counter)
    by_type: Counter = field(default_factory=Counter)  # link type -> links
    flagged_by_type: Counter = field(default_factory=Counter)
    merged_members: int = 0  # merged links with a member finding
    merged: int = 0
    lines: int = 0
    lines_flagged: int = 0
    exact_links: int = 0
    gold_links: int = 0
    listed: list = field(default_factory=list)
    # By the blind audit (benchmarks/data/corpus_audit.tsv): status of a link's worst line.
    audit_links: Counter = field(default_factory=Counter)  # status -> links
    audit_flagged: Counter = field(default_factory=Counter)
    audit_by_kind: Counter = field(default_factory=Counter)  # (status, kind) -> links
    drift_links: Counter = field(default_factory=Counter)  # audit label -> drifted links
    drift_flagged: Counter = field(default_factory=Counter)  # ... with any warning/error
    drift_matched: Counter = field(default_factory=Counter)  # ... of a matching kind

    def add(self, doc: Doc, al: Alignment) -> None:
        flagged_lines: set[int] = set()
        all_lines: set[int] = set()
        for link in al.links:
            lines = link_lines(doc, link)
            all_lines.update(lines)
            bad = serious(link.findings)
            kinds = {f.kind for f in bad}
            checked = not any(line in MISPAIRED_LINES for line in lines)
            self.links += 1
            self.by_type[link.type] += 1
            self.checked_links += checked
            if len(link.en) > 1 or len(link.ko) > 1:
                self.merged += 1
                self.merged_members += any(f.message.startswith(MEMBER_OPENING) for f in bad)
            if bad:
                self.flagged += 1
                self.flagged_by_type[link.type] += 1
                self.checked_flagged += checked
                flagged_lines.update(lines)
                self.listed.append((doc, link, bad))
            for kind in kinds:
                self.by_kind[kind] += 1
                if checked:
                    self.checked_by_kind[kind] += 1
            self._add_audited(lines, kinds)
        self.lines += len(all_lines)
        self.lines_flagged += len(flagged_lines)
        gold = set(doc.gold)
        self.gold_links += len(gold)
        self.exact_links += len(gold & {(l.en, l.ko) for l in al.links})

    def _add_audited(self, lines: Sequence[int], kinds: set[str]) -> None:
        status = audit_status(lines)
        self.audit_links[status] += 1
        self.audit_flagged[status] += bool(kinds)
        for kind in kinds:
            self.audit_by_kind[(status, kind)] += 1
        for label in set().union(*(AUDIT[line].labels for line in lines)) & set(AUDIT_KINDS):
            self.drift_links[label] += 1
            self.drift_flagged[label] += bool(kinds)
            self.drift_matched[label] += bool(kinds & AUDIT_KINDS[label])

    def merge(self, other: Untouched) -> None:
        for name, value in vars(other).items():
            mine = getattr(self, name)
            if isinstance(value, Counter):
                mine.update(value)
            elif isinstance(value, list):
                mine.extend(value)
            else:
                setattr(self, name, mine + value)

    def print(self, label: str) -> None:
        print(
            f"  untouched links ({label}): {self.flagged}/{self.links} flagged "
            f"{_pct(self.flagged, self.links).strip()} (checked: "
            f"{_pct(self.checked_flagged, self.checked_links).strip()} of {self.checked_links}); "
            f"data lines flagged {_pct(self.lines_flagged, self.lines).strip()}; "
            f"alignment exact-link recall {_pct(self.exact_links, self.gold_links).strip()}"
        )
        kinds = ", ".join(
            f"{k} {_pct(self.by_kind[k], self.links).strip()}"
            f" ({_pct(self.checked_by_kind[k], self.checked_links).strip()})"
            for k in FINDING_KINDS
            if self.by_kind[k]
        )
        print(f"    by kind, raw (checked): {kinds or 'none'}")
        types = ", ".join(
            f"{t} {self.flagged_by_type[t]}/{n}" for t, n in sorted(self.by_type.items())
        )
        print(f"    flagged by link type: {types}")
        print(
            f"    merged links with a member finding: {self.merged_members}/{self.merged} "
            f"{_pct(self.merged_members, self.merged).strip()}"
        )
        print("    by the blind audit (a link takes the status of its worst line):")
        for status in STATUS_ORDER:
            n = self.audit_links[status]
            kinds = _kind_shares(lambda k, s=status: self.audit_by_kind[(s, k)], n)
            print(
                f"      {status:<5} links flagged {self.audit_flagged[status]}/{n} = "
                f"{_pct(self.audit_flagged[status], n).strip()}  ({kinds or 'none'})"
            )
        caught = ", ".join(
            f"{label} {self.drift_flagged[label]}/{self.drift_links[label]}"
            f" ({_pct(self.drift_matched[label], self.drift_links[label]).strip()} of its kind)"
            for label in AUDIT_KINDS
            if self.drift_links[label]
        )
        print(f"    audited real drift with a warning/error: {caught}")


def print_recall(outcomes: Sequence[Outcome], label: str) -> dict[str, float]:
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_kind[o.injection.kind].append(o)
    print(
        f"  recall ({label}): kind: hits/injected = recall | attributable | any serious finding"
        " | clean neighbours | faithful neighbours"
    )
    recalls = {}
    for kind in KINDS:
        group = by_kind.get(kind, [])
        if not group:
            continue
        hits = sum(o.hit for o in group)
        attributable = [o for o in group if o.attributable]
        recalls[kind] = hits / len(group)
        target = TARGETS.get(kind)
        mark = (
            "" if target is None else (" ok" if recalls[kind] >= target else f" BELOW {target:.2f}")
        )
        clean = [o for o in group if o.clean_context]
        faithful = [o for o in group if o.faithful_context]
        print(
            f"    {kind:<13} {hits:4d}/{len(group):<4d} = {_pct(hits, len(group))}"
            f" | {_pct(sum(o.hit for o in attributable), len(attributable))} of {len(attributable):<4d}"
            f" | {_pct(sum(o.any_serious for o in group), len(group))}"
            f" | {_pct(sum(o.hit for o in clean), len(clean))} of {len(clean):<4d}"
            f" | {_pct(sum(o.hit for o in faithful), len(faithful))} of {len(faithful):<4d}{mark}"
        )
    two = [
        o
        for o in by_kind.get("dropped", [])
        if o.hit
        and all(TWO_CANDIDATES in f.message for f in serious(o.findings, EXPECTED["dropped"]))
    ]
    if two:
        print(
            f"    (dropped: {len(two)} of the hits name the orphan as one of two neighbouring "
            "candidates)"
        )
    return recalls


def _print_link(
    doc: Doc, link: Link, bad: Sequence[Finding], tag: str = "", notes: bool = False
) -> None:
    """One flagged link: its lines, both sides, the audit's notes if asked, the findings."""
    lines = link_lines(doc, link)
    print(f"[{doc.variant} lines {','.join(str(l + 1) for l in lines)} {link.type}{tag}]")
    print(f"   EN {_short(' '.join(doc.en[i] for i in link.en), 220)}")
    print(f"   KO {_short(' '.join(doc.ko[j] for j in link.ko), 160)}")
    for line in lines if notes else ():
        if AUDIT[line].note:
            print(f"   audit: {_short(AUDIT[line].note, 200)}")
    for f in bad:
        print(f"   - {f.kind}/{f.severity}: {_short(f.message, 200)}")


def show_flagged(listed, limit: int, rng: random.Random) -> None:
    sample = list(listed)
    rng.shuffle(sample)
    print(
        f"\n== flagged untouched links (random sample of {min(limit, len(sample))} of {len(sample)})"
    )
    for doc, link, bad in sample[:limit]:
        mispaired = any(l in MISPAIRED_LINES for l in link_lines(doc, link))
        _print_link(doc, link, bad, " MISPAIRED" if mispaired else "")


def show_audited(listed, status: str, limit: int, rng: random.Random) -> None:
    """Flagged untouched links whose lines the blind audit rated ``status`` (worst line),
    with the audit's notes."""
    picked = [item for item in listed if audit_status(link_lines(item[0], item[1])) == status]
    rng.shuffle(picked)
    print(
        f"\n== flagged untouched links audited {status} ({min(limit, len(picked))} of {len(picked)})"
    )
    for doc, link, bad in picked[:limit]:
        _print_link(doc, link, bad, notes=True)


def show_members(listed) -> None:
    members = [
        (doc, link, [f for f in bad if f.message.startswith(MEMBER_OPENING)])
        for doc, link, bad in listed
    ]
    members = [(doc, link, found) for doc, link, found in members if found]
    print(f"\n== untouched merged links with a member finding ({len(members)})")
    for doc, link, found in members:
        lines = link_lines(doc, link)
        tag = " MISPAIRED" if any(l in MISPAIRED_LINES for l in lines) else ""
        print(f"[{doc.variant} lines {','.join(str(l + 1) for l in lines)} {link.type}{tag}]")
        for i in link.en:
            print(f"   EN {_short(doc.en[i], 150)}")
        for j in link.ko:
            print(f"   KO {_short(doc.ko[j], 110)}")
        for f in found:
            print(f"   - {f.kind}/{f.severity}: {_short(f.message, 220)}")


def show_misses(outcomes: Sequence[Outcome], limit: int) -> None:
    misses = [o for o in outcomes if not o.hit]
    print(f"\n== missed injections ({min(limit, len(misses))} of {len(misses)})")
    for o in misses[:limit]:
        inj = o.injection
        print(f"[{inj.kind}, line {inj.line + 1}, links {','.join(o.link_types)}]")
        print(f"   before {_short(inj.before, 140)}")
        print(f"   after  {_short(inj.after, 140)}")
        for f in o.findings:
            print(f"   - {f.kind}/{f.severity}: {_short(f.message, 160)}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--docs", type=int, default=100, help="injected documents per kind and variant"
    )
    parser.add_argument("--variants", default="ko,nk")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=0, help="flagged untouched links to list")
    parser.add_argument("--misses", type=int, default=0, help="missed injections to list")
    parser.add_argument(
        "--show-audited",
        metavar="STATUS:N",
        help="list N flagged untouched links the blind audit rated STATUS (ok, minor, drift)",
    )
    parser.add_argument(
        "--members", action="store_true", help="list untouched merged links with a member finding"
    )
    parser.add_argument("--kinds", default=",".join(KINDS), help="injection kinds to run")
    args = parser.parse_args(argv)
    variants = args.variants.split(",")
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds {sorted(unknown)}; known: {', '.join(KINDS)}")

    started = time.perf_counter()
    encoder = MemoEncoder(get_encoder(cache=True))
    all_untouched = Untouched()
    all_outcomes: list[Outcome] = []
    recalls_by_variant = {}
    for variant in variants:
        t0 = time.perf_counter()
        untouched = Untouched()
        flagged_before: dict[tuple[str, int], frozenset[str]] = {}
        for doc in untouched_docs(variant, args.seed):
            al = run(doc, encoder)
            untouched.add(doc, al)
            for link in al.links:
                kinds_here = frozenset(f.kind for f in serious(link.findings))
                for line in link_lines(doc, link):
                    flagged_before[(variant, line)] = (
                        flagged_before.get((variant, line), frozenset()) | kinds_here
                    )
        t1 = time.perf_counter()
        inj = Injectors(variant)
        outcomes: list[Outcome] = []
        for kind in kinds:
            for doc in injected_docs(variant, kind, args.docs, args.seed, inj):
                outcomes += score_injections(doc, run(doc, encoder), flagged_before)
        t2 = time.perf_counter()
        print(
            f"\n== variant {variant}: untouched {t1 - t0:.0f}s, injected {t2 - t1:.0f}s "
            f"({len(outcomes)} injections)"
        )
        untouched.print(variant)
        recalls_by_variant[variant] = print_recall(outcomes, variant)
        all_untouched.merge(untouched)
        all_outcomes += outcomes

    print("\n== overall")
    all_untouched.print("all variants")
    recalls = print_recall(all_outcomes, "all variants")
    rate = all_untouched.flagged / max(1, all_untouched.links)
    u = all_untouched
    clean_links = u.audit_links["ok"] + u.audit_links["minor"]
    clean_rate = (u.audit_flagged["ok"] + u.audit_flagged["minor"]) / max(1, clean_links)

    def verdict(value: float) -> str:
        return "ok" if value <= MAX_UNTOUCHED_FLAGGED else "ABOVE"

    print(
        f"  untouched links flagged (target <= {MAX_UNTOUCHED_FLAGGED:.0%}): links the blind audit "
        f"finds no drift in {clean_rate:.1%} ({verdict(clean_rate)}); all links, drifted corpus "
        f"lines included, {rate:.1%} ({verdict(rate)})"
    )
    faithful_recalls = {}
    for kind in TARGETS:
        group = [o for o in all_outcomes if o.injection.kind == kind and o.faithful_context]
        if group:
            faithful_recalls[kind] = sum(o.hit for o in group) / len(group)

    def below(found: dict[str, float]) -> str:
        return ", ".join(f"{k} {found[k]:.1%}" for k, t in TARGETS.items() if found.get(k, 1) < t)

    print(f"  recall below target: all injections: {below(recalls) or 'none'}; injections with")
    print(f"    faithful neighbours (audited no drift): {below(faithful_recalls) or 'none'}")
    if args.show:
        show_flagged(all_untouched.listed, args.show, random.Random(args.seed))
    if args.show_audited:
        status, _, count = args.show_audited.partition(":")
        show_audited(all_untouched.listed, status, int(count or 20), random.Random(args.seed))
    if args.members:
        show_members(all_untouched.listed)
    if args.misses:
        show_misses(all_outcomes, args.misses)
    print(f"\ntexts embedded: {encoder.encoded}; run time {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
