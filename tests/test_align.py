"""Tests of the sentence aligner (bilingual/align.py).

Most tests use ``ConceptEncoder``: every sentence is written as a list of numbered
"concepts" (English word ``conceptNNN``, Korean word ``개념NNN``), and a text's embedding
is the normalised sum of one fixed random vector per concept it mentions. Joining two
sentences therefore behaves like real concatenation (the join mentions both sets of
concepts), a translation shares all its concepts, and nothing depends on model quality.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from bilingual.align import JOIN, AlignConfig, align, align_texts
from bilingual.errors import ConfigError
from bilingual.model import Document, Sentence, Side

DIM = 64


class ConceptEncoder:
    name = "concept-test"
    version = "1"
    dim = DIM

    def __init__(self):
        self.calls: list[list[str]] = []

    def encode(self, texts):
        texts = list(texts)
        self.calls.append(texts)
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = [int(x) for x in re.findall(r"\d{3}", text)]
            if not ids:  # a text without concepts: a fixed vector of its own
                ids = [1000 + sum(map(ord, text)) % 1000]
            for concept in ids:
                out[row] += np.random.default_rng(concept).standard_normal(DIM)
            out[row] /= np.linalg.norm(out[row])
        return out


def en_sentence(concepts) -> str:
    return " ".join(f"concept{c:03d}" for c in concepts) + "."


def ko_sentence(concepts) -> str:
    return " ".join(f"개념{c:03d}" for c in concepts) + "."


def topic(k: int, size: int = 5) -> list[int]:
    """The concepts of the k-th distinct piece of content."""
    return list(range(10 * k, 10 * k + size))


def pairs(links) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.en, link.ko) for link in links]


def assert_covers(links, n_en: int, n_ko: int) -> None:
    """Every index of both sides exactly once, in order, no empty link."""
    en = [i for link in links for i in link.en]
    ko = [j for link in links for j in link.ko]
    assert en == list(range(n_en))
    assert ko == list(range(n_ko))
    assert all(link.en or link.ko for link in links)
    for link in links:
        assert (link.score is None) == (not link.en or not link.ko)


def test_every_link_type_is_recovered():
    # Content pieces 1..: each English/Korean sentence lists the pieces it carries.
    en_plan = [[1], [2, 3], [4], [5], [6], [7, 8, 9], [10], [11], [12], [13], [14], [16], [17]]
    ko_plan = [[1], [2], [3], [4, 5], [6], [7], [8], [9], [10, 11, 12], [13], [16], [15], [17]]
    en = [en_sentence([c for k in plan for c in topic(k)]) for plan in en_plan]
    ko = [ko_sentence([c for k in plan for c in topic(k)]) for plan in ko_plan]
    links = align_texts(en, ko, ConceptEncoder())
    assert pairs(links) == [
        ((0,), (0,)),  # 1-1
        ((1,), (1, 2)),  # 1-2
        ((2, 3), (3,)),  # 2-1
        ((4,), (4,)),
        ((5,), (5, 6, 7)),  # 1-3
        ((6, 7, 8), (8,)),  # 3-1
        ((9,), (9,)),
        ((10,), ()),  # 1-0: piece 14 has no Korean
        ((11,), (10,)),
        ((), (11,)),  # 0-1: piece 15 has no English
        ((12,), (12,)),
    ]
    assert_covers(links, len(en), len(ko))


def test_two_two_link_when_content_crosses_sentence_boundaries():
    # English says A+C then B+D, Korean A+B then C+D: neither 1-1 pairing is a
    # translation, the two sentences together are.
    a, b, c, d = (topic(k, 3) for k in (21, 22, 23, 24))
    en = [en_sentence(topic(1)), en_sentence(a + c), en_sentence(b + d), en_sentence(topic(2))]
    ko = [ko_sentence(topic(1)), ko_sentence(a + b), ko_sentence(c + d), ko_sentence(topic(2))]
    links = align_texts(en, ko, ConceptEncoder())
    assert pairs(links) == [((0,), (0,)), ((1, 2), (1, 2)), ((3,), (3,))]


def test_omitted_sentence_stays_unlinked_instead_of_merging():
    # Korean leaves out English sentence 2; gluing it to a neighbour would make a 2-1
    # link whose join matches the Korean sentence worse than the single sentence does.
    en = [en_sentence(topic(k)) for k in range(1, 7)]
    ko = [ko_sentence(topic(k)) for k in (1, 2, 4, 5, 6)]
    links = align_texts(en, ko, ConceptEncoder())
    assert pairs(links) == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2,), ()),
        ((3,), (2,)),
        ((4,), (3,)),
        ((5,), (4,)),
    ]


def test_overlong_merge_leaves_a_dropped_sentence_unlinked():
    # English sentence 2 has no Korean counterpart, but the Korean of sentence 1 shares one
    # concept with it, so the 2-1 join matches better than sentence 1 alone. Only length
    # tells them apart: the merged English side is over twice what the Korean predicts.
    shared = 990
    orphan = en_sentence([shared]) + " and then" + " a long tail of plain words" * 4
    en = [en_sentence(topic(1)), en_sentence(topic(2)), orphan, en_sentence(topic(3))]
    ko = [ko_sentence(topic(1)), ko_sentence(topic(2) + [shared]), ko_sentence(topic(3))]
    glued = align_texts(en, ko, ConceptEncoder(), config=AlignConfig(overlong_weight=0.0))
    assert ((1, 2), (1,)) in pairs(glued)
    links = align_texts(en, ko, ConceptEncoder())
    assert pairs(links) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]


def test_added_sentence_at_the_start_and_end():
    en = [en_sentence(topic(k)) for k in (2, 3, 4)]
    ko = [ko_sentence(topic(k)) for k in (1, 2, 3, 4, 5)]
    links = align_texts(en, ko, ConceptEncoder())
    assert pairs(links) == [((), (0,)), ((0,), (1,)), ((1,), (2,)), ((2,), (3,)), ((), (4,))]


def test_coverage_and_order_on_random_documents():
    rng = random.Random(7)
    encoder = ConceptEncoder()
    for _ in range(12):
        pieces = rng.randint(1, 40)
        en_plan, ko_plan = [], []
        k = 1
        while k <= pieces:
            kind = rng.choice(["1-1"] * 6 + ["2-1", "1-2", "1-0", "0-1", "1-3"])
            if kind == "1-0":
                en_plan.append([k])
            elif kind == "0-1":
                ko_plan.append([k])
            elif kind == "2-1":
                en_plan += [[k], [k + 1]]
                ko_plan.append([k, k + 1])
            elif kind == "1-2":
                en_plan.append([k, k + 1])
                ko_plan += [[k], [k + 1]]
            elif kind == "1-3":
                en_plan.append([k, k + 1, k + 2])
                ko_plan += [[k], [k + 1], [k + 2]]
            else:
                en_plan.append([k])
                ko_plan.append([k])
            k += 3
        en = [en_sentence([c for p in plan for c in topic(p, 4)]) for plan in en_plan]
        ko = [ko_sentence([c for p in plan for c in topic(p, 4)]) for plan in ko_plan]
        links = align_texts(en, ko, encoder, config=AlignConfig(window=3, search_band=5))
        assert_covers(links, len(en), len(ko))


@pytest.mark.parametrize(("n_en", "n_ko"), [(0, 0), (2, 0), (0, 3)])
def test_empty_sides_give_null_links(n_en, n_ko):
    encoder = ConceptEncoder()
    en = [en_sentence(topic(k)) for k in range(n_en)]
    ko = [ko_sentence(topic(k)) for k in range(n_ko)]
    links = align_texts(en, ko, encoder)
    assert_covers(links, n_en, n_ko)
    assert all(link.score is None for link in links)
    assert encoder.calls == []


def test_single_sentences():
    links = align_texts([en_sentence(topic(1))], [ko_sentence(topic(1))], ConceptEncoder())
    assert pairs(links) == [((0,), (0,))]
    assert links[0].score == pytest.approx(1.0, abs=1e-5)


def _side(lang: str, texts: list[str], kinds: list[str], paragraphs: list[int]) -> Side:
    text = "\n\n".join(texts)
    doc = Document(path=f"{lang}.txt", text=text, encoding="utf-8")
    sentences, position = [], 0
    for index, (sentence, kind, paragraph) in enumerate(zip(texts, kinds, paragraphs)):
        start = text.index(sentence, position)
        position = start + len(sentence)
        sentences.append(
            Sentence(index, sentence, start, position, lang, kind, paragraph, doc.line_of(start))
        )
    return Side(doc=doc, lang=lang, sentences=tuple(sentences))


def test_english_title_without_korean_title_stays_unlinked():
    # The English headline repeats most of the lede's content, which would otherwise
    # glue it to the first Korean sentence (as a 1-1 or inside a 2-1 link).
    title = en_sentence(topic(1, 4))
    en_texts = [title, en_sentence(topic(1)), en_sentence(topic(2)), en_sentence(topic(3))]
    ko_texts = [ko_sentence(topic(1)), ko_sentence(topic(2)), ko_sentence(topic(3))]
    en = _side("en", en_texts, ["title", "body", "body", "body"], [0, 1, 1, 1])
    ko = _side("ko", ko_texts, ["body", "body", "body"], [0, 0, 0])
    links = align(en, ko, ConceptEncoder())
    assert pairs(links) == [((0,), ()), ((1,), (0,)), ((2,), (1,)), ((3,), (2,))]


def test_title_never_merges_with_body():
    # The Korean side runs headline and lede together in one body sentence; the English
    # title may not join the English lede to match it.
    en_texts = [en_sentence(topic(1)), en_sentence(topic(2)), en_sentence(topic(3))]
    ko_texts = [ko_sentence(topic(1) + topic(2)), ko_sentence(topic(3))]
    en = _side("en", en_texts, ["title", "body", "body"], [0, 1, 1])
    ko = _side("ko", ko_texts, ["body", "body"], [0, 0])
    links = align(en, ko, ConceptEncoder())
    assert pairs(links) == [((0,), ()), ((1,), (0,)), ((2,), (1,))]


def test_titles_link_to_titles():
    en_texts = [en_sentence(topic(1)), en_sentence(topic(2)), en_sentence(topic(3))]
    ko_texts = [ko_sentence(topic(1)), ko_sentence(topic(2)), ko_sentence(topic(3))]
    en = _side("en", en_texts, ["title", "body", "body"], [0, 1, 1])
    ko = _side("ko", ko_texts, ["title", "body", "body"], [0, 1, 1])
    assert pairs(align(en, ko, ConceptEncoder())) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_paragraph_boundary_makes_a_merge_cost_more():
    # Korean sentence 1 carries pieces 2 and 3; English has them as two sentences.
    en_texts = [en_sentence(topic(k)) for k in (1, 2, 3, 4)]
    ko_texts = [ko_sentence(topic(1)), ko_sentence(topic(2) + topic(3)), ko_sentence(topic(4))]
    expensive = AlignConfig(paragraph_penalty=5.0)
    same_paragraph = align_texts(
        en_texts, ko_texts, ConceptEncoder(), en_paragraphs=[0, 0, 0, 0], config=expensive
    )
    across = align_texts(
        en_texts, ko_texts, ConceptEncoder(), en_paragraphs=[0, 0, 1, 1], config=expensive
    )
    assert ((1, 2), (1,)) in pairs(same_paragraph)
    assert ((1, 2), (1,)) not in pairs(across)
    assert_covers(across, 4, 3)


def test_max_merge_limits_link_sizes():
    en = [en_sentence(topic(1)), en_sentence(topic(2) + topic(3) + topic(4)), en_sentence(topic(5))]
    ko = [ko_sentence(topic(k)) for k in (1, 2, 3, 4, 5)]
    default = align_texts(en, ko, ConceptEncoder())
    assert ((1,), (1, 2, 3)) in pairs(default)
    limited = align_texts(en, ko, ConceptEncoder(), config=AlignConfig(max_merge=2))
    assert max(max(len(link.en), len(link.ko)) for link in limited) <= 2
    assert_covers(limited, 3, 5)
    singles = align_texts(en, ko, ConceptEncoder(), config=AlignConfig(max_merge=1))
    assert all(len(link.en) <= 1 and len(link.ko) <= 1 for link in singles)


def test_score_is_cosine_of_joined_texts():
    en = [en_sentence(topic(1)), en_sentence(topic(2)), en_sentence(topic(3))]
    ko = [ko_sentence(topic(1) + topic(2)), ko_sentence(topic(3)[:3])]
    encoder = ConceptEncoder()
    links = align_texts(en, ko, encoder)
    assert pairs(links) == [((0, 1), (0,)), ((2,), (1,))]
    for link in links:
        vectors = encoder.encode(
            [JOIN.join(en[i] for i in link.en), JOIN.join(ko[j] for j in link.ko)]
        )
        assert link.score == pytest.approx(float(vectors[0] @ vectors[1]), abs=1e-5)


def test_encoder_called_twice_and_only_for_promising_joins():
    en = [en_sentence(topic(k)) for k in range(1, 31)]
    ko = [ko_sentence(topic(k)) for k in range(1, 31)]
    encoder = ConceptEncoder()
    links = align_texts(en, ko, encoder)
    assert pairs(links) == [((i,), (i,)) for i in range(30)]
    assert len(encoder.calls) <= 2
    assert encoder.calls[0] == en + ko
    all_joins = 2 * (29 + 28)  # runs of 2 and 3 on both sides
    if len(encoder.calls) == 2:
        assert len(encoder.calls[1]) < all_joins / 4


def test_deterministic():
    rng = random.Random(3)
    en = [en_sentence(rng.sample(range(200), 5)) for _ in range(25)]
    ko = [ko_sentence(rng.sample(range(200), 5)) for _ in range(22)]
    first = align_texts(en, ko, ConceptEncoder())
    second = align_texts(en, ko, ConceptEncoder())
    assert first == second


def test_invalid_config():
    with pytest.raises(ConfigError):
        AlignConfig(max_merge=0)
    with pytest.raises(ConfigError):
        AlignConfig(knn=-1)
    with pytest.raises(ConfigError):
        AlignConfig(window=0)
    with pytest.raises(ConfigError):
        AlignConfig(null_cost=-1)
    with pytest.raises(ConfigError):
        AlignConfig(overlong_free=-0.1)


def test_real_encoder_on_a_small_news_pair():
    # Four consecutive pairs from korean-english-news-v1 dev (CC BY-SA 3.0, Park, Hong and
    # Cha 2016); the Korean side joins the middle two sentences and leaves out the last.
    from bilingual.encoders.use import USEEncoder

    en = [
        (
            "The mammoth computer is 1,000 times more powerful than Deep Blue, which defeated "
            "chess grand master Garry Kasparov in 1997."
        ),
        (
            "Fujian authorities evacuated about 275,000 people on Sunday as the storm "
            "approached, Xinhua reported."
        ),
        (
            "Late Sunday afternoon, the storm was centered about 180 miles southeast of the "
            "coastal city of Hualien in eastern Taiwan, it said."
        ),
        (
            "In Keelung in northern Taiwan, winds whipped up giant waves, and hundreds of "
            "fishing boats took shelter in port."
        ),
    ]
    ko = [
        (
            "이 거대한 컴퓨터는 1997년에 체스의 대가인 개리 카스파로프를 물리쳤던 Deep Blue보다 "
            "1,000배나 더 강력한 것이다."
        ),
        (
            "신화통신은 푸젠성 당국이 태풍이 접근하자 주민 27만5000명을 대피시켰다고 27일 보도했다. "
            "‘풍웡’은 27일 오후 대만 중부 화련에서 남동쪽으로 289km 떨어진 지점에 위치했다."
        ),
    ]
    links = align_texts(en, ko, USEEncoder(threads=1))
    assert pairs(links) == [((0,), (0,)), ((1, 2), (1,)), ((3,), ())]
    assert links[0].score > 0.5
