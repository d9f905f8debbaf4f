"""Report writers: every export read back with a real reader (polars, fastexcel, XML)."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace

import polars as pl
import pytest
from helpers import (
    EN_SENTENCES,
    KO_SENTENCES,
    clean_alignment,
    sample_alignment,
    sample_mixed_alignment,
)

from bilingual.corpus import finding_keys
from bilingual.errors import ConfigError
from bilingual.model import Alignment
from bilingual.reports import (
    BINARY_FORMATS,
    FORMATS,
    format_for_path,
    render,
    render_bytes,
    render_csv,
    render_json,
    render_lines,
    render_text,
    render_tmx,
    render_tsv,
    render_xlsx,
    to_frame,
    to_json_obj,
)
from bilingual.reports.csv import COLUMNS, sentence_numbers
from bilingual.reports.text import display_width, wrap

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def with_ko_sentence(al: Alignment, index: int, text: str) -> Alignment:
    """The alignment with one Korean sentence's text replaced (offsets left as they were)."""
    sentences = list(al.ko.sentences)
    sentences[index] = replace(sentences[index], text=text)
    return replace(al, ko=replace(al.ko, sentences=tuple(sentences)))


# --------------------------------------------------------------------------- text


def test_display_width_counts_hangul_as_two_cells():
    assert display_width("abc") == 3
    assert display_width("한국어") == 6
    assert display_width("e\u0301") == 1  # combining accent takes no cell


def test_wrap_measures_display_width_and_breaks_long_words():
    korean = "오세훈 서울시장은 월요일 2030년까지 주택 9만 호를 짓는 계획을 발표했다."
    lines = wrap(korean, 16)
    assert all(display_width(line) <= 16 for line in lines)
    assert " ".join(lines) == korean
    assert wrap("가나다라마바사아자차", 6) == ["가나다", "라마바", "사아자", "차"]


def test_text_report_lists_links_sentences_findings_and_summary():
    report = render_text(sample_alignment(), width=100)
    assert "news/seoul-housing.en.txt ↔ news/seoul-housing.ko.txt" in report
    assert "#3  2-1  score 0.83" in report
    assert "EN 3  The plan will cost 12 trillion won." in report
    assert "EN 4  Critics said it lacks detail." in report
    assert "KO 3  이 계획에는 12조 원이" in report
    # The finding sits under its link, indented.
    link2 = report.index("#2  1-1")
    assert report.index("    error number: 80,000 became 9만 (90,000)", link2) < report.index("#3")
    assert "Document:\n  warning partial:" in report
    assert "Summary: 6 links (3 1-1, 1 2-1, 1 1-0, 1 0-1)" in report
    assert "  2 errors: missing 1, number 1" in report
    assert "  3 warnings: added 1, partial 1, untranslated 1" in report
    assert "Verdict: drift (2 errors)" in report
    assert "Signature: model=test-encoder" in report
    assert "settings.window=3" in report


@pytest.mark.parametrize("width", [40, 60, 80, 100, 140])
def test_text_report_fits_the_terminal_width(width):
    report = render_text([sample_alignment(), sample_mixed_alignment()], width=width)
    for line in report.splitlines():
        assert display_width(line) <= width, line


def test_text_report_places_korean_beside_english_when_wide():
    report = render_text(sample_alignment(), width=120)
    row = next(line for line in report.splitlines() if "EN 2" in line)
    assert "│ KO 2" in row
    narrow = render_text(sample_alignment(), width=60)
    assert "│" not in narrow
    assert "\n  KO 2  " in narrow


def test_text_report_verdicts():
    assert "Verdict: clean" in render_text(clean_alignment())
    al = clean_alignment()
    warning_only = replace(al, findings=sample_alignment().findings)
    assert "Verdict: review (1 warning)" in render_text(warning_only)


def test_text_report_colours_only_on_request():
    plain = render_text(sample_alignment())
    coloured = render_text(sample_alignment(), color=True)
    assert not ANSI.search(plain)
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == plain


def test_text_report_neutralises_control_characters_from_the_input():
    al = with_ko_sentence(sample_alignment(), 1, "위험한\x1b[2J문장")
    report = render_text(al)
    assert "\x1b" not in report
    assert "위험한\ufffd[2J문장" in report


