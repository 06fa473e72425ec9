import json

from extractor.record import Record
from extractor.tokenizer import make_doc
from extractor.training.align import align
from extractor.training.annotate import read_annotations, write_annotations
from extractor.training.search import DocIndex
from extractor.vocabulary import LABEL_NAMES

from .conftest import DATA


def row_lines(text, alignment):
    """line of each row's title span, per row."""
    return {s.row: text.count("\n", 0, s.start) for s in alignment.spans
            if s.label.endswith("_title") and s.label != "officer_title"}


def test_every_seed_value_lands_in_its_row(seeds):
    for doc_id, text, record in seeds:
        alignment = align(text, record)
        titles = row_lines(text, alignment)
        for s in alignment.spans:
            if s.row in titles:
                line = text.count("\n", 0, s.start)
                # a row's values sit on its title's line, never on another row's line
                assert line == titles[s.row] or line not in titles.values(), (doc_id, s)
        assert len(titles) == sum(len(getattr(record, t)) for t in (
            "non_derivative_transactions", "non_derivative_holdings",
            "derivative_transactions", "derivative_holdings")), doc_id


def test_seed_coverage_and_reported_gaps(seeds):
    expected = aligned = 0
    for doc_id, text, record in seeds:
        alignment = align(text, record)
        expected += len(alignment.expected)
        aligned += len(alignment.expected) - len(alignment.unaligned)
        for gap in alignment.unaligned:
            assert gap["reason"] and gap["path"] in alignment.expected
    assert aligned / expected >= 0.98


def test_spans_read_as_their_values(seeds):
    doc_id, text, record = seeds[0]
    alignment = align(text, record)
    by_path = {s.path: text[s.start:s.end] for s in alignment.spans}
    assert by_path["non_derivative_transactions[0].shares"] == "3,052"
    assert by_path["non_derivative_transactions[0].price_per_share"] == "120.34"
    assert by_path["issuer.ticker"] == "QLYS"
    assert by_path["reporting_owners[0].is_officer"].startswith("<input checked")
    assert by_path["signatures[0].date"] == "11/04/2024"


def test_split_numbers_and_dates_align_across_cells(seeds):
    text, record = {i: (t, r) for i, t, r in seeds}["004_6f1bfb28d9774b22"]
    spans = {s.path: text[s.start:s.end] for s in align(text, record).spans}
    assert spans["non_derivative_transactions[0].shares"] == "23,13\t39"
    assert spans["non_derivative_transactions[1].price_per_share"] == "110.03\t352"


def test_missing_values_are_reported_not_dropped(seeds):
    _, text, record = seeds[0]
    owner = record.reporting_owners[0]
    from dataclasses import replace
    changed = replace(record, reporting_owners=(replace(owner, city="SPRINGFIELD"),))
    alignment = align(text, changed)
    assert [g["path"] for g in alignment.unaligned] == ["reporting_owners[0].city"]


def test_spans_are_well_formed(real_samples):
    for doc_id, text, record in real_samples:
        doc = make_doc(text)
        starts = {t.idx for t in doc}
        ends = {t.idx + len(t) for t in doc}
        spans = align(text, record, doc).spans
        for a, b in zip(spans, spans[1:]):
            assert a.end <= b.start, (doc_id, a, b)        # no overlaps
        for s in spans:
            assert s.label in LABEL_NAMES
            assert s.start in starts and s.end in ends      # on token boundaries
            assert text[s.start:s.end].strip() == text[s.start:s.end]


def test_real_samples_align_well_outside_ocr(real_samples):
    for doc_id, text, record in real_samples:
        alignment = align(text, record)
        if doc_id in ("h006a", "h026a", "h041c"):   # Tesseract OCR: values lost in the text
            continue
        assert alignment.coverage >= 0.9, (doc_id, alignment.unaligned)


def test_annotation_jsonl(tmp_path):
    out = tmp_path / "a.jsonl"
    coverage = write_annotations(DATA / "real/docs", DATA / "real/gold", out)
    lines = list(read_annotations(out))
    assert len(lines) == 9
    first = lines[0]
    assert set(first) == {"text", "spans", "record", "meta"}
    assert set(first["spans"][0]) == {"start", "end", "label", "row", "path"}
    assert first["meta"]["renderer"] == "markdownify"
    assert Record.from_dict(first["record"]).issuer.ticker == "SCWO"
    assert coverage.rows()[0][0] == "all"
    json.dumps(first)


