"""Taggers learn what they are shown and survive a save and load unchanged (after spaCy's
test_overfitting_IO); training writes a complete model folder; promotion refuses a model
that is worse on dev unless forced."""
import json
import shutil

import numpy as np
import pytest

from extractor.chain import Chain
from extractor.crf import CrfTagger
from extractor.decode import decode
from extractor.features import doc_features
from extractor.pipeline import DEFAULT_MODEL, Extractor
from extractor.tagger import Tagger, load_tagger
from extractor.tokenizer import make_doc
from extractor.training.annotate import annotate_folder
from extractor.training.data import example_from_line
from extractor.training.synth import generate
from extractor.vocabulary import BIO_TAGS

from .conftest import DATA


def _tokens(text: str):
    """A text's doc, its content tokens and their words, as the tagger's steps see them."""
    from extractor.features import content_tokens
    doc = make_doc(text)
    idx = content_tokens(doc)
    return doc, idx, [doc[i].text for i in idx]


def _lined_tokens(text: str):
    """`_tokens`, and the line (from 0) each content token stands on."""
    doc, idx, words = _tokens(text)
    return doc, idx, words, [text.count("\n", 0, doc[i].idx) for i in idx]


@pytest.fixture(scope="module")
def few():
    lines = list(annotate_folder(DATA / "seeds/docs", DATA / "seeds/gold"))[:3] + list(generate(3, seed=2))
    return [example_from_line(line) for line in lines]


def io(tags):
    return [t.split("-", 1)[-1] for t in tags]


@pytest.mark.parametrize("make", [lambda: CrfTagger(max_iterations=80),
                                  lambda: Tagger(stacked=False, C=10.0, min_count=1, o_keep=1.0)],
                         ids=["crf", "linear"])
def test_overfitting_and_save_load(few, tmp_path, make):
    tagger = make().fit([e.doc for e in few], [e.tags for e in few])
    right = total = 0
    for e in few:
        idx, spans, _ = tagger.spans(e.doc)
        predicted = ["O"] * len(idx)
        for s in spans:
            for p in range(s.first, s.last + 1):
                predicted[p] = s.label
        right += sum(a == b for a, b in zip(io(e.tags), predicted))
        total += len(idx)
    assert right / total > 0.995          # the training documents come back right
    tagger.save(tmp_path / "model", {"note": "test"})
    loaded = load_tagger(tmp_path / "model")
    for e in few:
        assert loaded.spans(e.doc) == tagger.spans(e.doc)   # identical predictions


@pytest.fixture(scope="module")
def crfsuite_file(few, tmp_path_factory):
    """A crfsuite model trained on the few documents, in crfsuite's own file."""
    import pycrfsuite
    trainer = pycrfsuite.Trainer(verbose=False)
    for e in few:
        trainer.append(doc_features(e.doc)[1], io(e.tags))
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": 30})
    path = tmp_path_factory.mktemp("crfsuite") / "tagger.crfsuite"
    trainer.train(str(path))
    return path


def test_the_chain_decodes_as_crfsuite_does(few, crfsuite_file):
    """The weights read into arrays and decoded by hmmlearn give crfsuite's own best path,
    marginals and path probability."""
    import pycrfsuite
    own = pycrfsuite.Tagger()
    own.open(str(crfsuite_file))
    chain = Chain.from_crfsuite(crfsuite_file)
    for e in few + [example_from_line(line) for line in generate(2, seed=9)]:   # and unseen ones
        feats = doc_features(e.doc)[1]
        decoded = chain.decode(feats)
        best = own.tag(feats)
        assert decoded.path == best
        assert decoded.probability == pytest.approx(own.probability(best), rel=1e-4)
        theirs = np.array([[own.marginal(label, t) for label in chain.labels] for t in range(len(best))])
        assert np.abs(decoded.marginals - theirs).max() < 1e-4
        assert np.allclose(decoded.marginals.sum(axis=1), 1.0)


