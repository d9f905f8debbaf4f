"""Monotonic sentence alignment of an English and a Korean article.

Two passes over sentence embeddings (see docs/align.md for the reasoning and figures):

1. **Anchors.** Every sentence is compared with the other side's sentences inside a
   wide band around the length-proportional diagonal. Similarities are turned into
   *margins* (cosine minus the mean cosine of each sentence's k nearest neighbours), and
   pairs that are each other's best match with a clear margin become anchors; the
   longest monotone chain of anchors is kept.
2. **Banded dynamic programming.** A band of ``window`` sentences either side of the
   anchor chain bounds a DP over link types 1-1, 1-2, 2-1, 1-3, 3-1, 2-2 (up to
   ``max_merge``) plus 1-0/0-1. Merged sides are scored by embedding the joined
   sentences (one batched encode call for every run the band can use), with margins,
   a character-length penalty, a per-extra-sentence merge penalty, a paragraph
   penalty and title constraints. Leaving a sentence unlinked costs ``null_cost``.

Cost in time and memory is linear in document length for a fixed band.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .encoders.base import Encoder
from .errors import ConfigError
from .model import Link, Side

# Sentences of one side of a merged link are joined with this before embedding; the same
# separator as bilingual.checks.base.JOIN, so Link.score is the cosine of the text checks read.
JOIN = " "

_NO_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class AlignConfig:
    """Settings of the aligner. All scores are in cosine/margin units.

    max_merge: largest number of sentences on one side of a link; allowed link types are
        a-b with a, b >= 1 and a + b <= max_merge + 1 (3 gives 1-1, 1-2, 2-1, 1-3, 3-1, 2-2).
    null_cost: cost of leaving one sentence unlinked (1-0 / 0-1). A 1-1 link survives when
        its score is above -2 * null_cost.
    merge_penalty: cost of each extra sentence in a link (a + b - 2 of them). A merge wins
        over "single link + unlinked sentence" only when the merged margin beats the single
        one by more than merge_penalty - null_cost; this keeps real omissions as 1-0/0-1
        instead of folding them into 2-1 links (the default behaviour of Vecalign/Bertalign).
    length_weight, length_tolerance, ko_en_char_ratio: a link pays
        length_weight * max(0, |log(ko_chars / (ratio * en_chars))| - length_tolerance),
        counting non-space characters. 0.46 is the median ko/en ratio of the
        korean-english-news-v1 dev set (identical for its North Korean variant).
    paragraph_penalty: cost of each paragraph boundary inside a merged side.
    title_body_penalty: cost of linking a title to body text (titles never merge with body).
    knn: neighbours averaged into each sentence's margin normaliser.
    search_band: half-width, in sentences, of the anchor search around the diagonal
        (documents shorter than 2 * search_band are searched exhaustively).
    window: half-width, in sentences, of the DP band around the anchor chain.
    anchor_min_margin: smallest margin for a mutual-best pair to become an anchor.
    """

    max_merge: int = 3
    null_cost: float = 0.25
    merge_penalty: float = 0.25
    length_weight: float = 0.1
    length_tolerance: float = 0.0
    ko_en_char_ratio: float = 0.46
    paragraph_penalty: float = 0.05
    title_body_penalty: float = 0.5
    knn: int = 4
    search_band: int = 250
    window: int = 10
    anchor_min_margin: float = 0.05

    def __post_init__(self) -> None:
        if self.max_merge < 1:
            raise ConfigError(f"align: max_merge must be >= 1, got {self.max_merge}")
        if self.knn < 1:
            raise ConfigError(f"align: knn must be >= 1, got {self.knn}")
        if self.window < 1 or self.search_band < 1:
            raise ConfigError("align: window and search_band must be >= 1")
        if self.ko_en_char_ratio <= 0:
            raise ConfigError("align: ko_en_char_ratio must be > 0")

    @property
    def moves(self) -> tuple[tuple[int, int], ...]:
        """Link types with both sides non-empty, 1-1 first (it wins exact ties)."""
        out = [
            (a, b)
            for total in range(2, self.max_merge + 2)
            for a in range(1, total)
            for b in (total - a,)
            if b >= 1
        ]
        return tuple(out)


def align(en: Side, ko: Side, encoder: Encoder, config: AlignConfig | None = None) -> tuple[Link, ...]:
    """Align two sides sentence by sentence; see ``align_texts``."""
    return align_texts(
        en.texts,
        ko.texts,
        encoder,
        en_paragraphs=[s.paragraph for s in en.sentences],
        ko_paragraphs=[s.paragraph for s in ko.sentences],
        en_titles=[s.kind == "title" for s in en.sentences],
        ko_titles=[s.kind == "title" for s in ko.sentences],
        config=config,
    )


def align_texts(
    en_texts: Sequence[str],
    ko_texts: Sequence[str],
    encoder: Encoder,
    *,
    en_paragraphs: Sequence[int] | None = None,
    ko_paragraphs: Sequence[int] | None = None,
    en_titles: Sequence[bool] | None = None,
    ko_titles: Sequence[bool] | None = None,
    config: AlignConfig | None = None,
) -> tuple[Link, ...]:
    """Align English and Korean sentence lists monotonically.

    Returns links in document order that cover every index of both sides exactly once.
    ``Link.score`` is the cosine between the embeddings of the two sides' joined texts,
    None for 1-0 / 0-1 links. Paragraph numbers and title flags are optional per-sentence
    lists (default: one paragraph, no titles).
    """
    config = config or AlignConfig()
    en_texts, ko_texts = list(en_texts), list(ko_texts)
    n, m = len(en_texts), len(ko_texts)
    if n == 0 or m == 0:
        return tuple(Link((i,), ()) for i in range(n)) + tuple(Link((), (j,)) for j in range(m))

    en_side = _SideData.build(en_texts, en_paragraphs, en_titles, "en")
    ko_side = _SideData.build(ko_texts, ko_paragraphs, ko_titles, "ko")

    singles = encoder.encode(en_texts + ko_texts)
    en_side.runs[1] = np.ascontiguousarray(singles[:n], dtype=np.float32)
    ko_side.runs[1] = np.ascontiguousarray(singles[n:], dtype=np.float32)

    anchors = find_anchors(en_side, ko_side, config)
    lo, hi = _dp_band(anchors, n, m, config.window)

    _embed_runs(en_side, ko_side, encoder, config)
    path = _banded_dp(en_side, ko_side, lo, hi, config)
    return _links(path, en_side, ko_side)


# --------------------------------------------------------------------------- side data


@dataclass
class _SideData:
    """Per-side tables, indexed by run size and by the index of a run's last sentence."""

    texts: list[str]
    chars: np.ndarray  # non-space characters per sentence
    paragraphs: np.ndarray
    titles: np.ndarray  # bool per sentence
    runs: dict[int, np.ndarray]  # size -> (len, dim) embedding of the run ending at each index
    usable: dict[int, np.ndarray]  # size -> bool: run exists, does not mix title and body
    run_chars: dict[int, np.ndarray]
    run_breaks: dict[int, np.ndarray]  # paragraph boundaries inside the run
    run_title: dict[int, np.ndarray]  # run is made of titles

    @classmethod
    def build(cls, texts, paragraphs, titles, label: str) -> "_SideData":
        count = len(texts)
        paragraphs = np.zeros(count, dtype=np.int64) if paragraphs is None else np.asarray(paragraphs)
        titles = np.zeros(count, dtype=bool) if titles is None else np.asarray(titles, dtype=bool)
        if len(paragraphs) != count or len(titles) != count:
            raise ValueError(f"{label}: paragraphs/titles must have one entry per sentence")
        chars = np.array([max(len(_NO_SPACE.sub("", t)), 1) for t in texts], dtype=np.float64)
        return cls(list(texts), chars, paragraphs, titles, {}, {}, {}, {}, {})

    def prepare_runs(self, max_size: int) -> None:
        """Fill the run tables (not the embeddings) for sizes 1..max_size."""
        count = len(self.texts)
        char_cum = np.concatenate([[0.0], np.cumsum(self.chars)])
        title_cum = np.concatenate([[0], np.cumsum(self.titles)])
        breaks = np.concatenate([[0], np.cumsum(self.paragraphs[1:] != self.paragraphs[:-1])])
        ends = np.arange(count)
        for size in range(1, max_size + 1):
            starts = ends - size + 1
            exists = starts >= 0
            first = np.clip(starts, 0, None)
            n_titles = title_cum[ends + 1] - title_cum[first]
            self.usable[size] = exists & ((n_titles == 0) | (n_titles == size))
            self.run_title[size] = n_titles == size
            self.run_chars[size] = char_cum[ends + 1] - char_cum[first]
            # breaks[k] counts boundaries between sentences 0..k; a run first..end spans
            # breaks[end] - breaks[first] of them.
            self.run_breaks[size] = np.where(exists, breaks[ends] - breaks[first], 0)

    def run_text(self, size: int, end: int) -> str:
        return JOIN.join(self.texts[end - size + 1 : end + 1])