def test_a_long_note_aligns_where_it_was_read_not_to_its_lookalikes_next_door():
    """Notes written from one template (OCR'd, a few letters off): each lands on its own lines."""
    template = ("The reporting person is one of the Managing Members of {m}, which is the General Partner "
                "of {f}, and may be deemed to share voting and investment power over the securities held "
                "by {f}. The reporting person disclaims beneficial ownership over such securities except "
                "to the extent of his pecuniary interest therein, and the inclusion of these securities in "
                "this report shall not be deemed an admission of beneficial ownership of the reported "
                "securities for purposes of Section 16 or for any other purposes.")
    funds = [("The Founders Fund II Management, LLC", "The Founders Fund II Entrepreneurs Fund, LP"),
             ("FF II Management", "The Founders Fund II Principals Fund, LP"),
             ("FF II Management", "The Founders Fund II, LP")]
    notes = {f"F{k + 3}": template.format(m=m, f=f) for k, (m, f) in enumerate(funds)}
    slips = [("of the", "ofthe"), ("II", "Il"), ("in this", "inthis"), ("interest", "intrest")]
    lines = []
    for fid, note in notes.items():
        for a, b in slips:
            note = note.replace(a, b)
        lines.append(f"({fid[1:]}) {note}")
    text = "Explanation of Responses:\n" + "\n".join(lines) + "\n"
    spans = align(text, Record.from_dict({"footnotes": notes})).spans
    for k, fid in enumerate(notes):
        start, end = text.index(f"({3 + k})"), text.index("\n", text.index(f"({3 + k})"))
        mine = [s for s in spans if s.path == f"footnotes.{fid}"]
        assert mine and all(start <= s.start and s.end <= end for s in mine), fid


def test_a_note_ocr_misread_word_after_word_still_aligns_and_twins_each_take_their_own():
    """Sparse OCR's 'Represents etre stock units grated on March 10, 2025, which vest nequl
    annual insalliments ...' (dev h038a): under half its letters are in words read right,
    but the misread words are most of their gold words' letters. And of two notes read
    alike where the first takes the other's lines, the second takes what is left."""
    note = ("Represents restricted stock units granted on March 10, 2025, which vest in equal annual "
            "installments over a three year period on each of the succeeding three anniversaries of "
            "the grant date.")
    ocr = ("Represents etre stock units grated on March 10, 2025, which vest nequl annual insalliments "
           "oer a thee yes pera on each of he succeeding tee aniversaries ofthe grant date")
    text = f"Explanation of Responses:\n(1) Each unit is one share.\n\n(2) {ocr}\n\nRemarks:\n"
    alignment = align(text, Record.from_dict({"footnotes": {"F1": "Each unit is one share.", "F2": note}}))
    mine = [s for s in alignment.spans if s.path == "footnotes.F2" and s.label == "fn_text"]
    assert mine and mine[0].start == text.index("Represents") and mine[-1].end == text.index(" date") + 5
    assert not alignment.unaligned
    twin = "The shares are held by the 2020 Family Trust f/b/o Child {n} for which the child is the beneficiary."
    text = ("Explanation of Responses:\n(1) The shares are held by the 2020 Family Trust bo Child 1 for which the\n"
            "(2) The shares are held by the 2020 Family Trust f/b/o Child 1 for which the child is the beneficiary.\n")
    alignment = align(text, Record.from_dict({"footnotes": {"F1": twin.format(n=1), "F2": twin.format(n=2)}}))
    assert {s.path for s in alignment.spans if s.label == "fn_text"} == {"footnotes.F1", "footnotes.F2"}


def test_a_note_aligns_over_sparse_ocr_blank_lines_and_takes_its_centred_marker():
    """Sparse OCR: a blank line after every line, the marker (read as 'a') alone between
    the note's lines - its last line is still the note's. pdftotext: the marker '(2)' on
    the note's middle line is its id."""
    note = ("This restricted stock unit award vests ratably over a four-year period in annual "
            "installments, subject to the Reporting Person's continued service through the applicable "
            "vesting date.")
    text = ("Explanation of Responses:\n\nThis restricted stock unit award vests ratably over a four-year "
            "period in annual installments, subject to the Reporting Person's continued\n\na\n\n"
            "service through the applicable vesting date.\n\nRemarks:\n")
    spans = align(text, Record.from_dict({"footnotes": {"F1": note}})).spans
    assert max(s.end for s in spans if s.label == "fn_text") == text.index(" date.") + 6
    text = ("Explanation of Responses:\n(1) Each unit is one share.\nThe reporting person holds these shares "
            "through a family trust of which\n(2) he and his spouse are trustees, and disclaims beneficial "
            "ownership except to\nthe extent of his pecuniary interest therein.\n")
    notes = {"F1": "Each unit is one share.",
             "F2": "The reporting person holds these shares through a family trust of which he and his spouse "
                   "are trustees, and disclaims beneficial ownership except to the extent of his pecuniary "
                   "interest therein."}
    spans = align(text, Record.from_dict({"footnotes": notes})).spans
    ids = {text[s.start:s.end]: s.path for s in spans if s.label == "fn_id"}
    assert ids == {"(1)": "footnotes.F1.id", "(2)": "footnotes.F2.id"}


