"""`bilingual split` and the error handling every command of the group shares."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import bilingual
from bilingual.cli import main
from bilingual.errors import InputError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_004 = str(next(FIXTURES.glob("004_*.txt")))
SEED_002 = str(next(FIXTURES.glob("002_*.txt")))


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert bilingual.__version__ in result.output


def test_text_format_lists_segments():
    result = run("split", SEED_004)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "en 11, ko 11" in lines[0]
    assert lines[2].split(None, 3) == [
        "1",
        "title",
        "en",
        "North Korea wants US to make 'bold move' towards peace before denuclearization, source says",
    ]
    assert any(line.split(None, 3)[:3] == ["22", "body", "ko"] for line in lines[2:])


def test_json_format_schema():
    result = run("split", SEED_004, "--format", "json")
    assert result.exit_code == 0
    record = json.loads(result.output)
    assert set(record) == {"file", "encoding", "segments"}
    assert record["file"] == SEED_004 and record["encoding"] == "utf-8"
    source = Path(SEED_004).read_text(encoding="utf-8")
    for segment in record["segments"]:
        assert set(segment) == {"lang", "start", "end", "kind", "text", "line", "paragraph", "runs"}
        assert segment["lang"] in ("en", "ko", "other")
        assert segment["kind"] in ("title", "meta", "body", "debris")
        assert source[segment["start"] : segment["end"]] == segment["text"]
    korean = [s for s in record["segments"] if s["lang"] == "ko"]
    assert len(korean) == 11 and {s["line"] for s in korean} == {22}


def test_json_offsets_point_into_the_decoded_file_for_crlf_and_nfd(tmp_path):
    text = "북한 미사일 발사\r\n\r\n북한이 미사일을 발사했다. The U.S. said so.\r\n"
    decoded = unicodedata.normalize("NFD", text)
    path = tmp_path / "nfd.txt"
    path.write_bytes(decoded.encode("utf-8"))
    result = run("split", str(path), "--format", "json")
    assert result.exit_code == 0
    segments = json.loads(result.output)["segments"]
    assert [(s["kind"], s["lang"]) for s in segments] == [
        ("title", "ko"),
        ("body", "ko"),
        ("body", "en"),
    ]
    for s in segments:
        assert s["text"] == decoded[s["start"] : s["end"]]
    assert unicodedata.normalize("NFC", segments[1]["text"]) == "북한이 미사일을 발사했다."
    assert segments[2]["line"] == 3


def test_out_dir_writes_one_file_per_language(tmp_path):
    out = tmp_path / "out"
    result = run("split", SEED_004, "--out-dir", str(out))
    assert result.exit_code == 0
    stem = Path(SEED_004).stem
    assert sorted(os.listdir(out)) == [f"{stem}.en.txt", f"{stem}.ko.txt"]
    en = (out / f"{stem}.en.txt").read_text(encoding="utf-8")
    ko = (out / f"{stem}.ko.txt").read_text(encoding="utf-8")
    assert en.startswith("North Korea wants US to make 'bold move'")
    assert "DKOFI" not in en and "Washington (CNN)" not in en
    assert ko.startswith("미국과 북한") and ko.endswith('"우리는 빠른 속도가 없다 ...\n')
    assert "Trump" not in ko


def test_out_dir_skips_a_language_without_text_and_joins_the_broken_sentence(tmp_path):
    result = run("split", SEED_002, "--out-dir", str(tmp_path))
    assert result.exit_code == 0
    stem = Path(SEED_002).stem
    assert os.listdir(tmp_path) == [f"{stem}.en.txt"]
    en = (tmp_path / f"{stem}.en.txt").read_text(encoding="utf-8")
    assert "end to the 1950-53 Korean War this year" in en
    assert "Published" not in en


def test_input_is_never_overwritten(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("A title\n\nOne sentence here.\n", encoding="utf-8")
    before = src.read_bytes()
    result = run("split", str(src), "--out-dir", str(tmp_path))
    assert result.exit_code == 0
    assert src.read_bytes() == before
    assert (tmp_path / "a.en.txt").read_text(encoding="utf-8") == "A title\n\nOne sentence here.\n"


def test_stdin():
    result = run("split", "-", "--format", "json", input="Hello there. 안녕하세요.\n".encode())
    assert result.exit_code == 0
    record = json.loads(result.output)
    assert record["file"] == "<stdin>"
    assert [s["lang"] for s in record["segments"]] == ["en", "ko"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "no text"),
        (b"  \n\n \t\n", "no text"),
        (b"\x00\x01\x02binary\x00\xff" * 50, "binary"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run("split", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("bilingual: error: ") and message in line and "bad.txt" in line


def test_missing_file_and_directory(tmp_path):
    for target, message in ((tmp_path / "missing.txt", "no such file"), (tmp_path, "directory")):
        result = run("split", str(target))
        assert result.exit_code == 2
        (line,) = result.stderr.splitlines()
        assert line.startswith("bilingual: error: ") and message in line


def test_unwritable_out_dir(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("split", SEED_002, "--out-dir", str(blocker / "sub"))
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"bilingual: error: {blocker / 'sub'}") and "Not a directory" in line


def test_a_command_added_later_gets_the_same_error_handling():
    @main.command("boom-for-test")
    def boom():
        raise InputError("first line\nsecond line")

    try:
        result = run("boom-for-test")
        assert result.exit_code == 2
        assert result.stderr == "bilingual: error: first line second line\n"
    finally:
        main.commands.pop("boom-for-test")
    assert isinstance(main, click.Group)
