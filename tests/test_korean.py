"""Kiwi tokens (morphemes, proper nouns, numbers) and the on-disk analysis cache."""

import pytest

from bilingual import korean


@pytest.fixture
def cache_dir(tmp_path):
    korean.configure_cache(tmp_path)
    yield tmp_path
    korean.configure_cache(True)


def test_morphemes_carry_tags_and_offsets_into_the_text():
    text = "김정은 위원장과 폼페이오 장관"
    tokens = korean.morphemes(text)
    assert [(t.form, t.tag) for t in tokens][:2] == [("김정은", "NNP"), ("위원장", "NNG")]
    for token in tokens:
        assert text[token.start : token.end] == token.form


def test_proper_nouns_include_latin_runs():
    forms = [m.form for m in korean.proper_nouns("트럼프 대통령은 CNN과 UN 안보리에서 말했다")]
    assert "트럼프" in forms and "CNN" in forms and "UN" in forms


def test_numbers_join_digits_with_their_unit_words():
    text = "이 1억1천만 달러 짜리 설비, 초당 12조3천억 번, 상원의 2/3"
    forms = [m.form for m in korean.numbers(text)]
    assert forms == ["1억1천만", "12조3천억", "2/3"]
    for number in korean.numbers(text):
        assert text[number.start : number.end] == number.form


def test_sentence_spans_split_a_korean_paragraph():
    text = "북한은 회담을 거부했다. 미국은 실망했다고 밝혔다."
    spans = korean.sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["북한은 회담을 거부했다.", "미국은 실망했다고 밝혔다."]


def test_a_warm_cache_answers_without_loading_kiwi(cache_dir, monkeypatch):
    text = "평양과 워싱턴은 1950년 이래 전쟁 중에 있다. 협상은 멈췄다."
    cold_tokens = korean.morphemes(text)
    cold_spans = korean.sentence_spans(text)
    korean.configure_cache(cache_dir)  # flushes to disk and starts a fresh reader

    def no_kiwi():
        raise AssertionError("Kiwi was loaded although the cache had the answer")

    monkeypatch.setattr(korean, "get_kiwi", no_kiwi)
    assert korean.morphemes(text) == cold_tokens
    assert korean.sentence_spans(text) == cold_spans
    assert list(cache_dir.glob("kiwi/analysis-*.sqlite3"))


def test_an_unusable_cache_folder_only_costs_time(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    korean.configure_cache(blocker)
    try:
        with pytest.warns(UserWarning, match="cache disabled"):
            tokens = korean.morphemes("서울에서 회담이 열렸다")
        assert tokens and tokens[0].form == "서울"
    finally:
        korean.configure_cache(True)