def test_an_issuer_name_is_not_the_street_that_is_a_piece_of_it():
    """JetBlue's officers give 'JETBLUE AIRWAYS' as their first street line: the header's
    'JETBLUE AIRWAYS CORP' is the issuer, the address line's words are the street."""
    text = ("1. Name and Address of Reporting Person *\nClements Carol Ann\n"
            "2. Issuer Name and Ticker or Trading Symbol\nJETBLUE AIRWAYS CORP [JBLU]\n"
            "(Last) (First) (Middle)\nJETBLUE AIRWAYS, 27-01 QUEENS PLAZA NORTH\n"
            "(Street)\nLONG ISLAND CITY, NY 11101\n")
    record = Record.from_dict({"issuer": {"name": "JETBLUE AIRWAYS CORP", "ticker": "JBLU"},
                               "reporting_owners": [{"name": "Clements Carol Ann", "street1": "JETBLUE AIRWAYS",
                                                     "street2": "27-01 QUEENS PLAZA NORTH"}]})
    spans = {(text[s.start:s.end], s.label) for s in align(text, record).spans}
    assert ("JETBLUE AIRWAYS CORP", "issuer_name") in spans and ("JBLU", "ticker") in spans
    street = text.index("JETBLUE AIRWAYS,")
    assert [s.label for s in align(text, record).spans if s.start == street] == ["owner_street1"]


def test_one_value_in_two_columns_of_a_row_takes_them_left_to_right():
    """pdftotext -layout wraps the amount cell onto the line above its row: '125,628'
    acquired stands there, and the same '125,628' held after stands on the row's line.
    Nearness alone gives the row's copy to the amount; the form's column order does not."""
    head = ("1.Title of Security          2. Transaction   3. Transaction 4. Securities Acquired"
            "  5. Amount of Securities     6.\n"
            "(Instr. 3)                   Date             Code           (A) or Disposed of (D)"
            "  Beneficially Owned Following Ownership\n"
            "                                              Code    V Amount (A) or (D) Price\n")
    wrapped = " " * 61 + "125,628\n"
    row = ("Class A Common Stock         01/06/2023       A              A         $ 0 "
           "125,628                      D\n")
    text = "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\n" \
        + head + wrapped + row
    record = Record.from_dict({"non_derivative_transactions": [{
        "security_title": "Class A Common Stock", "transaction_date": "2023-01-06",
        "transaction_code": "A", "shares": 125628, "acquired_disposed": "A", "price_per_share": 0,
        "shares_owned_following": 125628, "direct_or_indirect": "D"}]})
    where = {s.path.rsplit(".", 1)[1]: s.start for s in align(text, record).spans}
    assert where["shares"] == text.index(wrapped.strip())
    assert where["shares_owned_following"] == text.index("125,628", text.index(row))
    assert where["transaction_code"] < where["acquired_disposed"]


