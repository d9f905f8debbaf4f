"""Seed 004 end to end: an English article and a machine translation with real errors.

fixtures/004_30a4165530a64f25.txt holds the English article (title, byline, 11 body
sentences) followed by a Korean machine translation of its body, without a title. The
translation says 김정일 (Kim Jong Il) where the English says Kim Jong Un, and splits
"... facilitating the upcoming repatriation of US service members' war remains." into a
Korean sentence plus the garbled fragment "미국의 서비스 멤버 전쟁이 남아있다." ("the US
service member war remains", as in "is still going on"). The whole pipeline runs through
the Python API with the default (bundled) encoder; docs/drift.md explains each finding.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import bilingual
from bilingual.model import Alignment, Finding, Link

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "004_30a4165530a64f25.txt"
SERIOUS = ("warning", "error")


@pytest.fixture(scope="module")
def alignment() -> Alignment:
    return bilingual.align_files(str(SEED))


def link_with(al: Alignment, *, en: int | None = None, ko: int | None = None) -> Link:
    (link,) = [l for l in al.links if (en is None or en in l.en) and (ko is None or ko in l.ko)]
    return link


def serious(link: Link, kind: str) -> list[Finding]:
    return [f for f in link.findings if f.kind == kind and f.severity in SERIOUS]


def test_korean_sentences_link_to_the_right_english_ones(alignment):
    assert alignment.en.sentences[0].kind == "title"
    assert alignment.ko.sentences[4].text == "미국의 서비스 멤버 전쟁이 남아있다."
    # 0-based: the English title has no Korean; Korean i translates English i + 1 until the
    # sentence the translation split in two (English 4 -> Korean 3 and 4), then Korean i
    # translates English i.
    expected = (
        [((0,), ())]
        + [((i + 1,), (i,)) for i in range(3)]
        + [((4,), (3, 4))]
        + [((i,), (i,)) for i in range(5, 11)]
    )
    assert [(l.en, l.ko) for l in alignment.links] == expected


def test_wrong_leader_is_a_name_error(alignment):
    link = link_with(alignment, ko=1)
    (finding,) = [f for f in serious(link, "name") if f.severity == "error"]
    assert finding.ko.text == "김정일"
    assert "Kim Jong Un" in finding.message and "Kim Jong Il" in finding.message


def test_kim_jong_un_rendered_correctly_is_not_flagged(alignment):
    link = link_with(alignment, ko=7)
    assert "김정은" in alignment.ko.sentences[7].text
    assert serious(link, "name") == []


def test_english_title_without_korean_title_is_an_error(alignment):
    link = link_with(alignment, en=0)
    assert link.ko == ()
    (finding,) = serious(link, "title")
    assert finding.severity == "error"
    assert "title not translated" in finding.message
    assert finding.en.text.startswith("North Korea wants US to make 'bold move'")


def test_garbled_fragment_of_a_split_sentence_is_flagged(alignment):
    link = link_with(alignment, ko=4)
    assert (link.en, link.ko) == ((4,), (3, 4))
    (finding,) = serious(link, "meaning")
    assert finding.severity == "warning"
    # it names the garbled Korean sentence (not the whole link) and what the English says
    assert finding.ko.text == "미국의 서비스 멤버 전쟁이 남아있다."
    assert finding.ko.start == alignment.ko.sentences[4].start
    assert "war remains" in finding.message
