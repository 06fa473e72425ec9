"""Never an untyped exception, never a hang; models that are not ours are refused."""
import json
import shutil
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.assemble import assemble
from extractor.checks import run_checks
from extractor.decode import TaggedSpan, decode, viterbi
from extractor.features import content_tokens
from extractor.parse import read_code, read_date, read_number, read_refs, read_text
from extractor.pipeline import DEFAULT_MODEL, Extractor
from extractor.tagger import ModelError, load_tagger
from extractor.tokenizer import make_doc
from extractor.vocabulary import BIO_TAGS, LABEL_NAMES

FORM_TEXT = st.lists(st.sampled_from(list("0123456789,./$()|\t\n  ABCDSIXabc-_*#") +
                                     ["Common Stock", "<sup>(1)</sup>", "\\$", "02/06/20", "Table I - Non-Derivative",
                                      "Reporting Owners", "(1)"]), max_size=120).map("".join)


@pytest.fixture(scope="module")
def extractor():
    return Extractor.load()


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 40), st.integers(0, 2 ** 31 - 1))
def test_viterbi_never_opens_inside_a_span(n, seed):
    proba = np.random.default_rng(seed).dirichlet(np.ones(len(BIO_TAGS)) * 0.2, size=n)
    path = viterbi(proba)
    assert len(path) == n
    for t, tag in enumerate(BIO_TAGS[j] for j in path):
        if tag.startswith("I-"):
            assert t > 0 and BIO_TAGS[path[t - 1]][2:] == tag[2:]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_parsers_never_raise(text):
    for reader in (read_number, read_date, read_refs):
        reader([text])
    read_code([text], "PSAFM")
    read_text([text])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FORM_TEXT, st.integers(0, 2 ** 31 - 1))
def test_assembly_of_any_spans_never_raises(text, seed):
    doc = make_doc(text)
    idx = content_tokens(doc)
    rng = np.random.default_rng(seed)
    spans = []
    p = 0
    while p < len(idx):
        q = min(len(idx) - 1, p + int(rng.integers(0, 3)))
        if rng.random() < 0.6:
            label = LABEL_NAMES[int(rng.integers(0, len(LABEL_NAMES)))]
            first, last = doc[idx[p]], doc[idx[q]]
            spans.append(TaggedSpan(first.idx, last.idx + len(last), label, float(rng.random()),
                                    float(rng.random()), p, q))
        p = q + 1
    record, draft = assemble(doc, idx, spans)
    record = run_checks(record, draft)
    json.dumps(record.to_dict())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FORM_TEXT)
def test_extraction_of_any_text_returns_a_record(extractor, text):
    record = extractor.extract(text)
    for field in record.fields:
        if field.start is not None:
            assert 0 <= field.start <= field.end <= len(text)
            assert text[field.start:field.end] == field.text


@pytest.mark.parametrize("text", ["x" * 10_000_000, "|" * 100_000, "1," * 500_000,
                                  "Common Stock\t" * 50_000, "(1)" * 200_000, "\n" * 1_000_000],
                         ids=["10MB-line", "100k-pipes", "1M-digits", "50k-cells", "200k-markers", "1M-lines"])
def test_pathological_inputs_finish_in_bounded_time(extractor, text):
    start = time.perf_counter()
    extractor.extract(text)
    assert time.perf_counter() - start < 60


def test_decode_of_nothing():
    doc = make_doc("")
    assert decode(doc, [], np.zeros((0, len(BIO_TAGS)))) == []


# --- model safety ---------------------------------------------------------------------------

@pytest.fixture
def model_copy(tmp_path):
    target = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL, target)
    return target


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="meta.json is missing"):
        load_tagger(tmp_path)


def test_feature_version_mismatch_is_refused(model_copy):
    meta = json.loads((model_copy / "meta.json").read_text())
    meta["feature_version"] = -1
    (model_copy / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="feature version -1"):
        load_tagger(model_copy)


def test_label_mismatch_is_refused(model_copy):
    meta = json.loads((model_copy / "meta.json").read_text())
    meta["tags"] = meta["tags"][:-2]
    (model_copy / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="different label set"):
        load_tagger(model_copy)


def weights_file(folder):
    kind = json.loads((folder / "meta.json").read_text()).get("kind", "linear")
    return folder / ("tagger.npz" if kind == "crf" else "weights.npz")


@pytest.mark.parametrize("damage", ["truncate", "garbage", "missing", "meta"])
def test_corrupt_model_files_are_refused(model_copy, damage):
    weights = weights_file(model_copy)
    if damage == "truncate":
        weights.write_bytes(weights.read_bytes()[:1000])
    elif damage == "garbage":
        weights.write_bytes(b"not a zip at all" * 100)
    elif damage == "missing":
        weights.unlink()
    else:
        (model_copy / "meta.json").write_text("{not json")
    with pytest.raises(ModelError):
        load_tagger(model_copy)


def test_pickled_weights_are_not_loaded(model_copy):
    import pickle
    with open(weights_file(model_copy), "wb") as handle:   # a pickle where the model belongs
        pickle.dump({"l0_data": np.zeros(3)}, handle)
    with pytest.raises(ModelError):
        load_tagger(model_copy)


def rewrite_weights(folder, **arrays):
    """Weights as given, with meta.json's checksum made to match them."""
    import hashlib
    weights = weights_file(folder)
    np.savez(weights, **arrays)
    meta = json.loads((folder / "meta.json").read_text())
    meta["weights_sha256"] = hashlib.sha256(weights.read_bytes()).hexdigest()
    (folder / "meta.json").write_text(json.dumps(meta))


def test_pickled_weights_are_not_loaded_even_with_a_matching_checksum(model_copy):
    rewrite_weights(model_copy, labels=np.array([{"a": 1}], dtype=object))   # an object array is a pickle
    with pytest.raises(ModelError, match="corrupt or incomplete"):
        load_tagger(model_copy)


def test_weights_pointing_outside_their_table_are_refused_even_with_a_matching_checksum(model_copy):
    with np.load(weights_file(model_copy)) as arrays:
        parts = dict(arrays)
    parts["rows"] = parts["rows"] + 10 ** 6                     # rows past the attribute table
    rewrite_weights(model_copy, **parts)
    with pytest.raises(ModelError, match="corrupt or incomplete"):
        load_tagger(model_copy)


def test_a_crash_while_training_leaves_the_old_model(tmp_path, monkeypatch):
    from extractor.training import train as train_module
    target = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL, target)
    before = {p.name: p.read_bytes() for p in target.iterdir()}

    def crash(*args, **kwargs):
        raise RuntimeError("killed mid-training")
    monkeypatch.setattr(train_module, "fit_tagger", crash)
    config = train_module.TrainConfig(annotations=[], synthetic=2, calibrate=False)
    with pytest.raises(RuntimeError):
        train_module.train(config, target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["model"]   # no temporary folder left behind
    Extractor.load(target)
