"""Pairing, configuration, the baseline of accepted findings, and atomic writes."""

from __future__ import annotations

import io
import json
import os
import re
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest
from helpers import (
    EN_SENTENCES,
    EN_TEXT,
    KO_SENTENCES,
    KO_TEXT,
    build_alignment,
    clean_alignment,
    make_document,
    make_side,
    sample_alignment,
)

from bilingual.corpus import (
    DEFAULT_PAIRS,
    Baseline,
    Config,
    accept_from_csv,
    document_label,
    drop_kinds,
    fails,
    finding_key,
    finding_keys,
    load_config,
    pair_label,
    pair_paths,
    summarize,
    update_baseline,
)
from bilingual.errors import ConfigError, InputError
from bilingual.io import write_atomic
from bilingual.model import Alignment
from bilingual.reports import render_csv, render_xlsx

REPO = Path(__file__).resolve().parent.parent


def touch(path: Path, text: str = "x\n") -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


# --------------------------------------------------------------------------- pairing


def test_pair_label():
    assert pair_label("news/a.en.txt", "news/a.ko.txt") == "news/a.txt"
    assert pair_label("en/a.md", "ko/a.md") == "a.md"
    assert pair_label("docs/en/a.md", "docs/ko/a.md") == "docs/a.md"
    assert pair_label("a_en.txt", "a_ko.txt") == "a.txt"
    assert pair_label("mixed.txt", "mixed.txt") == "mixed.txt"


def test_pair_paths_finds_the_partner_on_disk(tmp_path):
    en = touch(tmp_path / "a.en.txt")
    ko = touch(tmp_path / "a.ko.txt")
    plan = pair_paths([ko])  # pre-commit passed only the changed Korean side
    assert plan.issues == ()
    assert [(p.en, p.ko) for p in plan.pairs] == [(en, ko)]
    assert plan.pairs[0].name == str(tmp_path / "a.txt")
    assert not plan.pairs[0].mixed


def test_pair_paths_deduplicates_and_keeps_first_mention_order(tmp_path):
    a_en, a_ko = touch(tmp_path / "a.en.txt"), touch(tmp_path / "a.ko.txt")
    b_en, b_ko = touch(tmp_path / "b.en.md"), touch(tmp_path / "b.ko.md")
    mixed = touch(tmp_path / "mixed.txt")
    plan = pair_paths([b_ko, a_en, mixed, a_ko, b_en, mixed, a_en])
    assert [(p.en, p.ko) for p in plan.pairs] == [(b_en, b_ko), (a_en, a_ko), (mixed, mixed)]
    assert plan.pairs[2].mixed and plan.pairs[2].paths == (mixed,)


def test_pair_paths_reports_a_missing_partner(tmp_path):
    en = touch(tmp_path / "lonely.en.txt")
    plan = pair_paths([en])
    assert plan.pairs == ()
    partner = str(tmp_path / "lonely.ko.txt")
    assert plan.render_issues() == f"{en}:1: error pairing: partner {partner} not found\n"


def test_pair_paths_expands_directories_to_the_paired_files_under_them(tmp_path):
    b_en, b_ko = touch(tmp_path / "2024" / "b.en.txt"), touch(tmp_path / "2024" / "b.ko.txt")
    a_en, a_ko = touch(tmp_path / "a.en.md"), touch(tmp_path / "a.ko.md")
    touch(tmp_path / "README.md")
    touch(tmp_path / ".hidden" / "c.en.txt")
    plan = pair_paths([str(tmp_path)])
    assert [(p.en, p.ko) for p in plan.pairs] == [(a_en, a_ko), (b_en, b_ko)]
    assert plan.issues == ()


def test_pair_paths_with_configured_patterns(tmp_path):
    en = touch(tmp_path / "site" / "en" / "about.md")
    ko = touch(tmp_path / "site" / "ko" / "about.md")
    config = Config(pairs=("{lang}/{name}.md",), root=tmp_path)
    plan = pair_paths([en], config)
    assert [(p.en, p.ko) for p in plan.pairs] == [(en, ko)]
    # The default patterns do not apply any more: a.en.txt is now a mixed file.
    other = touch(tmp_path / "a.en.txt")
    assert pair_paths([other], config).pairs[0].mixed


# --------------------------------------------------------------------------- configuration


