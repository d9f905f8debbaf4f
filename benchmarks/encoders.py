"""Encoder benchmark: translation retrieval, similarity distributions, speed, memory, cache.

    cd /work/main && PYTHONPATH=. /work/venv/bin/python benchmarks/encoders.py
    cd /work/main && PYTHONPATH=. /work/venv/bin/python benchmarks/encoders.py --model ./LaBSE

For each variant of the development data (1,000 line-aligned English/Korean news
sentence pairs; "ko" = South Korean, "nk" = the same English with North Korean
orthography) it reports:

* P@1 of finding line i's translation among all 1,000 lines of the other side, in
  both directions, by cosine and by ratio margin: cos(x, y) divided by the mean of
  x's and y's average cosine to their k nearest neighbours (k=4). Margin discounts
  "hub" sentences that are close to everything. A hit is a candidate whose text
  equals the gold line (the data repeats a few short lines).
* cosine of true pairs (line i with line i) against unrelated pairs (line i with a
  line at least 50 lines away, i.e. from another story), with percentiles of both,
  which the drift checks use to place thresholds.

Then: model load time; a cold run through the disk cache (embed + write, fresh
folder) against a warm one (a new wrapper on the same folder, as a second process
would see it); the time to look up 100 sentences; sentences/s on one thread, on
``--threads`` cores (default: all) and, for USE, with its own per-call choice; peak
RSS. The 1-minute load average is printed because other processes on the machine
change the speed figures a lot (see docs/encoders.md).

Data: /work/shared/data (override with $BILINGUAL_DATA_DIR).
  korean-english-news-v1: Park, Hong and Cha (2016), Korean Language Resources for
  Everyone, PACLIC 30. northkorean-english-news-v1: Kim, Hirasawa and Komachi (2020),
  ACL SRW. Both CC BY-SA 3.0.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bilingual.encoders.cache import CachedEncoder

DATA_DIR = Path(os.environ.get("BILINGUAL_DATA_DIR", "/work/shared/data"))
VARIANTS = {
    "ko": ("korean-english-news-v1", "dev.en", "dev.ko"),
    "nk": ("northkorean-english-news-v1", "dev.en", "dev.nk"),
}
UNRELATED_MIN_DISTANCE = 50  # lines; consecutive lines form stories of a few dozen lines
TRUE_PERCENTILES = (1, 5, 10, 25, 50, 75)
UNRELATED_PERCENTILES = (50, 95, 99)


def load_variant(variant: str) -> tuple[list[str], list[str]]:
    folder, en_name, ko_name = VARIANTS[variant]
    en = (DATA_DIR / folder / en_name).read_text(encoding="utf-8").splitlines()
    ko = (DATA_DIR / folder / ko_name).read_text(encoding="utf-8").splitlines()
    if len(en) != len(ko):
        raise SystemExit(f"{folder}: {len(en)} English lines but {len(ko)} Korean lines")
    return en, ko


def peak_rss_mb() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def knn_mean(sims: np.ndarray, k: int) -> np.ndarray:
    """Mean of each row's k largest values."""
    return np.mean(np.partition(sims, -k, axis=1)[:, -k:], axis=1)


def precision_at_1(scores: np.ndarray, targets: list[str]) -> float:
    """Share of rows i whose best-scoring column has the text of target i (the gold)."""
    best = scores.argmax(axis=1)
    return float(np.mean([targets[j] == targets[i] for i, j in enumerate(best)]))


def retrieval(en_vecs, ko_vecs, en: list[str], ko: list[str], k: int) -> dict[str, float]:
    sims = en_vecs @ ko_vecs.T
    margin = sims / ((knn_mean(sims, k)[:, None] + knn_mean(sims.T, k)[None, :]) / 2)
    return {
        "p1_cos_en2ko": precision_at_1(sims, ko),
        "p1_cos_ko2en": precision_at_1(sims.T, en),
        "p1_margin_en2ko": precision_at_1(margin, ko),
        "p1_margin_ko2en": precision_at_1(margin.T, en),
    }


def similarity_distributions(en_vecs, ko_vecs, seed: int) -> dict[str, float]:
    n = len(en_vecs)
    true = np.einsum("ij,ij->i", en_vecs, ko_vecs)
    rng = random.Random(seed)
    # Circular offset in [50, n-50]: partner is at least 50 lines away either way.
    partners = [
        (i + rng.randint(UNRELATED_MIN_DISTANCE, n - UNRELATED_MIN_DISTANCE)) % n for i in range(n)
    ]
    unrelated = np.einsum("ij,ij->i", en_vecs, ko_vecs[partners])
    out = {"true_mean": float(true.mean()), "unrelated_mean": float(unrelated.mean())}
    for p in TRUE_PERCENTILES:
        out[f"true_p{p}"] = float(np.percentile(true, p))
    for p in UNRELATED_PERCENTILES:
        out[f"unrelated_p{p}"] = float(np.percentile(unrelated, p))
    # Share of true pairs an unrelated-pair threshold at its 99th percentile would keep.
    out["true_above_unrelated_p99"] = float(np.mean(true > out["unrelated_p99"]))
    return out


class TimedEncoder:
    """Passes calls through to a model and adds up the time spent in it."""

    def __init__(self, inner):
        self.inner = inner
        self.name, self.version, self.dim = inner.name, inner.version, inner.dim
        self.seconds = 0.0
        self.sentences = 0

    def encode(self, texts):
        start = time.perf_counter()
        out = self.inner.encode(texts)
        self.seconds += time.perf_counter() - start
        self.sentences += len(texts)
        return out


