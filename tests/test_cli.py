"""`bilingual align`, `check`, `export` and `accept` end to end, through click's CliRunner.

Every test works in its own temporary directory (the working directory is where the
commands look for bilingual.toml / pyproject.toml and the baseline), on small article
pairs written for these tests, plus the mixed seed article fixtures/004. The default
encoder (the bundled USE) is loaded once per test session; the embedding cache is the
session's isolated one (conftest.py).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from helpers import CLEAN_EN, CLEAN_KO

from bilingual.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_004 = next(FIXTURES.glob("004_*.txt"))

BOM = b"\xef\xbb\xbf"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The same article with 80,000 homes turned into 9만 (90,000), on line 3 of the Korean file.
NUMBER_KO = CLEAN_KO.replace("8만 호", "9만 호")

# Kim Jong Un rendered as 김정일 (Kim Jong Il), on line 3 of the Korean file.
NAME_EN = """Leaders meet in Singapore

North Korean leader Kim Jong Un met the president in Singapore on Tuesday. The two men talked for three hours.
"""
NAME_KO = """정상들, 싱가포르에서 회담

김정일 북한 국무위원장은 화요일 싱가포르에서 대통령을 만났다. 두 사람은 세 시간 동안 대화했다.
"""

# A quotation left in English: a warning (untranslated), no error.
WARNING_EN = CLEAN_EN.replace(
    "Critics said the plan lacks detail.", '"We will listen to residents," Oh said.'
)
WARNING_KO = CLEAN_KO.replace(
    "비판론자들은 이 계획이 구체성이 부족하다고 말했다.",
    '"We will listen to residents," 오 시장이 말했다.',
)


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def write_pair(directory: Path, name: str, en: str, ko: str) -> tuple[Path, Path]:
    en_path, ko_path = directory / f"{name}.en.txt", directory / f"{name}.ko.txt"
    en_path.write_text(en, encoding="utf-8")
    ko_path.write_text(ko, encoding="utf-8")
    return en_path, ko_path


@pytest.fixture
def project(tmp_path, monkeypatch):
    """An empty project that is also the working directory. Its ``.git`` marks the project
    root, which document names in reports and the baseline are relative to."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def finding_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()]


