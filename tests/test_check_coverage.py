"""The coverage (missing, added, partial, meaning), title and untranslated checks.

Most tests use ``ConceptEncoder``, a small deterministic stand-in for a sentence encoder:
a text's vector is the sum of fixed random vectors of the concepts it mentions (English
words and Korean stems from a hand-written glossary), so a translation scores ~1, an
unrelated sentence ~0 and a half translation in between, whatever the model. A few
tests use the real bundled USE encoder on sentence pairs from the development corpus.

Pairs marked "dev corpus" are from korean-english-news-v1 (Park, Hong and Cha 2016,
Korean Language Resources for Everyone, PACLIC 30), CC BY-SA 3.0.
"""

from __future__ import annotations

import re
import zlib

import numpy as np
import pytest

from bilingual.checks import CheckConfig, run_checks
from bilingual.checks import calibration as calibration_module
from bilingual.checks.base import LinkContext
from bilingual.checks.calibration import Calibration, length_z
from bilingual.checks.coverage import (
    MEMBER_OPENING,
    _is_complete_ko,  # the sentence-end rule on its own (private, tested directly)
    cut_parts,
    other_side_parts,
)
from bilingual.checks.untranslated import check_link as untranslated_check
from bilingual.checks.untranslated import english_runs, hangul_runs
from bilingual.model import Document, Link, Sentence, Side

# ---------------------------------------------------------------------------- fixtures

# concept: (English words, Korean substrings)
GLOSSARY = {
    "council": (("council",), ("시의회",)),
    "approve": (("approved",), ("승인",)),
    "budget": (("budget",), ("예산",)),
    "school": (("schools",), ("학교",)),
    "monday": (("monday",), ("월요일",)),
    "rain": (("rain",), ("폭우",)),
    "flood": (("flooded",), ("침수",)),
    "village": (("villages",), ("마을",)),
    "south": (("southern",), ("남부",)),
    "bank": (("bank",), ("은행",)),
    "rate": (("rate",), ("금리",)),
    "month": (("month",), ("석 달",)),
    "scientist": (("scientists",), ("과학자",)),
    "discover": (("discovered",), ("발견",)),
    "frog": (("frog",), ("개구리",)),
    "rainforest": (("rainforest",), ("열대우림",)),
    "police": (("police",), ("경찰",)),
    "arrest": (("arrested",), ("체포",)),
    "steal": (("stealing",), ("훔친",)),
    "car": (("cars",), ("차량",)),
    "airline": (("airline",), ("항공사",)),
    "cancel": (("cancelled",), ("취소",)),
    "flight": (("flights",), ("항공편",)),
    "storm": (("storm",), ("폭풍",)),
    "company": (("company",), ("회사",)),
    "profit": (("profits",), ("이익",)),
    "record": (("record",), ("사상 최대",)),
    "hire": (("hire",), ("채용",)),
    "worker": (("workers",), ("직원",)),
    "factory": (("factories",), ("공장",)),
    "year": (("year",), ("지난해",)),
    "plan": (("plans",), ("계획",)),
    "museum": (("museum",), ("박물관",)),
    "exhibition": (("exhibition",), ("전시회",)),
    "photo": (("photography",), ("사진",)),
    "week": (("week",), ("다음 주",)),
    "mayor": (("mayor",), ("시장",)),
    "housing": (("housing", "homes"), ("주택",)),
}
_EN_TO_CONCEPT = {w: c for c, (ws, _) in GLOSSARY.items() for w in ws}