def build_model(spec: str | None, threads: int, device: str | None):
    """The model as bilingual runs it: USE choosing its threads, torch on ``threads``."""
    if spec is None:
        from bilingual.encoders.use import USEEncoder

        return USEEncoder()
    import torch

    torch.set_num_threads(threads)
    from bilingual.encoders.sentence_transformers import load_sentence_transformer

    return load_sentence_transformer(spec, device=device)


@contextlib.contextmanager
def fixed_threads(model, threads: int | None):
    """Run ``model`` on ``threads`` threads (None: USE's own per-call choice)."""
    if hasattr(model, "fixed_threads"):  # USEEncoder
        saved = model.fixed_threads
        model.fixed_threads = threads
        try:
            yield
        finally:
            model.fixed_threads = saved
    else:
        import torch

        saved = torch.get_num_threads()
        torch.set_num_threads(threads or saved)
        try:
            yield
        finally:
            torch.set_num_threads(saved)


def throughput(model, texts: list[str], cores: int, repeat: int) -> dict[str, float]:
    """Sentences/s on one thread, on ``cores`` threads and (USE) with its own choice.

    Best of ``repeat`` passes: on a shared machine the best pass is the one least
    disturbed by other processes. Settings alternate within each round so that a
    change of machine load hits all of them alike.
    """
    settings: dict[str, int | None] = {"1_thread": 1, f"{cores}_threads": cores}
    if hasattr(model, "fixed_threads"):
        settings["auto"] = None
    best = dict.fromkeys(settings, 0.0)
    for _ in range(repeat):
        for label, threads in settings.items():
            with fixed_threads(model, threads):
                start = time.perf_counter()
                model.encode(texts)
                rate = len(texts) / (time.perf_counter() - start)
            best[label] = max(best[label], rate)
    return {f"sentences_per_s_{label}": rate for label, rate in best.items()}


def cache_figures(model, texts: list[str]) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """Cold and warm runs through a fresh cache folder; returns figures and the vectors."""
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bilingual-bench-") as folder:
        timed = TimedEncoder(model)
        cold = CachedEncoder(timed, folder)
        start = time.perf_counter()
        vectors = cold.encode(texts)
        figures["cold_s"] = time.perf_counter() - start
        figures["cold_embed_s"] = timed.seconds
        figures["cold_cache_write_s"] = figures["cold_s"] - timed.seconds
        cold.close()

        warm = CachedEncoder(model, folder)
        start = time.perf_counter()
        again = warm.encode(texts)
        figures["warm_s"] = time.perf_counter() - start
        if warm.misses or not np.array_equal(again, vectors):
            raise SystemExit("warm cache run re-embedded or changed vectors")
        warm.close()

        lookups = []
        for i in range(0, len(texts) - 100, 100):
            fresh = CachedEncoder(model, folder)  # includes opening the database
            start = time.perf_counter()
            fresh.encode(texts[i : i + 100])
            lookups.append(time.perf_counter() - start)
            fresh.close()
        figures["lookup_100_ms_median"] = 1000 * statistics.median(lookups)
        figures["lookup_100_ms_max"] = 1000 * max(lookups)
        figures["cache_mb"] = sum(f.stat().st_size for f in Path(folder).rglob("*")) / 2**20
    return figures, dict(zip(texts, vectors))


def main(argv: list[str] | None = None) -> None:
    from bilingual.encoders.use import available_cores

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="sentence-transformers folder or hub id (default: USE)")
    parser.add_argument("--device", help="torch device for --model (default: cuda if available)")
    parser.add_argument(
        "--threads", type=int, default=available_cores(), help="cores to test (default: all)"
    )
    parser.add_argument("--k", type=int, default=4, help="neighbours for the margin (default 4)")
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    parser.add_argument("--seed", type=int, default=13, help="seed for the unrelated pairs")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per thread setting")
    parser.add_argument(
        "--speed-sample", type=int, default=1024, help="sentences per timed pass (default 1024)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    args = parser.parse_args(argv)

    data = {variant: load_variant(variant) for variant in args.variants}
    texts = list(dict.fromkeys(t for en, ko in data.values() for t in en + ko))

    start = time.perf_counter()
    model = build_model(args.model, args.threads, args.device)
    model.encode(["warm-up"])  # USE loads its weights on first use
    report: dict[str, object] = {
        "model": f"{model.name} {model.version}",
        "cores": args.threads,
        "load_average_1min": os.getloadavg()[0],  # other processes competing for the cores
        "load_s": time.perf_counter() - start,
        "rss_after_load_mb": peak_rss_mb(),
        "distinct_texts": len(texts),
    }
    speed, vector_of = cache_figures(model, texts)
    report.update(speed)
    sample = texts[:: max(1, len(texts) // args.speed_sample)][: args.speed_sample]
    report.update(throughput(model, sample, args.threads, max(1, args.repeat)))
    report["load_average_1min_end"] = os.getloadavg()[0]
    for variant, (en, ko) in data.items():
        en_vecs = np.stack([vector_of[t] for t in en])
        ko_vecs = np.stack([vector_of[t] for t in ko])
        figures = retrieval(en_vecs, ko_vecs, en, ko, args.k)
        figures.update(similarity_distributions(en_vecs, ko_vecs, args.seed))
        report[variant] = figures
    report["peak_rss_mb"] = peak_rss_mb()

    if args.json:
        print(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        if isinstance(value, dict):
            print(f"[{key}] {len(data[key][0])} pairs")
            for name, figure in value.items():
                print(f"  {name:26s} {figure:.3f}")
        elif isinstance(value, float):
            print(f"{key:28s} {value:.3f}")
        else:
            print(f"{key:28s} {value}")


if __name__ == "__main__":
    main()
