"""Calibrate the number check on real pairs and measure its recall on injected drift.

For each corpus of line-aligned English/Korean news sentences it prints

* how many untouched pairs get a warning or an error (false alarms, or real drift in
  the corpus: ``--show`` lists them for inspection);
* recall on injected changes: in every pair, one number that the check found on both
  sides has one digit changed on the Korean side; the change is caught when the
  changed pair has a warning or error the untouched pair did not have.

Data: /work/shared/data (Korean Parallel Corpora, Park et al. 2016; North Korean
side Kim et al. 2020; CC BY-SA 3.0).

    PYTHONPATH=. python benchmarks/drift_numbers.py [--data DIR] [--show N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

from bilingual.checks.numbers import compare, korean_quantities

CORPORA = (
    ("korean-english-news-v1", "dev.en", "dev.ko"),
    ("northkorean-english-news-v1", "dev.en", "dev.nk"),
)
SERIOUS = ("warning", "error")


def load(data: Path, folder: str, en_name: str, ko_name: str) -> list[tuple[str, str]]:
    en = (data / folder / en_name).read_text(encoding="utf-8").splitlines()
    ko = (data / folder / ko_name).read_text(encoding="utf-8").splitlines()
    return list(zip(en, ko, strict=True))


def mutate(ko: str, start: int, end: int, rng: random.Random) -> str | None:
    """Change one digit of ko[start:end] to another digit (never a new leading zero)."""
    positions = [i for i in range(start, end) if ko[i].isdigit()]
    if not positions:
        return None
    pos = rng.choice(positions)
    leading = pos == 0 or not ko[pos - 1].isdigit() and ko[pos - 1] not in ",."
    choices = [d for d in "0123456789" if d != ko[pos] and not (leading and d == "0")]
    return ko[:pos] + rng.choice(choices) + ko[pos + 1 :]


def run(name: str, pairs: list[tuple[str, str]], show: int, rng: random.Random,
        show_misses: bool = False) -> None:
    started = time.perf_counter()
    severities: Counter[str] = Counter()
    flagged: list[tuple[int, str, str, list[str]]] = []
    with_numbers = 0
    injected = caught = caught_any = 0
    misses: list[tuple[int, str, str, list[str]]] = []
    for line, (en, ko) in enumerate(pairs, 1):
        mismatches = compare(en, ko)
        for m in mismatches:
            severities[m.severity] += 1
        serious = [f"{m.severity}: {m.message}" for m in mismatches if m.severity in SERIOUS]
        if serious:
            flagged.append((line, en, ko, serious))
        # Numbers present on both sides: Korean quantities written with digits that no
        # mismatch mentions.
        reported = {(m.ko.start, m.ko.end) for m in mismatches if m.ko is not None}
        matched = [q for q in korean_quantities(ko)
                   if (q.start, q.end) not in reported and not q.match_only
                   and re.search(r"\d", q.text)]
        if not matched:
            continue
        with_numbers += 1
        target = rng.choice(matched)
        changed = mutate(ko, target.start, target.end, rng)
        if changed is None:
            continue
        injected += 1
        before = Counter(m.message for m in mismatches)
        after = compare(en, changed)
        new = [m for m in after if before[m.message] == 0]
        caught += any(m.severity in SERIOUS for m in new)
        caught_any += bool(new)
        if show_misses and not any(m.severity in SERIOUS for m in new):
            misses.append((line, en, changed, [f"{m.severity}: {m.message}" for m in new]))
    elapsed = time.perf_counter() - started
    total = len(pairs)
    print(f"== {name}: {total} pairs, {with_numbers} with a number on both sides")
    print(f"  untouched pairs with a warning or error: {len(flagged)} "
          f"({100 * len(flagged) / total:.1f}%); findings: "
          + ", ".join(f"{s} {severities[s]}" for s in ("error", "warning", "info")))
    if injected:
        print(f"  injected one-digit changes: {injected}; caught as warning/error: {caught} "
              f"({100 * caught / injected:.1f}%); caught at any severity: {caught_any} "
              f"({100 * caught_any / injected:.1f}%)")
    print(f"  time: {elapsed:.2f} s for {total} pairs (original + changed)")
    for line, en, ko, serious in flagged[:show]:
        print(f"  line {line}\n    EN {en}\n    KO {ko}")
        for message in serious:
            print(f"    - {message}")
    for line, en, ko, new in misses:
        print(f"  missed change, line {line}\n    EN {en}\n    KO {ko}")
        for message in new:
            print(f"    - {message}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--show", type=int, default=0, help="list this many flagged pairs")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--misses", action="store_true",
                        help="list the injected changes that were not caught")
    args = parser.parse_args(argv)
    for folder, en_name, ko_name in CORPORA:
        if not (args.data / folder).is_dir():
            print(f"skipping {folder}: not found under {args.data}", file=sys.stderr)
            continue
        run(folder, load(args.data, folder, en_name, ko_name), args.show,
            random.Random(args.seed), args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
