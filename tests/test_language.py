"""Language of sentences and of the runs inside them."""

from __future__ import annotations

import pytest

from bilingual.language import latin_lang, runs, sections, sentence_lang


@pytest.mark.parametrize(
    "text",
    [
        "CNN이 보도했다.",
        "UN 안보리는 긴급회의를 열었다.",
        "PGP는 널리 쓰이는 암호화 프로그램이다.",
        "ASCI White로 알려진 이 수퍼컴퓨터는 놀랄 정도로 많은 용도를 갖고 있다.",
        "이 거대한 컴퓨터는 1997년에 체스의 대가를 물리쳤던 Deep Blue보다 1,000배나 더 강력하다.",
        "일본의 NHK 공영 방송이 전했다.",
        "에너지省의 핵 안보 차관은 이렇게 말했다.",
        "미국 국무부는 'We will not accept a nuclear North Korea'라고 밝혔다.",
        "미 식품의약국(Food and Drug Administration, FDA)은 25일 이렇게 밝혔다.",
        "Lawrence Livermore National Laboratory 연구소는 새 컴퓨터를 공개했다.",
        "despondent 실망한, 낙담한",
        "北 미사일 발사",
    ],
)
def test_korean_with_latin_names_and_acronyms_is_korean(text):
    assert sentence_lang(text) == "ko"
    assert [s.lang for s in sections(text)] == ["ko"]


@pytest.mark.parametrize(
    "text",
    [
        "The word 김치 is Korean.",
        'He said "감사합니다."',
        "Koreans call this feeling jeong (정), a deep sense of attachment.",
        "President 문재인 said on Tuesday that talks would resume.",
        "Cambodian Prime (거뒀다) Minister Hun Sen's ruling party has claimed a landslide victory.",
    ],
)
def test_english_quoting_a_korean_word_stays_english(text):
    assert sentence_lang(text) == "en"
    assert [s.lang for s in sections(text)] == ["en"]


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Advertisement", "en"),
        ("Kim Jong Un", "en"),
        ("the supercomputer", "en"),
        ("1950-53", "other"),
        ("2019-11-06 11:34", "other"),
        ("!!! ...", "other"),
        ("東京は晴れです。", "other"),
        ("Привет, как дела?", "other"),
        (
            "Le président a déclaré que la situation est grave et que le gouvernement doit agir.",
            "other",
        ),
        ("Die Regierung hat am Dienstag neue Sanktionen gegen das Land beschlossen.", "other"),
        ("북한", "ko"),
    ],
)
def test_short_and_other_texts(text, lang):
    assert sentence_lang(text) == lang


def test_short_latin_without_function_words_is_english_without_langdetect():
    # Too short for langdetect to be reliable (it guesses Dutch, Romanian … for names).
    assert latin_lang("Hanoi summit") == "en"
    assert latin_lang("Moon Jae-in, Xi Jinping") == "en"


def test_english_paragraph_followed_by_korean_in_the_same_paragraph():
    text = (
        "Trump's meeting with Kim was the first time sitting leaders of the two countries "
        'have ever met. "We have no rush for speed ... 미국과 북한 간의 계속되는 협상은 '
        "북한의 입장에 달려 있다고 전했다. 법적으로 구속력이있는 평화 조약이 필요하다."
    )
    parts = sections(text)
    assert [p.lang for p in parts] == ["en", "ko"]
    assert text[parts[0].start : parts[0].end].endswith("speed ...")
    assert text[parts[1].start :].startswith("미국과 북한")


def test_switch_without_punctuation_between_long_stretches():
    text = "Philippines Troops in Jolo clash 필리핀 정부군, 이슬람 반군과 교전 2006.09"
    assert [(text[s.start : s.end], s.lang) for s in sections(text)] == [
        ("Philippines Troops in Jolo clash", "en"),
        ("필리핀 정부군, 이슬람 반군과 교전 2006.09", "ko"),
    ]


def test_sentence_glued_to_the_next_by_its_full_stop():
    text = "More than 25% of university students have experience of it.대학생 25% 이상 경험 있어"
    assert [s.lang for s in sections(text)] == ["en", "ko"]


def test_korean_sentence_ending_without_full_stop_before_english():
    text = "북한이 미사일을 발사했다 The launch came days after talks stalled."
    assert [s.lang for s in sections(text)] == ["ko", "en"]


def test_line_interleaving():
    text = "The talks resumed.\n회담이 재개됐다.\nBoth sides met.\n양측이 만났다.\n"
    assert [(text[r.start : r.end], r.lang) for r in runs(text)] == [
        ("The talks resumed.", "en"),
        ("회담이 재개됐다.", "ko"),
        ("Both sides met.", "en"),
        ("양측이 만났다.", "ko"),
    ]


def test_long_english_gloss_is_a_run_inside_a_korean_sentence():
    text = "미 식품의약국(Food and Drug Administration, FDA)은 25일 이렇게 밝혔다."
    (section,) = sections(text)
    assert section.lang == "ko"
    assert [(text[r.start : r.end], r.lang) for r in section.runs] == [
        ("미 식품의약국(", "ko"),
        ("Food and Drug Administration, FDA", "en"),
        (")은 25일 이렇게 밝혔다.", "ko"),
    ]
    # Names of one or two words are not runs of their own.
    assert sections("UN 안보리는 회의를 열었다.")[0].runs == ()


def test_runs_offsets_with_a_start_and_end():
    text = "xx The talks resumed. 회담이 재개됐다. yy"
    start, end = 3, len(text) - 3
    assert [(r.start, r.end, r.lang) for r in runs(text, start, end)] == [
        (3, 21, "en"),
        (22, 31, "ko"),
    ]
    assert text[22:31] == "회담이 재개됐다."


def test_blank_text_has_no_runs():
    assert runs("   \n ") == []
    assert sentence_lang("") == "other"
