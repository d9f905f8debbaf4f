"""The number check: reading numbers on both sides, and what counts as drift.

Hand-written pairs; the line from the news corpus (korean-english-news-v1, Park et
al. 2016, CC BY-SA 3.0) is quoted where noted.
"""

from __future__ import annotations

import pytest

from bilingual.checks.base import LinkContext
from bilingual.checks.numbers import (
    Quantity,
    check_link,
    compare,
    english_quantities,
    korean_quantities,
)
from bilingual.model import Document, Link, Sentence, Side


def values(quantities: list[Quantity]) -> list[tuple[str, tuple[float, ...]]]:
    return [(q.kind, q.values) for q in quantities]


def serious(en: str, ko: str) -> list[str]:
    """Messages of the warnings and errors for a pair."""
    return [m.message for m in compare(en, ko) if m.severity in ("warning", "error")]


def severities(en: str, ko: str) -> list[str]:
    return [m.severity for m in compare(en, ko)]


# --- reading Korean ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("1억2천만", 120_000_000, "cardinal"),
        ("1억1천만 달러", 110_000_000, "money"),
        ("10억 달러", 1_000_000_000, "money"),
        ("12조3천억 번", 12_300_000_000_000, "cardinal"),
        ("3천 명", 3000, "cardinal"),
        ("2만5천", 25_000, "cardinal"),
        ("1억 1천만 원", 110_000_000, "money"),
        ("1,000", 1000, "cardinal"),
        ("30.45달러", 30.45, "money"),
        ("50%", 50, "percent"),
        ("50 퍼센트", 50, "percent"),
        ("50프로", 50, "percent"),
        ("9%포인트", 9, "percent"),
        ("1950 년", 1950, "year"),
        ("65주년", 65, "ordinal"),
        ("제65", 65, "ordinal"),
        ("83마일", 83, "cardinal"),
        ("5천여 명", 5000, "cardinal"),
    ],
)
def test_korean_numbers(text: str, value: float, kind: str) -> None:
    [q] = korean_quantities(text)
    assert q.kind == kind
    assert q.value == pytest.approx(value)
    assert text.startswith(q.text.split()[0])


@pytest.mark.parametrize(
    ("text", "value"),
    [("세 번", 3), ("두 명", 2), ("한 차례", 1), ("삼십 명", 30), ("스물한 살", 21),
     ("열 명", 10), ("이틀", 2)],
)
def test_korean_words_are_spelled_numbers(text: str, value: float) -> None:
    [q] = korean_quantities(text)
    assert q.value == value
    assert q.spelled


def test_korean_words_that_only_look_like_numbers_are_not_read() -> None:
    assert korean_quantities("세계 경제가 한편 열차 세대") == []


def test_korean_fractions_dates_and_ranges() -> None:
    assert values(korean_quantities("3분의 2")) == [("fraction", (pytest.approx(2 / 3),))]
    assert values(korean_quantities("2/3")) == [("fraction", (pytest.approx(2 / 3),))]
    assert values(korean_quantities("6·25 전쟁")) == [("date", (6.0, 25.0))]
    assert values(korean_quantities("6 · 25 전쟁")) == [("date", (6.0, 25.0))]
    assert values(korean_quantities("9월 11일")) == [("date", (9.0, 11.0))]
    assert values(korean_quantities("2018년 6월")) == [("date", (2018.0, 6.0))]
    assert values(korean_quantities("1950~1953년")) == [("range", (1950.0, 1953.0))]
    assert values(korean_quantities("1950-53년")) == [("range", (1950.0, 1953.0))]
    assert values(korean_quantities("오후 3시 30분")) == [("time", (15.0, 30.0))]


def test_korean_article_and_ordinal_prefix_are_not_trillions() -> None:
    assert values(korean_quantities("헌법 9조를")) == [("ordinal", (9.0,))]
    assert values(korean_quantities("제3조")) == [("ordinal", (3.0,))]
    # "이제" ends in 제 but is a word ("now"), not the ordinal prefix.
    assert values(korean_quantities("이제 7,000억 달러")) == [("money", (7e11,))]