def test_a_title_wrapped_down_its_column_is_read_in_its_own_row_not_the_next():
    """pdftotext -layout wraps 'Class B Common Stock' down the title column of a row, and the
    row below has the same title: each row's title is its own lines (not the better match of
    the next row's), and the same text in the underlying column of the row above is that
    row's underlying title."""
    def line(*cells):          # (column, text) pairs -> one fixed-width line
        out = ""
        for col, cell in cells:
            out = out.ljust(col) + cell
        return out
    rows = [("Restricted", "Stock", "Unit", "Class B", "Common", "Stock (2)", "$0", "M", "30,717"),
            ("Class B", "Common", "Stock (2)", "Class A", "Common", "Stock", "$0", "M", "30,717"),
            ("Class B", "Common", "Stock (2)", "Class A", "Common", "Stock", "$0", "", "3,109,744")]
    lines = ["Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned",
             line((0, "1. Title of"), (40, "4."), (70, "7. Title and Amount of")),
             line((0, "Derivative"), (40, "Transaction"), (70, "Underlying Securities")),
             line((0, "Security"), (40, "Code"), (70, "Title"), (90, "Amount"))]
    for title1, title2, title3, und1, und2, und3, price, code, amount in rows:
        lines += [line((0, title1), (70, und1)),
                  line((0, title2), (20, price), (40, code), (70, und2), (90, amount)),
                  line((0, title3), (70, und3))]
    text = "\n".join(lines) + "\n"
    record = Record.from_dict({"derivative_transactions": [
        {"security_title": "Restricted Stock Unit", "transaction_code": "M",
         "underlying_security_title": "Class B Common Stock", "underlying_shares": 30717},
        {"security_title": "Class B Common Stock", "transaction_code": "M",
         "underlying_security_title": "Class A Common Stock", "underlying_shares": 30717}],
        "derivative_holdings": [
        {"security_title": "Class B Common Stock",
         "underlying_security_title": "Class A Common Stock", "underlying_shares": 3109744}]})
    columns = {}
    for s in align(text, record).spans:
        if s.label in ("d_title", "d_und_title"):
            columns.setdefault((s.row, s.label), set()).add(s.start - text.rfind("\n", 0, s.start) - 1)
    assert columns == {("derivative_transactions[0]", "d_title"): {0},
                       ("derivative_transactions[0]", "d_und_title"): {70},
                       ("derivative_transactions[1]", "d_title"): {0},
                       ("derivative_transactions[1]", "d_und_title"): {70},
                       ("derivative_holdings[0]", "d_title"): {0},
                       ("derivative_holdings[0]", "d_und_title"): {70}}


def test_a_row_title_is_read_under_the_title_heading_before_an_underlying_cell_with_its_text():
    """html2text puts row 0's underlying 'Class B Common Stock' on its line, before row 1's
    title 'Class B Common Stock': row order alone would give row 1 the underlying cell."""
    text = ("Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned\n"
            "1. Title of Derivative Security | 4. Transaction Code | 7. Title and Amount of "
            "Underlying Securities | \n"
            "---|---|---|---\n"
            " |  Code | Title | Amount or Number of Shares\n"
            "Restricted Stock Unit | M | Class B Common Stock (2) | 30,718\n"
            "Class B Common Stock (2) | M | Class A Common Stock | 30,718\n")
    record = Record.from_dict({"derivative_transactions": [
        {"security_title": "Restricted Stock Unit", "transaction_code": "M",
         "underlying_security_title": "Class B Common Stock", "underlying_shares": 30718},
        {"security_title": "Class B Common Stock", "transaction_code": "M",
         "underlying_security_title": "Class A Common Stock", "underlying_shares": 30718}]})
    spans = {s.path: s.start for s in align(text, record).spans}
    second = text.index("Class B Common Stock (2) | M")
    assert spans["derivative_transactions[1].security_title"] == second
    assert spans["derivative_transactions[0].underlying_security_title"] == text.index("Class B Common Stock")


def _labelled(text, record):
    """{label: [span text, ...]} of an alignment."""
    out = {}
    for s in align(text, record).spans:
        out.setdefault(s.label, []).append(text[s.start:s.end])
    return out


def test_a_street_wrapped_past_the_date_beside_it_is_read_in_its_pieces():
    """pdftotext's header box: the street goes on below the date of the next box."""
    text = ("1. Name and Address of Reporting Person *\n"
            "Dodge R Stanton\n"
            "(Last) (First) (Middle) 3. Date of Earliest Transaction (Month/Day/Year)\n"
            "C/O DRAFTKINGS INC., 222 BERKELEY 03/14/2025\n"
            "STREET, 5TH FLOOR\n"
            "(Street)\n"
            "BOSTON MA 02116\n")
    record = Record.from_dict({
        "period_of_report": "2025-03-14",
        "reporting_owners": [{"name": "Dodge R Stanton", "street1": "C/O DRAFTKINGS INC.",
                              "street2": "222 BERKELEY STREET, 5TH FLOOR", "city": "BOSTON",
                              "state": "MA", "zip": "02116"}]})
    labelled = _labelled(text, record)
    assert labelled["owner_street2"] == ["222 BERKELEY", "STREET, 5TH FLOOR"]
    assert labelled["period"] == ["03/14/2025"]


