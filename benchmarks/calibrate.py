"""Calibrate and benchmark the coverage, meaning, title and untranslated checks.

    cd /work/main && PYTHONPATH=. /work/venv/bin/python benchmarks/calibrate.py [--constants]

On the development data (both variants; see benchmarks/_data.py for source and licence):

1. similarity distributions of the encoder: cosines of true pairs (line i with line i)
   and unrelated pairs (line i with a line >= 50 lines away, another article), their
   percentiles and the thresholds ``calibration.from_percentiles`` derives; the Korean/
   English length-ratio figures. ``--constants`` prints the ``Calibration`` literal for
   ``bilingual/checks/calibration.py``.
2. the checks on documents of 30 consecutive line pairs, every line pair a 1-1 link:
   - flag rate on untouched pairs (per kind, warning or error), and the flagged pairs;
   - recall on injected drift: Korean cut at 30-60% of its length (``partial``), Korean
     replaced by a line of another article (``meaning``); one line in five is injected
     per document, five passes cover every line;
   - the same with the calibration estimated from each document (the fallback for
     models without stored constants).

The injection and rate functions (``inject_truncation``, ``inject_unrelated``,
``flag_rate``, ``make_sides``, ``run_documents``) are importable for benchmarks/drift.py.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

# Run as a script: the repo root for `bilingual`, this folder for `_data` (not
# `benchmarks._data`: pysbd installs an unrelated top-level package named `benchmarks`).
_HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(_HERE.parent), str(_HERE)]

from _data import MemoEncoder, default_encoder, load_pairs

from bilingual.checks import CheckConfig, run_checks
from bilingual.checks.calibration import (
    KO_EN_LENGTH_RATIO,
    LOG_RATIO_SD,
    comparable_length,
    from_percentiles,
)
from bilingual.checks.coverage import PARTIAL_WARNING, measure
from bilingual.model import Alignment, Document, Link, Sentence, Side

BLOCK = 30  # line pairs per synthetic document
INJECT_EVERY = 5  # one line in five injected per pass
UNRELATED_MIN_DISTANCE = 100  # lines; further than any article in the data
SERIOUS = ("warning", "error")
# The number and name checks are measured by their own benchmarks; leave them out here
# (--all-checks puts them back, for the combined flag rate).
OTHER_KINDS = frozenset({"number", "name"})

# ---------------------------------------------------------------------------- building sides


def make_side(lines: Sequence[str], lang: str, path: str = "<bench>") -> Side:
    """A Side whose Document text is the lines joined by newlines, one sentence per line."""
    text = "\n".join(lines)
    sentences, pos = [], 0
    for i, line in enumerate(lines):
        sentences.append(Sentence(i, line, pos, pos + len(line), lang, "body", i, i + 1))
        pos += len(line) + 1
    return Side(Document(path, text, "utf-8"), lang, tuple(sentences))


def make_sides(
    en_lines: Sequence[str], ko_lines: Sequence[str]
) -> tuple[Side, Side, tuple[Link, ...]]:
    """English and Korean sides with line i linked 1-1 to line i."""
    links = tuple(Link((i,), (i,)) for i in range(len(en_lines)))
    return make_side(en_lines, "en", "<en>"), make_side(ko_lines, "ko", "<ko>"), links


# ---------------------------------------------------------------------------- injections


def inject_truncation(korean: str, rng: random.Random) -> str:
    """The Korean sentence cut at a random 30-60% of its length."""
    cut = max(1, int(len(korean) * rng.uniform(0.3, 0.6)))
    return korean[:cut]


def inject_unrelated(ko_lines: Sequence[str], index: int, rng: random.Random) -> str:
    """A Korean line at least UNRELATED_MIN_DISTANCE lines from ``index`` (another article)."""
    n = len(ko_lines)
    while True:
        j = rng.randrange(n)
        if abs(j - index) >= UNRELATED_MIN_DISTANCE:
            return ko_lines[j]


Injector = Callable[[Sequence[str], int, random.Random], str]
INJECTORS: dict[str, Injector] = {
    "truncation": lambda ko, i, rng: inject_truncation(ko[i], rng),
    "unrelated": inject_unrelated,
}


# ---------------------------------------------------------------------------- running


def run_documents(
    en_lines: Sequence[str],
    ko_lines: Sequence[str],
    encoder,
    *,
    config: CheckConfig | None = None,
    skip: frozenset[str] = OTHER_KINDS,
) -> list[Alignment]:
    """Run the checks on consecutive BLOCK-line documents; one Alignment per document."""
    out = []
    for start in range(0, len(en_lines), BLOCK):
        en, ko, links = make_sides(en_lines[start : start + BLOCK], ko_lines[start : start + BLOCK])
        out.append(run_checks(en, ko, links, encoder, skip=skip, config=config))
    return out


def line_findings(alignments: Sequence[Alignment]) -> list[list]:
    """The findings of every line (documents concatenated back into corpus order)."""
    return [list(link.findings) for al in alignments for link in al.links]


def flag_rate(
    findings: Sequence[Sequence],
    lines: Sequence[int],
    kinds: Sequence[str] | None = None,
    severities: Sequence[str] = SERIOUS,
) -> float:
    """Share of ``lines`` with at least one finding of ``kinds`` (all when None) at ``severities``."""
    if not lines:
        return 0.0
    hit = sum(
        1
        for i in lines
        if any((kinds is None or f.kind in kinds) and f.severity in severities for f in findings[i])
    )
    return hit / len(lines)


def injected_runs(
    en_lines: Sequence[str],
    ko_lines: Sequence[str],
    encoder,
    injector: Injector,
    *,
    seed: int = 0,
    config: CheckConfig | None = None,
    skip: frozenset[str] = OTHER_KINDS,
) -> tuple[list[list], list[str]]:
    """Inject every line once (one in INJECT_EVERY per pass); its findings and injected text."""
    findings: list[list] = [[] for _ in en_lines]
    injected_text = list(ko_lines)
    for phase in range(INJECT_EVERY):
        rng = random.Random(f"{seed}-{phase}")
        ko = list(ko_lines)
        targets = [i for i in range(len(ko)) if i % INJECT_EVERY == phase]
        for i in targets:
            ko[i] = injector(ko_lines, i, rng)
            injected_text[i] = ko[i]
        per_line = line_findings(run_documents(en_lines, ko, encoder, config=config, skip=skip))
        for i in targets:
            findings[i] = per_line[i]
    return findings, injected_text


# ---------------------------------------------------------------------------- reports


def pct(values, qs) -> str:
    return " ".join(f"p{q:g}={np.percentile(values, q):.3f}" for q in qs)


def similarity_distributions(encoder, variants=("ko", "nk")) -> tuple[np.ndarray, np.ndarray]:
    true_all, unrelated_all = [], []
    for variant in variants:
        en, ko = load_pairs(variant)
        e = encoder.encode(en)
        k = encoder.encode(ko)
        sims = e @ k.T
        idx = np.arange(len(en))
        far = np.abs(idx[:, None] - idx[None, :]) >= 50
        true_all.append(np.diag(sims))
        unrelated_all.append(sims[far])
        print(
            f"[{variant}] true pairs: {pct(np.diag(sims), (1, 2, 5, 10, 50))}\n"
            f"[{variant}] unrelated:  {pct(sims[far], (50, 90, 95, 97.5, 99))}"
        )
    return np.concatenate(true_all), np.concatenate(unrelated_all)


def length_figures(variants=("ko", "nk")) -> None:
    for variant in variants:
        en, ko = load_pairs(variant)
        ratios = np.array(
            [max(1, comparable_length(k)) / max(1, comparable_length(e)) for e, k in zip(en, ko)]
        )
        logs = np.log(ratios)
        mad_sd = 1.4826 * np.median(np.abs(logs - np.median(logs)))
        print(
            f"[{variant}] ko/en length ratio (non-space, outside brackets): median {np.median(ratios):.3f}, "
            f"robust sd of log {mad_sd:.3f} (stored: {KO_EN_LENGTH_RATIO}, {LOG_RATIO_SD})"
        )


def kind_rates(findings, lines, label: str) -> None:
    by_kind = {
        kind: flag_rate(findings, lines, [kind])
        for kind in ("missing", "added", "partial", "meaning", "title", "untranslated")
    }
    shown = ", ".join(f"{k} {v:.1%}" for k, v in by_kind.items() if v)
    print(
        f"  {label}: any kind {flag_rate(findings, lines):.1%} "
        f"(partial+meaning {flag_rate(findings, lines, ['partial', 'meaning']):.1%}); {shown or 'none'}"
    )


def show_flagged(findings, en, ko, lines, limit: int) -> None:
    shown = 0
    for i in lines:
        serious = [f for f in findings[i] if f.severity in SERIOUS]
        if serious and shown < limit:
            kinds = ",".join(sorted({f"{f.kind}/{f.severity}" for f in serious}))
            print(f"    line {i + 1} [{kinds}] EN {en[i][:90]!r} | KO {ko[i][:60]!r}")
            shown += 1


def _reason(message: str) -> str:
    """The opening of a finding message without its quoted text ("the Korean sentence breaks off")."""
    return re.split(r'[:("\u201c]', message, maxsplit=1)[0].replace(" after", "").strip()


def benchmark_variant(
    variant: str,
    encoder,
    *,
    config: CheckConfig | None,
    label: str,
    show: int,
    skip: frozenset[str],
) -> None:
    en, ko = load_pairs(variant)
    lines = list(range(len(en)))
    started = time.perf_counter()
    clean = line_findings(run_documents(en, ko, encoder, config=config, skip=skip))
    print(
        f"[{variant}, {label}] untouched pairs ({len(lines)} lines, {time.perf_counter() - started:.1f}s):"
    )
    kind_rates(clean, lines, "flagged at warning/error")
    print(
        f"    info-level partial/meaning: {flag_rate(clean, lines, ['partial', 'meaning'], ('info',)):.1%}"
    )
    reasons = Counter(
        f"{f.kind}: {_reason(f.message)}"
        for i in lines
        for f in clean[i]
        if f.severity in SERIOUS and f.kind in ("partial", "meaning")
    )
    print("    by reason: " + "; ".join(f"{r} {n}" for r, n in reasons.most_common()))
    if show:
        show_flagged(clean, en, ko, lines, show)

    trunc, trunc_text = injected_runs(
        en, ko, encoder, INJECTORS["truncation"], config=config, skip=skip
    )
    print(
        f"  truncation (Korean cut at 30-60%): partial recall "
        f"{flag_rate(trunc, lines, ['partial']):.1%}, any serious finding {flag_rate(trunc, lines):.1%}"
    )
    if config is None:
        # How much of that needs the "stops mid-phrase" cue: the length + coverage-gain
        # score alone, on the same truncated texts.
        vectors = {}
        texts = []
        from bilingual.checks.coverage import texts_for

        for e, k in zip(en, trunc_text):
            texts += texts_for(e, k)
        for t, v in zip(dict.fromkeys(texts), encoder.encode(list(dict.fromkeys(texts)))):
            vectors[t] = v
        from bilingual.checks.calibration import for_model

        calibration = for_model(encoder.name)
        if calibration is not None:
            scores = [
                measure(e, k, vectors.__getitem__).short_score(calibration.spread)
                for e, k in zip(en, trunc_text)
            ]
            caught = np.mean([s >= PARTIAL_WARNING for s in scores])
            print(f"    length + coverage gain alone (no break-off cue): {caught:.1%}")
    unrel, _ = injected_runs(en, ko, encoder, INJECTORS["unrelated"], config=config, skip=skip)
    print(
        f"  unrelated Korean (from another article): meaning recall "
        f"{flag_rate(unrel, lines, ['meaning']):.1%} (error {flag_rate(unrel, lines, ['meaning'], ('error',)):.1%}), "
        f"any serious finding {flag_rate(unrel, lines):.1%}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--constants", action="store_true", help="print the Calibration literal")
    parser.add_argument("--show", type=int, default=40, help="flagged untouched pairs to list")
    parser.add_argument("--variants", default="ko,nk")
    parser.add_argument("--all-checks", action="store_true", help="include number and name checks")
    args = parser.parse_args(argv)
    variants = tuple(args.variants.split(","))
    skip = frozenset() if args.all_checks else OTHER_KINDS

    encoder = MemoEncoder(default_encoder(cache=False))
    print(f"encoder {encoder.name} {encoder.version}")
    true, unrelated = similarity_distributions(encoder, variants)
    calibration = from_percentiles(encoder.name, "dev corpora", true, unrelated)
    print(f"pooled true pairs: {pct(true, (1, 2, 5, 10, 25, 50))}")
    print(f"pooled unrelated:  {pct(unrelated, (50, 75, 90, 95, 97.5, 99))}")
    print(
        f"thresholds: meaning warning < {calibration.meaning_warning} (unrelated p97.5; "
        f"{np.mean(true < calibration.meaning_warning):.1%} of true pairs below), error < "
        f"{calibration.meaning_error} (unrelated p90; {np.mean(true < calibration.meaning_error):.1%} of true pairs)"
    )
    length_figures(variants)
    if args.constants:
        print("\n# paste into bilingual/checks/calibration.py MODELS:")
        print(f"    {calibration!r},\n")

    for variant in variants:
        benchmark_variant(
            variant, encoder, config=None, label="stored calibration", show=args.show, skip=skip
        )
        benchmark_variant(
            variant,
            encoder,
            config=CheckConfig(calibration="document"),
            label="document calibration",
            show=0,
            skip=skip,
        )
    print(f"texts embedded: {encoder.encoded}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
