"""Test-wide settings: an isolated embedding cache, and no network for model hubs."""

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _isolated_environment(tmp_path_factory):
    # Tests must neither read a developer's embedding cache nor leave files in it.
    os.environ["BILINGUAL_CACHE_DIR"] = str(tmp_path_factory.mktemp("bilingual-cache"))
    # Model hubs are unreachable here and in CI: fail at once instead of waiting on a timeout.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    yield
