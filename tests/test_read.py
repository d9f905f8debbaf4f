"""Reading files: encodings, normalisation with its offset map, bad input, structure."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from bilingual.errors import InputError
from bilingual.read import OffsetMap, decode, normalise, read_bytes, read_path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = {p.name[:3]: p for p in FIXTURES.glob("00[0-4]_*.txt")}

KOREAN = "북한은 미사일을 발사했다. 미국은 대응하지 않았다.\n"
MIXED = "North Korea fired a missile.\n\n북한은 미사일을 발사했다.\n"


def spans_of(doc, kind=None):
    return [s for s in doc.spans if kind is None or s.kind == kind]


# --- encodings ------------------------------------------------------------------------------


def test_plain_utf8_has_no_offset_map():
    doc = read_bytes(MIXED.encode("utf-8"), "a.txt")
    assert doc.encoding == "utf-8"
    assert doc.text == doc.source == MIXED
    assert doc.offset_map == ()
    assert doc.source_offset(5) == 5


def test_utf8_bom_is_removed():
    doc = read_bytes(codecs.BOM_UTF8 + MIXED.encode("utf-8"), "a.txt")
    assert doc.encoding == "utf-8-sig"
    assert doc.text == MIXED


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    doc = read_bytes(bom + MIXED.encode(codec), "a.txt")
    assert doc.encoding == "utf-16"
    assert doc.text == MIXED


def test_utf16_without_bom_is_refused_with_a_hint():
    with pytest.raises(InputError, match="byte-order mark"):
        read_bytes(MIXED.encode("utf-16-le"), "a.txt")


def test_euc_kr_and_cp949():
    doc = read_bytes(KOREAN.encode("euc-kr"), "k.txt")
    assert doc.encoding == "euc-kr"
    assert doc.text == KOREAN
    # 똠 is outside KS X 1001: only CP949 (Unified Hangul Code) has it.
    text = "똠방각하는 미사일을 발사했다.\n" + KOREAN
    doc = read_bytes(text.encode("cp949"), "k.txt")
    assert doc.encoding == "cp949"
    assert doc.text == text


def test_other_legacy_encoding_goes_to_charset_normalizer():
    text = "Le président a déclaré que la situation était très grave pour le pays entier.\n" * 3
    doc = read_bytes(text.encode("cp1252"), "fr.txt")
    assert doc.encoding not in ("utf-8", "euc-kr", "cp949")
    assert "pr" in doc.text and "sident" in doc.text


# --- normalisation and the offset map -------------------------------------------------------


def test_crlf_and_lone_cr_become_lf_and_map_back():
    source = "Title line\r\n\r\nFirst sentence here.\rSecond line.\r\n"
    doc = read_bytes(source.encode(), "crlf.txt")
    assert doc.text == "Title line\n\nFirst sentence here.\nSecond line.\n"
    assert doc.source == source
    assert len(doc.offset_map) == len(doc.text) + 1
    assert doc.source_offset(len(doc.text)) == len(source)
    for span in doc.spans:
        start, end = doc.source_offset(span.start), doc.source_offset(span.end)
        assert source[start:end] == span.text


def test_nfd_hangul_is_read_as_nfc_and_maps_back():
    nfc = "북한 미사일\r\n\r\n북한은 미사일을 발사했다. 미국은 대응하지 않았다.\r\n"
    source = unicodedata.normalize("NFD", nfc)
    assert source != nfc
    doc = read_bytes(source.encode("utf-8"), "nfd.txt")
    assert doc.text == nfc.replace("\r\n", "\n")
    for span in doc.spans:
        start, end = doc.source_offset(span.start), doc.source_offset(span.end)
        assert unicodedata.normalize("NFC", source[start:end]) == span.text
    assert doc.source_offset(len(doc.text)) == len(source)


def test_nfd_reads_like_nfc():
    nfc = read_bytes(MIXED.encode(), "a.txt")
    nfd = read_bytes(unicodedata.normalize("NFD", MIXED).encode(), "a.txt")
    assert nfd.text == nfc.text
    assert [(s.kind, s.lang, s.text) for s in nfd.spans] == [
        (s.kind, s.lang, s.text) for s in nfc.spans
    ]


def test_offset_map_is_compact_and_a_sequence():
    text, offsets = normalise("a\r\nb\r\nc")
    assert text == "a\nb\nc"
    assert isinstance(offsets, OffsetMap)
    assert list(offsets) == [0, 1, 3, 4, 6, 7]
    assert offsets[-1] == 7
    assert offsets == [0, 1, 3, 4, 6, 7]


# --- bad input ------------------------------------------------------------------------------


def one_line(exc: pytest.ExceptionInfo) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


def test_binary_file(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(InputError) as exc:
        read_path(str(path))
    assert str(path) in one_line(exc) and "binary" in one_line(exc)


def test_control_characters_without_nul_are_binary():
    with pytest.raises(InputError, match="binary"):
        read_bytes(bytes(range(1, 9)) * 200, "ctl.bin")


def test_undecodable_bytes():
    data = bytes((i * 97 + 13) % 127 + 129 for i in range(4000))  # high bytes only, no pattern
    with pytest.raises(InputError) as exc:
        decode(data, "junk.txt")
    assert "junk.txt" in one_line(exc)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file") as exc:
        read_path(str(tmp_path / "nope.txt"))
    assert "nope.txt" in one_line(exc)
    with pytest.raises(InputError, match="directory"):
        read_path(str(tmp_path))


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t  \n", codecs.BOM_UTF8])
def test_empty_or_whitespace_only_is_no_text(data):
    with pytest.raises(InputError, match="no text") as exc:
        read_bytes(data, "empty.txt")
    assert "empty.txt" in one_line(exc)


def test_stdin(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(MIXED.encode())))
    doc = read_path("-")
    assert doc.path == "<stdin>" and doc.text == MIXED


def test_five_megabyte_file(tmp_path):
    paragraph = (
        "The United States and North Korea are coordinating a schedule for talks, "
        "the ministry said Tuesday.\n\n"
        "미국과 북한은 회담 일정을 조율하고 있다고 외교부가 화요일 밝혔다.\n\n"
    )
    data = (paragraph * (5_000_000 // len(paragraph.encode()) + 1)).encode()
    assert len(data) >= 5_000_000
    path = tmp_path / "big.txt"
    path.write_bytes(data.replace(b"\n", b"\r\n"))
    doc = read_path(str(path))
    assert doc.text == data.decode()
    body = spans_of(doc, "body")
    assert {s.lang for s in body} == {"en", "ko"}
    assert len(body) >= 50_000
    last = body[-1]
    assert doc.source[doc.source_offset(last.start) : doc.source_offset(last.end)] == last.text


# --- structure ------------------------------------------------------------------------------


def kinds(doc):
    return [(s.kind, s.text) for s in doc.spans]


def test_seed_000_structure():
    doc = read_path(str(SEED["000"]))
    assert kinds(doc)[:7] == [
        ("meta", "date 2019-11-06"),
        ("meta", "(LEAD)"),
        ("title", "U.S. holds out prospect of peace regime on Korean Peninsula"),
        ("meta", "(ATTN: UPDATES with more remarks, details in last 6 paras)"),
        ("meta", "By Lee Haye-ah"),
        ("meta", "WASHINGTON, Nov. 5 (Yonhap) --"),
        kinds(doc)[6],
    ]
    assert kinds(doc)[6][1].startswith("Building a peace regime")
    assert kinds(doc)[-2:] == [("meta", "hague@yna.co.kr"), ("meta", "(END)")]
    # No blank lines in this file: each line is a paragraph of its own.
    body = spans_of(doc, "body")
    assert len({s.paragraph for s in body}) == len(body) == 14


def test_seed_001_structure():
    doc = read_path(str(SEED["001"]))
    assert kinds(doc)[:2] == [
        ("meta", "This Article is From Jun 26, 2019"),
        ("title", "US, North Korea In Behind-The-Scenes Talks Over Third Summit: South Korea"),
    ]
    debris = [s.text for s in spans_of(doc, "debris")]
    assert debris.count("Advertisement") == 7 and "World" in debris
    meta = [s.text for s in spans_of(doc, "meta")]
    assert "SEOUL :" in meta
    assert any(m.startswith("(Except for the headline") for m in meta)
    assert any(s.text == '"NEXT LEVEL"' for s in spans_of(doc, "body"))


def test_seed_002_sentence_broken_across_a_blank_line_is_joined():
    doc = read_path(str(SEED["002"]))
    assert kinds(doc)[:3] == [
        (
            "title",
            "US, NK coordinating schedule for denuclearization negotiations: Seoul foreign ministry",
        ),
        ("meta", "Published : Aug 21, 2018 - 11:18"),
        ("meta", "Updated : Aug 21, 2018 - 11:27"),
    ]
    joined = [s for s in spans_of(doc, "body") if "end to the\n\n1950-53 Korean War" in s.text]
    assert len(joined) == 1


def test_seed_003_bullets_and_print_links():
    doc = read_path(str(SEED["003"]))
    assert kinds(doc)[:2] == [
        ("debris", "print PRINT"),
        ("title", "U.S. floats to N. Korea idea of declaring nonaggression: sources"),
    ]
    assert ("meta", "• February 14, 2019") in kinds(doc)
    assert ("meta", "TOKYO —") in kinds(doc)
    assert [s.text for s in doc.spans[-4:]] == [
        "• Ambassador",
        "• Ukraine",
        "• COVID-19",
        "• Trending Japan",
    ]
    assert all(s.kind == "debris" for s in doc.spans[-4:])


def test_seed_004_english_title_and_korean_paragraph():
    doc = read_path(str(SEED["004"]))
    titles = spans_of(doc, "title")
    assert [(t.lang, t.text[:28]) for t in titles] == [("en", "North Korea wants US to make")]
    assert ("meta", "by DKOFI 2018. 8. 5.") in kinds(doc)
    assert ("meta", "Washington (CNN)") in kinds(doc)
    korean = [s for s in doc.spans if s.lang == "ko"]
    assert (
        len(korean) == 1 and korean[0].kind == "body" and korean[0].text.startswith("미국과 북한")
    )


def test_korean_title_of_a_korean_file():
    doc = read_bytes(("북한, 동해상으로 미사일 발사\n\n" + KOREAN).encode(), "k.txt")
    assert (doc.spans[0].kind, doc.spans[0].lang) == ("title", "ko")


def test_hard_wrapped_lines_are_one_paragraph():
    text = (
        "The United States and North Korea are coordinating a schedule for the\n"
        "top American diplomat's visit to Pyongyang and follow-up negotiations,\n"
        "Seoul's foreign ministry said Tuesday in its parliamentary briefing to\n"
        "lawmakers.\n"
    )
    doc = read_bytes(text.encode(), "wrapped.txt")
    assert [s.kind for s in doc.spans] == ["body"]