def test_text_report_for_several_documents_ends_with_overall_verdict():
    report = render_text([sample_alignment(), clean_alignment()])
    assert report.count("Verdict:") == 2
    assert report.rstrip().endswith("Overall: 2 documents, drift (2 errors)")


# --------------------------------------------------------------------------- json


def test_json_carries_sentences_links_findings_summary_and_signature():
    data = json.loads(render_json(sample_alignment()))
    assert data["en"] == list(EN_SENTENCES)
    assert data["ko"] == list(KO_SENTENCES)
    assert [(link["en"], link["ko"]) for link in data["links"]] == [
        ([0], [0]),
        ([1], [1]),
        ([2, 3], [2]),
        ([4], []),
        ([], [3]),
        ([5], [4]),
    ]
    assert data["links"][2]["score"] == 0.8307
    assert data["links"][3]["score"] is None
    number = data["links"][1]["findings"][0]
    assert number["kind"] == "number" and number["severity"] == "error"
    assert number["en"]["text"] == "80,000"
    assert number["ko"]["text"] == "9만"
    assert number["line"] == 3
    missing = data["links"][3]["findings"][0]
    assert missing["ko"] is None and missing["path"].endswith(".en.txt")
    assert [f["kind"] for f in data["findings"]] == ["partial"]
    assert data["files"] == {
        "en": "news/seoul-housing.en.txt",
        "ko": "news/seoul-housing.ko.txt",
        "mixed": False,
        "encoding": {"en": "utf-8", "ko": "utf-8"},
    }
    assert data["summary"]["errors"] == 2 and data["summary"]["verdict"] == "drift (2 errors)"
    assert data["signature"]["settings"] == {"window": 3, "max_merge": 2}
    assert "9만" in render_json(sample_alignment())  # Hangul not \u-escaped


def test_json_offsets_point_into_the_file_text_on_disk():
    al = sample_alignment(crlf=True)
    data = to_json_obj(al)
    finding = data["links"][5]["findings"][0]
    source = al.ko.doc.source
    start, end = finding["ko"]["start"], finding["ko"]["end"]
    assert source[start:end] == finding["ko"]["text"]
    # Four CRLF line ends precede that sentence, so the disk offset is 4 further on.
    assert start == al.links[5].findings[0].ko.start + 4


def test_json_finding_ids_are_the_baseline_keys():
    al = sample_alignment()
    data = to_json_obj(al)
    ids = [f["id"] for link in data["links"] for f in link["findings"]]
    ids += [f["id"] for f in data["findings"]]
    assert ids == [key for _, key in finding_keys(al)]


def test_json_of_several_alignments_is_an_array():
    data = json.loads(render_json([sample_alignment(), clean_alignment()]))
    assert isinstance(data, list) and len(data) == 2
    assert data[1]["summary"]["verdict"] == "clean"


# --------------------------------------------------------------------------- lines


def test_lines_point_at_the_evidence_sorted_by_path_and_line():
    out = render_lines(sample_alignment())
    lines = out.splitlines()
    assert lines[0] == (
        "news/seoul-housing.en.txt:5: error missing: English sentence 5 has no Korean translation"
    )
    assert "news/seoul-housing.ko.txt:3: error number: 80,000 became 9만 (90,000)" in lines
    assert len(lines) == 6
    assert all(re.match(r"^[^:]+:\d+: (error|warning|info) \w+: ", line) for line in lines)
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in lines]
    assert keys == sorted(keys)


def test_lines_of_a_mixed_file_use_its_one_path():
    lines = render_lines(sample_mixed_alignment()).splitlines()
    assert {line.split(":")[0] for line in lines} == {"news/seoul-housing.txt"}
    number = next(line for line in lines if "number" in line)
    assert number.startswith("news/seoul-housing.txt:9:")  # the Korean half starts at line 7


def test_lines_are_quiet_without_findings():
    assert render_lines(clean_alignment()) == ""


# --------------------------------------------------------------------------- csv


def test_sentence_numbers():
    assert sentence_numbers([2]) == "3"
    assert sentence_numbers([2, 3]) == "3-4"
    assert sentence_numbers([2, 4]) == "3,5"
    assert sentence_numbers([]) == ""