# --------------------------------------------------------------------------- pass 1: anchors


def _band_sims(rows: np.ndarray, cols: np.ndarray, half_width: int, chunk: int = 256):
    """Cosines of each row with the columns within ``half_width`` of its diagonal position.

    Returns (start, sims): row r was compared with columns start[r] .. start[r]+width-1;
    entries beyond the last column are -inf.
    """
    n_rows, n_cols = len(rows), len(cols)
    width = min(2 * half_width + 1, n_cols)
    centre = np.floor((np.arange(n_rows) + 0.5) * n_cols / n_rows).astype(np.int64)
    start = np.clip(centre - half_width, 0, n_cols - width)
    sims = np.empty((n_rows, width), dtype=np.float32)
    offsets = np.arange(width)
    for r0 in range(0, n_rows, chunk):
        r1 = min(r0 + chunk, n_rows)
        c0, c1 = start[r0], start[r1 - 1] + width
        block = rows[r0:r1] @ cols[c0:c1].T
        sims[r0:r1] = np.take_along_axis(block, (start[r0:r1, None] - c0) + offsets, axis=1)
    return start, sims


def _top_k_mean(sims: np.ndarray, k: int) -> np.ndarray:
    """Mean of the k largest finite values of each row (fewer when a row has fewer)."""
    k = min(k, sims.shape[1])
    top = -np.partition(-sims, k - 1, axis=1)[:, :k]
    finite = np.isfinite(top)
    return np.where(finite, top, 0.0).sum(axis=1) / np.maximum(finite.sum(axis=1), 1)