# --- reading English --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("$110 million", 110_000_000, "money"),
        ("1.5 billion", 1_500_000_000, "cardinal"),
        ("12.3 trillion", 12_300_000_000_000, "cardinal"),
        ("8,192", 8192, "cardinal"),
        ("$30.45", 30.45, "money"),
        ("50 percent", 50, "percent"),
        ("1 trillion won", 1e12, "money"),
        ("15 cents", 0.15, "money"),
        ("65th", 65, "ordinal"),
        ("3rd", 3, "ordinal"),
        ("in 1992", 1992, "year"),
        ("the 1990s", 1990, "decade"),
        ("twenty-one", 21, "cardinal"),
        ("a dozen", 12, "cardinal"),
        ("five miles", 5, "cardinal"),
        ("two-thirds", 2 / 3, "fraction"),
        ("twice", 2, "cardinal"),
        ("46-year-old", 46, "cardinal"),
    ],
)
def test_english_numbers(text: str, value: float, kind: str) -> None:
    [q] = english_quantities(text)
    assert q.kind == kind
    assert q.value == pytest.approx(value)


def test_english_dates_and_ranges() -> None:
    assert values(english_quantities("Nov. 5")) == [("date", (11.0, 5.0))]
    assert values(english_quantities("June 2018")) == [("date", (2018.0, 6.0))]
    assert values(english_quantities("on Sept. 11, 2001")) == [("date", (2001.0, 9.0, 11.0))]
    assert values(english_quantities("the 1950-53 war")) == [("range", (1950.0, 1953.0))]
    assert values(english_quantities("9/11")) == [("date", (9.0, 11.0))]
    assert values(english_quantities("12:26 a.m.")) == [("time", (0.0, 26.0))]


def test_english_non_numbers() -> None:
    # Weekdays, vague quantities and "may" the verb are not numbers.
    assert english_quantities("On Tuesday hundreds of people said they may go.") == []
    assert english_quantities("thousands of dollars, dozens of times") == []


def test_codes_are_literals() -> None:
    kinds = [(q.kind, q.key) for q in english_quantities("F-35 jets, the G20 and COVID-19")]
    assert kinds == [("literal", "F35"), ("literal", "G20"), ("literal", "COVID19")]


# --- pairs that must not be flagged -----------------------------------------------


@pytest.mark.parametrize(
    ("en", "ko"),
    [
        # Korean number units, with and without spaces.
        ("the $110 million wonder", "이 1억1천만 달러 짜리 경이로운 설비"),
        ("the $110 million wonder", "이 1억1천만달러짜리 경이로운 설비"),
        ("12.3 trillion calculations a second", "초당 12조3천억 번의 계산"),
        ("a $1 billion deal", "10억 달러 규모의 거래"),
        ("$1.1 billion", "11억 달러"),
        ("about 1.2 million people", "약 120만 명"),
        ("about 1.2 million people", "약 118만 명"),
        ("3,000 people", "3천 명"),
        ("25,000 troops", "2만5천 명의 병력"),
        ("It has 8,192 microprocessors", "8,192개의 마이크로 프로세서"),
        ("The shares rose to $30.45.", "주가는 30.45달러로 올랐다."),
        # Fractions, percentages, dates and years.
        ("approval of two-thirds of the Senate", "상원의 2/3의 승인"),
        ("approval of two-thirds of the Senate", "상원 3분의 2의 승인"),
        ("the armistice that ended the Korean War", "6 · 25 전쟁을 종식시킨 휴전 협정"),
        ("the Sept. 11 attacks", "9월 11일 테러 공격"),
        ("the September 11 attacks", "9·11 테러"),
        ("at war since 1950", "1950 년 이래 전쟁 중"),
        ("support fell 50 percent", "지지율이 50% 떨어졌다"),
        ("support fell 50 percent", "지지율이 50 퍼센트 떨어졌다"),
        ("support fell 50 percent", "지지율이 50프로 떨어졌다"),
        ("WASHINGTON, Nov. 5 (Yonhap)", "워싱턴 11월 5일 (연합)"),
        ("the summit in June 2018", "2018년 6월 정상회담"),
        ("the 1950-53 Korean War", "1950~1953년 한국전쟁"),
        ("the 1950-53 Korean War", "1950-53년 한국전쟁"),
        ("the 65th anniversary", "65주년"),
        ("the 65th anniversary", "제65주년 기념식"),
        ("for the first time", "첫 번째로"),
        ("the first summit", "첫 정상회담"),
        # Spelled-out numbers.
        ("He went three times.", "그는 세 번 갔다."),
        ("two basketball courts", "농구장 2개"),
        ("two men were hurt", "두 명이 다쳤다"),
        ("Seventeen blasts", "17차례의 폭발"),
        ("twenty-one years", "21년"),
        ("It happened once a year, twice a year", "1년에 2차례"),
        ("the six-party talks", "6자회담"),
        ("a week later", "7일 뒤"),
        ("24 hours before", "하루 전에"),
        # Unit conversions translators make.
        ("83 miles of wiring", "134km의 배선"),
        ("a 9,700-foot peak", "해발 2956m"),
        ("1,500 pounds", "680kg"),
        ("It was 86 degrees Fahrenheit", "섭씨 30도였다"),
        ("winds of 75 mph", "시속 120km의 바람"),
        # The same literal on both sides.
        ("the F-35 fighter", "F-35 전투기"),
        ("the G20 summit", "G20 정상회의"),
        ("COVID-19 cases", "코로나19 확진자"),
        # Korean day of the month for an English weekday.
        ("officials said Tuesday", "관계자들이 29일(현지시간) 밝혔다"),
        # A currency conversion given on one side.
        ("1 trillion won ($850 million)", "1조원"),
        ("$158.4 million", "1억5840만달러 (약 1600억원)"),
        ("15 meters (49 feet) apart", "15m 간격으로"),
    ],
)
def test_same_number_in_other_notation_is_not_flagged(en: str, ko: str) -> None:
    assert serious(en, ko) == []


