"""The name check: romanisation, finding names on both sides, and what counts as drift.

Hand-written pairs; lines from the news corpus (korean-english-news-v1, Park et al.
2016, CC BY-SA 3.0) and from the seed article fixtures/004_… are quoted where noted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bilingual.checks import romanize as rz
from bilingual.checks.base import LinkContext
from bilingual.checks.names import (
    check_link,
    compare,
    english_names,
    korean_names,
    name_table,
    names_match,
)
from bilingual.model import Document, Link, Sentence, Side

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def flagged(en: str, ko: str, context: str | None = None) -> list[tuple[str, str]]:
    """(severity, code) of the warnings and errors for a pair."""
    return [(i.severity, i.code) for i in compare(en, ko, en_context=context)
            if i.severity in ("warning", "error")]


# --- romanisation and skeletons -----------------------------------------------------


def test_romanisations_of_a_name() -> None:
    assert rz.romanize("김정은") == "gimjeongeun"
    assert rz.romanize_mr("김정일") == "kimchongil"


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [
        ("폼페이오", "Pompeo"),
        ("트럼프", "Trump"),
        ("평양", "Pyongyang"),
        ("리버모어", "Livermore"),
        ("리버모아", "Livermore"),
        ("고든", "Gordon"),
        ("워싱턴", "Washington"),
        ("카스파로프", "Kasparov"),
        ("조지", "George"),
        ("깁슨", "Gibson"),
        ("워커", "Walker"),
    ],
)
def test_transliterations_share_a_consonant_skeleton(hangul: str, latin: str) -> None:
    assert rz.hangul_matches_latin(hangul, latin)


@pytest.mark.parametrize(("hangul", "latin"), [("트럼프", "Obama"), ("폼페이오", "Biegun")])
def test_different_names_have_different_skeletons(hangul: str, latin: str) -> None:
    assert not rz.hangul_matches_latin(hangul, latin)


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [
        ("이혜아", "Lee Haye-ah"),
        ("박동선", "Tongsun Park"),  # Western order
        ("김혁철", "Kim Hyok Chol"),  # McCune-Reischauer
        ("노무현", "Roh Moo-hyun"),
        ("문재인", "Moon"),  # the surname alone names the person
        ("박", "Park"),  # 박 대통령
        ("이", "Rhee"),
    ],
)
def test_korean_people_by_surname_table(hangul: str, latin: str) -> None:
    assert rz.korean_name_matches(hangul, latin)


def test_a_different_surname_is_a_different_person() -> None:
    assert not rz.korean_name_matches("박동선", "Tongsun Kim")
    assert rz.split_korean_name("남궁민") == ("남궁", "민")


# --- names_match ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("en", "ko"),
    [
        ("Kim Jong-un", "김정은"),
        ("Kim Jong Un", "김정은"),
        ("Pompeo", "폼페이오"),
        ("Trump", "트럼프"),
        ("U.S.", "미국"),
        ("United States", "美"),
        ("North Korea", "북한"),
        ("DPRK", "북한"),
        ("Pyongyang", "북한"),  # metonymy
        ("Moon", "문재인"),
        ("Wong", "웡"),
        ("CNN", "씨엔엔"),
        ("ASCI", "ASCI White"),
        ("Livermore", "리버모어"),
    ],
)
def test_names_that_match(en: str, ko: str) -> None:
    assert names_match(en, ko)


@pytest.mark.parametrize(
    ("en", "ko"),
    [("Kim Jong Un", "김정일"), ("Obama", "부시"), ("China", "일본"), ("Seoul", "도쿄")],
)
def test_names_that_do_not_match(en: str, ko: str) -> None:
    assert not names_match(en, ko)


# --- English names ----------------------------------------------------------------------


def texts(mentions) -> list[str]:
    return [m.text for m in mentions]


def test_english_table_names_and_unknown_names() -> None:
    mentions = english_names("U.S. President Donald Trump met Kim Jong-un and Alex Wong in Hanoi.")
    assert texts(mentions) == ["U.S.", "Donald Trump", "Kim Jong-un", "Alex Wong", "Hanoi"]
    assert mentions[2].ids == {"Kim Jong Un"}


def test_capitalised_words_that_are_not_names() -> None:
    text = ("Deputy Special Representative for North Korea said Tuesday that President "
            "Moon will visit in March. Officials agreed.")
    # Titles, days and months are not names; "Officials" only starts a sentence.
    assert texts(english_names(text)) == ["North Korea", "Moon"]


def test_sentence_initial_word_is_a_name_only_if_capitalised_elsewhere() -> None:
    assert texts(english_names("Opper said so.")) == []
    context = "As Opper put it. Opper said so."
    assert texts(english_names("Opper said so.", context=context)) == ["Opper"]


def test_us_the_pronoun_is_not_the_country() -> None:
    assert texts(english_names("He told us the US would act.")) == ["US"]


def test_dateline_and_headline_names_are_left_out() -> None:
    context = "BAGHDAD, Iraq (CNN) Kamal was just 16. Gunmen took Kamal away."
    assert texts(english_names("BAGHDAD, Iraq (CNN) Kamal was just 16.", context)) == ["Kamal"]
    # In title case only table names and acronyms count.
    assert texts(english_names("4 Killed as SUV Collides with Car in Seoul")) == ["SUV", "Seoul"]


def test_demonyms_are_adjectival() -> None:
    [mention] = english_names("North Korean officials arrived.")
    assert mention.ids == {"North Korea"} and mention.adjectival


# --- Korean names -----------------------------------------------------------------------


def test_korean_name_split_by_kiwi_is_joined() -> None:
    # Machine translation in fixtures/004_…: Kiwi reads 폼페이 오 as a name and a verb.
    mentions = korean_names("마이크 폼페이 오 국무 장관은 김정은 위원장과 만났다.")
    assert {"Mike Pompeo", "Kim Jong Un"} <= {i for m in mentions for i in m.ids}


def test_korean_compounds_and_glued_particles() -> None:
    [compound] = korean_names("한미 관계")
    assert compound.ids == {"South Korea", "United States"}
    [country] = korean_names("에리트레아도 테러와 싸운다.")
    assert (country.text, country.ids) == ("에리트레아", {"Eritrea"})


def test_latin_gloss_of_a_korean_name_is_not_a_second_name() -> None:
    mentions = korean_names("국제올림픽위원회(IOC)는 발표했다.")
    assert texts(mentions) == ["국제올림픽위원회"]


def test_common_words_are_not_names() -> None:
    assert korean_names("인도적 지원을 위한 수단이 필요하다.") == []
    assert name_table().ambiguous >= {"인도", "수단"}


# --- comparing the two sides ----------------------------------------------------------


@pytest.mark.parametrize(
    ("en", "ko"),
    [
        ("Kim Jong Un met Trump in Hanoi.", "김정일은 하노이에서 트럼프를 만났다."),
        ("Obama said the talks went well.", "부시는 회담이 잘 진행됐다고 말했다."),
        ("China and Russia opposed the plan.", "일본과 러시아는 그 계획에 반대했다."),
    ],
)
def test_a_different_known_name_is_an_error(en: str, ko: str) -> None:
    assert flagged(en, ko) == [("error", "swapped")]


def test_swap_message_names_both_sides() -> None:
    [issue] = compare("Kim Jong Un met Trump.", "김정일은 트럼프를 만났다.")
    assert "Kim Jong Un" in issue.message and "김정일" in issue.message
    assert (issue.en.text, issue.ko.text) == ("Kim Jong Un", "김정일")


@pytest.mark.parametrize(
    ("en", "ko"),
    [
        ("Kim Jong-un met Moon Jae-in.", "김정은 위원장은 문재인 대통령을 만났다."),
        ("Trump and Kim met in Singapore.", "트럼프 대통령과 김 위원장은 싱가포르에서 만났다."),
        ("Mike Pompeo visited the U.S. embassy.", "마이크 폼페이 오 장관은 미국 대사관에 갔다."),
        ("The supercomputer ASCI White is fast.", "ASCI White로 알려진 수퍼컴퓨터는 빠르다."),
        ("Pyongyang rejected the offer.", "북한은 그 제안을 거부했다."),
        ("The DPRK and the UN disagreed.", "북한과 유엔은 의견이 달랐다."),
        ("John Gordon praised Lawrence Livermore National Laboratory.",
         "존 고든은 로렌스 리버모어 국립 연구소를 칭찬했다."),
        ("North Korean leader Kim Jong Un spoke.", "김정은 위원장이 연설했다."),
    ],
)
def test_faithful_translations_are_not_flagged(en: str, ko: str) -> None:
    assert flagged(en, ko) == []


def test_missing_name_is_a_warning() -> None:
    assert flagged("Stephen Walker visited Seoul on Monday.", "월요일에 서울을 방문했다.") == [
        ("warning", "missing")
    ]


def test_name_replaced_by_a_pronoun_or_title_is_only_info() -> None:
    issues = compare("Stephen Walker said the plan would work.", "그는 계획이 통한다고 말했다.")
    assert [(i.severity, i.code) for i in issues] == [("info", "missing")]


def test_unknown_acronym_translated_into_korean_is_only_info() -> None:
    issues = compare("The KMA said it would rain.", "기상청은 비가 올 것이라고 말했다.")
    assert [(i.severity, i.code) for i in issues] == [("info", "missing")]


def test_name_only_in_the_korean_is_info() -> None:
    issues = compare("The president spoke on Monday.", "부시 대통령은 월요일에 연설했다.")
    assert [(i.severity, i.code, i.ko.text) for i in issues] == [("info", "added", "부시")]


def test_context_the_translator_added_is_not_a_swap() -> None:
    # An English source dropped and a party added in front of a matched name.
    en = "Barack Obama leads by nine points, the latest CNN poll suggests."
    ko = "민주당 대선주자인 버락 오바마 상원의원이 9%포인트 앞서는 것으로 나타났다."
    assert flagged(en, ko) == []


def test_real_drift_in_the_news_corpus() -> None:
    # korean-english-news-v1 dev line 233: the English names Nadal, the Korean Federer.
    en = ("Kiefer, ranked 37th, was playing in his first ATP final since 2005, but had not "
          "taken a set off Nadal in three previous matches this year.")
    ko = ("세계 랭킹 37위로 2005년 이후 처음으로 ATP 투어 결승에 오른 키퍼는 올시즌 페더러와의 "
          "3차례 맞대결에서 단 1세트도 따내지 못했다.")
    assert flagged(en, ko) == [("error", "swapped")]


def test_machine_translation_seed_with_the_wrong_kim() -> None:
    # fixtures/004_…: the machine translation turns Kim Jong Un into 김정일.
    text = (FIXTURES / "004_30a4165530a64f25.txt").read_text("utf-8")
    en_start = text.index("If the US is unwilling")
    en = text[en_start : text.index("the source said.", en_start) + len("the source said.")]
    ko_start = text.index("미국이 6")
    ko = text[ko_start : text.index("전했다.", ko_start) + len("전했다.")]
    issues = compare(en, ko, en_context=text)
    assert [(i.severity, i.en.text, i.ko.text) for i in issues if i.severity == "error"] == [
        ("error", "Kim Jong Un", "김정일")
    ]


# --- the check as the pipeline calls it -------------------------------------------------


def _side(sentences: list[str], lang: str) -> Side:
    text = "\n".join(sentences)
    built, start = [], 0
    for index, sentence in enumerate(sentences):
        built.append(Sentence(index=index, text=sentence, start=start, end=start + len(sentence),
                              lang=lang, line=index + 1))
        start += len(sentence) + 1
    return Side(doc=Document(path=f"x.{lang}", text=text, encoding="utf-8"), lang=lang,
                sentences=tuple(built))


def test_check_link_gives_findings_with_evidence() -> None:
    en = _side(["The talks were long.", "Kim Jong Un met Trump in Hanoi."], "en")
    ko = _side(["회담은 길었다.", "김정일은 하노이에서 트럼프를 만났다."], "ko")
    ctx = LinkContext(index=3, link=Link(en=(1,), ko=(1,)), en_side=en, ko_side=ko)
    [finding] = check_link(ctx)
    assert (finding.kind, finding.severity, finding.link) == ("name", "error", 3)
    assert en.doc.text[finding.en.start : finding.en.end] == "Kim Jong Un"
    assert ko.doc.text[finding.ko.start : finding.ko.end] == "김정일"


def test_check_link_skips_one_sided_links() -> None:
    en = _side(["Kim Jong Un met Trump."], "en")
    ko = _side(["트럼프"], "ko")
    assert check_link(LinkContext(index=0, link=Link(en=(0,), ko=()), en_side=en, ko_side=ko)) == []


def test_short_name_inside_a_korean_institution_word() -> None:
    # dev corpus line 36 (Park et al. 2016, CC BY-SA 3.0): 벨연구소 is Bell Laboratories
    en = "Recently a researcher for Bell Laboratories uncovered a flaw in the chip."
    assert compare(en, "최근 벨연구소의 한 연구원은 칩의 결함을 밝혀냈다.") == []
    # a short name is not found inside any word: only before a generic head such as 연구소
    assert compare(en, "최근 벨트 연구원은 칩의 결함을 밝혀냈다.")