def find_anchors(en: "_SideData", ko: "_SideData", config: AlignConfig) -> list[tuple[int, int]]:
    """Confident 1-1 pairs: mutual best margin matches, reduced to the longest monotone chain."""
    en_emb, ko_emb = en.runs[1], ko.runs[1]
    en_start, en_sims = _band_sims(en_emb, ko_emb, config.search_band)
    ko_start, ko_sims = _band_sims(ko_emb, en_emb, config.search_band)
    en_knn = _top_k_mean(en_sims, config.knn)
    ko_knn = _top_k_mean(ko_sims, config.knn)

    en_cols = en_start[:, None] + np.arange(en_sims.shape[1])
    en_margin = en_sims - 0.5 * (en_knn[:, None] + ko_knn[en_cols])
    best_ko = en_start + np.argmax(en_margin, axis=1)
    best_margin = en_margin.max(axis=1)

    ko_cols = ko_start[:, None] + np.arange(ko_sims.shape[1])
    ko_margin = ko_sims - 0.5 * (ko_knn[:, None] + en_knn[ko_cols])
    best_en = ko_start + np.argmax(ko_margin, axis=1)

    en_index = np.arange(len(en_emb))
    mutual = (
        (best_en[best_ko] == en_index)
        & (best_margin >= config.anchor_min_margin)
        & (en.titles == ko.titles[best_ko])
    )
    pairs = [(int(i), int(best_ko[i])) for i in en_index[mutual]]
    return _longest_chain(pairs)