def test_weekday_is_not_a_number() -> None:
    assert compare("He left on Monday.", "그는 월요일에 떠났다.") == []


# --- pairs that must be flagged ---------------------------------------------------


def test_changed_amount_is_an_error_with_both_values() -> None:
    [mismatch] = compare("the $110 million wonder", "이 1억2천만 달러 짜리 경이로운 설비")
    assert mismatch.severity == "error"
    assert mismatch.message == (
        'number differs: English "$110 million" (110,000,000) vs Korean "1억2천만 달러" '
        "(120,000,000)"
    )


@pytest.mark.parametrize(
    ("en", "ko"),
    [
        ("nuclear tests in 1992", "1993년에 핵실험을"),
        ("It has 8,192 microprocessors", "8,152개의 마이크로 프로세서"),
        ("More than 50,000 fishing boats", "어선 50만여척이"),  # corpus line 111
        ("approval of two-thirds of the Senate", "상원의 3분의 1의 승인"),
        ("support fell 50 percent", "지지율이 40% 떨어졌다"),
        ("WASHINGTON, Nov. 5 (Yonhap)", "워싱턴 11월 6일 (연합)"),
        ("the summit in June 2018", "2019년 6월 정상회담"),
        ("the 1950-53 Korean War", "1950~1954년 한국전쟁"),
        ("110 miles southwest of London", "런던에서 남쪽으로 117km"),
        ("the 65th anniversary", "66주년"),
        ("The shares rose to $30.45.", "주가는 30.46달러로 올랐다."),
        ("15 cents per call", "통화당 0.5 달러"),
        ("the F-35 fighter", "F-16 전투기"),
    ],
)
def test_changed_number_is_an_error(en: str, ko: str) -> None:
    assert "error" in severities(en, ko)


def test_number_on_one_side_only_is_a_warning() -> None:
    [mismatch] = compare("Officials gave no figure.", "당국은 300명이 다쳤다고 밝혔다.")
    assert mismatch.severity == "warning"
    assert mismatch.en is None and mismatch.ko is not None
    assert mismatch.message == 'number missing from the English: Korean "300명" (300)'
    [mismatch] = compare("It can store 300 million books.", "이것은 책을 저장할 수 있다.")
    assert (mismatch.severity, mismatch.ko) == ("warning", None)


def test_spelled_number_missing_is_info_only() -> None:
    assert severities("The two leaders met.", "정상들이 만났다.") == ["info"]
    assert severities("It was the first meeting.", "회담이 열렸다.") == ["info"]


def test_spelled_and_digit_conflict_is_reported() -> None:
    assert severities("He went three times.", "그는 네 번 갔다.") == ["error"]
    assert "error" in severities("five miles", "6마일")