def test_load_config_reads_pyproject_from_a_subdirectory(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.bilingual]\nfail-on = "warning"\nskip = ["title"]\n'
        'pairs = ["{name}-{lang}.txt"]\nmodel = "labse"\nbaseline = "qa/accepted.json"\n'
        'cache = ".cache/bilingual"\n',
        encoding="utf-8",
    )
    sub = tmp_path / "articles" / "2024"
    sub.mkdir(parents=True)
    config = load_config(sub)
    assert config.fail_on == "warning"
    assert config.skip == ("title",)
    assert config.pairs == ("{name}-{lang}.txt",)
    assert config.model == "labse"
    assert config.baseline_path == tmp_path / "qa" / "accepted.json"
    assert config.cache_dir == tmp_path / ".cache" / "bilingual"
    assert config.source == tmp_path / "pyproject.toml"


def test_bilingual_toml_wins_over_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.bilingual]\nfail-on = "info"\n')
    (tmp_path / "bilingual.toml").write_text('fail-on = "warning"\ncache = false\n')
    config = load_config(tmp_path)
    assert config.fail_on == "warning" and config.cache is False
    assert config.source == tmp_path / "bilingual.toml"


def test_defaults_without_configuration_and_search_stops_at_git_root(tmp_path):
    (tmp_path / "bilingual.toml").write_text('fail-on = "info"\n')  # outside the repository
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n')  # no [tool.bilingual]
    config = load_config(repo)
    assert config == Config(root=repo)
    assert config.fail_on == "error" and config.pairs == DEFAULT_PAIRS
    assert config.baseline_path == repo / ".bilingual-baseline.json"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            'fail_on = "error"',
            r"bilingual\.toml: fail_on: unknown key \(did you mean 'fail-on'\?\)",
        ),
        ('fail-on = "fatal"', r"fail-on: must be one of error, warning, info, not 'fatal'"),
        ('skip = "title"', r"skip: must be a list"),
        ('skip = ["grammar"]', r"skip: unknown finding kind 'grammar'"),
        ('pairs = ["{name}.txt"]', r"pairs: pattern '\{name\}\.txt' must contain"),
        ('pairs = ["{name}.{lang}.{x}"]', r"must contain \{name\} and \{lang\} once each"),
        ("model = 3", r"model: must be a non-empty string"),
        ("cache = 1", r"cache: must be true, false or a directory path"),
        ("fail-on = ", r"bilingual\.toml: invalid TOML"),
    ],
)
def test_bad_configuration_is_one_line_naming_file_and_key(tmp_path, content, message):
    (tmp_path / "bilingual.toml").write_text(content + "\n")
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(tmp_path)
    assert "\n" not in str(caught.value)
    assert str(tmp_path / "bilingual.toml") in str(caught.value)


def test_pyproject_errors_name_the_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.bilingual]\nfailon = 'error'\n")
    with pytest.raises(ConfigError, match=r"pyproject\.toml: \[tool\.bilingual\] failon: unknown"):
        load_config(tmp_path)


# --------------------------------------------------------------------------- summary and filters


def test_summary_counts_and_verdicts():
    summary = summarize(sample_alignment())
    assert summary.links == 6
    assert dict(summary.link_types) == {"1-1": 3, "2-1": 1, "1-0": 1, "0-1": 1}
    assert (summary.errors, summary.warnings, summary.infos) == (2, 3, 1)
    assert summary.verdict == "drift (2 errors)" and summary.status == "drift"
    assert summarize(clean_alignment()).verdict == "clean"
    assert summarize([sample_alignment(), sample_alignment()]).errors == 4


def test_fails_and_skip():
    al = sample_alignment()
    assert fails(al, "error")
    without_errors = drop_kinds(al, ["number", "missing"])
    assert not fails(without_errors, "error")
    assert fails(without_errors, "warning")
    assert summarize(without_errors).verdict == "review (3 warnings)"
    assert not fails(
        drop_kinds(al, ["number", "missing", "added", "untranslated", "partial"]), "warning"
    )
    assert fails(drop_kinds(al, ["number", "missing", "added", "untranslated", "partial"]), "info")


# --------------------------------------------------------------------------- finding keys


def shifted_alignment() -> Alignment:
    """The sample with a paragraph added at the top of both files: every offset moves."""
    en_doc = make_document("news/seoul-housing.en.txt", "Editor's note: updated.\n\n" + EN_TEXT)
    ko_doc = make_document("news/seoul-housing.ko.txt", "편집자 주: 수정됨.\n\n" + KO_TEXT)
    return build_alignment(
        make_side(en_doc, "en", EN_SENTENCES), make_side(ko_doc, "ko", KO_SENTENCES)
    )