def test_csv_reads_back_with_one_row_per_link_and_hangul_intact():
    al = sample_alignment()
    data = render_csv([al])
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pl.read_csv(io.BytesIO(data), infer_schema=False)
    assert tuple(frame.columns) == COLUMNS
    assert frame.height == len(al.links) + 1  # plus the document-level findings row
    rows = frame.to_dicts()
    assert rows[2]["en_sentences"] == "3-4" and rows[2]["ko_sentences"] == "3"
    assert rows[2]["ko_text"] == KO_SENTENCES[2]
    assert rows[2]["link_type"] == "2-1" and rows[2]["status"] == "ok"
    assert [row["status"] for row in rows] == [
        "ok",  # info alone is ok
        "error",
        "ok",
        "error",
        "warning",
        "warning",
        "warning",
    ]
    assert rows[1]["finding_kinds"] == "number"
    assert rows[1]["messages"] == "error number: 80,000 became 9만 (90,000)"
    assert rows[1]["score"] == "0.8841"
    assert rows[6]["link"] is None and rows[6]["link_type"] == "document"
    assert not any(row["decision"] or row["reviewer_note"] for row in rows)
    ids = " ".join(row["finding_ids"] or "" for row in rows).split()
    assert ids == [key for _, key in finding_keys(al)]


def test_csv_without_bom():
    data = render_csv(sample_alignment(), bom=False)
    assert data.startswith(b"document,link,")
    assert "서울시장".encode() in data


def test_csv_keeps_multi_line_cells_together():
    al = sample_alignment()
    link = al.links[1]
    two_findings = replace(link, findings=link.findings + link.findings)
    al = replace(al, links=(al.links[0], two_findings, *al.links[2:]))
    frame = pl.read_csv(io.BytesIO(render_csv(al)), infer_schema=False)
    assert frame.height == len(al.links) + 1
    assert frame["messages"][1].count("\n") == 1
    assert frame["finding_kinds"][1] == "number"  # kinds listed once


def test_frame_spans_several_documents():
    frame = to_frame([sample_alignment(), clean_alignment()])
    assert frame["document"].unique(maintain_order=True).to_list() == [
        "news/seoul-housing.txt",
        "news/clean.txt",
    ]
    assert frame.schema["link"] == pl.Int64 and frame.schema["score"] == pl.Float64


def test_empty_frame_keeps_its_columns():
    frame = to_frame([])
    assert frame.height == 0 and tuple(frame.columns) == COLUMNS


# --------------------------------------------------------------------------- xlsx


def test_xlsx_reads_back_with_the_same_rows():
    al = sample_alignment()
    data = render_xlsx(al)
    frame = pl.read_excel(io.BytesIO(data), infer_schema_length=0)
    assert tuple(frame.columns) == COLUMNS
    assert frame.height == len(al.links) + 1
    assert frame["ko_text"][1] == KO_SENTENCES[1]
    assert frame["status"].to_list()[:2] == ["ok", "error"]
    expected = [key for _, key in finding_keys(al)]
    assert " ".join(v for v in frame["finding_ids"].to_list() if v).split() == expected


def test_xlsx_sheet_is_frozen_wrapped_and_highlighted():
    with zipfile.ZipFile(io.BytesIO(render_xlsx(sample_alignment()))) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        styles = archive.read("xl/styles.xml").decode()
    assert 'ySplit="1"' in sheet and 'state="frozen"' in sheet
    assert sheet.count("<conditionalFormatting") >= 1
    assert '<formula>$I2="error"</formula>' in sheet
    assert '<formula>$I2="warning"</formula>' in sheet
    assert "<dataValidation" in sheet
    assert 'wrapText="1"' in styles


def test_xlsx_writes_formula_like_text_as_text():
    al = with_ko_sentence(sample_alignment(), 1, "=SUM(A1:A3) 합계")
    frame = pl.read_excel(io.BytesIO(render_xlsx(al)), infer_schema_length=0)
    assert frame["ko_text"][1] == "=SUM(A1:A3) 합계"


# --------------------------------------------------------------------------- tmx


def parse_tmx(data: bytes) -> ET.Element:
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(data)


