"""Language labelling accuracy and speed of read + segment on constructed mixed documents.

    cd /work/main && PYTHONPATH=. /work/venv/bin/python benchmarks/split.py [--seed N] [--cpu N]

Data: /work/shared/data (override with $BILINGUAL_DATA_DIR): 1,000 line-aligned English /
Korean news sentences per variant, in article order.
  korean-english-news-v1 (dev.en/dev.ko): Park, Hong and Cha (2016), Korean Language
  Resources for Everyone, PACLIC 30. northkorean-english-news-v1 (dev.en/dev.nk: the same
  English, Korean in North Korean orthography and spacing): Kim, Hirasawa and Komachi
  (2020), ACL SRW. Both CC BY-SA 3.0.

Documents are built from the lines in several layouts; every character's language is known
from construction (the language of the line it was copied from), so no labelling is done
by hand:

  paragraphs   English paragraph (3-6 consecutive lines), blank line, its Korean paragraph, ...
  lines        English line, Korean line, English line, ... (no blank lines)
  article      N English lines and then their N Korean lines, all in ONE paragraph
  code-mixed   one short sentence per line: Korean lines that contain Latin names or
               acronyms (ASCI White로, NHK, IBM社) as they are in the data, and English lines
               with one Korean word of their translation inserted (plain, "quoted" or
               (bracketed)) -- the inserted word counts as English: the sentence is English
  fragments    1-4 consecutive words of a line, one fragment per line; a Korean fragment
               must contain Hangul and an English one Latin letters (a Korean fragment that
               is only "ASCI White" is a name, not Korean text)

Score: the share of non-space characters whose segment (Span) has the language of the line
the character came from; a character in no segment counts as wrong. Letters-only accuracy
is printed too. The Korean file lines listed in MIXED_SOURCE_LINES hold English text
themselves (a headline or a vocabulary gloss pasted into the Korean line); they are left
out of the main score, and a second figure scores every line as its file's language.

Speed: characters per second of ``load_bytes`` (decode + structure + language + sentences)
on one core (the process is pinned to one CPU), after Kiwi and pysbd are loaded and warm.

Also printed: langdetect alone on the fragments and on the code-mixed lines (the baseline),
and how often the Korean splitter (punctuation first, Kiwi for the rest) gives exactly
Kiwi's split of the whole paragraph.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bilingual.language import sentence_lang
from bilingual.read import read_bytes
from bilingual.sentences import english_sentences, korean_sentences, load_bytes

DATA_DIR = Path(os.environ.get("BILINGUAL_DATA_DIR", "/work/shared/data"))
VARIANTS = {
    "ko": ("korean-english-news-v1", "dev.en", "dev.ko"),
    "nk": ("northkorean-english-news-v1", "dev.en", "dev.nk"),
}
# Korean-file lines (0-based; the two variants share numbering) that hold English text of
# their own. Found by listing every Korean line with a lowercase Latin word of three or
# more letters outside brackets, then reading each: all 25 are an English headline, an
# English vocabulary gloss ("despondent 실망한, 낙담한") or a URL pasted into the line.
MIXED_SOURCE_LINES = frozenset(
    {
        155,
        786,
        807,
        813,
        821,
        822,
        831,
        832,
        882,
        883,
        891,
        906,
        912,
        918,
        925,
        926,
        940,
        941,
        961,
        966,
        974,
        983,
        986,
        994,
        995,
    }
)
_HANGUL = re.compile("[\uac00-\ud7a3]")
_LATIN = re.compile("[A-Za-z]")


@dataclass
class Built:
    """A constructed document: its text and the language of each piece copied into it."""

    layout: str
    variant: str
    parts: list[str] = field(default_factory=list)
    truth: list[tuple[int, int, str, bool]] = field(default_factory=list)  # start, end, lang, clean
    length: int = 0

    def add(self, text: str, lang: str | None = None, clean: bool = True) -> None:
        if lang is not None:
            self.truth.append((self.length, self.length + len(text), lang, clean))
        self.parts.append(text)
        self.length += len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def load_lines(variant: str) -> tuple[list[str], list[str]]:
    folder, en_name, ko_name = VARIANTS[variant]
    en = (DATA_DIR / folder / en_name).read_text(encoding="utf-8").split("\n")
    ko = (DATA_DIR / folder / ko_name).read_text(encoding="utf-8").split("\n")
    n = min(len(en), len(ko))
    pairs = [(i, en[i].strip(), ko[i].strip()) for i in range(n)]
    return [p for p in pairs if p[1] and p[2]]  # type: ignore[return-value]


def chunks(items: list, rng: random.Random, low: int, high: int):
    i = 0
    while i < len(items):
        k = rng.randint(low, high)
        yield items[i : i + k]
        i += k


def build_documents(variant: str, rng: random.Random) -> list[Built]:
    pairs = load_lines(variant)
    docs: list[Built] = []

    for doc_pairs in chunks(pairs, rng, 30, 30):  # paragraphs
        doc = Built("paragraphs", variant)
        for group in chunks(doc_pairs, rng, 3, 6):
            doc.add(" ".join(p[1] for p in group), "en")
            doc.add("\n\n")
            for j, p in enumerate(group):
                doc.add(" " if j else "")
                doc.add(p[2], "ko", p[0] not in MIXED_SOURCE_LINES)
            doc.add("\n\n")
        docs.append(doc)

    for doc_pairs in chunks(pairs, rng, 30, 30):  # lines
        doc = Built("lines", variant)
        for p in doc_pairs:
            doc.add(p[1], "en")
            doc.add("\n")
            doc.add(p[2], "ko", p[0] not in MIXED_SOURCE_LINES)
            doc.add("\n")
        docs.append(doc)

    for doc_pairs in chunks(pairs, rng, 30, 30):  # article: English then Korean, one paragraph
        doc = Built("article", variant)
        for group in chunks(doc_pairs, rng, 5, 10):
            for j, p in enumerate(group):
                doc.add(" " if j else "")
                doc.add(p[1], "en")
            for p in group:
                doc.add(" ")
                doc.add(p[2], "ko", p[0] not in MIXED_SOURCE_LINES)
            doc.add("\n\n")
        docs.append(doc)

    mixed_ko = [p for p in pairs if _LATIN.search(p[2]) and p[0] not in MIXED_SOURCE_LINES]
    mixed_lines: list[tuple[str, str]] = [(p[2], "ko") for p in mixed_ko]
    for index, en, ko in pairs[::3]:
        if index in MIXED_SOURCE_LINES:
            continue
        ko_words = [w for w in ko.split() if _HANGUL.search(w) and not _LATIN.search(w)]
        words = en.split()
        if not ko_words or len(words) < 3:
            continue
        word = rng.choice(ko_words).strip(".,\"'“”‘’()")
        form = rng.choice(["{}", '"{}"', "({})"]).format(word)
        at = rng.randint(1, len(words) - 1)
        mixed_lines.append((" ".join(words[:at] + [form] + words[at:]), "en"))
    rng.shuffle(mixed_lines)
    for group in chunks(mixed_lines, rng, 30, 30):
        doc = Built("code-mixed", variant)
        for line, lang in group:
            doc.add(line, lang)
            doc.add("\n")
        docs.append(doc)

    fragments = fragment_lines(pairs, rng)
    for group in chunks(fragments, rng, 40, 40):
        doc = Built("fragments", variant)
        for line, lang in group:
            doc.add(line, lang)
            doc.add("\n")
        docs.append(doc)
    return docs


def fragment_lines(pairs, rng: random.Random) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for index, en, ko in pairs[::2]:
        for text, lang, script in ((en, "en", _LATIN), (ko, "ko", _HANGUL)):
            if lang == "ko" and index in MIXED_SOURCE_LINES:
                continue
            words = text.split()
            k = rng.randint(1, 4)
            if len(words) < k:
                continue
            at = rng.randint(0, len(words) - k)
            fragment = " ".join(words[at : at + k])
            if script.search(fragment):
                out.append((fragment, lang))
    rng.shuffle(out)
    return out


@dataclass
class Score:
    right: int = 0
    total: int = 0
    letters_right: int = 0
    letters_total: int = 0

    def add(self, other: Score) -> None:
        self.right += other.right
        self.total += other.total
        self.letters_right += other.letters_right
        self.letters_total += other.letters_total

    def pct(self) -> str:
        return f"{100 * self.right / max(self.total, 1):7.3f}%"

    def letters_pct(self) -> str:
        return f"{100 * self.letters_right / max(self.letters_total, 1):7.3f}%"


def score(text: str, predicted: list[str | None], truth, include_noisy: bool) -> Score:
    result = Score()
    for start, end, lang, clean in truth:
        if not clean and not include_noisy:
            continue
        for pos in range(start, end):
            ch = text[pos]
            if ch.isspace():
                continue
            ok = predicted[pos] == lang
            result.total += 1
            result.right += ok
            if ch.isalpha():
                result.letters_total += 1
                result.letters_right += ok
    return result


def predicted_labels(doc, length: int) -> list[str | None]:
    labels: list[str | None] = [None] * length
    for span in doc.spans:
        start, end = doc.source_offset(span.start), doc.source_offset(span.end)
        labels[start:end] = [span.lang] * (end - start)
    return labels


def langdetect_lang(text: str) -> str:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        code = detect(text)
    except LangDetectException:
        return "other"
    return code if code in ("en", "ko") else "other"


def line_scores(lines: list[tuple[str, str]], classify) -> Score:
    result = Score()
    for text, lang in lines:
        got = classify(text)
        non_space = sum(not c.isspace() for c in text)
        letters = sum(c.isalpha() for c in text)
        result.total += non_space
        result.right += non_space if got == lang else 0
        result.letters_total += letters
        result.letters_right += letters if got == lang else 0
    return result


def korean_split_agreement(variant: str) -> tuple[int, int, int, int, float, float]:
    """Paragraphs of 3-6 Korean lines: how often the splitter matches Kiwi on the whole
    paragraph exactly, boundary counts, and the time of each."""
    from bilingual.korean import get_kiwi

    rng = random.Random(7)
    pairs = [p for p in load_lines(variant) if p[0] not in MIXED_SOURCE_LINES]
    paragraphs = [" ".join(p[2] for p in group) for group in chunks(pairs, rng, 3, 6)]
    kiwi = get_kiwi()
    t0 = time.perf_counter()
    ours = [[text[s:e] for s, e in korean_sentences(text, 0, len(text))] for text in paragraphs]
    t1 = time.perf_counter()
    theirs = [[s.text.strip() for s in kiwi.split_into_sents(text)] for text in paragraphs]
    t2 = time.perf_counter()
    same = sum(a == b for a, b in zip(ours, theirs))
    ours_n = sum(len(a) for a in ours)
    theirs_n = sum(len(b) for b in theirs)
    return same, len(paragraphs), ours_n, theirs_n, t1 - t0, t2 - t1


def english_split_agreement(variant: str) -> tuple[int, int, int, int, float, float]:
    """The same for English: sure cuts plus pysbd vs pysbd on the whole paragraph."""
    from bilingual.sentences import _get_segmenter

    rng = random.Random(7)
    pairs = load_lines(variant)
    paragraphs = [" ".join(p[1] for p in group) for group in chunks(pairs, rng, 3, 6)]
    segmenter = _get_segmenter()
    t0 = time.perf_counter()
    ours = [[text[s:e] for s, e in english_sentences(text, 0, len(text))] for text in paragraphs]
    t1 = time.perf_counter()
    theirs = [[s.strip() for s in segmenter.segment(text) if s.strip()] for text in paragraphs]
    t2 = time.perf_counter()
    same = sum(a == b for a, b in zip(ours, theirs))
    return same, len(paragraphs), sum(map(len, ours)), sum(map(len, theirs)), t1 - t0, t2 - t1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--cpu", type=int, default=None, help="CPU to pin to (default: the first allowed)"
    )
    parser.add_argument(
        "--fragments-baseline", type=int, default=1500, help="fragments for langdetect"
    )
    args = parser.parse_args()

    # Kiwi's results are cached on disk by text; a benchmark must not be timed on a warm cache.
    from bilingual.korean import configure_cache

    configure_cache(False)

    cpu = args.cpu if args.cpu is not None else min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    rng = random.Random(args.seed)
    docs = [d for variant in VARIANTS for d in build_documents(variant, rng)]

    # Load and warm Kiwi, pysbd and langdetect before anything is timed.
    t = time.perf_counter()
    load_bytes(
        "Warm up. 준비했다. 그는 발사했다 그러나 늦었다.\n\nNext line here.".encode(), "warm"
    )
    langdetect_lang("warm up")
    print(f"models loaded and warm in {time.perf_counter() - t:.1f} s (not counted below)")
    print(f"pinned to CPU {cpu}; seed {args.seed}; {len(docs)} documents\n")

    layouts = ["paragraphs", "lines", "article", "code-mixed", "fragments"]
    clean: dict[tuple[str, str], Score] = {}
    noisy: dict[tuple[str, str], Score] = {}
    chars: dict[str, int] = {}
    seconds: dict[str, float] = {}
    wall = 0.0
    for doc in docs:
        text = doc.text
        data = text.encode("utf-8")
        t0, c0 = time.perf_counter(), time.process_time()
        segmented = load_bytes(data, f"{doc.layout}-{doc.variant}")
        elapsed = time.process_time() - c0
        wall += time.perf_counter() - t0
        chars[doc.layout] = chars.get(doc.layout, 0) + len(text)
        seconds[doc.layout] = seconds.get(doc.layout, 0.0) + elapsed
        labels = predicted_labels(segmented, len(text))
        key = (doc.layout, doc.variant)
        clean.setdefault(key, Score()).add(score(text, labels, doc.truth, False))
        noisy.setdefault(key, Score()).add(score(text, labels, doc.truth, True))

    print("Character-level language accuracy (non-space characters; letters only in brackets)")
    print(
        f"{'layout':<12} {'variant':<8} {'chars':>9} {'accuracy':>9} {'(letters)':>10}   {'all lines':>9}"
    )
    overall, overall_noisy = Score(), Score()
    for layout in layouts:
        for variant in VARIANTS:
            s, n = clean[(layout, variant)], noisy[(layout, variant)]
            overall.add(s)
            overall_noisy.add(n)
            print(
                f"{layout:<12} {variant:<8} {s.total:>9,} {s.pct():>9} ({s.letters_pct():>8})   {n.pct():>9}"
            )
    print(
        f"{'overall':<21} {overall.total:>9,} {overall.pct():>9} ({overall.letters_pct():>8})   {overall_noisy.pct():>9}"
    )
    print("('all lines' also scores the 25 Korean lines that hold English text as Korean)\n")

    total_chars = sum(chars.values())
    total_seconds = sum(seconds.values())
    print(
        "Throughput of load_bytes (decode + structure + language + sentences), one core, "
        "CPU time of this process (the machine may be shared)"
    )
    for layout in layouts:
        print(
            f"  {layout:<12} {chars[layout]:>9,} chars  {chars[layout] / seconds[layout]:>10,.0f} chars/s"
        )
    print(
        f"  {'overall':<12} {total_chars:>9,} chars  {total_chars / total_seconds:>10,.0f} chars/s"
    )
    print(f"  (wall clock: {total_chars / wall:,.0f} chars/s)")

    big = "\n\n".join(d.text for d in docs if d.layout == "paragraphs").encode("utf-8")
    big = (big * (5_000_000 // len(big) + 1))[:5_000_000]
    big = big[: big.rfind(b"\n")].replace(b"\n", b"\r\n")
    c0 = time.process_time()
    read_doc = read_bytes(big, "big")
    c1 = time.process_time()
    load_bytes(big, "big")
    c2 = time.process_time()
    print(
        f"  a {len(big) / 1e6:.1f} MB mixed file with CRLF line ends ({len(read_doc.text):,} chars): "
        f"read_bytes {c1 - c0:.1f} s, load_bytes {c2 - c1:.1f} s "
        f"({len(read_doc.text) / (c2 - c1):,.0f} chars/s)\n"
    )

    print("Short text on its own: sentence_lang() vs langdetect alone (same texts)")
    baseline_rng = random.Random(args.seed)
    for name, lines in (
        ("fragments", [fl for v in VARIANTS for fl in fragment_lines(load_lines(v), baseline_rng)]),
        (
            "code-mixed",
            [pair for d in docs if d.layout == "code-mixed" for pair in _doc_lines(d)],
        ),
    ):
        sample = lines[: args.fragments_baseline]
        ours = line_scores(sample, sentence_lang)
        t0 = time.perf_counter()
        theirs = line_scores(sample, langdetect_lang)
        ld_seconds = time.perf_counter() - t0
        print(
            f"  {name:<11} {len(sample):>5} texts  sentence_lang {ours.pct()}  "
            f"langdetect {theirs.pct()}  (langdetect took {ld_seconds:.1f} s)"
        )
    print()

    print("Korean splitter (punctuation first, Kiwi for the rest) vs Kiwi on whole paragraphs")
    for variant in VARIANTS:
        same, n, ours_n, theirs_n, ours_t, theirs_t = korean_split_agreement(variant)
        print(
            f"  {variant}: identical split in {same}/{n} paragraphs ({100 * same / n:.1f}%); "
            f"sentences {ours_n} vs Kiwi {theirs_n}; time {ours_t:.2f} s vs Kiwi {theirs_t:.2f} s"
        )
    print("English splitter (sure cuts first, pysbd for the rest) vs pysbd on whole paragraphs")
    for variant in ("ko",):  # both variants share the English side
        same, n, ours_n, theirs_n, ours_t, theirs_t = english_split_agreement(variant)
        print(
            f"  en: identical split in {same}/{n} paragraphs ({100 * same / n:.1f}%); "
            f"sentences {ours_n} vs pysbd {theirs_n}; time {ours_t:.2f} s vs pysbd {theirs_t:.2f} s"
        )


def _doc_lines(doc: Built) -> list[tuple[str, str]]:
    text = doc.text
    return [(text[s:e], lang) for s, e, lang, _ in doc.truth]


if __name__ == "__main__":
    main()