def edited_alignment() -> Alignment:
    """The sample with Korean sentence 2 reworded around the same evidence ("9만")."""
    edited = KO_SENTENCES[1].replace("월요일", "지난 월요일")
    ko_doc = make_document("news/seoul-housing.ko.txt", KO_TEXT.replace(KO_SENTENCES[1], edited))
    en_doc = make_document("news/seoul-housing.en.txt", EN_TEXT)
    sentences = list(KO_SENTENCES)
    sentences[1] = edited
    return build_alignment(
        make_side(en_doc, "en", EN_SENTENCES), make_side(ko_doc, "ko", tuple(sentences))
    )


def test_finding_key_ignores_offsets_but_not_the_sentence():
    original = [key for _, key in finding_keys(sample_alignment())]
    shifted = [key for _, key in finding_keys(shifted_alignment())]
    edited = [key for _, key in finding_keys(edited_alignment())]
    assert original == shifted
    assert original[1] != edited[1]  # the number finding's sentence was edited
    assert original[:1] + original[2:] == edited[:1] + edited[2:]
    assert len(set(original)) == len(original)
    assert all(re.fullmatch(r"[a-z]+:[0-9a-f]{16}", key) for key in original)


def test_finding_key_depends_on_document_and_kind():
    finding = sample_alignment().links[1].findings[0]
    assert finding_key(finding, "a.txt") != finding_key(finding, "b.txt")
    assert finding_key(finding, "a.txt") != finding_key(replace(finding, kind="name"), "a.txt")
    assert finding_key(finding, "a.txt") == finding_key(
        replace(finding, message="reworded"), "a.txt"
    )


def test_document_label_is_relative_to_the_project_root(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    al = sample_alignment(str(tmp_path / "news/x.en.txt"), str(tmp_path / "news/x.ko.txt"))
    assert document_label(al) == "news/x.txt"
    monkeypatch.chdir(tmp_path / ".git")  # the working directory does not matter
    relative = sample_alignment("../news/x.en.txt", "../news/x.ko.txt")
    assert document_label(relative) == "news/x.txt"


# --------------------------------------------------------------------------- baseline


def test_baseline_round_trip(tmp_path):
    path = tmp_path / ".bilingual-baseline.json"
    baseline = Baseline.load(path)
    assert len(baseline) == 0
    change = update_baseline(baseline, sample_alignment(), note="known issues")
    assert (change.added, change.removed) == (6, 0)
    baseline.save()
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data["accepted"]) == sorted(data["accepted"])
    assert "9만" in text  # evidence kept readable for review of the diff
    assert all(entry["note"] == "known issues" for entry in data["accepted"].values())

    reloaded = Baseline.load(path)
    assert reloaded.entries == baseline.entries
    assert reloaded.filter(sample_alignment()).all_findings() == []
    assert reloaded.filter(shifted_alignment()).all_findings() == []
    reopened = reloaded.filter(edited_alignment()).all_findings()
    assert [f.kind for f in reopened] == ["number"]

    reloaded.save()
    assert path.read_text(encoding="utf-8") == text  # deterministic


def test_update_baseline_forgets_fixed_findings_of_checked_documents_only(tmp_path):
    baseline = Baseline.load(tmp_path / "b.json")
    update_baseline(
        baseline, [sample_alignment(), sample_alignment("other.en.txt", "other.ko.txt")]
    )
    assert len(baseline) == 12
    fixed = drop_kinds(sample_alignment(), ["number"])
    change = update_baseline(baseline, fixed)
    assert (change.added, change.removed) == (0, 1)
    assert len(baseline) == 11  # the other document's entries are untouched


def test_bad_baseline_file(tmp_path):
    path = tmp_path / "b.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid baseline file"):
        Baseline.load(path)
    path.write_text('{"version": 9, "accepted": {}}', encoding="utf-8")
    with pytest.raises(ConfigError, match="version 9 is not supported"):
        Baseline.load(path)


# --------------------------------------------------------------------------- accept from a review


