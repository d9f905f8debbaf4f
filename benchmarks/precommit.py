"""What a pre-commit run costs: `bilingual check` on one changed article pair.

    cd /work/main && PYTHONPATH=. /work/venv/bin/python benchmarks/precommit.py
    cd /work/main && PYTHONPATH=. /work/venv/bin/python benchmarks/precommit.py --lines 40 --repeat 5
    cd /work/main && PYTHONPATH=. /work/venv/bin/python benchmarks/precommit.py --pair a.en.txt a.ko.txt

Two measurements, each in new processes as pre-commit starts them:

* end to end: the wall time of the `bilingual check EN KO` command, cold (empty
  embedding cache: every sentence is embedded, so the encoder loads) and warm (the same
  pair again with the cache the cold run filled), median of --repeat runs each, next to
  the wall time of a bare `python -c pass` (interpreter start, which no change here
  can reduce);
* breakdown: the same work done stage by stage in one process (cold, then warm in
  another process), each stage timed: import (bilingual and everything the check path
  imports, the check families included), Kiwi load (constructor plus the first
  analysis, when Kiwi builds its analyser; the Korean sentence splitter and the name and
  number checks use it), read + split, encoder load, embed (the sentences, as align
  embeds them), align, checks (which embed link texts too), report.

Targets: cold end to end < 5 s; warm "work" (the stages after import) < 1 s. The
1-minute load average is printed: other processes on the machine move these figures a
lot.

The default pair is --lines consecutive sentence pairs (one per paragraph) of the
development data, starting at --start.
  korean-english-news-v1: Park, Hong and Cha (2016), Korean Language Resources for
  Everyone, PACLIC 30. CC BY-SA 3.0. (Data: /work/shared/data, or $BILINGUAL_DATA_DIR.)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA_DIR = Path(os.environ.get("BILINGUAL_DATA_DIR", "/work/shared/data"))
CORPUS = DATA_DIR / "korean-english-news-v1"

COLD_TARGET = 5.0
WARM_WORK_TARGET = 1.0


def write_article_pair(directory: Path, start: int, lines: int) -> tuple[Path, Path]:
    """``lines`` consecutive dev sentence pairs as NAME.en.txt / NAME.ko.txt, one per paragraph."""
    paths = []
    for lang in ("en", "ko"):
        with open(CORPUS / f"dev.{lang}", encoding="utf-8") as handle:
            text = handle.read().splitlines()[start : start + lines]
        path = directory / f"article.{lang}.txt"
        path.write_text("\n\n".join(text) + "\n", encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def bilingual_command() -> list[str]:
    """The console script pre-commit runs, or the module when it is not installed."""
    script = Path(sys.executable).with_name("bilingual")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bilingual.cli"]


def timed_run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int, str]:
    began = time.perf_counter()
    result = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - began
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return seconds, result.returncode, result.stdout


def environment(cache_dir: Path) -> dict[str, str]:
    env = dict(os.environ, BILINGUAL_CACHE_DIR=str(cache_dir))
    env.pop("BILINGUAL_NO_CACHE", None)
    return env


def end_to_end(en: Path, ko: Path, repeat: int, workdir: Path, other: tuple[Path, Path]) -> dict:
    """Wall times of `bilingual check EN KO` in new processes, in the situations a hook meets.

    first: the very first run on a machine (empty cache folder: Kiwi and the encoder load,
    the encoder builds its tokenizer, every sentence is embedded). cold: a pair the cache
    has never seen, on a machine where bilingual ran before (the cache folder holds another
    article). edited: the pair again after one Korean sentence was edited (the usual
    commit). warm: the pair unchanged.
    """
    command = bilingual_command() + ["check", str(en), str(ko)]
    bare = [
        timed_run([sys.executable, "-c", "pass"], dict(os.environ), workdir)[0] for _ in range(3)
    ]
    runs: dict[str, list[float]] = {"first": [], "cold": [], "edited": [], "warm": []}
    findings = 0
    original_ko = ko.read_text(encoding="utf-8")
    for round_number in range(repeat):
        ko.write_text(original_ko, encoding="utf-8")
        cache = workdir / f"cache-{round_number}"
        cache.mkdir()
        runs["first"].append(
            timed_run(
                bilingual_command() + ["check", *map(str, other)], environment(cache), workdir
            )[0]
        )
        seconds, _, stdout = timed_run(command, environment(cache), workdir)
        runs["cold"].append(seconds)
        findings = len(stdout.splitlines())
        runs["warm"].append(timed_run(command, environment(cache), workdir)[0])
        paragraphs = original_ko.split("\n\n")
        paragraphs[len(paragraphs) // 2] += f" 수정 {round_number}."
        ko.write_text("\n\n".join(paragraphs), encoding="utf-8")
        runs["edited"].append(timed_run(command, environment(cache), workdir)[0])
    ko.write_text(original_ko, encoding="utf-8")
    out: dict[str, object] = {name: statistics.median(values) for name, values in runs.items()}
    out.update(interpreter=statistics.median(bare), runs=runs, findings=findings)
    return out


def stages(en: str, ko: str, warm: bool) -> dict[str, float | int | str]:
    """Run in a fresh process (``--stages``): the check path, stage by stage."""
    timings: dict[str, float | int | str] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    import bilingual.cli  # noqa: F401  (what the console script imports)
    from bilingual import corpus, pipeline
    from bilingual.align import align
    from bilingual.checks import load_families, run_checks
    from bilingual.encoders import load_model
    from bilingual.korean import get_kiwi
    from bilingual.reports import render

    corpus.pair_paths([en, ko], corpus.load_config("."))
    load_families()
    lap("import")
    # Kiwi first, so that "read + split" (which uses it for Korean) does not include loading
    # it; a warm run finds every Kiwi result in the analysis cache and never loads it.
    if not warm:
        get_kiwi().tokenize("분석기 초기화")  # Kiwi builds its analyser on the first analysis
    lap("Kiwi load")
    en_side, ko_side = pipeline.load_sides(en, ko)
    lap("read + split")
    encoder = pipeline.get_encoder(None)
    if not warm:  # with every text cached, `check` never loads the model
        load_model(None).encode(["load"])
    lap("encoder load")
    encoder.encode(en_side.texts + ko_side.texts)
    lap("embed")
    links = align(en_side, ko_side, encoder, None)
    lap("align")
    alignment = run_checks(en_side, ko_side, links, encoder)
    lap("checks")
    render(alignment, "lines")
    lap("report")
    timings["sentences"] = len(en_side.sentences) + len(ko_side.sentences)
    timings["embedded"] = encoder.misses
    timings["from cache"] = encoder.hits
    return timings


def breakdown(en: Path, ko: Path, cache: Path, warm: bool, workdir: Path) -> dict:
    args = [sys.executable, __file__, "--stages", str(en), str(ko)] + (["--warm"] if warm else [])
    result = subprocess.run(
        args, env=environment(cache), cwd=workdir, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"stage run failed:\n{result.stderr}")
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pair", nargs=2, metavar=("EN", "KO"), help="check this pair instead")
    parser.add_argument(
        "--lines", type=int, default=30, help="sentence pairs in the default article"
    )
    parser.add_argument(
        "--start", type=int, default=0, help="first dev line of the default article"
    )
    parser.add_argument("--repeat", type=int, default=3, help="end-to-end runs of each kind")
    parser.add_argument("--stages", nargs=2, metavar=("EN", "KO"), help=argparse.SUPPRESS)
    parser.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stages:
        print(json.dumps(stages(*args.stages, warm=args.warm)))
        return

    with tempfile.TemporaryDirectory(prefix="bilingual-precommit-") as tmp:
        workdir = Path(tmp)
        (workdir / ".git").mkdir()  # a project root: no configuration from above is picked up
        if args.pair:
            en, ko = (Path(p).resolve() for p in args.pair)
            described = f"{en} + {ko}"
        else:
            en, ko = write_article_pair(workdir, args.start, args.lines)
            described = f"dev lines {args.start}-{args.start + args.lines - 1} of {CORPUS.name}"
        print(f"pair: {described}")
        print(f"load average (1 min) before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

        other_dir = workdir / "other"
        other_dir.mkdir()
        other = write_article_pair(other_dir, args.start + 500, args.lines)
        totals = end_to_end(en, ko, args.repeat, workdir, other)
        print(f"\nend to end: `bilingual check EN KO`, median of {args.repeat} (new process each)")
        print(f"  python -c pass                         {totals['interpreter']:6.2f} s")
        labels = {
            "first": "first run on the machine (empty cache)",
            "cold": "cold: pair never seen before",
            "edited": "one Korean sentence edited",
            "warm": "warm: pair unchanged",
        }
        for name, label in labels.items():
            verdict = ""
            if name == "cold":
                verdict = f"   target < {COLD_TARGET:.0f} s: " + (
                    "ok" if totals[name] < COLD_TARGET else "MISSED"
                )
            print(f"  {label:<39}{totals[name]:6.2f} s{verdict}")
        for name in labels:
            print(f"  runs {name}: " + ", ".join(f"{t:.2f}" for t in totals["runs"][name]))
        print(f"  findings printed: {totals['findings']}")

        cache = workdir / "cache-stages"
        cache.mkdir()
        cold = breakdown(en, ko, cache, warm=False, workdir=workdir)
        warm = breakdown(en, ko, cache, warm=True, workdir=workdir)
        print("\nbreakdown, seconds (one process each)      cold     warm")
        names = [k for k in cold if isinstance(cold[k], float)]
        for name in names:
            print(f"  {name:<38}{cold[name]:8.2f} {warm[name]:8.2f}")
        work = {
            label: sum(t[n] for n in names if n != "import")
            for label, t in (("cold", cold), ("warm", warm))
        }
        print(f"  {'work (all but import)':<38}{work['cold']:8.2f} {work['warm']:8.2f}")
        print(f"  {'sentences':<38}{cold['sentences']:8d} {warm['sentences']:8d}")
        print(
            f"  {'texts embedded / from cache':<38}{cold['embedded']:>4}/{cold['from cache']:<3} "
            f"{warm['embedded']:>4}/{warm['from cache']:<3}"
        )
        warm_verdict = "ok" if work["warm"] < WARM_WORK_TARGET else "MISSED"
        print(
            f"\nwarm work {work['warm']:.2f} s: target < {WARM_WORK_TARGET:.0f} s: {warm_verdict}"
        )
        print(f"load average (1 min) after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
