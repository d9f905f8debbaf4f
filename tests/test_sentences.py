"""Sentence splitting, segmentation of the seed articles, and the sides of a document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bilingual.read import read_bytes
from bilingual.sentences import (
    english_sentences,
    korean_sentences,
    language_texts,
    load,
    load_bytes,
    segment,
    side,
    side_from_lines,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = {p.name[:3]: str(p) for p in FIXTURES.glob("00[0-4]_*.txt")}
HANGUL = re.compile("[가-힣]")


def en_split(text: str) -> list[str]:
    return [text[s:e] for s, e in english_sentences(text, 0, len(text))]


def ko_split(text: str) -> list[str]:
    return [text[s:e] for s, e in korean_sentences(text, 0, len(text))]


# --- English --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The U.S. said so. It was fine.", ["The U.S. said so.", "It was fine."]),
        (
            "Stocks fell in the U.S. The market was down.",
            ["Stocks fell in the U.S.", "The market was down."],
        ),
        (
            "WASHINGTON, Nov. 5 (Yonhap) -- Talks stalled. He said Tuesday.",
            ["WASHINGTON, Nov. 5 (Yonhap) -- Talks stalled.", "He said Tuesday."],
        ),
        (
            "Mr. Kim met Mrs. Lee on Monday. They talked.",
            ["Mr. Kim met Mrs. Lee on Monday.", "They talked."],
        ),
        (
            "U.S. floats to N. Korea idea of declaring nonaggression. Sources said.",
            ["U.S. floats to N. Korea idea of declaring nonaggression.", "Sources said."],
        ),
        (
            '"It comes with issues," he said. "We will address them."',
            ['"It comes with issues," he said.', '"We will address them."'],
        ),
        ('"Why?" he asked. She left.', ['"Why?" he asked.', "She left."]),
        (
            "Shares rose to $30.45 on Friday. The index fell 1.2 percent.",
            ["Shares rose to $30.45 on Friday.", "The index fell 1.2 percent."],
        ),
        (
            "Washington (CNN)Continued negotiations hinge on it. More follows.",
            ["Washington (CNN)Continued negotiations hinge on it.", "More follows."],
        ),
        (
            "She left at 3 a.m. Sunday for Seoul. Nobody saw her.",
            ["She left at 3 a.m. Sunday for Seoul.", "Nobody saw her."],
        ),
        (
            "The talks on Feb. 27 to 28 in Hanoi failed.",
            ["The talks on Feb. 27 to 28 in Hanoi failed."],
        ),
        (
            "It ended in the\n\n1950-53 Korean War. Next.",
            ["It ended in the\n\n1950-53 Korean War.", "Next."],
        ),
    ],
)
def test_english_sentences(text, expected):
    assert en_split(text) == expected


# --- Korean ---------------------------------------------------------------------------------


def test_korean_sentences_with_and_without_full_stops():
    assert ko_split("북한이 미사일을 발사했다. 미국은 대응하지 않았다.") == [
        "북한이 미사일을 발사했다.",
        "미국은 대응하지 않았다.",
    ]
    # No full stop: only Kiwi can find the end of the first sentence.
    assert ko_split("북한이 미사일을 발사했다 그러나 미국은 대응하지 않았다") == [
        "북한이 미사일을 발사했다",
        "그러나 미국은 대응하지 않았다",
    ]


def test_korean_quoted_sentences_stay_inside_their_sentence():
    assert ko_split('그는 "북한이 발사했다. 우리는 대응한다"고 말했다. 다음 문장이다.') == [
        '그는 "북한이 발사했다. 우리는 대응한다"고 말했다.',
        "다음 문장이다.",
    ]


def test_korean_abbreviation_and_numbers_do_not_split():
    assert ko_split("북한은 U.S. 측에 요구했다. 상원의 2/3의 승인이 필요하다.") == [
        "북한은 U.S. 측에 요구했다.",
        "상원의 2/3의 승인이 필요하다.",
    ]


# --- the seeds ------------------------------------------------------------------------------


def check_spans(doc):
    previous_end = 0
    for span in doc.spans:
        assert previous_end <= span.start < span.end <= len(doc.text)
        assert span.text == doc.text[span.start : span.end]
        previous_end = span.end


def test_seed_004_splits_into_english_and_eleven_korean_sentences():
    doc = load(SEED["004"])
    check_spans(doc)
    en, ko = side(doc, "en"), side(doc, "ko")
    assert en.sentences[0].kind == "title"
    assert en.sentences[0].text.startswith("North Korea wants US to make 'bold move'")
    assert [s.kind for s in en.sentences[1:]] == ["body"] * (len(en.sentences) - 1)
    assert en.sentences[1].text.startswith("Continued negotiations")  # the dateline is meta
    assert en.sentences[-1].text == '"We have no rush for speed ...'
    assert not any(HANGUL.search(s.text) for s in en.sentences)

    assert len(ko.sentences) == 11
    assert all(s.kind == "body" and HANGUL.search(s.text) for s in ko.sentences)
    assert ko.sentences[0].text.startswith("미국과 북한 간의")
    assert (
        ko.sentences[2].text
        == "법적으로 구속력이있는 평화 조약을 수립하려면 미국 상원의 2/3의 승인이 필요하다."
    )
    assert ko.sentences[-1].text == '"우리는 빠른 속도가 없다 ...'
    korean_start = ko.sentences[0].start
    assert not any(s.lang == "en" and s.start >= korean_start for s in doc.spans)
    assert {s.line for s in ko.sentences} == {22}
    assert [s.index for s in ko.sentences] == list(range(11))


@pytest.mark.parametrize(
    "seed, title",
    [
        ("000", "U.S. holds out prospect of peace regime on Korean Peninsula"),
        ("001", "US, North Korea In Behind-The-Scenes Talks Over Third Summit: South Korea"),
        (
            "002",
            "US, NK coordinating schedule for denuclearization negotiations: Seoul foreign ministry",
        ),
        ("003", "U.S. floats to N. Korea idea of declaring nonaggression: sources"),
    ],
)
def test_english_seeds_are_all_english_with_their_title(seed, title):
    doc = load(SEED[seed])
    check_spans(doc)
    assert [s.text for s in doc.spans if s.kind == "title"] == [title]
    assert {s.lang for s in doc.spans if s.kind in ("title", "body")} == {"en"}
    assert side(doc, "ko").sentences == ()
    assert side(doc, "en").sentences[0].text == title


def test_debris_and_meta_of_the_english_seeds():
    labels = {
        seed: [(s.kind, s.text) for s in load(SEED[seed]).spans]
        for seed in ("000", "001", "002", "003")
    }
    assert ("meta", "(END)") in labels["000"] and ("meta", "hague@yna.co.kr") in labels["000"]
    assert labels["001"].count(("debris", "Advertisement")) == 7
    assert ("debris", "World") in labels["001"]
    assert ("meta", "(File)") in labels["001"]  # the photo caption itself stays body
    assert any(
        k == "body" and t.endswith('no reason to talk of a "stalemate".') for k, t in labels["001"]
    )
    assert ("meta", "(Yonhap)") in labels["002"]
    assert ("debris", "print PRINT") in labels["003"]
    assert ("debris", "• English Press") in labels["003"]


def test_seed_002_sentence_across_the_blank_line():
    doc = load(SEED["002"])
    (sentence,) = [s for s in side(doc, "en").sentences if "1950-53 Korean War this year" in s.text]
    assert sentence.text.startswith("In its parliamentary briefing")
    assert "end to the\n\n1950-53" in sentence.text


def test_paragraphs_and_lines():
    doc = load_bytes(
        b"Title here\n\nFirst sentence. Second sentence.\n\nThird one.\nFourth one.\n", "p.txt"
    )
    sentences = side(doc, "en").sentences
    assert [(s.text, s.paragraph, s.line) for s in sentences] == [
        ("Title here", 0, 1),
        ("First sentence.", 1, 3),
        ("Second sentence.", 1, 3),
        ("Third one.", 2, 5),
        ("Fourth one.", 3, 6),
    ]


# --- other inputs ---------------------------------------------------------------------------


def test_korean_only_file():
    doc = load_bytes(
        "북한 미사일 발사\n\n북한이 미사일을 발사했다. 미국은 대응하지 않았다.\n".encode(), "k.txt"
    )
    assert side(doc, "en").sentences == ()
    assert [(s.kind, s.text) for s in side(doc, "ko").sentences] == [
        ("title", "북한 미사일 발사"),
        ("body", "북한이 미사일을 발사했다."),
        ("body", "미국은 대응하지 않았다."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2019-11-06\n\n12,345 67.8%\n",
        "Le président a déclaré que la situation est grave et que le gouvernement doit agir vite.\n",
    ],
)
def test_file_with_neither_language(text):
    doc = load_bytes(text.encode(), "x.txt")
    assert doc.spans and {s.lang for s in doc.spans} == {"other"}
    assert side(doc, "en").sentences == () and side(doc, "ko").sentences == ()
    assert language_texts(doc) == {}


def test_interleaved_lines_and_english_then_korean_in_one_paragraph():
    doc = load_bytes(
        (
            "The talks resumed on Monday.\n회담이 월요일 재개됐다.\nBoth sides met in Seoul.\n양측은 서울에서 만났다.\n\n"
            "The ministry said so on Tuesday. It added nothing. 외교부는 화요일 그렇게 밝혔다. 더 이상은 없었다.\n"
        ).encode(),
        "mixed.txt",
    )
    assert [s.text for s in side(doc, "en").sentences] == [
        "The talks resumed on Monday.",
        "Both sides met in Seoul.",
        "The ministry said so on Tuesday.",
        "It added nothing.",
    ]
    assert [s.text for s in side(doc, "ko").sentences] == [
        "회담이 월요일 재개됐다.",
        "양측은 서울에서 만났다.",
        "외교부는 화요일 그렇게 밝혔다.",
        "더 이상은 없었다.",
    ]


def test_mixed_sentence_keeps_its_runs():
    doc = load_bytes(
        "미 식품의약국(Food and Drug Administration, FDA)은 25일 이렇게 밝혔다.\n".encode(), "r.txt"
    )
    (span,) = doc.spans
    assert span.lang == "ko"
    assert [r.lang for r in span.runs] == ["ko", "en", "ko"]


def test_side_all_languages_keeps_an_untranslated_sentence():
    doc = load_bytes(
        "북한이 미사일을 발사했다. The missile flew far. 미국은 대응하지 않았다.\n".encode(),
        "k.txt",
    )
    assert [s.lang for s in side(doc, "ko", all_languages=True).sentences] == ["ko", "en", "ko"]
    assert len(side(doc, "ko").sentences) == 2


def test_side_from_lines_takes_each_line_as_it_is():
    doc = read_bytes(
        "First line. Still first.\n\n  \nSecond line\n세 번째 줄이다.\n".encode(), "seg.txt"
    )
    en = side_from_lines(doc, "en")
    assert [(s.index, s.text, s.line, s.paragraph) for s in en.sentences] == [
        (0, "First line. Still first.", 1, 0),
        (1, "Second line", 4, 1),
    ]
    every = side_from_lines(doc, "ko", all_languages=True)
    assert [s.text for s in every.sentences] == [
        "First line. Still first.",
        "Second line",
        "세 번째 줄이다.",
    ]
    assert [s.lang for s in every.sentences] == ["en", "en", "ko"]


def test_segment_labels_a_document_without_spans():
    from bilingual.model import Document

    doc = segment(
        Document(path="x", text="Title\n\nOne sentence. Two sentences.\n", encoding="utf-8")
    )
    assert [s.kind for s in doc.spans] == ["title", "body", "body"]


def test_language_texts_for_out_files():
    texts = language_texts(load(SEED["004"]))
    assert set(texts) == {"en", "ko"}
    en_blocks = texts["en"].split("\n\n")
    assert en_blocks[0].startswith("North Korea wants US")
    assert "by DKOFI" not in texts["en"] and "Washington (CNN)" not in texts["en"]
    assert len(en_blocks) == 9
    assert texts["ko"].count("\n\n") == 0 and texts["ko"].startswith("미국과 북한")