def test_a_saved_chain_is_the_same_bytes_every_time_and_decodes_the_same(few, crfsuite_file, tmp_path):
    chain = Chain.from_crfsuite(crfsuite_file)
    chain.save(tmp_path / "a.npz")
    chain.save(tmp_path / "b.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()   # reproducible
    loaded = Chain.load(tmp_path / "a.npz")
    for e in few:
        feats = doc_features(e.doc)[1]
        assert np.array_equal(loaded.scores(feats), chain.scores(feats))
        assert loaded.decode(feats).path == chain.decode(feats).path


def test_scores_read_a_block_of_tokens_at_a_time_as_they_would_all_at_once(few, crfsuite_file, monkeypatch):
    from extractor import chain as chain_module
    chain = Chain.from_crfsuite(crfsuite_file)
    feats = doc_features(few[0].doc)[1]
    whole = chain.scores(feats)
    monkeypatch.setattr(chain_module, "BLOCK", 7)
    assert np.allclose(chain.scores(feats), whole)
    assert chain.decode(feats).path == own_path(crfsuite_file, feats)


def own_path(crfsuite_file, feats):
    import pycrfsuite
    own = pycrfsuite.Tagger()
    own.open(str(crfsuite_file))
    return own.tag(feats)


def test_a_model_folder_in_the_earlier_crfsuite_format_still_loads(few, crfsuite_file, tmp_path):
    import hashlib
    folder = tmp_path / "old"
    CrfTagger(max_iterations=5).fit([few[0].doc], [few[0].tags]).save(folder)
    meta = json.loads((folder / "meta.json").read_text())
    (folder / "tagger.npz").unlink()
    (folder / "tagger.crfsuite").write_bytes(crfsuite_file.read_bytes())
    meta["weights_sha256"] = hashlib.sha256(crfsuite_file.read_bytes()).hexdigest()
    (folder / "meta.json").write_text(json.dumps(meta))
    loaded = load_tagger(folder)
    feats = doc_features(few[1].doc)[1]
    assert loaded.chain_.decode(feats).path == Chain.from_crfsuite(crfsuite_file).decode(feats).path


def test_a_heavier_document_outweighs_a_conflicting_one():
    """CRFsuite has no instance weights; a document of weight 3 is seen three times (how
    reviewed corrections outweigh a generated document that says otherwise)."""
    doc = make_doc("Common Stock 3,052 D")
    say_shares, say_owned = ["B-nd_title", "I-nd_title", "B-nd_shares", "B-nd_di"], \
        ["B-nd_title", "I-nd_title", "B-nd_owned", "B-nd_di"]
    for weights, expected in (([3, 1], "nd_shares"), ([1, 3], "nd_owned")):
        tagger = CrfTagger(max_iterations=50).fit([doc, doc], [say_shares, say_owned], weights)
        _, spans, _ = tagger.spans(doc)
        assert [s.label for s in spans if doc.text[s.start:s.end] == "3,052"] == [expected]


def test_decoding_never_opens_inside_a_span():
    doc = make_doc("Common Stock 3,052")
    proba = np.full((3, len(BIO_TAGS)), 1e-6)
    proba[0, BIO_TAGS.index("I-nd_title")] = 0.9    # I without B is not allowed
    proba[0, BIO_TAGS.index("B-nd_title")] = 0.1
    proba[1, BIO_TAGS.index("I-nd_title")] = 1.0
    proba[2, BIO_TAGS.index("B-nd_shares")] = 1.0
    spans = decode(doc, [0, 1, 2], proba / proba.sum(axis=1, keepdims=True))
    assert [(s.label, doc.text[s.start:s.end]) for s in spans] == [("nd_title", "Common Stock"),
                                                                   ("nd_shares", "3,052")]


def test_a_required_field_missing_from_the_best_path_is_offered_at_its_probability():
    from extractor.crf import _required
    from extractor.features import content_tokens
    doc = make_doc("ALPHA SEMICONDUCTOR Ltd [AOSL]\nLi Wenjun\n(Last)\n")
    idx = content_tokens(doc)
    words = [doc[i].text for i in idx]
    owner = {words.index("Li"): 0.31, words.index("Wenjun"): 0.30, words.index("Last"): 0.05}
    path = ["issuer_name"] * 3 + ["O"] * (len(idx) - 3)

    def marginal(label, t):
        return owner.get(t, 0.0) if label == "owner_name" else 0.0
    spans = _required(path, marginal, doc, idx)
    assert [(doc.text[s.start:s.end], s.label, round(s.prob, 3)) for s in spans] == \
        [("Li Wenjun", "owner_name", 0.305)]
    owner = {k: v / 2 for k, v in owner.items()}        # too unlikely: nothing offered
    assert _required(path, marginal, doc, idx) == []


def test_a_value_left_out_of_its_row_is_read_from_its_column_heading():
    from extractor.crf import _column_fill
    from extractor.features import content_tokens
    doc = make_doc("Class B Common Stock $ 0 3,109,744 I\n")
    idx = content_tokens(doc)
    lay = doc.user_data["layout"]
    words = [doc[i].text for i in idx]
    zero = words.index("0")
    for p, i in enumerate(idx):
        lay["section"][i] = "table2"
        lay["heading"][i] = "conv" if p == zero else "owned"
    path = ["d_title"] * 4 + ["O", "O", "d_owned", "d_di"]
    assert len(path) == len(words)
    labels = ["O", "d_title", "d_conv", "d_owned", "d_di"]
    conv = {zero: 0.2}

    def marginal(label, t):
        return conv.get(t, 0.0) if label == "d_conv" else 0.0
    assert _column_fill(path, marginal, doc, idx, labels)[zero] == "d_conv"
    conv[zero] = 0.1                                      # too unlikely
    assert _column_fill(path, marginal, doc, idx, labels) == path
    conv[zero] = 0.9                                      # the line has its value already
    taken = list(path)
    taken[words.index("$")] = "d_conv"
    assert _column_fill(taken, marginal, doc, idx, labels) == taken


def test_a_near_tie_beside_a_span_on_its_line_is_its_edge():
    from extractor.crf import _near_edges
    from extractor.features import content_tokens
    doc = make_doc("Officer\nClements Carol Ann JETBLUE\n")
    idx = content_tokens(doc)
    path = ["O", "O", "owner_name", "owner_name", "O"]
    owner = {0: 0.45, 1: 0.47, 4: 0.1}

    def marginal(label, t):
        return owner.get(t, 1.0) if label == "owner_name" else 0.0
    # 'Clements' joins; 'Officer' is as likely but on another line; 'JETBLUE' too unlikely
    assert _near_edges(path, marginal, doc, idx) == ["O"] + ["owner_name"] * 3 + ["O"]


def test_one_title_read_twice_in_one_run_is_two_titles():
    """IO labels run two rows' titles read one after the other into one span; a run that
    is one title of two words or more twice, the second starting a line, is parted."""
    from extractor.crf import _repeats
    from extractor.features import content_tokens
    doc = make_doc("Class A Common Stock\nClass A Common Stock\nStock\nStock\nCommon Stock Common Stock\n")
    idx = content_tokens(doc)
    assert _repeats("nd_title", 0, 8, doc, idx) == [(0, 4), (4, 8)]
    assert _repeats("nd_nature", 0, 8, doc, idx) == [(0, 8)]       # titles only
    assert _repeats("nd_title", 8, 10, doc, idx) == [(8, 10)]      # one word: OCR's column pieces
    assert _repeats("nd_title", 10, 14, doc, idx) == [(10, 14)]    # on one line: as printed


def test_counts_on_two_lines_in_one_run_are_two_values():
    """pdftotext reads two holdings one under the other ('11,388' / '' / '479'); IO labels
    run them into one span. A number never wraps: each line's count is a value."""
    from extractor.crf import _repeats
    from extractor.features import content_tokens
    doc = make_doc("11,388\n\n479\n$ 12.50 1,000\n")
    idx = content_tokens(doc)
    assert _repeats("nd_owned", 0, 2, doc, idx) == [(0, 1), (1, 2)]
    assert _repeats("nd_owned", 0, 3, doc, idx) == [(0, 1), (1, 3)]    # the '$' goes with its number
    assert _repeats("nd_price", 2, 4, doc, idx) == [(2, 4)]           # '$ 12.50': one line
    assert _repeats("nd_title", 0, 2, doc, idx) == [(0, 2)]           # numbers only


def test_ownership_forms_on_two_lines_in_one_run_are_two_values():
    """pdftotext reads two rows' ownership forms one under the other ('D' / '' / 'I'), and
    IO labels run them into one span: a code letter never wraps either."""
    from extractor.crf import _repeats
    from extractor.features import content_tokens
    doc = make_doc("D\n\nI\nBy Trust\n")
    idx = content_tokens(doc)
    assert _repeats("nd_di", 0, 2, doc, idx) == [(0, 1), (1, 2)]
    assert _repeats("nd_nature", 2, 4, doc, idx) == [(2, 4)]


def test_a_lone_comma_between_two_runs_of_one_text_label_on_a_line_is_inside_the_value():
    from extractor.crf import _inner_commas
    from extractor.features import content_tokens
    doc = make_doc("100 SOUTHCENTER COURT, SUITE 200 PLAZA,\nNORTH MORRISVILLE, NC 1,100, 200\n")
    idx = content_tokens(doc)
    words = [doc[i].text for i in idx]
    commas = [p for p, w in enumerate(words) if w == ","]
    assert len(commas) == 4
    path = ["owner_street2" if w != "," else "O" for w in words]
    path[words.index("MORRISVILLE")] = "owner_city"
    path[words.index("NC")] = "owner_state"
    path[-3:] = ["nd_shares", "O", "nd_shares"]
    want = list(path)
    want[commas[0]] = "owner_street2"
    # joined: 'COURT , SUITE'; left: 'PLAZA ,' ends a line, 'MORRISVILLE , NC' are two
    # labels, '1,100 , 200' are numbers
    assert _inner_commas(path, doc, idx) == want


def test_a_comma_after_a_street_in_the_owner_table_is_the_streets_own():
    from extractor.crf import _inner_commas
    from extractor.features import content_tokens
    text = ("C/O ACME INC., 9 MAIN ST\nReporting Owners\nReporting Owner Name / Address\n"
            "Smith Jane\nC/O ACME CAPITAL,\n2800 SAND HILL ROAD, SUITE 101\nMENLO PARK, CA 94025\n")
    doc = make_doc(text)
    idx = content_tokens(doc)
    words = [doc[i].text for i in idx]
    labels = {"C": "owner_street1", "/": "owner_street1", "O": "owner_street1", "ACME": "owner_street1",
              "INC": "owner_street1", ".": "owner_street1", "CAPITAL": "owner_street1",
              "9": "owner_street2", "MAIN": "owner_street2", "ST": "owner_street2",
              "2800": "owner_street1", "SAND": "owner_street1", "HILL": "owner_street1",
              "ROAD": "owner_street1", "SUITE": "owner_street2", "101": "owner_street2",
              "Smith": "owner_name", "Jane": "owner_name", "MENLO": "owner_city", "PARK": "owner_city",
              "CA": "owner_state", "94025": "owner_zip"}
    path = [labels.get(w, "O") for w in words]
    commas = [p for p, w in enumerate(words) if w == ","]
    assert len(commas) == 4
    want = list(path)
    want[commas[1]] = "owner_street1"     # 'CAPITAL,' ends its line
    want[commas[2]] = "owner_street1"     # 'ROAD, SUITE 101': one printed street line
    # left out: the header box's comma between the two streets, and 'MENLO PARK, CA'
    assert _inner_commas(path, doc, idx) == want


def test_a_comma_ending_a_street_line_before_other_words_is_the_streets_own():
    """pdftotext over a page break (train h041a): the owner table's first street line ends
    with its comma, and the next words on the page are a heading, not the second street."""
    from extractor.crf import _inner_commas
    from extractor.features import content_tokens
    text = ("Reporting Owners\nReporting Owner Name / Address\n\nHoffman Reid\n"
            "C/O REINVENT TECHNOLOGY PARTNERS,\n\nRelationships\n")
    doc = make_doc(text)
    idx = content_tokens(doc)
    words = [doc[i].text for i in idx]
    street = words.index("C"), words.index(",")
    path = ["owner_street1" if street[0] <= p < street[1] else "O" for p in range(len(words))]
    path[words.index("Hoffman")] = path[words.index("Reid")] = "owner_name"
    want = list(path)
    want[street[1]] = "owner_street1"
    assert _inner_commas(path, doc, idx) == want


def test_the_forms_own_notes_are_no_footnote_text_however_ocr_garbles_them():
    from extractor.crf import _form_notes
    from extractor.features import content_tokens
    # sparse OCR of dev h038a: the form's note and the filer's first note in one run
    text = ("** lnvavona misstatements or omissions of facts constite Federal Criminal Volition.\n"
            "(1) Upon vesting the Reporting Person Is ented wo receive ane share of common stock.\n\n"
            "The\n")
    doc = make_doc(text)
    idx = content_tokens(doc)
    path = _form_notes(["fn_text"] * len(idx), doc, idx)
    tagged = " ".join(doc[i].text for i, label in zip(idx, path) if label == "fn_text")
    assert tagged.startswith("(1) Upon vesting") and "misstatements" not in tagged
    assert tagged.endswith("stock . The")          # a short piece is no form note


def test_a_form_note_is_read_from_its_line_start_and_ends_with_its_line():
    """OCR (psm 6, held-out h006a): a run opens inside the form's note ('or omissions of
    facts ...', too far in for its phrase to be seen) and goes on into the filer's note on
    the next line, with no blank line or marker between them. The form's note is judged
    from its line's start and ends with its line's sentence; the filer's note stays."""
    from extractor.crf import _form_notes
    text = ("Explanation of Responses:\n"
            "* — If the form is filed by more than one reporting person, see Instruction 4(b)(v).\n"
            "** Tntentional misstatements or omissions of facts constitute Federal Criminal "
            "Violations. See 18 U.S.C. 1001 and 15 U.S.C. 78ff(a).\n"
            "The price reported in Column 4 is a weighted average price.\n")
    doc, idx, words = _tokens(text)
    start = words.index("omissions") - 1
    path = ["O"] * start + ["fn_text"] * (len(idx) - start)
    tagged = " ".join(w for w, label in zip(words, _form_notes(path, doc, idx)) if label == "fn_text")
    assert tagged == "The price reported in Column 4 is a weighted average price ."


def test_a_notes_number_is_its_id_without_the_stop_after_it():
    from extractor.crf import _marker_stops
    from extractor.features import content_tokens
    doc = make_doc("1. Sold at 2. Shares\n2\\. Held in trust.\n")
    idx = content_tokens(doc)
    words = [doc[i].text for i in idx]
    assert words[:2] == ["1", "."] and "\\." in words
    path = ["fn_text"] * len(idx)
    for p, w in enumerate(words):
        if w in ("1", "\\.") or (w == "." and p == 1) or (w == "2" and words[p + 1] == "\\."):
            path[p] = "fn_id"
    want = list(path)
    want[1] = want[words.index("\\.")] = "O"
    assert _marker_stops(path, doc, idx) == want
    # a stop after a number inside the text, or a lone stop, keeps its label
    assert _marker_stops(["fn_text"] * len(idx), doc, idx) == ["fn_text"] * len(idx)
    assert _marker_stops(["O", "fn_id"] + ["O"] * (len(idx) - 2), doc, idx)[1] == "fn_id"


def test_a_short_text_is_no_form_note():
    from extractor.footnotes import is_form_note
    assert is_form_note("* If the form is fled by mare than one reporting person, see Instruction 4(b)(v).")
    # rapidfuzz finds a text shorter than a phrase inside it: 'The' scored 100 before
    assert not is_form_note("The")
    assert not is_form_note("a")


def test_two_values_run_together_under_one_number_label_are_parted():
    from extractor.crf import _part_values
    from extractor.features import content_tokens
    doc = make_doc("F 2,954 D $ 27.61 66,110 D\n")
    idx = content_tokens(doc)
    words = [doc[i].text for i in idx]
    path = ["nd_code", "nd_shares", "nd_ad", "O", "nd_owned", "nd_owned", "nd_di"]
    assert len(words) == len(path)
    price = {words.index("27.61"): (0.59, 0.37), words.index("66,110"): (1.0, 0.0)}

    def marginal(label, t):
        owned, other = price.get(t, (0.0, 0.0))
        return {"nd_owned": owned, "nd_price": other}.get(label, 0.0)
    labels = ["O", "nd_code", "nd_shares", "nd_ad", "nd_price", "nd_owned", "nd_di"]
    assert _part_values(path, marginal, doc, idx, labels)[4:6] == ["nd_price", "nd_owned"]
    # too unlikely a price: the run stays
    price[words.index("27.61")] = (0.85, 0.1)
    assert _part_values(path, marginal, doc, idx, labels) == path
    # pieces of one number ('23,13' '39', cut by a column) are not parted
    doc = make_doc("23,13 39\n")
    assert _part_values(["nd_owned"] * 2, lambda label, t: 0.5, doc, content_tokens(doc), labels) == \
        ["nd_owned"] * 2


@pytest.mark.slow
def test_train_writes_a_model_and_promotion_guards_the_default(tmp_path):
    from extractor.training.train import TrainConfig, promote, train

    out = tmp_path / "candidate"
    ann = tmp_path / "ann.jsonl"
    ann.write_text("".join(json.dumps(line) + "\n" for line in annotate_folder(DATA / "seeds/docs", DATA / "seeds/gold")))
    config = TrainConfig(annotations=[ann], synthetic=4, dev=DATA / "real", calibrate=False, crf_iterations=15)
    meta = train(config, out)
    saved = json.loads((out / "meta.json").read_text())
    for key in ("tags", "labels", "feature_version", "libraries", "training_data", "dev", "kind", "train_seconds"):
        assert key in saved
    assert saved["training_data"]["annotations_sha256"] and meta["dev"]["documents"] == 9
    Extractor.load(out).extract((DATA / "seeds/docs/000_bf81ea8f41d8316e.txt").read_text())
    default = tmp_path / "default"
    shutil.copytree(DEFAULT_MODEL, default)
    before = (default / "meta.json").read_bytes()
    done, message = promote(out, default, DATA / "real")
    assert not done and "worse" in message
    assert (default / "meta.json").read_bytes() == before
    done, message = promote(out, default, DATA / "real", force=True)
    assert done and (default / "meta.json").read_bytes() == (out / "meta.json").read_bytes()


def test_a_box_read_twice_points_at_one_mark(real_samples):
    """A relationship box ticked in the header and again in the owner table is one value
    with two marks: its span is the likeliest mark, not the pages of text between them."""
    extractor = Extractor.load()
    booleans = [f for _, text, _ in real_samples for f in extractor.extract(text).fields
                if isinstance(f.value, bool)]
    read = [f for f in booleans if f.text is not None]    # a box inferred, not read, has no span
    assert read
    assert all(len(f.text) <= 40 for f in read), [(f.path, len(f.text)) for f in read]


def test_the_first_of_a_doubled_comma_after_an_address_part_is_its_own():
    """EDGAR joins a city and state with a comma of its own: 'LEXINGTON,, KY' means the
    filer typed 'LEXINGTON,' (23 doubled commas in train and dev, each so in the gold)."""
    from extractor.crf import _inner_commas
    from extractor.features import content_tokens
    doc = make_doc("Smith Jane\nLEXINGTON,, KY 40507\nGROUP, INC., KY\n")
    idx = content_tokens(doc)
    words = [doc[i].text for i in idx]
    labels = {"Smith": "owner_name", "Jane": "owner_name", "LEXINGTON": "owner_city", "KY": "owner_state",
              "40507": "owner_zip", "GROUP": "owner_city", "INC": "owner_city", ".": "owner_city"}
    path = [labels.get(w, "O") for w in words]
    commas = [p for p, w in enumerate(words) if w == ","]
    want = list(path)
    want[commas[0]] = "owner_city"          # the first of ',,'; not the second
    want[commas[2]] = "owner_city"          # 'GROUP , INC': inside one value, as before
    assert _inner_commas(path, doc, idx) == want


def test_a_stop_glued_to_a_short_word_ending_a_name_or_street_is_its_abbreviations():
    """seed 002 (a retrain): 'C/O QUALYS, INC.' / '919 E. HILLSDALE BLVD.' read without
    the last stop. Not after a long word ('47 ESPLANADE.', OCR), nor a city."""
    from extractor.crf import _glued_stops
    from extractor.features import content_tokens
    doc = make_doc("919 E. HILLSDALE BLVD.\n47 ESPLANADE.\nFOSTER CITY.\n")
    idx = content_tokens(doc)
    words = [doc[i].text for i in idx]
    path = ["owner_street2"] * 5 + ["O"] + ["owner_street1"] * 2 + ["O"] + ["owner_city"] * 2 + ["O"]
    assert len(path) == len(words)
    want = list(path)
    want[5] = "owner_street2"               # 'BLVD.'
    assert _glued_stops(path, doc, idx) == want


def test_feature_strings_describe_the_token_and_do_not_depend_on_earlier_documents(monkeypatch):
    from extractor import features
    from extractor.features import doc_features
    text = "Class A Common Stock 03/03/2020 C 3,484,778 A $ 0 3,484,778 I\n(Street)\n"
    idx, first = doc_features(make_doc(text))
    words = [make_doc(text)[i].text for i in idx]
    stock = first[words.index("Stock")]
    assert {"w=stock", "-1=w=common", "1=w=<dd/dd/dddd>", "first_in_cell=False", "pos_in_line=3"} <= set(stock)
    counts = [first[p] for p, w in enumerate(words) if w == "3,484,778"]
    # the first count is the line's first number, the second its third of three
    assert "num_ordinal=0|3" in counts[0] and "num_ordinal=2|3" in counts[1]
    street = first[words.index("Street")]      # on the next line, after '('
    assert {"-2~w=i", "-1=w=(", "-1:cls+cls=punct|Word", "2=edge"} <= set(street)
    # the cached strings are built once: other documents, or emptied caches, change nothing
    doc_features(make_doc("Sequoia Capital U.S. Venture 2010 Fund, LP (1)\n" * 3))
    caches = (features._TOKEN, features._PLACE, features._NEIGHBOUR, features._CLASS_PAIR)
    for cache in caches:
        cache.clear()
    assert doc_features(make_doc(text)) == (idx, first)
    monkeypatch.setattr(features._Strings, "LIMIT", 4)     # kept small, emptied as it fills
    for cache in caches:
        cache.clear()
    assert doc_features(make_doc(text)) == (idx, first)
    assert all(len(cache) <= 4 for cache in caches)


def test_a_relationship_mark_in_the_owner_table_takes_the_heading_it_stands_under():
    """pdftotext -layout (held-out train h046b): the second owner's mark stands under
    '10% Owner' but was read as the director's. Left be where the geometry says nothing:
    a mark at the start of its line under headings stacked a line each (pdftotext, OCR),
    a mark sharing its cell with words (OCR's single spaces), and the header box."""
    from extractor.crf import _marks_under_headings
    from extractor.features import content_tokens
    table = ("Reporting Owners\n"
             "                       Relationships\n"
             "Reporting Owner Name / Address\n"
             "                       Director   10% Owner   Officer   Other\n"
             "Hoffman Reid\n"
             "C/O LINKEDIN CORP         X           X\n"
             "Reid Hoffman Trust\n"
             "                                     X\n"
             "2029 STIERLIN COURT X\n")
    stacked = ("Reporting Owners\nReporting Owner Name / Address\nDirector\n10% Owner\nOfficer\n"
               "Other\nHoffman Reid\nX\n")
    header = ("1. Name and Address of Reporting Person   5. Relationship\n"
              "Hoffman Reid                              __X__ Director   __X__ 10% Owner\n")
    for text, marks, want in ((table, 4, ["rel_director", "rel_ten_pct", "rel_ten_pct", "rel_director"]),
                              (stacked, 1, ["rel_director"]),
                              (header, 2, ["rel_director", "rel_director"])):
        doc = make_doc(text)
        idx = content_tokens(doc)
        words = [doc[i].text for i in idx]
        at = [p for p, w in enumerate(words) if w == "X"]
        assert len(at) == marks
        path = ["O"] * len(words)
        for p in at:
            path[p] = "rel_director"
        mended = _marks_under_headings(path, doc, idx)
        assert [mended[p] for p in at] == want
        assert [m for p, m in enumerate(mended) if p not in at] == ["O"] * (len(words) - marks)


def test_a_notes_sentence_runs_on_to_its_stop():
    """OCR (dev h028a, h085c): the tagger leaves a note's last words untagged, on its line
    and on the next ('... under' / 'the Securities Exchange Act of 1934.'), across OCR's
    blank line inside a sentence too. They are the note's up to the stop that ends a line;
    not past a line opening with a marker (the next note), a blank line before a line that
    opens in capitals ('Note: File three copies ...'), or when no stop comes."""
    from extractor.crf import _note_tails
    text = ("Explanation of Responses:\n"
            "(1) The sale was made under a plan adopted pursuant to Rule 10b5-1 under\n"
            "the Securities Exchange Act of 1934.\n"
            "(2) Shares withheld in connection with the vesting of restricted\n"
            "\n"
            "stock units (RSUs).\n"
            "(3) The RSUs vested on May 15, 2018,\n"
            "\n"
            "Note: File three copies of this Form.\n"
            "(4) Held by a trust for\n"
            "(5) Held by the reporting person's spouse.\n"
            "(6) Held for minor children\n"
            "and so on\n"
            "garbled lines\n"
            "of which\n"
            "none ends\n")
    doc, idx, words = _tokens(text)

    def at(phrase: str) -> range:
        tokens = _tokens(phrase)[2]
        for p in range(len(words)):
            if words[p:p + len(tokens)] == tokens:
                return range(p, p + len(tokens))
        raise AssertionError(phrase)

    path = ["O"] * len(words)
    tagged = ["The sale was made under a plan adopted", "Shares withheld in connection with the",
              "The RSUs vested on May 15", "Held by a trust", "Held by the reporting person's spouse .",
              "Held for minor children"]
    for phrase in tagged:
        for p in at(phrase):
            path[p] = "fn_text"
    mended = _note_tails(path, doc, idx)
    added = " ".join(words[p] for p in range(len(words)) if mended[p] != path[p])
    assert added == ("pursuant to Rule 10 b5 - 1 under the Securities Exchange Act of 1934 . "
                     "vesting of restricted stock units ( RSUs ) .")


def test_a_notes_sentence_runs_on_past_its_centred_marker_to_its_next_run():
    """pdftotext -layout (held-out h046b, dev h099b): a long note's marker stands beside
    its middle line, which goes on in lower case; the tagger read the marker and left
    that line untagged. The line is the note's, up to the note's next tagged run; the
    marker keeps its label, tagged or not."""
    from extractor.crf import _note_tails
    text = ("Explanation of Responses:\n"
            "    In addition to the events set forth in footnote 2, the shares will convert on the date\n"
            "(3) on which the number of outstanding shares represents less than 10% of the shares of\n"
            "    Class B Common Stock.\n"
            "      Each share of Class B Common Stock is convertible at any time into one\n"
            "(4)\n"
            "      share of Class A Common Stock.\n")
    doc, idx, words = _tokens(text)
    path, hi = ["O"] * len(words), 0
    for first, last in (("In", "date"), ("Class", "."), ("Each", "one"), ("share", ".")):
        lo = words.index(first, hi)          # each tagged run after the one before
        hi = words.index(last, lo) + 1
        path[lo:hi] = ["fn_text"] * (hi - lo)
    path[words.index("(3)")] = "fn_id"
    mended = _note_tails(path, doc, idx)
    added = " ".join(words[p] for p in range(len(words)) if mended[p] != path[p])
    assert added == "on which the number of outstanding shares represents less than 10 % of the shares of"
    assert mended[words.index("(3)")] == "fn_id" and mended[words.index("(4)")] == "O"


def test_a_note_opens_at_its_lines_first_capital_after_a_marker_garbled_or_not():
    """pdftotext (held-out h069c) and OCR (dev h028a): the tagger starts a note's run
    inside its line. The words from the line's first capitalised word are the note's;
    a garbled marker before it ('(ay') is not, and where a real word comes first the
    line is left as it is."""
    from extractor.crf import _note_openings
    text = ("Explanation of Responses:\n"
            "Represents an automatic restricted stock unit (RSU) award issued pursuant to the Policy.\n"
            "(ay The reported sale was made pursuant to a plan.\n"
            "shares of Class A Common Stock held by the Trust.\n")
    doc, idx, words = _tokens(text)
    path = ["O"] * len(words)
    for first, last in (("award", "."), ("sale", "."), ("held", ".")):
        lo = words.index(first)
        hi = words.index(last, lo) + 1
        path[lo:hi] = ["fn_text"] * (hi - lo)
    mended = _note_openings(path, doc, idx)
    added = " ".join(words[p] for p in range(len(words)) if mended[p] != path[p])
    assert added == "Represents an automatic restricted stock unit ( RSU ) The reported"


def test_a_date_alone_over_the_date_caption_is_the_signatures():
    """pdftotext (held-out h006b) prints the signature's date after 'Explanation of
    Responses:', where the tagger reads no values; the caption 'Date' under it says what
    it is. A date beside other words, or over other words, is left to the tagger."""
    from extractor.crf import _captioned_dates
    text = ("Signatures\n/s/ Katherine Kwiat, power of attorney\n**\n\nSignature of Reporting Person\n\n"
            "Explanation of Responses:\n\n01/10/2025\nDate\n\n"
            "Exercisable on 02/11/2025\nDate\n03/12/2025\nExpiration Date\n")
    doc, idx, words = _tokens(text)
    mended = _captioned_dates(["O"] * len(words), doc, idx)
    assert [w for w, label in zip(words, mended) if label != "O"] == ["01/10/2025"]
    assert mended[words.index("01/10/2025")] == "sig_date"


def test_a_date_does_not_open_or_close_a_text_value():
    """OCR (held-out h065b) read '4/04/2024 s' as a nature, and (dev h028a) '93/14/2025',
    the earliest transaction's date, as the end of the street beside it. A date that opens
    a run of a text label, or closes one that is no nature, note or remarks, takes the
    likelier of O and its likeliest date label; a nature may end with one ('Trust dtd
    4/15/2014')."""
    from extractor.crf import _dates_at_text_edges
    doc, idx, words = _tokens("Class A Common Stock 4/04/2024 s 141,981 D I See footnote\n"
                              "Common Stock 10,000 I Family Trust dtd 4/15/2014\n"
                              "Common Stock 5,000 I 5/01/2014 Trust\n"
                              "222 BERKELEY 93/14/2025 Chief Legal Officer\n")
    path = ["O"] * len(words)
    for first, last, label in (("4/04/2024", "s", "nd_nature"), ("Family", "4/15/2014", "nd_nature"),
                               ("5/01/2014", "Trust", "nd_nature"), ("222", "93/14/2025", "owner_street2")):
        lo = words.index(first)
        path[lo:words.index(last, lo) + 1] = [label] * (words.index(last, lo) + 1 - lo)
    odds = {words.index("4/04/2024"): {"nd_date": 0.3, "O": 0.1},
            words.index("5/01/2014"): {"nd_date": 0.05, "O": 0.2},
            words.index("93/14/2025"): {"period": 0.32, "O": 0.01}}

    def marginal(label, t):
        return odds.get(t, {}).get(label, 0.01)

    labels = ["O", "nd_nature", "nd_date", "sig_date", "d_date", "period", "owner_street2"]
    mended = _dates_at_text_edges(path, marginal, doc, idx, labels)
    assert mended[words.index("4/04/2024")] == "nd_date"
    assert mended[words.index("5/01/2014")] == "O"
    assert mended[words.index("93/14/2025")] == "period"
    assert [m for t, m in enumerate(mended) if t not in odds] == [p for t, p in enumerate(path) if t not in odds]


def test_an_amount_opens_with_something_that_reads_as_a_number():
    """Tokens that open a run of a number label before any digit or OCR look-alike of
    one (a stray ')', 'Footnote'), or that make up the whole run ('pees'), take their
    likeliest label of another kind; 'so' (OCR's '$0') and a split '3,44 43' stay."""
    from extractor.crf import _unreadable_amounts
    doc, idx, words = _tokens("Common Stock ) 1,500 D pees I\n"
                              "Option so Footnote 3,44 43\n")
    path = ["O"] * len(words)
    for word, label in ((")", "nd_shares"), ("1,500", "nd_shares"), ("pees", "nd_owned"),
                        ("so", "d_conv"), ("Footnote", "d_owned"), ("3,44", "d_owned"), ("43", "d_owned")):
        path[words.index(word)] = label
    odds = {words.index(")"): {"fn_ref": 0.3, "O": 0.2}, words.index("pees"): {"O": 0.4}}

    def marginal(label, t):
        return odds.get(t, {}).get(label, 0.01)

    labels = ["O", "fn_ref", "nd_shares", "nd_owned", "d_conv", "d_owned", "nd_title"]
    mended = _unreadable_amounts(path, marginal, doc, idx, labels)
    changed = {words[t]: m for t, m in enumerate(mended) if m != path[t]}
    assert changed == {")": "fn_ref", "pees": "O", "Footnote": "O"}


def test_the_second_street_line_of_an_owner_in_the_owner_table_is_street_2():
    """EDGAR's owner table prints an owner's street fields one a line (dev h015a, with the
    officer's title between): a street 1 run on a later line than the owner's first street
    run is street 2. The next owner starts again at street 1, and the header box, where
    EDGAR joins the two on one line that a converter may wrap, is left as the tagger read it."""
    from extractor.crf import _street_order
    text = ("1. Name and Address of Reporting Person\n"
            "Lamercie Jean\n"
            "C/O ARROW ELECTRONICS, 9151 EAST\n"
            "PANORAMA CIRCLE\n"
            "Reporting Owners\n"
            "Reporting Owner Name / Address\n"
            "Lamercie Jean\n"
            "C/O ARROW ELECTRONICS, INC.\n"
            "SVP, CLO & Secretary\n"
            "9151 EAST PANORAMA CIRCLE\n"
            "CENTENNIAL, CO 80112\n"
            "Smith Ann\n"
            "9151 EAST PANORAMA CIRCLE\n")
    doc, idx, words, lines = _lined_tokens(text)
    label_of_line = {1: "owner_name", 2: "owner_street1", 3: "owner_street1", 6: "owner_name",
                     7: "owner_street1", 8: "officer_title", 9: "owner_street1", 10: "owner_city",
                     11: "owner_name", 12: "owner_street1"}
    path = [label_of_line.get(line, "O") for line in lines]
    mended = _street_order(path, doc, idx)
    assert mended == [label_of_line.get(line, "O") if line != 9 else "owner_street2" for line in lines]
    assert _street_order(["O"] * len(path), doc, idx) == ["O"] * len(path)


def test_in_the_header_box_a_street_line_opening_with_a_house_number_is_street_2():
    """A scanned paper form's header box (seed 004) gives the street fields a line each,
    beside the box captions: the line right after the first street's that opens with a
    house number is street 2; a wrapped line that does not (EDGAR's joined fields) stays
    street 1."""
    from extractor.crf import _street_order
    for second, want in (("919 E. HILLSDALE BLVD.", "owner_street2"), ("ROAD, SUITE 101", "owner_street1")):
        text = ("1. Name and Address of Reporting Person\nPhilippe Courtot Family Trust\n"
                "C/O QUALYS, INC.    3. Date of Earliest Transaction\n"
                f"{second}    4. If Amendment\nFOSTER CITY CA 94404\n")
        doc, idx, words, lines = _lined_tokens(text)
        caption = {lines[t]: t for t, word in enumerate(words) if word in ("3", "4")}  # a box's number
        path = ["owner_name" if line == 1 else "owner_street1" if t < caption.get(line, 0) else "O"
                for t, line in enumerate(lines)]
        mended = _street_order(path, doc, idx)
        assert mended == [want if line == 3 and label != "O" else label for label, line in zip(path, lines)]


def test_the_forms_own_printed_words_are_no_value():
    """The form's title read as an owner's name (dev h097b, OCR) and its caption read as a
    signature, garbled ('Signe of Repoing Pen Dae', held-out h020b), are O; a value that
    shares a word or two with the form ('LONG ISLAND CITY', 'Class B Class A See Common'),
    an 'other' text in the boxes' own words, or a note that quotes the form, keeps its
    label."""
    from extractor.crf import _form_words
    lines = [("STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP OF SECURITIES.", "owner_name", "O"),
             ("Signe of Repoing Pen Dae", "sig_name", "O"),
             ("LONG ISLAND CITY", "owner_city", "owner_city"),
             ("Class B Class A See Common", "d_title", "d_title"),
             ("Former Director and Officer", "other_text", "other_text"),
             ("Filed by more than one reporting person pursuant to the Securities Exchange Act",
              "fn_text", "fn_text")]
    text = "\n".join(line for line, _, _ in lines) + "\n"
    doc, idx, words, on_line = _lined_tokens(text)
    path = [lines[k][1] for k in on_line]
    assert _form_words(path, doc, idx) == [lines[k][2] for k in on_line]


def test_a_nature_wrapped_a_word_a_line_is_one_value():
    """pdftotext wraps a holding's nature a word or two a line (held-out h025c), and the
    tagger reads pieces of it: the block's untagged words are the nature's, from its
    opening word on to the footnote marker that closes it, without OCR's mark before the
    marker. A block that would take in a number, or that holds another label, is left."""
    from extractor.crf import _wrapped_natures
    text = ("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\n"
            "Class A Common Stock\n"
            "\n"
            "Sequoia\n"
            "Capital\n"
            "U.S.\n"
            "Venture\n"
            "Fund XV, ~\n"
            "L.P. ~ (3)\n"
            "Reminder: Report on a separate line\n"
            "\n"
            "By LLC\n"
            "Series 2 Trust\n")
    doc, idx, words, lines = _lined_tokens(text)
    path = ["O"] * len(words)
    for t, (word, line) in enumerate(zip(words, lines)):
        if line == 1:
            path[t] = "nd_title"
        elif word in ("Capital", "Fund") or (line == 11 and word == "By"):
            path[t] = "nd_nature"
        elif word == "(3)":
            path[t] = "fn_ref"
    mended = _wrapped_natures(path, doc, idx)
    nature = [w for w, label in zip(words, mended) if label == "nd_nature"]
    assert nature == ["Sequoia", "Capital", "U", ".", "S", ".", "Venture", "Fund", "XV", ",", "~",
                      "L", ".", "P", ".", "By"]
    assert [label for label, line in zip(mended, lines) if line in (1, 9)] == \
           ["nd_title"] * 4 + ["O"] * 7


def test_no_security_title_stands_among_the_notes():
    """A title the tagger reads in the explanation of responses is a security a note names
    (OCR held-out h043b): it is O there; the same words in Table I keep their label."""
    from extractor.crf import _no_titles_in_notes
    text = ("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\n"
            "Class A Common Stock 02/27/2012 S 18,251 D\n"
            "Explanation of Responses:\n"
            "(2) Each share of Class B Common Stock is convertible into one share of\n"
            "Class A Common Stock\n"
            "and has no expiration date.\n")
    doc, idx, words, lines = _lined_tokens(text)
    path = ["nd_title" if line in (1, 4) and word in ("Class", "A", "Common", "Stock") else
            "fn_text" if line in (3, 5) else "O" for word, line in zip(words, lines)]
    mended = _no_titles_in_notes(path, doc, idx)
    assert [m for m, line in zip(mended, lines) if line == 1][:4] == ["nd_title"] * 4
    assert "nd_title" not in [m for m, line in zip(mended, lines) if line >= 2]
    assert [m for m, p in zip(mended, path) if p != "nd_title"] == [p for p in path if p != "nd_title"]