def test_a_stop_ocr_misread_at_a_notes_end_is_still_the_notes():
    note = ("Each restricted stock unit represents a contingent right to receive one share of "
            "the issuer's common stock upon settlement.")
    text = ("Explanation of Responses:\n"
            "(1) " + note[:-1] + ",\n"
            "Remarks:\n")
    record = Record.from_dict({"footnotes": {"F1": note}})
    assert _labelled(text, record)["fn_text"] == [note[:-1] + ","]


def test_a_lone_rows_values_read_far_below_it_in_reading_order_are_its_own():
    """pdftotext reads a one-row table a cell at a time with the column headings between:
    the row's amount (Table II's row has it too) and code stand far from its title and date,
    but are its own."""
    filler = "\n".join(["4. Securities", "Acquired", "5. Amount", "of Securities", "Beneficially",
                        "(A) or", "Disposed of (D)", "Owned", "Following", "Reported",
                        "(Instr. 3, 4 and 5)", "Transaction(s)", "(Instr. 3 and 4)", "Form:",
                        "Direct (D)", "or Indirect", "(I)", "Ownership", "of Indirect"]) + "\n"
    text = ("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\n"
            "1. Title of Security\n\n"
            "Class A Common Stock\n\n05/15/2021\n\nV\n\n"
            + filler * 2 +
            "Amount\n\n1,386\n\nM\n\n(1)\n\n(A) or\n(D) Price\n\n"
            + filler +
            "A\n\nD\n\n$ 0 12,947\n\n"
            "Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned\n"
            "Restricted\nStock\nUnits\n\n05/15/2021\n\nM\n\n1,386\n\n")
    record = Record.from_dict({"derivative_transactions": [{
        "security_title": "Restricted Stock Units", "transaction_date": "2021-05-15",
        "transaction_code": "M", "shares": 1386, "acquired_disposed": "D"}],
                               "non_derivative_transactions": [{
        "security_title": "Class A Common Stock", "transaction_date": "2021-05-15",
        "transaction_code": "M", "shares": 1386, "acquired_disposed": "A", "price_per_share": 0,
        "shares_owned_following": 12947, "direct_or_indirect": "D", "footnotes": ["F1"]}]})
    spans = {s.path: s for s in align(text, record).spans}
    row = "non_derivative_transactions[0]"
    read = {key: text[spans[f"{row}.{key}"].start:spans[f"{row}.{key}"].end]
            for key in ("shares", "transaction_code", "footnotes")}
    assert read == {"shares": "1,386", "transaction_code": "M", "footnotes": "(1)"}
    assert spans[f"{row}.acquired_disposed"].start == text.index("A\n\nD\n\n$ 0")


def test_the_forms_instruction_references_hold_no_values():
    """'(Instr. 3, 4 and 5)' is the form's; its '4' is no amount, nor an 'A' OCR misread."""
    text = "5. Amount (Instr. 3, 4 and 5) (inst 4)\nA 4\n"
    index = DocIndex.build(make_doc(text))
    row = text.index("A 4")
    assert [index.char_span(h.first, h.last)[0] for h in index.codes("A", "AD")] == [row, row + 2]
    assert [index.char_span(h.first, h.last)[0] for h in index.numbers(4)] == [row + 2]


def test_a_table_read_a_cell_a_line_is_read_so_among_long_lines_of_notes():
    """pdftotext reads the table a cell at a time, but long notes and instructions make most
    of the text's lines long: the row's title stands on a line of its own, so its D/I and
    note mark past the column headings are still its own."""
    headings = "\n".join(["6.", "7. Nature", "Ownership of Indirect", "Form:", "Beneficial",
                          "Direct (D) Ownership", "or Indirect (Instr. 4)", "(I)", "(Instr. 4)",
                          "", "Amount of Securities", "Beneficially Owned"]) + "\n"
    instructions = ("Persons who respond to the collection of information contained in this form "
                    "are not required to respond unless the form displays a valid number.\n") * 40
    text = ("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\n"
            "Common Stock\n\n01/10/2025\n\nS\n\n1,500 D\n\n$\n66.903 37,565\n\n"
            + headings + "\nD\n\n(1)\n" + instructions)
    record = Record.from_dict({"non_derivative_transactions": [{
        "security_title": "Common Stock", "transaction_date": "2025-01-10", "transaction_code": "S",
        "shares": 1500, "acquired_disposed": "D", "price_per_share": 66.903,
        "shares_owned_following": 37565, "direct_or_indirect": "D", "footnotes": ["F1"]}]})
    spans = {s.path: s for s in align(text, record).spans}
    row = "non_derivative_transactions[0]"
    assert spans[f"{row}.direct_or_indirect"].start == text.index("\nD\n\n(1)") + 1
    assert spans[f"{row}.footnotes"].start == text.index("(1)")


