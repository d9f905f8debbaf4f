"""Accuracy and speed of the sentence aligner (bilingual/align.py).

    cd /work/main && PYTHONPATH=. /work/venv/bin/python benchmarks/align.py
    ... --seeds 0 1 2 3 4 --docs 20      # accuracy over more seeds
    ... --skip-large --skip-scaling      # accuracy and speed only

Document pairs of 20-50 consecutive sentences come from the development data
(benchmarks/_data.py; CC BY-SA 3.0, Park et al. 2016 / Kim et al. 2020) with edits per
layout: clean (all 1-1), merge (2-1, 1-2, 1-3, 3-1 made by joining consecutive sentences
on one side), drop (a sentence removed on either side), mixed (both). Every figure is
printed twice: on the data as it is ("raw") and with the 40 hand-checked lines whose own
pairing is wrong left out ("checked", see _data.MISPAIRED_LINES): on raw data a correct
alignment of those lines counts as an error.

Scores:
* strict / lax precision, recall, F1 with the definitions of Vecalign's score.py
  (Thompson & Koehn 2019; lax/strict after ACL Anthology W11-4624): counts pooled over
  documents; precision is computed over the test links (null links included: a test 1-0
  link is a hit when the gold has it), recall over the gold links with null links left
  out of both sides. A strict hit is an identical link; a lax hit shares a sentence with a
  gold link on both sides.
* null P/R/F1: of the set of unlinked sentences (1-0 and 0-1 links).
* nonnull F1: strict F1 with null links left out of precision as well.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
import tracemalloc
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

# Run as a script: the repo root for `bilingual`, this folder for `_data` (not
# `benchmarks._data`: pysbd installs an unrelated top-level package named `benchmarks`).
_HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(_HERE.parent), str(_HERE)]

from _data import (
    LAYOUTS,
    MISPAIRED_LINES,
    MemoEncoder,
    build_pair,
    default_encoder,
    load_pairs,
    random_edits,
    random_pairs,
    repeated_lines,
)

from bilingual.align import AlignConfig, align_texts

# --------------------------------------------------------------------------- scoring


def _link_counts(gold, test):
    """(strict hits, strict misses, lax hits, lax misses) of ``test`` links against ``gold``.

    Links empty on both sides are ignored. A test link is a strict hit when the gold has
    it exactly, a lax hit when one of its source sentences is linked in the gold to one of
    its target sentences.
    """
    gold_set = {(tuple(e), tuple(k)) for e, k in gold if e or k}
    test_set = {(tuple(e), tuple(k)) for e, k in test if e or k}
    gold_targets = defaultdict(set)
    for e_ids, k_ids in gold_set:
        for e in e_ids:
            gold_targets[e].update(k_ids)
    strict_hit = strict_miss = lax_hit = lax_miss = 0
    for e_ids, k_ids in test_set:
        if (e_ids, k_ids) in gold_set:
            strict_hit += 1
            lax_hit += 1
            continue
        strict_miss += 1
        reachable = set().union(*(gold_targets[e] for e in e_ids)) if e_ids else set()
        if reachable & set(k_ids):
            lax_hit += 1
        else:
            lax_miss += 1
    return strict_hit, strict_miss, lax_hit, lax_miss


def _ratio(num, den):
    return num / den if den else 0.0


def _f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def _both_sides(links):
    return [(e, k) for e, k in links if e and k]


def vecalign_scores(gold_list, test_list, *, drop_null_in_precision=False):
    """Strict/lax precision, recall and F1 pooled over documents (Vecalign score.py semantics)."""
    prec = [0, 0, 0, 0]
    rec = [0, 0, 0, 0]
    for gold, test in zip(gold_list, test_list):
        p_test = _both_sides(test) if drop_null_in_precision else test
        p_gold = _both_sides(gold) if drop_null_in_precision else gold
        prec = [x + y for x, y in zip(prec, _link_counts(p_gold, p_test))]
        # Recall: the same counting with the roles swapped, null links removed.
        rec = [x + y for x, y in zip(rec, _link_counts(_both_sides(test), _both_sides(gold)))]
    p_strict, p_lax = _ratio(prec[0], prec[0] + prec[1]), _ratio(prec[2], prec[2] + prec[3])
    r_strict, r_lax = _ratio(rec[0], rec[0] + rec[1]), _ratio(rec[2], rec[2] + rec[3])
    return {
        "p_strict": p_strict,
        "r_strict": r_strict,
        "f_strict": _f1(p_strict, r_strict),
        "p_lax": p_lax,
        "r_lax": r_lax,
        "f_lax": _f1(p_lax, r_lax),
    }


def null_scores(gold_list, test_list):
    """Precision/recall/F1 of the unlinked sentences; None when neither side has any."""
    hit = n_gold = n_test = 0
    for gold, test in zip(gold_list, test_list):
        g = {("en", e[0]) if e else ("ko", k[0]) for e, k in gold if not (e and k)}
        t = {("en", e[0]) if e else ("ko", k[0]) for e, k in test if not (e and k)}
        hit += len(g & t)
        n_gold += len(g)
        n_test += len(t)
    if not n_gold and not n_test:
        return None
    p, r = _ratio(hit, n_test), _ratio(hit, n_gold)
    return {"p": p, "r": r, "f": _f1(p, r), "gold": n_gold, "test": n_test}


def run_docs(docs, encoder, config):
    tests = []
    for doc in docs:
        links = align_texts(doc.en, doc.ko, encoder, config=config)
        tests.append([(link.en, link.ko) for link in links])
    return tests


def _fmt(x):
    return "  -  " if x is None else f"{x:.3f}"


def _row(label, gold, test):
    s = vecalign_scores(gold, test)
    nn = vecalign_scores(gold, test, drop_null_in_precision=True)
    nulls = null_scores(gold, test)
    null_txt = (
        f"{_fmt(nulls['p'])} {_fmt(nulls['r'])} {_fmt(nulls['f'])}  ({nulls['gold']:3d} gold)"
        if nulls
        else f"{_fmt(None)} {_fmt(None)} {_fmt(None)}"
    )
    print(
        f"{label:<16} {s['p_strict']:.3f} {s['r_strict']:.3f} {s['f_strict']:.3f} | "
        f"{s['p_lax']:.3f} {s['r_lax']:.3f} {s['f_lax']:.3f} | {null_txt} | {nn['f_strict']:.3f}"
    )
    return s, nulls


HEADER = f"{'':<16} {'strict P/R/F1':<17} | {'lax P/R/F1':<17} | {'null P/R/F1':<30} | nonnull F1"


# --------------------------------------------------------------------------- sections


GOLD_CHOICES = {
    "raw": ("the data as it is", frozenset()),
    "checked": ("hand-checked mispaired lines left out (_data.MISPAIRED_LINES)", MISPAIRED_LINES),
}


def accuracy(encoder, config, seeds, n_docs, variants, gold_choice):
    description, skip = GOLD_CHOICES[gold_choice]
    print(f"\n== accuracy ({gold_choice}: {description})")
    print(f"   {n_docs} documents per layout and seed, seeds {seeds}")
    summary = []
    for variant in variants:
        print(f"\n-- variant {variant} ({'South' if variant == 'ko' else 'North'} Korean)")
        print(HEADER)
        pooled = defaultdict(lambda: ([], []))
        per_seed = defaultdict(lambda: ([], []))
        for seed in seeds:
            for layout in LAYOUTS:
                docs = random_pairs(seed, n_docs, layout, variant, skip_lines=skip)
                tests = run_docs(docs, encoder, config)
                golds = [d.gold for d in docs]
                for key, store in ((layout, pooled), (seed, per_seed)):
                    store[key][0].extend(golds)
                    store[key][1].extend(tests)
        for layout in LAYOUTS:
            _row(layout, *pooled[layout])
        all_gold = [g for layout in LAYOUTS for g in pooled[layout][0]]
        all_test = [t for layout in LAYOUTS for t in pooled[layout][1]]
        s, nulls = _row("overall", all_gold, all_test)
        summary.append((gold_choice, variant, s["f_strict"], nulls["f"]))
        for seed in seeds:
            _row(f"  seed {seed}", *per_seed[seed])
    return summary


def speed(config, n_docs):
    encoder = default_encoder()  # no embedding cache: the time includes encoding
    encoder.encode(["warm up"])  # loading the model is not alignment
    docs = [d for layout in LAYOUTS for d in random_pairs(0, n_docs, layout, "ko")]
    sentences = sum(len(d.en) + len(d.ko) for d in docs)
    start = time.perf_counter()
    run_docs(docs, encoder, config)
    elapsed = time.perf_counter() - start
    print(
        f"\n== speed: {len(docs)} documents of seed 0, {sentences} sentences in {elapsed:.1f} s "
        f"= {sentences / elapsed:.0f} sentences/s (encoding included, no cache)"
    )


def _large_pair(seed, skip, target=2000):
    """At least ``target`` sentences a side: the two variants' 1,000 lines back to back
    (English, then the same English again; Korean, then North Korean), repeated as far
    as needed to make up for the sentences that mixed edits merge or drop."""
    en_ko, ko = load_pairs("ko")
    en_nk, nk = load_pairs("nk")
    en_lines, ko_lines = en_ko + en_nk, ko + nk
    usable = [k for k in range(len(en_lines)) if k % len(en_ko) not in skip]
    n_units = target
    while True:
        lines = [usable[u % len(usable)] for u in range(n_units)]
        edits = random_edits(random.Random(seed), n_units, "mixed")
        doc = build_pair(en_lines, ko_lines, lines, edits, layout="mixed")
        short = target - min(len(doc.en), len(doc.ko))
        if short <= 0:
            return doc
        n_units += short


def _timed_align(doc, encoder, config):
    gc.collect()
    start = time.perf_counter()
    links = align_texts(doc.en, doc.ko, encoder, config=config)
    return time.perf_counter() - start, [(link.en, link.ko) for link in links]


def _peak_memory(doc, encoder, config):
    gc.collect()
    tracemalloc.start()
    align_texts(doc.en, doc.ko, encoder, config=config)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def large(config, seed):
    for gold_choice in GOLD_CHOICES:
        doc = _large_pair(seed, GOLD_CHOICES[gold_choice][1])
        # The first run encodes every text it asks for (no reuse of the repeated English),
        # later runs find them all in memory.
        encoder = MemoEncoder(default_encoder(), reuse=False)
        encoder.encode(["warm up"])
        encoder.encoded = 0
        total, test = _timed_align(doc, encoder, config)
        encoded = encoder.encoded
        encoder.reuse = True
        alone, _ = _timed_align(doc, encoder, config)
        peak = _peak_memory(doc, encoder, config)
        s = vecalign_scores([doc.gold], [test])
        nulls = null_scores([doc.gold], [test])
        print(
            f"\n== large pair ({gold_choice}): {len(doc.en)} en + {len(doc.ko)} ko sentences, "
            f"{len(doc.edits)} edits, seed {seed}\n"
            f"   align including encoding ({encoded} texts encoded): {total:.1f} s\n"
            f"   alignment alone (embeddings given): {alone:.2f} s, "
            f"peak traced memory {peak / 2**20:.0f} MiB\n"
            f"   strict F1 {s['f_strict']:.3f}, lax F1 {s['f_lax']:.3f}, null F1 {nulls['f']:.3f}"
        )


def scaling(config, seed, sizes):
    print("\n== scaling (embeddings given; korean-english data repeated, mixed edits)")
    print(f"{'en sentences':>12} {'time s':>8} {'ms/sent':>8} {'peak MiB':>9} {'strict F1':>9}")
    encoder = MemoEncoder(default_encoder())
    for size in sizes:
        en_lines, ko_lines = repeated_lines("ko", size)
        edits = random_edits(random.Random(seed), size, "mixed")
        doc = build_pair(en_lines, ko_lines, list(range(size)), edits, layout="mixed")
        align_texts(doc.en, doc.ko, encoder, config=config)  # fill the memo
        elapsed, test = _timed_align(doc, encoder, config)
        peak = _peak_memory(doc, encoder, config)
        f = vecalign_scores([doc.gold], [test])["f_strict"]
        per = 1000 * elapsed / len(doc.en)
        print(f"{len(doc.en):>12} {elapsed:>8.2f} {per:>8.2f} {peak / 2**20:>9.0f} {f:>9.3f}")


# What each piece of the scoring brings: the default against one change at a time.
ABLATIONS = {
    "default": {},
    "plain cosine (knn=0)": {"knn": 0},
    "no length penalty": {"length_weight": 0.0},
    "merges favoured (merge_penalty=0.05)": {"merge_penalty": 0.05},
    "merges discouraged (merge_penalty=0.30)": {"merge_penalty": 0.30},
    "null_cost=0.05": {"null_cost": 0.05, "merge_penalty": 0.05},
    "null_cost=0.30": {"null_cost": 0.30, "merge_penalty": 0.30},
    "max_merge=2": {"max_merge": 2},
}


def ablations(seeds, n_docs, variant="ko"):
    print(f"\n== ablations (checked gold, variant {variant}, seeds {seeds}, {n_docs} docs each)")
    print(HEADER)
    encoder = MemoEncoder(default_encoder())
    for label, change in ABLATIONS.items():
        config = replace(AlignConfig(), **change)
        golds, tests = [], []
        for seed in seeds:
            for layout in LAYOUTS:
                docs = random_pairs(seed, n_docs, layout, variant, skip_lines=MISPAIRED_LINES)
                golds += [d.gold for d in docs]
                tests += run_docs(docs, encoder, config)
        print(label)
        _row("", golds, tests)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--docs", type=int, default=20, help="documents per layout and seed")
    parser.add_argument("--variants", nargs="+", default=["ko", "nk"], choices=["ko", "nk"])
    parser.add_argument("--skip-accuracy", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--ablations", action="store_true", help="also run config ablations")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000, 3000, 10000])
    args = parser.parse_args(argv)
    config = AlignConfig()
    print(f"config: {config}")
    print(f"encoder: {default_encoder().name}")
    if not args.skip_accuracy:
        encoder = MemoEncoder(default_encoder())
        summary = []
        for gold_choice in GOLD_CHOICES:
            summary += accuracy(encoder, config, args.seeds, args.docs, args.variants, gold_choice)
        print("\nsummary (targets: strict F1 >= 0.95, null F1 >= 0.80):")
        for gold_choice, variant, f_strict, f_null in summary:
            print(f"   {gold_choice:<8} {variant}: strict F1 {f_strict:.3f}, null F1 {f_null:.3f}")
    if not args.skip_speed:
        speed(config, max(1, args.docs // 2))
    if not args.skip_large:
        large(config, args.seeds[0])
    if not args.skip_scaling:
        scaling(config, args.seeds[0], args.sizes)
    if args.ablations:
        ablations(args.seeds, args.docs)


if __name__ == "__main__":
    main()
