from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.tokenizer import CHECK_MARK, TokenizerError, make_doc

FORM_CHARS = list("0123456789,./$()|\t\n  <>_\\*[]#-FDAIXxSO⁽¹²⁾") + ["<sup>", "</sup>", "[(1)](#F1)",
                                                                     "\\$", "\\_", "\u00a0", "\r\n"]


def tokens(text):
    return [(t.text, t._.norm, t._.kind) for t in make_doc(text) if not t.is_space]


def check_offsets(text):
    doc = make_doc(text)
    # the text as given, but for whitespace unified in place: '\r' becomes ' ' or '\n', a
    # no-break space ' '
    assert len(doc.text) == len(text) and "\r" not in doc.text and "\u00a0" not in doc.text
    assert all(a == b or a in "\r\u00a0\u2007\u2009\u202f" for a, b in zip(text, doc.text))
    text = doc.text
    last_end = 0
    for token in doc:
        start, end = token.idx, token.idx + len(token)
        assert last_end <= start < end <= len(text)
        assert text[start:end] == token.text
        last_end = start + len(token.text_with_ws)  # a single trailing space rides along
    assert last_end == len(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_offsets_are_exact_for_any_unicode(text):
    check_offsets(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FORM_CHARS), max_size=80).map("".join))
def test_offsets_are_exact_for_form_like_text(text):
    check_offsets(text)


def test_footnote_markers_glued_to_numbers_are_split():
    assert tokens("3,052 <sup>(1)</sup>") == [
        ("3,052", "3,052", "number"), ("<sup>", "<sup>", "tag"), ("(1)", "(1)", "fnmark"),
        ("</sup>", "</sup>", "tag")]
    assert tokens("136 ⁽¹⁾")[1][1:] == ("(1)", "fnmark")
    assert [t[0] for t in tokens("3,638(1)")] == ["3,638", "(1)"]
    assert [t[0] for t in tokens("$110.2893(1)")] == ["$", "110.2893", "(1)"]
    assert [t[0] for t in tokens("S(5)")] == ["S", "(5)"]
    assert tokens("C[(1)](#F1)")[1] == ("[(1)](#F1)", "(1)", "link")


def test_markup_keeps_its_text_and_gives_its_meaning():
    assert tokens("\\$120.34")[0] == ("\\$", "$", "escape")
    assert tokens('<input checked="" type="checkbox"/> Officer')[0][1] == CHECK_MARK
    assert [t[0] for t in tokens("\\_\\_X\\_\\_ Director")] == ["\\_\\_", "X", "\\_\\_", "Director"]
    assert [t[0] for t in tokens("__X__ 10% Owner")][:3] == ["__", "X", "__"]
    assert tokens("\\(\\text{Month/Day/\\}\\)")[0][:2] == ("\\(", "(")


def test_split_dates_stay_readable_pieces():
    assert [t[0] for t in tokens("Common Stock 02/06/20\t\t\t023\tA")] == [
        "Common", "Stock", "02/06/20", "023", "A"]


def test_layout_attributes_from_a_tab_separated_table(seeds):
    text = dict((i, t) for i, t, _ in seeds)["000_bf81ea8f41d8316e"]
    doc = make_doc(text)
    row = [t for t in doc if t.text == "116,464"][0]
    assert row._.section == "table1"
    assert row._.heading == "owned"
    assert row._.cell == 8
    assert row._.line == text.count("\n", 0, row.idx)
    price = [t for t in doc if t.text == "120.34"][0]
    assert price._.heading == "price"
    explanation = [t for t in doc if t.text == "withheld"][0]
    assert explanation._.section == "explanation"
    assert [t for t in doc if t.text == "QLYS"][0]._.section == "header"


def test_layout_attributes_from_a_markdown_table(seeds):
    text = dict((i, t) for i, t, _ in seeds)["001_0c713b35960811ef"]
    doc = make_doc(text)
    code = [t for t in doc if t.text == "A" and t._.section == "table1" and t._.heading == "code"]
    assert len(code) == 1
    assert [t for t in doc if t.text == "69,961"][0]._.heading == "owned"
    assert [t for t in doc if t.text == "Table" and t._.section == "table2"]


