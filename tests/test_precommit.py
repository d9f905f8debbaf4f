"""The `bilingual-check` hook of this checkout, run by the real pre-commit on real commits.

pre-commit installs a hook from a git repository at a revision. To test the working tree
as it is (edits the lead has not committed yet included), the session fixture copies the
checkout's files (tracked and untracked, minus what .gitignore excludes) into a fresh
repository and commits them there; `pre-commit try-repo` does much the same with a
shadow clone, but it builds the hook's virtualenv anew on every call, in a temporary
store. Here PRE_COMMIT_HOME is one directory for the session, so the virtualenv (pip
installs this package and its dependencies into it, from PyPI) is built once and reused
by every test. Hook runs are kept few: each is a cold `bilingual check` process.

Skipped only when git or pre-commit is not installed; any other failure fails.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CLEAN_EN, CLEAN_KO

CHECKOUT = Path(__file__).resolve().parent.parent
HOOK_ID = "bilingual-check"
HOOK_NAME = "bilingual (EN/KO translation drift)"

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(
        importlib.util.find_spec("pre_commit") is None,
        reason="pre-commit is not installed (pip install -e '.[test]')",
    ),
]

# Installing the hook environment downloads dependencies; generous, but not unbounded.
INSTALL_TIMEOUT = 1800
RUN_TIMEOUT = 600

SUMMIT_EN = """Leaders meet in Singapore

North Korean leader Kim Jong Un met the president in Singapore on Tuesday. The two men talked for three hours.
"""
SUMMIT_KO = """정상들, 싱가포르에서 회담

김정은 북한 국무위원장은 화요일 싱가포르에서 대통령을 만났다. 두 사람은 세 시간 동안 대화했다.
"""


def git_environment(home: Path) -> dict[str, str]:
    """The environment for git and pre-commit: no GIT_* variables inherited (pytest may itself
    run inside a git hook), no user or system git configuration, a fixed identity."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.com",
        PRE_COMMIT_HOME=str(home),
        PRE_COMMIT_COLOR="never",
    )
    return env


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = RUN_TIMEOUT):
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def run_ok(args: list[str], cwd: Path, env: dict[str, str], timeout: float = RUN_TIMEOUT) -> str:
    result = run(args, cwd, env, timeout)
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def pre_commit(*args: str) -> list[str]:
    return [sys.executable, "-m", "pre_commit", *args]


def snapshot_checkout(destination: Path, env: dict[str, str]) -> str:
    """Commit the checkout's working tree into a new repository at ``destination``; the sha."""
    listed = run_ok(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], CHECKOUT, env
    )
    destination.mkdir()
    for relative in filter(None, listed.split("\0")):
        source = CHECKOUT / relative
        if source.is_file():  # tracked files deleted in the working tree are left out
            target = destination / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    run_ok(["git", "init", "-q"], destination, env)
    run_ok(["git", "add", "-A"], destination, env)
    run_ok(
        ["git", "commit", "-q", "-m", "working tree of the checkout under test"], destination, env
    )
    return run_ok(["git", "rev-parse", "HEAD"], destination, env).strip()


@pytest.fixture(scope="session")
def hook_config(tmp_path_factory) -> tuple[str, dict[str, str]]:
    """(.pre-commit-config.yaml text, environment) with the hook environment already built."""
    base = tmp_path_factory.mktemp("precommit")
    env = git_environment(base / "pre-commit-home")
    hook_repo = base / "hook-repo"
    rev = snapshot_checkout(hook_repo, env)
    config = (
        "repos:\n"
        f"  - repo: {hook_repo.as_posix()}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        f"      - id: {HOOK_ID}\n"
    )
    warmup = base / "warmup"
    warmup.mkdir()
    run_ok(["git", "init", "-q"], warmup, env)
    (warmup / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    run_ok(pre_commit("install-hooks"), warmup, env, timeout=INSTALL_TIMEOUT)
    return config, env


@pytest.fixture
def project(tmp_path, hook_config):
    """A git repository with the hook installed, and a run(args) helper inside it."""
    config, env = hook_config
    run_ok(["git", "init", "-q"], tmp_path, env)
    (tmp_path / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    run_ok(pre_commit("install"), tmp_path, env)
    run_ok(["git", "add", ".pre-commit-config.yaml"], tmp_path, env)
    run_ok(["git", "commit", "-q", "--no-verify", "-m", "pre-commit"], tmp_path, env)

    def git(*args: str):
        return run(["git", *args], tmp_path, env)

    return tmp_path, git


def write(directory: Path, name: str, text: str) -> None:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_clean_pair_commits(project):
    root, git = project
    write(root, "news/seoul-housing.en.txt", CLEAN_EN)
    write(root, "news/seoul-housing.ko.txt", CLEAN_KO)
    write(root, "notes.txt", "not an article\n")
    git("add", "-A")
    result = git("commit", "-m", "a clean translation")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert f"{HOOK_NAME}." in output and "Passed" in output

    # A commit without article files does not start the checker at all.
    write(root, "notes.txt", "still not an article\n")
    git("add", "-A")
    result = git("commit", "-m", "notes")
    assert result.returncode == 0
    assert "(no files to check)Skipped" in result.stdout + result.stderr


def test_drift_blocks_the_commit(project):
    root, git = project
    write(root, "news/seoul-housing.en.txt", CLEAN_EN)
    write(root, "news/seoul-housing.ko.txt", CLEAN_KO)
    write(root, "news/summit.en.txt", SUMMIT_EN)
    write(root, "news/summit.ko.txt", SUMMIT_KO)
    git("add", "-A")
    assert git("commit", "-q", "--no-verify", "-m", "articles").returncode == 0
    head = git("rev-parse", "HEAD").stdout

    # Only the Korean sides change: the hook finds each English partner on disk.
    write(root, "news/seoul-housing.ko.txt", CLEAN_KO.replace("8만 호", "9만 호"))
    write(root, "news/summit.ko.txt", SUMMIT_KO.replace("김정은", "김정일"))
    git("add", "-A")
    result = git("commit", "-m", "drifted translations")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Failed" in output and "exit code: 1" in output
    assert "news/seoul-housing.ko.txt:3: error number: " in output
    assert "news/summit.ko.txt:3: error name: 'Kim Jong Un' is rendered as 김정일" in output
    assert git("rev-parse", "HEAD").stdout == head  # nothing was committed