class ConceptEncoder:
    """Deterministic bag-of-concepts encoder; counts its encode calls."""

    name = "test-concepts"
    version = "1"
    dim = 64

    def __init__(self):
        self.calls = 0
        self.texts: list[str] = []

    @staticmethod
    def _unit(key: str) -> np.ndarray:
        rng = np.random.default_rng(zlib.crc32(key.encode("utf-8")))
        v = rng.standard_normal(ConceptEncoder.dim)
        return v / np.linalg.norm(v)

    def _vector(self, text: str) -> np.ndarray:
        concepts = [
            _EN_TO_CONCEPT[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _EN_TO_CONCEPT
        ]
        for concept, (_, stems) in GLOSSARY.items():
            concepts += [concept for stem in stems if stem in text]
        v = sum((self._unit(c) for c in concepts), np.zeros(self.dim))
        # a little text-specific noise so that no two different texts are identical
        v = v + 0.2 * max(1.0, np.linalg.norm(v)) * self._unit("noise:" + text)
        return v / np.linalg.norm(v)

    def encode(self, texts):
        self.calls += 1
        self.texts += list(texts)
        return (
            np.stack([self._vector(t) for t in texts]).astype(np.float32)
            if texts
            else np.zeros((0, self.dim), np.float32)
        )


CONCEPT_CALIBRATION = Calibration(
    model=ConceptEncoder.name,
    source="test",
    true_typical=0.6,
    true_good=0.93,
    true_median=0.9,
    unrelated_median=0.0,
    meaning_warning=0.35,
    meaning_error=0.2,
)


@pytest.fixture
def concepts(monkeypatch):
    monkeypatch.setitem(calibration_module.MODELS, ConceptEncoder.name, CONCEPT_CALIBRATION)
    return ConceptEncoder()


PAIRS = [
    (
        "The city council approved a new budget for public schools on Monday.",
        "시의회는 월요일 공립학교를 위한 새 예산을 승인했다.",
    ),
    (
        "Heavy rain flooded several villages in the southern province.",
        "남부 지방의 여러 마을이 폭우로 침수됐다.",
    ),
    (
        "The central bank kept its interest rate unchanged for a third month.",
        "중앙은행은 석 달째 금리를 동결했다.",
    ),
    (
        "Scientists discovered a new species of frog in the rainforest.",
        "과학자들이 열대우림에서 새로운 개구리 종을 발견했다.",
    ),
    (
        "Police arrested two men suspected of stealing cars.",
        "경찰은 차량을 훔친 혐의로 남성 두 명을 체포했다.",
    ),
    (
        "The airline cancelled dozens of flights because of the storm.",
        "항공사는 폭풍 때문에 항공편 수십 편을 취소했다.",
    ),
    (
        (
            "The company reported record profits last year, and it plans to hire five hundred new "
            "workers in its factories."
        ),
        "그 회사는 지난해 사상 최대 이익을 냈으며, 공장에 신입 직원 500명을 채용할 계획이다.",
    ),
    (
        "The museum will open a photography exhibition next week.",
        "박물관은 다음 주 사진 전시회를 연다.",
    ),
]

# dev corpus, lines 1-5 (see the module docstring)
DEV_PAIRS = [
    (
        (
            "With the ability to perform 12.3 trillion calculations a second, the supercomputer at "
            "Lawrence Livermore National Laboratory mainly will be used to simulate how the nation's "
            "aging nuclear weapons arsenal would function if launched."
        ),
        (
            "초당 12조3천억 번의 계산을 수행할수 있는 능력이 있는 로렌스 리버모아 국립 연구소의 이 "
            "수퍼컴퓨터는 미국의 노후한 비축 핵무기들이 발사되었을 때 어떻게 작동할 것인가를 모의 "
            "실험하는데 주로 사용될 것이다."
        ),
    ),
    (
        (
            "Those simulations must be as precise as possible because the United States suspended "
            "underground nuclear tests in 1992."
        ),
        (
            "미국은 1992년에 지하 핵실험을 중지시켰기 때문에 이러한 모의 실험은 한 치의 오차도 "
            "없어야만 한다."
        ),
    ),
    (
        (
            "John Gordon, the Department of Energy's under secretary for nuclear security, called the "
            'supercomputer the "key to the country\'s mission of maintaining the stockpile" and '
            "assuring nuclear deterrence."
        ),
        (
            '에너지省의 핵 안보 차관인 존 고든 장군은 이 수퍼컴퓨터는 "국가의 비축 핵무기를 유지하기 '
            '위한 임무의 핵심"이 되는 것이며, 핵 억제력을 확고히 하는 것이라고 했다.'
        ),
    ),
    (
        (
            "The supercomputer known as ASCI White has a mind-boggling amount of other uses, say "
            "researchers who use it."
        ),
        (
            "ASCI White로 알려진 이 수퍼컴퓨터는 놀랄 정도로 엄청나게 많은 용도를 갖고 있다고 이 "
            "컴퓨터를 사용하고 있는 연구학자들은 말한다."
        ),
    ),
]


def make_side(texts, lang, kinds=None) -> Side:
    """One sentence per line; ``kinds`` optionally marks titles."""
    text = "\n".join(texts)
    sentences, pos = [], 0
    for i, t in enumerate(texts):
        kind = kinds[i] if kinds else "body"
        sentences.append(Sentence(i, t, pos, pos + len(t), lang, kind, 0, i + 1))
        pos += len(t) + 1
    return Side(Document(f"<{lang}>", text, "utf-8"), lang, tuple(sentences))


def one_to_one(en_texts, ko_texts, en_kinds=None, ko_kinds=None):
    en = make_side(en_texts, "en", en_kinds)
    ko = make_side(ko_texts, "ko", ko_kinds)
    return en, ko, tuple(Link((i,), (i,)) for i in range(len(en_texts)))


# The number and name checks have their own tests; leave their findings out of these.
OTHER_FAMILIES = frozenset({"number", "name"})


def check(en, ko, links, encoder, **kwargs):
    return run_checks(
        en, ko, links, encoder, skip=OTHER_FAMILIES | kwargs.pop("skip", frozenset()), **kwargs
    )


def serious(link, kind=None):
    return [f for f in link.findings if f.severity != "info" and (kind is None or f.kind == kind)]


def assert_evidence_points_into_documents(al):
    for f in al.all_findings():
        if f.en is not None:
            assert al.en.doc.text[f.en.start : f.en.end] == f.en.text
        if f.ko is not None:
            assert al.ko.doc.text[f.ko.start : f.ko.end] == f.ko.text


# ---------------------------------------------------------------------------- missing / added


def test_null_links_become_missing_and_added(concepts):
    en = make_side([PAIRS[0][0], PAIRS[1][0], "Officials said."], "en")
    ko = make_side([PAIRS[0][1], "추가된 문장이다."], "ko")
    links = (Link((0,), (0,)), Link((1,), ()), Link((), (1,)), Link((2,), ()))
    al = check(en, ko, links, concepts)
    assert [f.kind for f in al.links[0].findings] == []
    (missing,) = al.links[1].findings
    assert (missing.kind, missing.severity, missing.link) == ("missing", "error", 1)
    assert missing.en.text == PAIRS[1][0] and missing.ko is None
    assert "no Korean counterpart" in missing.message and "flooded" in missing.message
    (added,) = al.links[2].findings
    assert (added.kind, added.severity, added.en) == ("added", "warning", None)
    assert "추가된 문장이다." in added.message
    # a two-word fragment without a counterpart is only a warning
    (fragment,) = al.links[3].findings
    assert (fragment.kind, fragment.severity) == ("missing", "warning")
    assert_evidence_points_into_documents(al)


def test_unlinked_sentence_whose_neighbour_may_be_the_orphan_names_both(concepts):
    # The English of a Korean sentence about the same floods was dropped; the aligner linked
    # that sentence to the flood English and left the real translation unlinked. The report
    # cannot know which Korean sentence is the orphan, so it names both.
    same_event = "남부 마을에 폭우가 내렸다."  # rain, village, south: most of the English
    en = make_side([PAIRS[0][0], PAIRS[1][0]], "en")
    ko = make_side([PAIRS[0][1], same_event, PAIRS[1][1]], "ko")
    links = (Link((0,), (0,)), Link((1,), (1,)), Link((), (2,)))
    al = check(en, ko, links, concepts)
    (added,) = serious(al.links[2], "added")
    assert "or the neighbouring Korean sentence" in added.message
    assert same_event in added.message and "one of the two translates nothing" in added.message
    # the evidence spans both candidates, in document order
    assert added.ko.text == same_event + "\n" + PAIRS[1][1]
    assert_evidence_points_into_documents(al)


def test_numbers_name_the_neighbour_when_the_embedding_prefers_it(concepts):
    # The linked Korean sentence shares more words with the English than the unlinked one,
    # but the unlinked one has the English's figures and the linked one other figures: the
    # report names both, and says why.
    english = "The company will hire 2,500 workers at 3 factories."
    linked = "회사는 지난해 공장 직원 400명을 채용했다."  # company, year, factory, worker, hire
    unlinked = "회사는 3곳에서 2,500명을 채용한다."  # company, hire; the same numbers
    en = make_side([PAIRS[0][0], english], "en")
    ko = make_side([PAIRS[0][1], linked, unlinked], "ko")
    links = (Link((0,), (0,)), Link((1,), (1,)), Link((), (2,)))
    al = check(en, ko, links, concepts)
    (added,) = serious(al.links[2], "added")
    assert "or the neighbouring Korean sentence" in added.message and linked in added.message
    assert "has the numbers of the unlinked sentence" in added.message
    assert '"2,500명"' in added.message and '"3곳"' in added.message
    assert added.ko.text == linked + "\n" + unlinked

    # An unlinked sentence with a figure the English lacks gets no such hedge.
    stray = "회사는 3곳에서 2,500명을 채용하고 7억 원을 쓴다."
    ko = make_side([PAIRS[0][1], linked, stray], "ko")
    al = check(en, ko, links, concepts)
    (added,) = serious(al.links[2], "added")
    assert "neighbouring" not in added.message and added.ko.text == stray


def test_unlinked_sentence_unlike_its_neighbours_partner_is_reported_alone(concepts):
    en = make_side([PAIRS[0][0], PAIRS[1][0]], "en")
    ko = make_side([PAIRS[0][1], PAIRS[1][1], PAIRS[7][1]], "ko")
    links = (Link((0,), (0,)), Link((1,), (1,)), Link((), (2,)))
    al = check(en, ko, links, concepts)
    (added,) = serious(al.links[2], "added")
    assert "neighbouring" not in added.message and added.ko.text == PAIRS[7][1]


# ---------------------------------------------------------------------------- partial


def test_good_pairs_are_not_flagged(concepts):
    al = check(*one_to_one([e for e, _ in PAIRS], [k for _, k in PAIRS]), concepts)
    assert al.all_findings() == []


def test_truncated_korean_is_partial(concepts):
    en_texts = [e for e, _ in PAIRS]
    ko_texts = [k for _, k in PAIRS]
    ko_texts[6] = "그 회사는 지난해 사상 최대 이익을"  # cut off mid-sentence
    al = check(*one_to_one(en_texts, ko_texts), concepts)
    (partial,) = serious(al.links[6])
    assert (partial.kind, partial.severity, partial.link) == ("partial", "warning", 6)
    assert "breaks off" in partial.message
    # the English evidence is the part the Korean does not cover
    assert "hire" in partial.en.text and "record profits" not in partial.en.text
    assert partial.ko.text == ko_texts[6]
    assert all(not serious(link) for i, link in enumerate(al.links) if i != 6)
    assert_evidence_points_into_documents(al)


def test_dropped_clause_without_break_off_is_partial(concepts):
    en_texts = [e for e, _ in PAIRS]
    ko_texts = [k for _, k in PAIRS]
    ko_texts[6] = "그 회사는 지난해 사상 최대 이익을 냈다."  # a complete sentence, half the content
    al = check(*one_to_one(en_texts, ko_texts), concepts)
    kinds = {f.kind for f in serious(al.links[6])}
    assert kinds == {"partial"}
    assert "only part of the English" in serious(al.links[6])[0].message


def test_korean_that_adds_a_clause_is_partial(concepts):
    en_texts = [e for e, _ in PAIRS]
    ko_texts = [k for _, k in PAIRS]
    en_texts[6] = "The company reported record profits last year."
    al = check(*one_to_one(en_texts, ko_texts), concepts)
    (partial,) = serious(al.links[6])
    assert partial.kind == "partial" and "the Korean adds" in partial.message
    assert "채용" in partial.ko.text


def test_partial_on_real_truncated_pair_with_use():
    from bilingual.encoders.use import USEEncoder

    en_texts = [e for e, _ in DEV_PAIRS]
    ko_texts = [k for _, k in DEV_PAIRS]
    ko_texts[0] = ko_texts[0][: int(len(ko_texts[0]) * 0.45)]
    al = check(*one_to_one(en_texts, ko_texts), USEEncoder())
    assert [f.kind for f in serious(al.links[0], "partial")] == ["partial"]
    for link in al.links[1:]:
        assert not serious(link, "partial") and not serious(link, "meaning")


# ---------------------------------------------------------------------------- meaning


def test_unrelated_korean_is_meaning_error(concepts):
    en_texts = [e for e, _ in PAIRS]
    ko_texts = [k for _, k in PAIRS]
    ko_texts[2] = PAIRS[4][1]  # the police sentence where the bank sentence should be
    al = check(*one_to_one(en_texts, ko_texts), concepts)
    (meaning,) = al.links[2].findings
    assert (meaning.kind, meaning.severity) == ("meaning", "error")
    assert "says something else" in meaning.message and PAIRS[4][1] in meaning.message
    assert meaning.en.text == PAIRS[2][0] and meaning.ko.text == PAIRS[4][1]
    assert sum(len(link.findings) for link in al.links) == 1


def test_meaning_with_use_flags_unrelated_and_passes_true_pairs():
    from bilingual.encoders.use import USEEncoder

    en_texts = [e for e, _ in DEV_PAIRS]
    ko_texts = [k for _, k in DEV_PAIRS]
    ko_texts[3] = "박물관은 다음 주 사진 전시회를 연다."  # unrelated to the ASCI White sentence
    al = check(*one_to_one(en_texts, ko_texts), USEEncoder())
    assert [f.kind for f in serious(al.links[3], "meaning")] == ["meaning"]
    for link in al.links[:3]:
        assert not serious(link)


def test_document_calibration_for_unknown_model():
    encoder = ConceptEncoder()  # no stored calibration: estimated from the document
    en_texts = [e for e, _ in PAIRS] + [e for e, _ in PAIRS[:4]]
    ko_texts = [k for _, k in PAIRS] + [k for _, k in PAIRS[:4]]
    ko_texts[9] = PAIRS[7][1]
    al = check(*one_to_one(en_texts, ko_texts), encoder)
    assert al.signature["checks"]["calibration"]["source"] == "document"
    flagged = {i for i, link in enumerate(al.links) if serious(link, "meaning")}
    assert flagged == {9}


# ---------------------------------------------------------------------------- members of merged links


def merged(en_texts, ko_texts):
    """One link holding every sentence of both sides."""
    en, ko = make_side(en_texts, "en"), make_side(ko_texts, "ko")
    return en, ko, (Link(tuple(range(len(en_texts))), tuple(range(len(ko_texts)))),)


def test_honest_split_has_no_member_finding(concepts):
    ko_texts = [
        "그 회사는 지난해 사상 최대 이익을 냈다.",
        "회사는 공장에 신입 직원 500명을 채용할 계획이다.",
    ]
    al = check(*merged([PAIRS[6][0]], ko_texts), concepts)
    assert serious(al.links[0]) == []


def test_korean_member_without_counterpart_is_added(concepts):
    # a 1-2 link: the second Korean sentence translates nothing of the English
    al = check(*merged([PAIRS[0][0]], [PAIRS[0][1], PAIRS[7][1]]), concepts)
    (added,) = serious(al.links[0], "added")
    assert added.severity == "warning" and added.en is None
    assert added.ko.text == PAIRS[7][1]
    assert added.message.startswith(MEMBER_OPENING) and "no English counterpart" in added.message
    assert_evidence_points_into_documents(al)


def test_english_member_without_counterpart_is_missing(concepts):
    al = check(*merged([PAIRS[1][0], PAIRS[7][0]], [PAIRS[1][1]]), concepts)
    (missing,) = serious(al.links[0], "missing")
    assert missing.severity == "warning" and missing.ko is None
    assert missing.en.text == PAIRS[7][0]
    assert al.en.doc.text[missing.en.start : missing.en.end] == PAIRS[7][0]


def test_two_by_two_link_with_one_pair_unrelated(concepts):
    # the frog sentence's Korean replaced by the airline one; the aligner glued both pairs
    al = check(*merged([PAIRS[2][0], PAIRS[3][0]], [PAIRS[2][1], PAIRS[5][1]]), concepts)
    (meaning,) = serious(al.links[0])
    assert (meaning.kind, meaning.severity) == ("meaning", "warning")
    assert meaning.en.text == PAIRS[3][0] and meaning.ko.text == PAIRS[5][1]
    assert "says something else" in meaning.message
    assert_evidence_points_into_documents(al)


def test_short_member_adding_nothing_is_a_garbled_fragment(concepts):
    # the rest of the Korean already translates everything; the short second sentence
    # only echoes two words of the English clause it seems to stand for (like seed 004)
    en_text = (
        "The city council approved the budget for schools on Monday, and the mayor of the city "
        "announced his ambitious plans for new public housing in the northern districts."
    )
    ko_texts = [
        "시의회는 월요일 학교 예산을 승인했으며 시장은 새 주택 계획을 발표했다.",
        "시장 주택 남아.",
    ]
    al = check(*merged([en_text], ko_texts), concepts)
    (meaning,) = serious(al.links[0])
    assert (meaning.kind, meaning.severity) == ("meaning", "warning")
    assert meaning.ko.text == "시장 주택 남아."
    assert "garbled" in meaning.message and "public housing" in meaning.message
    assert_evidence_points_into_documents(al)


def test_members_need_the_link_to_match_as_a_whole(concepts):
    # a merged link that says something else as a whole gets one link-level finding
    al = check(*merged([PAIRS[0][0], PAIRS[1][0]], [PAIRS[4][1], PAIRS[5][1]]), concepts)
    assert [(f.kind, f.message.startswith(MEMBER_OPENING)) for f in serious(al.links[0])] == [
        ("meaning", False)
    ]


# An English sentence on the same topic as PAIRS[0] that the Korean of PAIRS[0] does not
# translate: it shares one concept with it, so it reads as related but adds nothing.
COUNCIL_ASIDE = (
    "The council chamber was packed with parents, teachers and local reporters for the "
    "long afternoon session."
)


def test_related_member_with_extra_length_is_missing_instead_of_partial(concepts):
    # a 2-1 link: the Korean translates the first English sentence only; the second one is
    # about the same council, so some part of the Korean matches it, but it adds nothing
    # and the Korean is far too short for both sentences
    al = check(*merged([PAIRS[0][0], COUNCIL_ASIDE], [PAIRS[0][1]]), concepts)
    (missing,) = serious(al.links[0])
    assert (missing.kind, missing.severity) == ("missing", "warning")
    assert missing.en.text == COUNCIL_ASIDE and missing.ko is None
    assert missing.message.startswith(MEMBER_OPENING)
    assert "adds nothing to the match" in missing.message and "usual length" in missing.message
    # the message shows what the Korean says
    assert PAIRS[0][1] in missing.message
    # without the member rule the link's length alone is a partial finding
    skip_members = check(
        *merged([PAIRS[0][0], COUNCIL_ASIDE], [PAIRS[0][1]]), concepts, skip=frozenset({"missing"})
    )
    assert [f.kind for f in serious(skip_members.links[0])] == ["partial"]
    assert_evidence_points_into_documents(al)


def test_english_member_in_lower_case_continues_the_sentence(concepts):
    # the rest of a sentence broken across lines is not an orphan sentence of its own
    continuation = COUNCIL_ASIDE[0].lower() + COUNCIL_ASIDE[1:]
    al = check(*merged([PAIRS[0][0], continuation], [PAIRS[0][1]]), concepts)
    assert not serious(al.links[0], "missing")


def test_dropped_sentence_glued_to_a_neighbour_with_use():
    from bilingual.encoders.use import USEEncoder

    # northkorean-english-news-v1 dev lines 566-567 (Kim et al. 2020, CC BY-SA 3.0) with the
    # Korean of line 566 deleted: the aligner's 2-1 link holds the orphaned English sentence
    en_texts = [
        (
            "The Apple Daily newspaper reported Tuesday that a local monk presided over the "
            "wedding, and other monks chanted prayers."
        ),
        (
            "The South China Morning Post said Leung donned a white suit, and Lau a traditional "
            "Chinese red gown."
        ),
    ]
    ko_text = (
        "사우스 차이나 모닝 포스트(The South China Morning Post)는 양조위는 흰 양복을 "
        "입었으며 유가령은 중국전통의 붉은색 가운을 입었다고 보도했다."
    )
    al = check(*merged(en_texts, [ko_text]), USEEncoder())
    (missing,) = serious(al.links[0])
    assert missing.kind == "missing" and missing.en.text == en_texts[0]


def test_honest_merge_with_use_has_no_member_finding():
    from bilingual.encoders.use import USEEncoder

    # dev corpus lines 1-2: two English sentences joined, their two Korean sentences
    en_text = DEV_PAIRS[0][0] + " " + DEV_PAIRS[1][0]
    al = check(*merged([en_text], [DEV_PAIRS[0][1], DEV_PAIRS[1][1]]), USEEncoder())
    assert serious(al.links[0]) == []


def test_other_side_parts_include_sentences_inside_one_sentence():
    parts = other_side_parts(['He said "yes." Then he left, quietly.', "Done."], "en")
    assert parts[:3] == ['He said "yes."', "Then he left, quietly.", "Done."]
    assert any(p.startswith("He said") and p.endswith("left,") for p in parts)


def test_korean_sentence_ends():
    assert _is_complete_ko("군을 동원해 작전에 착수했다,")  # a stray comma after the ending
    assert _is_complete_ko("한일외교장관 파키스탄서 만날듯")  # headline conjecture ending
    assert not _is_complete_ko("그 회사는 지난해 사상 최대 이익을")
    assert not _is_complete_ko("도로 관리반은 눈보라가 4피트 깊이의 눈을 남기고")


# ---------------------------------------------------------------------------- title


def test_english_title_without_korean_title_is_error(concepts):
    # like seed 004: an English title, a Korean version without one
    en = make_side(["Mayor unveils housing plan", PAIRS[0][0]], "en", ["title", "body"])
    ko = make_side([PAIRS[0][1]], "ko")
    links = (Link((0,), ()), Link((1,), (0,)))
    al = check(en, ko, links, concepts)
    (title,) = al.links[0].findings
    assert (title.kind, title.severity) == ("title", "error")
    assert title.message.startswith("title not translated") and "Mayor unveils" in title.message
    assert title.en.text == "Mayor unveils housing plan"
    assert not al.links[1].findings  # no duplicate "missing" for the title


def test_mistranslated_and_good_titles(concepts):
    en_kinds, ko_kinds = ["title", "body"], ["title", "body"]
    good = check(
        *one_to_one(
            ["Mayor unveils housing plan", PAIRS[1][0]],
            ["시장, 주택 계획 발표", PAIRS[1][1]],
            en_kinds,
            ko_kinds,
        ),
        concepts,
    )
    assert good.all_findings() == []
    bad = check(
        *one_to_one(
            ["Mayor unveils housing plan", PAIRS[1][0]],
            ["항공사, 항공편 취소", PAIRS[1][1]],
            en_kinds,
            ko_kinds,
        ),
        concepts,
    )
    (title,) = bad.links[0].findings
    assert (title.kind, title.severity) == ("title", "error")
    assert "항공사, 항공편 취소" in title.message
    assert not any(f.kind == "meaning" for f in bad.all_findings())  # titles are the title check's


def test_title_linked_to_korean_body_text(concepts):
    en = make_side(["Mayor unveils housing plan", PAIRS[0][0]], "en", ["title", "body"])
    ko = make_side([PAIRS[0][1]], "ko")
    al = check(en, ko, (Link((0, 1), (0,)),), concepts)
    kinds = sorted((f.kind, f.severity) for f in al.links[0].findings)
    assert kinds == [("title", "error")]
    assert "linked to Korean body text" in al.links[0].findings[0].message


def test_unlinked_titles_are_reported_once_with_both_sides(concepts):
    en = make_side(["Mayor unveils housing plan", PAIRS[0][0]], "en", ["title", "body"])
    ko = make_side(["항공사, 항공편 취소", PAIRS[0][1]], "ko", ["title", "body"])
    links = (Link((0,), ()), Link((), (0,)), Link((1,), (1,)))
    al = check(en, ko, links, concepts)
    (title,) = al.all_findings()
    assert (title.kind, title.severity, title.link) == ("title", "error", 0)
    assert "항공사, 항공편 취소" in title.message
    assert (title.en.text, title.ko.text) == ("Mayor unveils housing plan", "항공사, 항공편 취소")
    assert_evidence_points_into_documents(al)


# ---------------------------------------------------------------------------- untranslated


def _untranslated(en_text, ko_text):
    en, ko, links = one_to_one([en_text], [ko_text])
    return untranslated_check(LinkContext(0, links[0], en, ko))


def test_english_clause_left_in_korean():
    en = "The minister said the plan would be reviewed next month."
    ko = "장관은 the plan would be reviewed next month 라고 말했다."
    (finding,) = _untranslated(en, ko)
    assert (finding.kind, finding.severity) == ("untranslated", "warning")
    assert finding.ko.text == "the plan would be reviewed next month"
    assert '"the plan would be reviewed next month"' in finding.message


def test_names_acronyms_and_glosses_are_not_untranslated():
    assert english_runs("CNN과 UN은 ASCI White와 PGP에 대해 보도했다.") == []
    assert english_runs("국립허리케인센터(National Hurricane Center, NHC)의 국장은 말했다.") == []
    assert english_runs("나이트클럽 'House of Blues'의 호스티스로 일했다.") == []
    assert (
        _untranslated(
            "The supercomputer known as ASCI White has many uses.",
            "ASCI White로 알려진 이 수퍼컴퓨터는 많은 용도를 갖고 있다.",
        )
        == []
    )


def test_copied_and_english_only_korean_sentences_are_errors():
    en = "Officials declined to comment on the report."
    (copy,) = _untranslated(en, en)
    assert (copy.severity, copy.kind) == (
        "error",
        "untranslated",
    ) and "copy of the English" in copy.message
    (english,) = _untranslated(en, "Officials refused to say anything about it.")
    assert english.severity == "error" and "is in English" in english.message


def test_hangul_left_in_english():
    assert hangul_runs('The word "한류" means the Korean wave.') == []
    (span,) = hangul_runs("The minister said 계획을 다시 검토하겠다 on Monday.")
    findings = _untranslated(
        "The minister said 계획을 다시 검토하겠다 on Monday.", "장관은 월요일 말했다."
    )
    assert [f.en.text for f in findings] == ["계획을 다시 검토하겠다"]
    assert span == (18, 30)


# ---------------------------------------------------------------------------- helpers


def test_cut_parts_keep_and_drop_complementary_spans():
    text = PAIRS[6][0]
    parts = cut_parts(text, "en")
    assert parts
    for part in parts:
        dropped = text[part.drop_start : part.drop_end]
        kept = text[: part.drop_start] + text[part.drop_end :]
        assert part.text_kept.strip() == kept.strip()
        assert dropped.strip() and part.text_kept.strip()
    assert any(
        p.text_kept.startswith("The company reported record profits last year") and p.drop_start > 0
        for p in parts
    )


def test_calibration_percentiles():
    true = np.linspace(0.0, 1.0, 101)
    unrelated = np.linspace(-0.5, 0.5, 101)
    cal = calibration_module.from_percentiles("m", "test", true, unrelated)
    assert (cal.true_typical, cal.true_good, cal.true_median) == (0.05, 0.75, 0.5)
    assert (cal.meaning_warning, cal.meaning_error, cal.unrelated_median) == (0.475, 0.4, 0.0)


def test_length_z_is_centred_on_the_usual_ratio():
    assert abs(length_z("a" * 100, "가" * 45)) < 0.05
    assert length_z("a" * 100, "가" * 20) < -3
    # bracketed glosses do not count
    assert abs(length_z("a" * 100, "가" * 45 + "(Some Long English Gloss Here)")) < 0.05


def test_config_overrides_thresholds(concepts):
    en_texts = [e for e, _ in PAIRS]
    ko_texts = [k for _, k in PAIRS]
    ko_texts[2] = PAIRS[4][1]
    al = check(*one_to_one(en_texts, ko_texts), concepts, config=CheckConfig(meaning_warning=-0.99))
    assert not any(f.kind == "meaning" for f in al.all_findings())
    assert al.signature["checks"]["calibration"]["meaning_warning"] == -0.99


# korean-english-news-v1 dev lines 535-536 (Park et al. 2016, CC BY-SA 3.0)
CRUDE_EN = (
    "Light, sweet crude for September delivery dropped $3.98 to settle at $124.44 a barrel on "
    "the New York Mercantile Exchange, crude's lowest finish since June 4."
)
CRUDE_KO = (
    "이날 뉴욕상업거래소(NYMEX)에서 거래된 9월 인도분 서부 텍사스산 중질유(WTI) 가격은 배럴당 "
    "124.44달러로 거래를 마감하며 지난달 4일 이후 최저치를 기록했다."
)
AUGUST_KO = "29일 만료되는 8월 인도분은 배럴당 127.95달러에 거래됐다."


def test_member_whose_numbers_the_other_side_lacks_is_added_with_use():
    from bilingual.encoders.use import USEEncoder

    # The English of line 536 ("The August contract expired Tuesday at $127.95.") deleted:
    # its Korean is about the same oil market, so the embedding alone cannot tell it from an
    # honest member, but none of its numbers is in the English.
    al = check(*merged([CRUDE_EN], [CRUDE_KO, AUGUST_KO]), USEEncoder())
    (added,) = serious(al.links[0], "added")
    assert added.ko.text == AUGUST_KO and added.en is None
    assert added.message.startswith(MEMBER_OPENING)
    assert '"127.95달러"' in added.message and "none of its numbers" in added.message
    assert_evidence_points_into_documents(al)


def test_honest_member_whose_numbers_match_is_not_an_orphan_with_use():
    from bilingual.encoders.use import USEEncoder

    # both Korean sentences translate the joined English; every number has its counterpart
    en_text = CRUDE_EN + " The August contract expired Tuesday at $127.95."
    al = check(*merged([en_text], [CRUDE_KO, AUGUST_KO]), USEEncoder())
    assert not serious(al.links[0], "added")