def _longest_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence strictly increasing in both coordinates (pairs sorted by first)."""
    import bisect

    tails: list[int] = []  # smallest ko index ending a chain of each length
    tail_at: list[int] = []  # index into pairs of that chain end
    parent = [-1] * len(pairs)
    for p, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(p)
        else:
            tails[pos] = j
            tail_at[pos] = p
        parent[p] = tail_at[pos - 1] if pos else -1
    chain = []
    p = tail_at[-1] if tail_at else -1
    while p != -1:
        chain.append(pairs[p])
        p = parent[p]
    return chain[::-1]


def _dp_band(anchors: list[tuple[int, int]], n: int, m: int, window: int):
    """Per DP row i (English prefix length 0..n), the Korean prefix lengths lo[i]..hi[i] searched.

    The band follows the piecewise-linear path through the anchors (each anchor at the
    middle of its cell) and the two corners, widened by ``window`` and by the slope, so
    steep stretches (many sentences on one side) stay connected.
    """
    xs = [0.0] + [i + 0.5 for i, _ in anchors] + [float(n)]
    ys = [0.0] + [j + 0.5 for _, j in anchors] + [float(m)]
    rows = np.arange(n + 1, dtype=np.float64)
    centre = np.interp(rows, xs, ys)
    before = np.interp(rows - 1, xs, ys)
    after = np.interp(rows + 1, xs, ys)
    low = np.minimum(np.minimum(before, centre), after)
    high = np.maximum(np.maximum(before, centre), after)
    lo = np.clip(np.floor(low).astype(np.int64) - window, 0, m)
    hi = np.clip(np.ceil(high).astype(np.int64) + window, 0, m)
    lo[0], hi[n] = 0, m
    return lo, hi


# --------------------------------------------------------------------------- pass 2: runs + DP


def _embed_runs(en: "_SideData", ko: "_SideData", encoder: Encoder, config: AlignConfig) -> None:
    """Embed every usable multi-sentence run of both sides in one batched encode call."""
    en.prepare_runs(config.max_merge)
    ko.prepare_runs(config.max_merge)
    texts: list[str] = []
    where: dict[str, int] = {}
    wanted: list[tuple[_SideData, int, np.ndarray, list[int]]] = []
    for side in (en, ko):
        for size in range(2, config.max_merge + 1):
            ends = np.flatnonzero(side.usable[size])
            slots = []
            for end in ends:
                text = side.run_text(size, int(end))
                if text not in where:
                    where[text] = len(texts)
                    texts.append(text)
                slots.append(where[text])
            wanted.append((side, size, ends, slots))
    vectors = encoder.encode(texts) if texts else None
    for side, size, ends, slots in wanted:
        table = np.zeros((len(side.texts), side.runs[1].shape[1]), dtype=np.float32)
        if len(ends):
            table[ends] = vectors[slots]
        side.runs[size] = table


def _neighbourhood_knn(runs: np.ndarray, others: np.ndarray, lo: np.ndarray, hi: np.ndarray, k: int):
    """Mean of the top-k cosines of each run with others[lo[r]:hi[r]] (ranges non-empty)."""
    width = int((hi - lo).max())
    n_rows = len(runs)
    out = np.empty(n_rows, dtype=np.float64)
    chunk = 256
    offsets = np.arange(width)
    for r0 in range(0, n_rows, chunk):
        r1 = min(r0 + chunk, n_rows)
        c0, c1 = int(lo[r0:r1].min()), int(hi[r0:r1].max())
        block = runs[r0:r1] @ others[c0:c1].T
        cols = lo[r0:r1, None] - c0 + offsets
        inside = offsets < (hi[r0:r1] - lo[r0:r1])[:, None]
        picked = np.take_along_axis(block, np.minimum(cols, c1 - c0 - 1), axis=1)
        out[r0:r1] = _top_k_mean(np.where(inside, picked, -np.inf), k)
    return out


def _normalisers(en: "_SideData", ko: "_SideData", lo: np.ndarray, hi: np.ndarray, config: AlignConfig):
    """Margin normalisers for every run: mean top-k cosine with the other side's sentences near it.

    The neighbourhood of the English run ending at sentence t is the Korean sentences the
    DP band allows at row t+1; symmetrically for Korean runs. Using the same neighbourhood
    for singles and merged runs keeps their margins comparable.
    """
    n, m = len(en.texts), len(ko.texts)
    # Korean sentence indices near English sentence t: lo[t+1]-1 .. hi[t+1]-1.
    en_lo = np.clip(lo[1:] - 1, 0, m - 1)
    en_hi = np.clip(hi[1:], en_lo + 1, m)
    # English rows whose band contains Korean prefix u+1.
    cols = np.arange(1, m + 1)
    first_row = np.searchsorted(hi, cols, side="left")  # first i with hi[i] >= u+1
    last_row = np.searchsorted(lo, cols, side="right") - 1  # last i with lo[i] <= u+1
    ko_lo = np.clip(first_row - 1, 0, n - 1)
    ko_hi = np.clip(last_row, ko_lo + 1, n)
    en_norm = {s: _neighbourhood_knn(en.runs[s], ko.runs[1], en_lo, en_hi, config.knn) for s in en.runs}
    ko_norm = {s: _neighbourhood_knn(ko.runs[s], en.runs[1], ko_lo, ko_hi, config.knn) for s in ko.runs}
    return en_norm, ko_norm


_SKIP_EN = -1  # 1-0: English sentence unlinked
_SKIP_KO = -2  # 0-1: Korean sentence unlinked


def _banded_dp(en: "_SideData", ko: "_SideData", lo: np.ndarray, hi: np.ndarray, config: AlignConfig):
    """Best monotone path through the band; returns links as (en_size, ko_size) from the start."""
    n, m = len(en.texts), len(ko.texts)
    en_norm, ko_norm = _normalisers(en, ko, lo, hi, config)
    moves = config.moves
    null = config.null_cost
    log_ratio = math.log(config.ko_en_char_ratio)

    # Per-run score terms that do not depend on the other side.
    en_fixed = {s: -0.5 * en_norm[s] - config.paragraph_penalty * en.run_breaks[s] for s in en.runs}
    ko_fixed = {s: -0.5 * ko_norm[s] - config.paragraph_penalty * ko.run_breaks[s] for s in ko.runs}
    en_log_chars = {s: np.log(en.run_chars[s]) + log_ratio for s in en.runs}
    ko_log_chars = {s: np.log(ko.run_chars[s]) for s in ko.runs}

    scores: list[np.ndarray] = []
    pointers: list[np.ndarray] = []
    for i in range(n + 1):
        j0, j1 = int(lo[i]), int(hi[i])
        width = j1 - j0 + 1
        best = np.full(width, -np.inf)
        move_of = np.full(width, _SKIP_KO, dtype=np.int8)
        if i == 0:
            best[0] = 0.0 if j0 == 0 else -np.inf
        else:
            # 1-0: English sentence i-1 unlinked, from (i-1, j).
            _relax(best, move_of, scores[i - 1], int(lo[i - 1]), j0, 0, -null, _SKIP_EN)
            for code, (a, b) in enumerate(moves):
                if i - a < 0 or not en.usable[a][i - 1]:
                    continue
                # Korean prefixes j with j - b >= 0, i.e. runs ending at Korean index j-1 >= b-1.
                k0 = max(j0, b)
                if k0 > j1:
                    continue
                ko_ends = np.arange(k0 - 1, j1)
                cos = ko.runs[b][k0 - 1 : j1] @ en.runs[a][i - 1]
                link = (
                    cos
                    + en_fixed[a][i - 1]
                    + ko_fixed[b][k0 - 1 : j1]
                    - config.merge_penalty * (max(a, b) - 1)
                    - config.length_weight
                    * np.maximum(
                        np.abs(ko_log_chars[b][k0 - 1 : j1] - en_log_chars[a][i - 1])
                        - config.length_tolerance,
                        0.0,
                    )
                )
                link = np.where(ko.usable[b][ko_ends], link, -np.inf)
                mismatch = ko.run_title[b][ko_ends] != en.run_title[a][i - 1]
                link = link - config.title_body_penalty * mismatch
                candidate = np.full(width, -np.inf)
                candidate[k0 - j0 :] = link
                _relax(best, move_of, scores[i - a], int(lo[i - a]), j0, b, candidate, code)
        # 0-1: Korean sentence j-1 unlinked, from (i, j-1), as a running maximum along the row:
        # best'[j] = max_k<=j best[k] - (j-k)*null.
        shifted = best + null * np.arange(width)
        running = np.maximum.accumulate(shifted)
        from_left = running > shifted
        best = np.where(from_left, running - null * np.arange(width), best)
        move_of = np.where(from_left, _SKIP_KO, move_of).astype(np.int8)
        scores.append(best)
        pointers.append(move_of)

    if not np.isfinite(scores[n][m - int(lo[n])]):
        raise RuntimeError("align: no path through the band (bug)")
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        code = int(pointers[i][j - int(lo[i])])
        if code == _SKIP_EN:
            step = (1, 0)
        elif code == _SKIP_KO:
            step = (0, 1)
        else:
            step = moves[code]
        path.append(step)
        i, j = i - step[0], j - step[1]
    return path[::-1]


def _relax(best, move_of, previous, previous_lo, j0, b, gain, code) -> None:
    """best[j] = max(best[j], previous[j - b] + gain[j]) over the row's Korean prefixes j."""
    width = len(best)
    # Row prefix j = j0 + t reads previous prefix j - b = previous_lo + s.
    s0 = j0 - b - previous_lo
    t_lo = max(0, -s0)
    t_hi = min(width, len(previous) - s0)
    if t_lo >= t_hi:
        return
    source = previous[s0 + t_lo : s0 + t_hi]
    add = gain[t_lo:t_hi] if isinstance(gain, np.ndarray) else gain
    candidate = source + add
    better = candidate > best[t_lo:t_hi]
    best[t_lo:t_hi] = np.where(better, candidate, best[t_lo:t_hi])
    move_of[t_lo:t_hi] = np.where(better, code, move_of[t_lo:t_hi])


def _links(path, en: "_SideData", ko: "_SideData") -> tuple[Link, ...]:
    out = []
    i = j = 0
    for a, b in path:
        en_ids = tuple(range(i, i + a))
        ko_ids = tuple(range(j, j + b))
        score = None
        if a and b:
            score = float(np.dot(en.runs[a][i + a - 1], ko.runs[b][j + b - 1]))
        out.append(Link(en_ids, ko_ids, score))
        i, j = i + a, j + b
    return tuple(out)