def assert_one_error_line(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("bilingual: error: "), line
    for fragment in fragments:
        assert fragment in line, line
    assert "Traceback" not in result.output


def assert_covers_every_sentence(record: dict) -> None:
    """Each sentence of each side is in exactly one link, and the links keep their order."""
    for side in ("en", "ko"):
        indices = [i for link in record["links"] for i in link[side]]
        assert indices == list(range(len(record[side]))), side


# --------------------------------------------------------------------------- align


def test_align_text_report(project):
    write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    result = run("align", "plan.en.txt", "plan.ko.txt", "--no-color")
    assert result.exit_code == 0, result.output
    assert "plan.en.txt ↔ plan.ko.txt" in result.stdout
    assert "error number" in result.stdout
    assert "Verdict: drift (1 error)" in result.stdout


def test_align_json_schema_and_coverage(project):
    en, ko = write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    result = run("align", en, ko, "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["en"][0] == "Seoul unveils housing plan"
    assert record["ko"][0] == "서울시, 주택 계획 발표"
    assert_covers_every_sentence(record)
    for link in record["links"]:
        assert {"en", "ko", "score", "findings"} <= set(link)
        assert link["score"] is None or isinstance(link["score"], float)
    (number,) = [f for link in record["links"] for f in link["findings"] if f["kind"] == "number"]
    assert number["severity"] == "error"
    assert number["path"] == str(ko) and number["line"] == 3
    assert number["ko"]["text"].startswith("9만")


def test_align_mixed_file_json(project):
    result = run("align", SEED_004, "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["files"]["mixed"] is True
    assert len(record["en"]) >= 10 and len(record["ko"]) >= 10
    assert_covers_every_sentence(record)
    kinds = {f["kind"] for link in record["links"] for f in link["findings"]}
    assert "name" in kinds  # Kim Jong Un rendered as 김정일


def test_align_segmented_keeps_one_sentence_per_line(project):
    en_lines = [
        "The mayor spoke on Monday. She promised 80,000 homes.",
        "Critics were not convinced.",
    ]
    ko_lines = [
        "시장은 월요일에 연설했다. 그는 주택 8만 호를 약속했다.",
        "비판론자들은 납득하지 않았다.",
    ]
    en, ko = write_pair(project, "lines", "\n".join(en_lines) + "\n", "\n".join(ko_lines) + "\n")
    segmented = json.loads(run("align", "--segmented", en, ko, "--format", "json").stdout)
    assert segmented["en"] == en_lines and segmented["ko"] == ko_lines
    assert_covers_every_sentence(segmented)
    resplit = json.loads(run("align", en, ko, "--format", "json").stdout)
    assert len(resplit["en"]) == 3  # without --segmented the first line is two sentences


def test_align_usage_errors_are_one_line(project):
    en, ko = write_pair(project, "plan", CLEAN_EN, CLEAN_KO)
    assert_one_error_line(run("align", en, ko, en), "not 3 files")
    assert_one_error_line(run("align", en, ko, "--format", "xml"), "--format", "'xml'")
    assert_one_error_line(run("align", en, ko, "--skip", "nombre"), "unknown finding kind 'nombre'")
    assert_one_error_line(run("align"), "Missing argument")


def test_align_with_the_files_swapped_says_so(project):
    en, ko = write_pair(project, "plan", CLEAN_EN, CLEAN_KO)
    assert_one_error_line(
        run("align", ko, en), "plan.ko.txt", "mostly Korean", "give the English file first"
    )
    # An English sentence left in the Korean file is still aligned and reported.
    mixed_ko = CLEAN_KO.replace(
        "비판론자들은 이 계획이 구체성이 부족하다고 말했다.", "Critics said the plan lacks detail."
    )
    en, ko = write_pair(project, "left", CLEAN_EN, mixed_ko)
    result = run("align", en, ko)
    assert result.exit_code == 0, result.output
    assert "untranslated" in result.stdout


# --------------------------------------------------------------------------- check: exit codes


def test_check_clean_pair_is_silent(project):
    en, ko = write_pair(project, "plan", CLEAN_EN, CLEAN_KO)
    result = run("check", en, ko)
    assert result.exit_code == 0, result.output
    assert result.output == ""


@pytest.mark.parametrize(
    "en_text, ko_text, expected",
    [
        (CLEAN_EN, NUMBER_KO, "plan.ko.txt:3: error number: "),
        (NAME_EN, NAME_KO, "plan.ko.txt:3: error name: 'Kim Jong Un' is rendered as 김정일"),
    ],
    ids=["number", "name"],
)
def test_check_drift_exits_1_with_path_line(project, en_text, ko_text, expected):
    write_pair(project, "plan", en_text, ko_text)
    result = run("check", "plan.en.txt", "plan.ko.txt")
    assert result.exit_code == 1, result.output
    assert any(line.startswith(expected) for line in finding_lines(result.stdout)), result.stdout


def test_check_two_files_without_language_tags(project):
    (project / "article-english.txt").write_text(CLEAN_EN, encoding="utf-8")
    (project / "article-korean.txt").write_text(NUMBER_KO, encoding="utf-8")
    result = run("check", "article-english.txt", "article-korean.txt")
    assert result.exit_code == 1, result.output
    assert finding_lines(result.stdout)[0].startswith("article-korean.txt:3: error number: ")


def test_check_mixed_file(project):
    result = run("check", SEED_004)
    assert result.exit_code == 1, result.output
    lines = finding_lines(result.stdout)
    assert (
        f"{SEED_004}:22: error name: 'Kim Jong Un' is rendered as 김정일 (Kim Jong Il), a different person"
        in lines
    )
    for line in lines:
        path, line_number, rest = line.split(":", 2)
        assert path == str(SEED_004) and int(line_number) >= 1
        assert rest.split()[0] in ("error", "warning", "info")


def test_fail_on_warning(project):
    write_pair(project, "quote", WARNING_EN, WARNING_KO)
    default = run("check", "quote.ko.txt")
    assert default.exit_code == 0, default.output
    assert any(" warning untranslated: " in line for line in finding_lines(default.stdout))
    assert run("check", "quote.ko.txt", "--fail-on", "warning").exit_code == 1
    (project / "bilingual.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    assert run("check", "quote.ko.txt").exit_code == 1
    assert run("check", "quote.ko.txt", "--fail-on", "error").exit_code == 0  # the option wins


def test_check_json_is_the_align_json(project):
    write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    checked = run("check", "plan.ko.txt", "--format", "json")
    assert checked.exit_code == 1
    aligned = run("align", "plan.en.txt", "plan.ko.txt", "--format", "json")
    assert json.loads(checked.stdout) == json.loads(aligned.stdout)


def test_check_text_report(project):
    write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    result = run("check", "plan.en.txt", "--format", "text")
    assert result.exit_code == 1
    assert "Verdict: drift (1 error)" in result.stdout


# --------------------------------------------------------------------------- check: configuration


def test_skip_from_config_and_option(project):
    write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    assert run("check", "plan.ko.txt").exit_code == 1
    assert run("check", "plan.ko.txt", "--skip", "number").output == ""
    (project / "pyproject.toml").write_text(
        '[project]\nname = "news"\n\n[tool.bilingual]\nskip = ["number"]\n', encoding="utf-8"
    )
    result = run("check", "plan.ko.txt")
    assert result.exit_code == 0 and result.output == ""


def test_pairing_patterns_from_config(project):
    (project / "en").mkdir()
    (project / "ko").mkdir()
    (project / "en" / "plan.md").write_text(CLEAN_EN, encoding="utf-8")
    (project / "ko" / "plan.md").write_text(NUMBER_KO, encoding="utf-8")
    (project / "bilingual.toml").write_text('pairs = ["{lang}/{name}.md"]\n', encoding="utf-8")
    result = run("check", "ko/plan.md")
    assert result.exit_code == 1, result.output
    assert finding_lines(result.stdout)[0].startswith("ko/plan.md:3: error number: ")


@pytest.mark.parametrize(
    "config, message",
    [
        ('fail-on = "fatal"\n', "fail-on: must be one of error, warning, info"),
        ('skp = ["number"]\n', "unknown key (did you mean 'skip'?)"),
        ('skip = ["numbers"]\n', "unknown finding kind 'numbers'"),
        ('pairs = ["{name}.txt"]\n', "must contain {name} and {lang}"),
        ("fail-on = \n", "invalid TOML"),
    ],
)
def test_config_errors_exit_2(project, config, message):
    write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    (project / "bilingual.toml").write_text(config, encoding="utf-8")
    assert_one_error_line(run("check", "plan.ko.txt"), "bilingual.toml", message)


# --------------------------------------------------------------------------- check: pairing


def test_one_side_given_finds_its_partner(project):
    write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    for side in ("plan.en.txt", "plan.ko.txt"):
        result = run("check", side)
        assert result.exit_code == 1
        assert finding_lines(result.stdout)[0].startswith("plan.ko.txt:3: error number: ")
    both = run("check", "plan.ko.txt", "plan.en.txt")
    assert len(finding_lines(both.stdout)) == 1  # one pair, checked once


def test_partner_missing_is_reported(project):
    (project / "orphan.ko.txt").write_text(CLEAN_KO, encoding="utf-8")
    write_pair(project, "plan", CLEAN_EN, CLEAN_KO)
    result = run("check", "orphan.ko.txt", "plan.en.txt")
    assert result.exit_code == 1
    assert finding_lines(result.stdout) == [
        "orphan.ko.txt:1: error pairing: partner orphan.en.txt not found"
    ]


def test_folder_checks_every_pair(project):
    news = project / "news"
    news.mkdir()
    write_pair(news, "plan", CLEAN_EN, NUMBER_KO)
    write_pair(news, "summit", NAME_EN, NAME_KO)
    result = run("check", "news")
    assert result.exit_code == 1
    paths = {line.split(":", 1)[0] for line in finding_lines(result.stdout)}
    assert paths == {"news/plan.ko.txt", "news/summit.ko.txt"}


def test_unreadable_file_is_an_error_but_others_are_checked(project):
    write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    write_pair(project, "empty", CLEAN_EN, "")
    result = run("check", "plan.ko.txt", "empty.ko.txt")
    assert result.exit_code == 2
    assert finding_lines(result.stdout)[0].startswith("plan.ko.txt:3: error number: ")
    (line,) = result.stderr.splitlines()
    assert line.startswith("bilingual: error: ") and "empty.ko.txt" in line and "no text" in line


def test_missing_path_and_no_paths(project):
    assert_one_error_line(run("check", "nothing.ko.txt"), "nothing.ko.txt: no such file")
    assert_one_error_line(run("check"), "give the files to check")


# --------------------------------------------------------------------------- check: baseline


def test_update_baseline_then_clean_then_edit_reopens(project):
    write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    updated = run("check", "plan.ko.txt", "--update-baseline")
    assert updated.exit_code == 0 and updated.stdout == ""
    assert "1 finding(s) accepted" in updated.stderr
    baseline = json.loads((project / ".bilingual-baseline.json").read_text(encoding="utf-8"))
    (entry,) = baseline["accepted"].values()
    assert entry["document"] == "plan.txt" and entry["kind"] == "number"

    again = run("check", "plan.ko.txt")
    assert again.exit_code == 0 and again.output == ""
    assert run("check", "plan.ko.txt", "--no-baseline").exit_code == 1

    # Another paragraph appended to both sides: the accepted finding stays accepted.
    extra_en, extra_ko = "The council will vote in March.\n", "시의회는 3월에 표결한다.\n"
    (project / "plan.en.txt").write_text(CLEAN_EN + "\n" + extra_en, encoding="utf-8")
    (project / "plan.ko.txt").write_text(NUMBER_KO + "\n" + extra_ko, encoding="utf-8")
    moved = run("check", "plan.ko.txt")
    assert not [line for line in finding_lines(moved.stdout) if " number: " in line]
    unfiltered = run("check", "plan.ko.txt", "--no-baseline")
    assert [line for line in finding_lines(unfiltered.stdout) if " number: " in line]

    # Editing the sentence the finding is about re-opens it.
    (project / "plan.en.txt").write_text(CLEAN_EN, encoding="utf-8")
    (project / "plan.ko.txt").write_text(
        NUMBER_KO.replace("짓는 계획", "건설하는 계획"), encoding="utf-8"
    )
    edited = run("check", "plan.ko.txt")
    assert edited.exit_code == 1
    assert finding_lines(edited.stdout)[0].startswith("plan.ko.txt:3: error number: ")


def test_baseline_option_and_config(project):
    write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    assert (
        run("check", "plan.ko.txt", "--baseline", "accepted.json", "--update-baseline").exit_code
        == 0
    )
    assert run("check", "plan.ko.txt").exit_code == 1  # the default baseline has nothing
    assert run("check", "plan.ko.txt", "--baseline", "accepted.json").exit_code == 0
    (project / "bilingual.toml").write_text('baseline = "accepted.json"\n', encoding="utf-8")
    assert run("check", "plan.ko.txt").exit_code == 0


def test_invalid_baseline_is_an_error(project):
    write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    (project / ".bilingual-baseline.json").write_text("{not json", encoding="utf-8")
    assert_one_error_line(
        run("check", "plan.ko.txt"), ".bilingual-baseline.json", "invalid baseline"
    )


# --------------------------------------------------------------------------- export


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
def test_export_csv(project, bom):
    en, ko = write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    before = (en.read_bytes(), ko.read_bytes())
    result = run("export", en, ko, "-o", "review.csv", *([] if bom else ["--no-bom"]))
    assert result.exit_code == 0, result.output
    assert "wrote review.csv (1 document(s), 4 links, 1 findings)" in result.stderr
    assert (en.read_bytes(), ko.read_bytes()) == before
    data = (project / "review.csv").read_bytes()
    assert data.startswith(BOM) == bom
    rows = read_csv_rows(project / "review.csv")
    assert len(rows) == 4
    assert {
        "document",
        "en_text",
        "ko_text",
        "status",
        "finding_kinds",
        "decision",
        "finding_ids",
    } <= set(rows[0])
    assert rows[0]["ko_text"] == "서울시, 주택 계획 발표"
    (flagged,) = [row for row in rows if row["status"] != "ok"]
    assert flagged["status"] == "error" and flagged["finding_kinds"] == "number"
    assert "9만" in flagged["ko_text"] and flagged["finding_ids"].startswith("number:")


def test_export_xlsx(project):
    en, ko = write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    assert run("export", en, ko, "-o", "review.xlsx").exit_code == 0
    frame = pl.read_excel(project / "review.xlsx", infer_schema_length=0)
    assert frame.height == 4
    assert frame["ko_text"][0] == "서울시, 주택 계획 발표"
    assert frame.filter(pl.col("status") == "error")["finding_kinds"].to_list() == ["number"]


def test_export_tmx(project):
    en, ko = write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    assert run("export", en, ko, "-o", "memory.tmx").exit_code == 0
    units = ET.parse(project / "memory.tmx").getroot().findall("body/tu")
    assert len(units) == 4
    segments = [
        {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in tu.findall("tuv")} for tu in units
    ]
    assert segments[0] == {"en": "Seoul unveils housing plan", "ko": "서울시, 주택 계획 발표"}
    notes = [note.text for tu in units for note in tu.findall("note")]
    assert len(notes) == 1 and notes[0].startswith("error number: ")

    assert run("export", en, ko, "-o", "clean.tmx", "--only-clean").exit_code == 0
    clean_units = ET.parse(project / "clean.tmx").getroot().findall("body/tu")
    assert len(clean_units) == 3
    assert all("9만" not in "".join(tu.itertext()) for tu in clean_units)


def test_export_tsv(project):
    en, ko = write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    assert run("export", en, ko, "-o", "bitext.tsv").exit_code == 0
    lines = (project / "bitext.tsv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and all(line.count("\t") == 1 for line in lines)
    assert lines[0] == "Seoul unveils housing plan\t서울시, 주택 계획 발표"
    assert run("export", en, ko, "-o", "clean.tsv", "--only-clean").exit_code == 0
    assert len((project / "clean.tsv").read_text(encoding="utf-8").splitlines()) == 3


def test_export_folder_and_mixed_file_one_row_set_per_document(project):
    news = project / "news"
    news.mkdir()
    write_pair(news, "plan", CLEAN_EN, NUMBER_KO)
    write_pair(news, "summit", NAME_EN, NAME_KO)
    shutil.copy(SEED_004, news / "seed.txt")
    result = run("export", "news", "news/seed.txt", "-o", "all.csv")
    assert result.exit_code == 0, result.output
    rows = read_csv_rows(project / "all.csv")
    assert list(dict.fromkeys(row["document"] for row in rows)) == [
        "news/plan.txt",
        "news/summit.txt",
        "news/seed.txt",
    ]


def test_export_refuses_bad_requests_before_loading_anything(project):
    en, ko = write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    before = (en.read_bytes(), ko.read_bytes())
    assert_one_error_line(
        run("export", en, ko, "-o", "review.docx"), "unknown report extension '.docx'"
    )
    assert_one_error_line(
        run("export", en, ko, "-o", ko.with_suffix(".txt")), "refusing to overwrite an input"
    )
    assert_one_error_line(run("export", en, ko, "-o", "missing/review.csv"), "does not exist")
    assert_one_error_line(run("export", en, ko, "-o", "review.csv", "--only-clean"), "--only-clean")
    assert_one_error_line(run("export", en, ko, "-o", "memory.tmx", "--no-bom"), "--no-bom")
    assert_one_error_line(run("export", en, ko), "Missing option '-o'")
    (project / "orphan.ko.txt").write_text(CLEAN_KO, encoding="utf-8")
    assert_one_error_line(
        run("export", "orphan.ko.txt", "-o", "x.csv"), "partner orphan.en.txt not found"
    )
    assert (en.read_bytes(), ko.read_bytes()) == before
    assert sorted(p.name for p in project.iterdir()) == [
        ".git",
        "orphan.ko.txt",
        "plan.en.txt",
        "plan.ko.txt",
    ]


# --------------------------------------------------------------------------- accept


def test_accept_reviewed_csv_silences_that_finding(project):
    write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    write_pair(project, "summit", NAME_EN, NAME_KO)
    assert run("export", "plan.en.txt", "summit.en.txt", "-o", "review.csv").exit_code == 0
    review = pl.read_csv(project / "review.csv", infer_schema=False)
    reviewed = review.with_columns(
        decision=pl.when(pl.col("finding_kinds") == "number")
        .then(pl.lit("Accept"))
        .otherwise(pl.col("decision")),
        reviewer_note=pl.when(pl.col("finding_kinds") == "number").then(
            pl.lit("9만 is right: a correction")
        ),
    )
    reviewed.write_csv(project / "reviewed.csv")

    result = run("accept", "reviewed.csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        f"bilingual: 1 of {review.height} rows accepted: 1 finding(s) added to "
    )
    baseline = json.loads((project / ".bilingual-baseline.json").read_text(encoding="utf-8"))
    (entry,) = baseline["accepted"].values()
    assert entry["kind"] == "number" and entry["note"] == "9만 is right: a correction"

    after = run("check", "plan.ko.txt", "summit.ko.txt")
    lines = finding_lines(after.stdout)
    assert not [line for line in lines if " number: " in line]
    assert [line for line in lines if line.startswith("summit.ko.txt:3: error name: ")]
    assert after.exit_code == 1  # the name finding was not accepted

    again = run("accept", "reviewed.csv")
    assert "0 finding(s) added" in again.stdout and "1 already there" in again.stdout


def test_accept_reviewed_workbook(project):
    write_pair(project, "plan", CLEAN_EN, NUMBER_KO)
    assert run("export", "plan.ko.txt", "-o", "review.xlsx").exit_code == 0
    review = pl.read_excel(project / "review.xlsx", infer_schema_length=0)
    review.with_columns(decision=pl.lit("승인")).write_excel(project / "reviewed.xlsx")
    assert run("accept", "reviewed.xlsx").exit_code == 0
    result = run("check", "plan.ko.txt")
    assert result.exit_code == 0 and result.output == ""


def test_accept_bad_input(project):
    assert_one_error_line(run("accept", "nothing.csv"), "nothing.csv", "not found")
    (project / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert_one_error_line(run("accept", "other.csv"), "column 'finding_ids' not found")
    (project / "undecided.csv").write_text(
        "decision,finding_ids\n,number:0123456789abcdef\n", encoding="utf-8"
    )
    result = run("accept", "undecided.csv")
    assert result.exit_code == 0 and "0 of 1 rows accepted" in result.stdout
    assert not (project / ".bilingual-baseline.json").exists()  # nothing accepted, nothing written