def test_rounding_tolerance_needs_a_hedge() -> None:
    assert serious("about 1.2 million", "118만") == []
    assert serious("1.2 million", "118만") != []
    assert serious("about 300 people", "약 340명") != []


def test_repeated_number_is_not_flagged_twice() -> None:
    en = "He was held for 15 days."
    ko = "그는 15일 감금됐다. 그는 15일 동안 매일 고문을 당했다."
    assert serious(en, ko) == []


# --- the check as the pipeline calls it -------------------------------------------


def _side(text: str, lang: str) -> Side:
    doc = Document(path=f"x.{lang}", text=text, encoding="utf-8")
    sentence = Sentence(index=0, text=text, start=0, end=len(text), lang=lang)
    return Side(doc=doc, lang=lang, sentences=(sentence,))


def test_check_link_gives_findings_with_evidence() -> None:
    en = _side("After a year, researchers showed off the $110 million wonder.", "en")
    ko = _side("1년 만에 연구자들이 1억2천만 달러 짜리 설비를 공개했다.", "ko")
    ctx = LinkContext(index=4, link=Link(en=(0,), ko=(0,)), en_side=en, ko_side=ko)
    [finding] = check_link(ctx)
    assert (finding.kind, finding.severity, finding.link) == ("number", "error", 4)
    assert finding.en.text == "$110 million"
    assert finding.ko.text == "1억2천만 달러"
    assert en.doc.text[finding.en.start : finding.en.end] == "$110 million"


def test_check_link_skips_one_sided_links() -> None:
    en = _side("It cost $5.", "en")
    ctx = LinkContext(index=0, link=Link(en=(0,), ko=()), en_side=en,
                      ko_side=_side("", "ko"))
    assert check_link(ctx) == []


def test_a_date_naming_an_event_matches_the_event_named_in_words():
    from bilingual.checks.numbers import compare

    korean = "미국이 6 · 25 전쟁을 종식시킨 휴전 협정을 바꾸기를 꺼려한다면"
    assert compare("the armistice agreement that ended the Korean War", korean) == []
    # Without the event named, the Korean date is still reported, as info only.
    [mismatch] = compare("the armistice agreement that ended the war", korean)
    assert mismatch.severity == "info"


def test_bare_number_after_a_scaled_amount_shares_its_scale() -> None:
    # korean-english-news-v1 dev line 573 (Park et al. 2016, CC BY-SA 3.0), shortened
    en = "Today there are talks of a 150 million euros offer and tomorrow it will be 200."
    ko = "오늘은 1억5천만 유로였다가 내일은 2억 유로가 될 것이다."
    assert compare(en, ko) == []
    # the bare number keeps its own reading too, and a changed amount is still found
    assert compare("He has 3 million shares and 20 cars.", "그는 300만 주와 차 20대가 있다.") == []
    assert compare(en, "오늘은 1억5천만 유로였다가 내일은 3억 유로가 될 것이다.")
    # a sentence end cuts the scale off
    assert compare(
        "It cost $5 million. Then 200 came.", "500만 달러가 들었다. 그리고 2억명이 왔다."
    )


def test_korean_n_or_n_plus_one_is_one_vague_count() -> None:
    # "2, 3년" is "two or three years": a couple / three both match, and missing is info
    assert (
        compare("A couple years ago nobody cared.", "2, 3년 전만 해도 아무도 관심이 없었다.") == []
    )
    assert compare("It took three years.", "2, 3년이 걸렸다.") == []
    (missing,) = compare("Nobody cared then.", "2, 3년 전만 해도 아무도 관심이 없었다.")
    assert missing.severity == "info"
    # a list of numbers is not a vague count
    assert [m.en.text for m in compare("Scores were 2, 3 and 5.", "점수는 2, 5였다.")] == ["3"]


def test_number_idioms_are_not_quantities() -> None:
    assert (
        compare("says Tokuda, a former 9 to 5 travel agent.", "전직 여행사 정규직 사원인 도쿠다는")
        == []
    )
    assert compare("It is a 9-to-5 job, open 24/7.", "연중무휴로 여는 정규직 일이다.") == []
    assert [q.text for q in english_quantities("the vote was 9 to 5")] == ["9", "5"]
    assert [q.text for q in english_quantities("from 9 to 5 percent")] == ["9", "5 percent"]