def test_a_letter_in_brackets_is_the_forms_heading_not_a_value():
    text = "Direct (D) or Indirect (I)\n(A) or (D)\nD I A\n"
    index = DocIndex.build(make_doc(text))
    row = text.index("D I A")
    for value, alphabet, at in (("D", "DI", row), ("I", "DI", row + 2), ("A", "AD", row + 4)):
        assert [index.char_span(h.first, h.last)[0] for h in index.codes(value, alphabet)] == [at]


def test_a_wide_tables_right_columns_printed_after_the_signatures_are_its_rows():
    """pdftotext may print Table II's right-hand columns after the signatures: the row's
    price '$0' and its D/I stand there beside its distinctive numbers, and are its own."""
    text = ("Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned\n"
            "1. Title of\nDerivative\nSecurity\n\n"
            "Restricted\nStock\nUnits\n\n05/28/2019\n\nA\n\nV\n\n(A)\n\n644\n\n"
            "Signatures\n/s/ Keith R. Dolliver, Attorney-in-Fact\n**\n\n"
            "Signature of Reporting Person\n\n05/30/2019\nDate\n\n"
            "8. Price of 9. Number of 10.\nDerivative Derivative\nSecurity Securities\n\n"
            "Amount\nor\nNumber\nof\nShares\n\n644\n\n$0\n\n7,537\n\nD\n\n"
            "Explanation of Responses:\n"
            "(1) Each restricted stock unit is one share of common stock. D\n")
    record = Record.from_dict({
        "derivative_transactions": [{
            "security_title": "Restricted Stock Units", "transaction_date": "2019-05-28",
            "transaction_code": "A", "shares": 644, "acquired_disposed": "A",
            "underlying_shares": 644, "price_per_share": 0, "shares_owned_following": 7537,
            "direct_or_indirect": "D"}],
        "signatures": [{"name": "/s/ Keith R. Dolliver, Attorney-in-Fact", "date": "2019-05-30"}]})
    spans = {s.path: s for s in align(text, record).spans}
    row = "derivative_transactions[0]"
    assert spans[f"{row}.price_per_share"].start == text.index("$0") + 1
    assert spans[f"{row}.direct_or_indirect"].start == text.index("7,537\n\nD") + 7
    # a letter far from the row's numbers there is not its own
    text_far = text.replace("7,537\n\nD\n\n", "7,537\n\n" + "Reported\nTransaction(s)\n" * 12 + "D\n\n")
    assert f"{row}.direct_or_indirect" not in {s.path for s in align(text_far, record).spans}


def test_a_value_printed_out_of_row_order_is_read_once_the_rest_of_its_row_is_placed():
    """pdftotext may print a row's amount under a heading it reads only after the next
    row's values. Placed in row order it is out of turn; once the rest of its row is placed
    it stands beside it, and is its own."""
    text = ("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\n"
            "1.Title of Security\n(Instr. 3)\n\n2. Transaction\nDate\n\nCode\n\n"
            "Common Stock\n\n07/05/2022\n\nA\n\nCommon Stock\n\n08/22/2022\n\nM\n\n"
            "4. Securities Acquired\n(A) or Disposed of (D)\n(Instr. 3, 4 and 5)\n\nV\n\n"
            "(A) or\n(D) Price\n\n6.\n7. Nature of\nOwnership Indirect Beneficial\nForm:\n"
            "Ownership\nDirect (D) (Instr. 4)\nor Indirect\n(I)\n(Instr. 4)\n\n"
            "A\n\n$ 0 9,476\n\nD\n\n24,606\n\nA\n\n$ 0 34,082\n\nD\n\nAmount\n\n2,728\n\n")
    rows = [("2022-07-05", "A", 2728, 9476), ("2022-08-22", "M", 24606, 34082)]
    record = Record.from_dict({"non_derivative_transactions": [{
        "security_title": "Common Stock", "transaction_date": date, "transaction_code": code,
        "shares": shares, "price_per_share": 0, "acquired_disposed": "A",
        "shares_owned_following": owned, "direct_or_indirect": "D"} for date, code, shares, owned in rows]})
    spans = {s.path: s for s in align(text, record).spans}
    read = {i: text[spans[f"non_derivative_transactions[{i}].shares"].start:
                    spans[f"non_derivative_transactions[{i}].shares"].end] for i in (0, 1)}
    assert read == {0: "2,728", 1: "24,606"}