def test_tmx_header_and_units():
    root = parse_tmx(render_tmx(sample_alignment()))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attribute, value in {
        "creationtool": "bilingual",
        "segtype": "sentence",
        "o-tmf": "bilingual",
        "adminlang": "en",
        "srclang": "en",
        "datatype": "plaintext",
    }.items():
        assert header.get(attribute) == value
    assert header.get("creationtoolversion")
    units = root.findall("body/tu")
    assert len(units) == 4  # the 1-0 and 0-1 links are not translation units
    merged = units[2]
    segs = {tuv.get(XML_LANG): tuv.find("seg").text for tuv in merged.findall("tuv")}
    assert segs == {"en": f"{EN_SENTENCES[2]} {EN_SENTENCES[3]}", "ko": KO_SENTENCES[2]}
    number_notes = [note.text for note in units[1].findall("note")]
    assert number_notes == ["error number: 80,000 became 9만 (90,000)"]
    props = {prop.get("type"): prop.text for prop in units[1].findall("prop")}
    assert props["x-status"] == "error" and props["x-link-type"] == "1-1"
    # Notes and props come before the first tuv, as the TMX DTD requires.
    children = [child.tag for child in units[1]]
    assert children.index("tuv") > max(i for i, tag in enumerate(children) if tag != "tuv")


def test_tmx_only_clean_drops_links_with_warnings_or_errors():
    root = parse_tmx(render_tmx(sample_alignment(), only_clean=True))
    links = [unit.find("prop[@type='x-link']").text for unit in root.findall("body/tu")]
    assert links == ["1", "3"]  # link 1 has only an info finding


def test_tmx_strips_characters_xml_cannot_hold():
    al = with_ko_sentence(sample_alignment(), 1, '제어\x0b문자\x1b와 <태그> & "따옴표"')
    root = parse_tmx(render_tmx(al))
    seg = root.findall("body/tu")[1].find(
        "tuv[@{http://www.w3.org/XML/1998/namespace}lang='ko']/seg"
    )
    assert seg.text == '제어문자와 <태그> & "따옴표"'


def test_tmx_is_deterministic():
    assert render_tmx(sample_alignment()) == render_tmx(sample_alignment())


# --------------------------------------------------------------------------- tsv


def test_tsv_has_two_columns_per_non_null_link():
    lines = render_tsv(sample_alignment()).splitlines()
    assert len(lines) == 4
    assert lines[2] == f"{EN_SENTENCES[2]} {EN_SENTENCES[3]}\t{KO_SENTENCES[2]}"
    assert all(line.count("\t") == 1 for line in lines)


def test_tsv_replaces_tabs_and_line_breaks_and_can_keep_only_clean_links():
    al = with_ko_sentence(sample_alignment(), 2, "탭\t있는\n문장")
    lines = render_tsv(al).splitlines()
    assert lines[2].endswith("\t탭 있는 문장")
    clean = render_tsv(sample_alignment(), only_clean=True).splitlines()
    assert [line.split("\t")[0] for line in clean] == [
        EN_SENTENCES[0],
        f"{EN_SENTENCES[2]} {EN_SENTENCES[3]}",
    ]


# --------------------------------------------------------------------------- dispatch


def test_every_format_renders_through_render_bytes():
    al = sample_alignment()
    for name in FORMATS:
        out = render(al, name)
        assert isinstance(out, bytes) == (name in BINARY_FORMATS)
        assert render_bytes([al], name)


def test_format_for_path_and_options():
    assert format_for_path("review.xlsx") == "xlsx"
    assert format_for_path("out/Memory.TMX") == "tmx"
    assert format_for_path("report.txt") == "txt"
    assert render(sample_alignment(), "text", width=60) == render_text(sample_alignment(), width=60)
    with pytest.raises(ConfigError, match="unknown report extension '.docx'"):
        format_for_path("review.docx")
    with pytest.raises(ConfigError, match="does not take 'bom'"):
        render(sample_alignment(), "tmx", bom=False)
    with pytest.raises(ConfigError, match="unknown report format"):
        render(sample_alignment(), "pdf")


def test_csv_defuses_cells_excel_would_run_as_formulas():
    import dataclasses
    import io

    import polars as pl

    from bilingual.reports.csv import render_csv

    al = sample_alignment()
    first = al.en.sentences[0]
    sentences = (dataclasses.replace(first, text="=HYPERLINK(\"x\")"),) + al.en.sentences[1:]
    al = dataclasses.replace(al, en=dataclasses.replace(al.en, sentences=sentences))
    frame = pl.read_csv(io.BytesIO(render_csv(al)))
    assert frame["en_text"][0] == "'=HYPERLINK(\"x\")"
    assert all(not str(v).startswith(("=", "+", "@")) for v in frame["en_text"].drop_nulls())