def test_table_headings_ocr_garbled_past_the_patterns_still_start_their_sections():
    # Tesseract lines (dev h097b): 'Table II' read as 'Table I', 'Table I' as 'Tle 1'.
    text = ("Name and Address\nZYNGA INC\n"
            "\u201cTle 1- Non Derivative Secures Acquired, Disposed, or Beetically Owned\n"
            "Class A Stock 01/01/2012 M 718\n"
            "\u201cTable I Derivative Secures Acquired, Disposed oor Beneficially Owned\n"
            "Class B Stock 30,718 (1)\n"
            "5. Number of Derivative Securities Acquired (A) or Disposed of (D)\n"
            "Restricted Stock 3,109,744\n")
    section = {t.text: t._.section for t in make_doc(text) if t._.kind != "space"}
    assert (section["ZYNGA"], section["718"], section["30,718"]) == ("header", "table1", "table2")
    # A heading the patterns find is theirs.
    plain = text.replace("\u201cTle 1- Non Derivative Secures", "Table I - Non-Derivative Securities")
    section = {t.text: t._.section for t in make_doc(plain) if t._.kind != "space"}
    assert (section["718"], section["30,718"], section["3,109,744"]) == ("table1", "table2", "table2")
    # Table II's column heading is like the tables' heading, but not enough to start one.
    lost = text.replace("\u201cTable I Derivative Secures Acquired, Disposed oor Beneficially Owned\n", "")
    section = {t.text: t._.section for t in make_doc(lost) if t._.kind != "space"}
    assert (section["30,718"], section["3,109,744"]) == ("table1", "table1")


def test_explanation_heading_with_its_plural_lost_to_ocr_starts_the_notes():
    text = "Signatures\n/s/ Jane Roe 03/07/2025\nExplanation of Response:\n(1) Shares withheld for taxes.\n"
    section = {t.text: t._.section for t in make_doc(text) if t._.kind != "space"}
    assert (section["Roe"], section["withheld"]) == ("signatures", "explanation")


def test_rows_cut_into_the_forms_grid_take_its_columns():
    # html2text prints the sub-headings of Table II without the cells they sit under
    # ('Code' first), and its numbered headings wrap over lines: neither lines up with
    # the data cells. A row of exactly the form's 16 cells is the form's grid.
    text = ("Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned\n"
            "1\\. Title of Derivative  \n(Instr. 3) | 2\\. Conversion | 3\\. Transaction Date | "
            "3A. Deemed | 4\\. Transaction Code  \n(Instr. 8) | 5\\. Number\n"
            "---|---|---|---\n"
            "Code | V | (A) | (D) | Date Exercisable | Expiration Date | Title | Amount or Number of Shares  \n"
            "Class B Common Stock | $ 0 | 01/01/2012 |  | M |  | 30,718 |  | (1) | (1) | "
            "Class A Common Stock | 30,719 | $ 0 | 1,443,715 | D |   \n")
    doc = make_doc(text)
    heading = {t.text: t._.heading for t in doc if t._.kind != "space"}
    assert (heading["M"], heading["30,718"], heading["30,719"]) == ("code", "acq", "und_amount")
    assert (heading["01/01/2012"], heading["1,443,715"], heading["D"]) == ("date", "owned", "di")
    framed = make_doc(text.replace("Class B Common Stock | $", "| Class B Common Stock | $")
                      .replace("| D |   \n", "| D |  |\n"))
    assert [t for t in framed if t.text == "30,718"][0]._.heading == "acq"


def test_rejects_non_text():
    import pytest
    with pytest.raises(TokenizerError):
        make_doc(b"bytes")
    with pytest.raises(TokenizerError):
        make_doc("lone \ud800 surrogate")


def test_pathological_lines_are_linear():
    import time
    start = time.perf_counter()
    make_doc("1" * 200_000 + "|" * 100_000 + "a" * 100_000)
    assert time.perf_counter() - start < 10


def test_words_first_seen_in_a_vocabulary_zone_are_let_go_when_it_closes():
    """A long batch reads its documents in zones of `every` documents: what the vocabulary
    learnt from one zone's documents is freed when the next zone opens, so it stays bounded."""
    import spacy

    from extractor.tokenizer import VocabZones
    vocab = spacy.blank("en").vocab
    make_doc("Common Stock 1,000 D", vocab)           # read outside any zone: kept
    zones = VocabZones(every=2, vocab=vocab)
    for k in range(5):
        zones.tick()
        doc = make_doc(f"Common Stock {k}11,{k}22 Zyxw{k}", vocab)
        assert [t.text for t in doc if not t.is_space][-1] == f"Zyxw{k}"
    zones.close()
    assert "Stock" in vocab.strings and "1,000" in vocab.strings
    assert not any(f"Zyxw{k}" in vocab.strings for k in range(5))