def reviewed_frame(decisions: dict[int, str], notes: dict[int, str] | None = None) -> pl.DataFrame:
    frame = pl.read_csv(io.BytesIO(render_csv(sample_alignment())), infer_schema=False)
    decision = [decisions.get(i, "") for i in range(frame.height)]
    note = [(notes or {}).get(i, "") for i in range(frame.height)]
    return frame.with_columns(pl.Series("decision", decision), pl.Series("reviewer_note", note))


def test_accept_from_csv_adds_the_accepted_rows(tmp_path):
    frame = reviewed_frame({1: "accept", 4: " Accepted ", 5: "fix", 6: "OK"}, {1: "house style"})
    path = tmp_path / "review.csv"
    path.write_bytes(b"\xef\xbb\xbf" + frame.write_csv().encode("utf-8"))
    baseline = Baseline.load(tmp_path / "b.json")
    counts = accept_from_csv(path, baseline)
    assert (counts.rows, counts.accepted_rows, counts.added, counts.already) == (7, 3, 3, 0)
    remaining = baseline.filter(sample_alignment()).all_findings()
    assert sorted(f.kind for f in remaining) == ["missing", "title", "untranslated"]
    number_key = frame["finding_ids"][1]
    assert baseline.entries[number_key]["note"] == "house style"
    assert baseline.entries[number_key]["document"] == "news/seoul-housing.txt"
    again = accept_from_csv(path, baseline)
    assert (again.added, again.already) == (0, 3)


def test_accept_from_csv_saved_by_excel_as_cp949_with_semicolons(tmp_path):
    frame = reviewed_frame({1: "승인"})
    path = tmp_path / "review.csv"
    path.write_bytes(frame.write_csv(separator=";").encode("cp949"))
    baseline = Baseline.load(tmp_path / "b.json")
    assert accept_from_csv(path, baseline).added == 1
    remaining = [f.kind for f in baseline.filter(sample_alignment()).all_findings()]
    assert "number" not in remaining and len(remaining) == 5


def test_accept_from_a_reviewed_workbook(tmp_path):
    original = pl.read_excel(io.BytesIO(render_xlsx(sample_alignment())), infer_schema_length=0)
    decisions = ["accept" if i in (3, 4) else None for i in range(original.height)]
    path = tmp_path / "review.xlsx"
    original.with_columns(pl.Series("decision", decisions, dtype=pl.String)).write_excel(path)
    baseline = Baseline.load(tmp_path / "b.json")
    counts = accept_from_csv(path, baseline)
    assert (counts.accepted_rows, counts.added) == (2, 2)
    remaining = {f.kind for f in baseline.filter(sample_alignment()).all_findings()}
    assert "missing" not in remaining and "added" not in remaining


def test_accept_from_csv_without_the_id_column(tmp_path):
    path = tmp_path / "review.csv"
    path.write_text("document,decision\nx,accept\n", encoding="utf-8")
    with pytest.raises(InputError, match="column 'finding_ids' not found"):
        accept_from_csv(path, Baseline.load(tmp_path / "b.json"))
    with pytest.raises(InputError, match="not found"):
        accept_from_csv(tmp_path / "absent.csv", Baseline.load(tmp_path / "b.json"))


# --------------------------------------------------------------------------- atomic writes


def test_write_atomic_replaces_and_keeps_permissions(tmp_path):
    target = tmp_path / "report.csv"
    write_atomic(target, b"first")
    target.chmod(0o640)
    write_atomic(target, "두 번째".encode())
    assert target.read_text(encoding="utf-8") == "두 번째"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(os.listdir(tmp_path)) == ["report.csv"]


def test_write_atomic_refuses_an_input_path(tmp_path):
    source = tmp_path / "a.ko.txt"
    source.write_text("원문", encoding="utf-8")
    with pytest.raises(InputError, match="refusing to overwrite an input file"):
        write_atomic(tmp_path / "." / "a.ko.txt", b"report", inputs=[str(source)])
    assert source.read_text(encoding="utf-8") == "원문"


def test_write_atomic_leaves_nothing_behind_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.json"]


# --------------------------------------------------------------------------- pre-commit hook


def test_pre_commit_hook_definition():
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "bilingual-check")
    assert hook["entry"] == "bilingual check" and hook["language"] == "python"
    assert hook["require_serial"] is True
    files = re.compile(hook["files"])
    assert files.search("news/a.ko.txt") and files.search("docs/b.en.md")
    assert not files.search("README.md") and not files.search("setup.py")
