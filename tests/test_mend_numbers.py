"""Mends of the tagged spans (`extractor.mend_numbers`, `extractor.mend_letters`): the
tables' short values the tagger left untagged or gave another label, from hand-built
spans; no model involved."""
import re

from extractor.mend_numbers import aligned_numbers
from extractor.rows import geometry

from .assembly import DEFERRED_TAIL, PDFTOTEXT_TABLE1, PDFTOTEXT_TABLE2, extract, spans_for


def test_a_code_read_among_table_iis_sub_headings_is_the_rows_code():
    """pdftotext reads Table II's sub-headings among the first row's cells ('V' / 'M' /
    '(A)'): the letter alone on its line there is the row's code; 'V' is the heading."""
    marks = [("d_title", "Stock\nOptions", 0), ("d_date", "02/14/2024", 0), ("d_shares_d", "5,000", 0)]
    record, draft = extract(PDFTOTEXT_TABLE2, marks)
    (row,) = record.derivative_transactions
    assert (row.transaction_code, row.acquired_disposed) == ("M", "D")
    assert draft.prov["derivative_transactions[0].transaction_code"].spans[0].start == \
        PDFTOTEXT_TABLE2.index("\nM\n") + 1
    # without the letter, 'V' alone is no code
    record, _ = extract(PDFTOTEXT_TABLE2.replace("M\n\n(A)", "(A)"), marks)
    assert record.derivative_transactions[0].transaction_code is None


def test_table_iis_last_columns_read_after_the_signatures_keep_their_price_and_form():
    """pdftotext can print Table II's columns 8 to 11 after the signatures, under their own
    headings, with the notes of the dates before them just above; the tagger reads the
    counts there but not a bare '$0', 'D' or '(2)'."""
    text = PDFTOTEXT_TABLE2 + "\n" + DEFERRED_TAIL
    marks = [("d_title", "Stock\nOptions", 0), ("d_date", "02/14/2024", 0), ("d_shares_d", "5,000", 0),
             ("d_und_shares", "5,000", 1), ("d_owned", "7,537", 0),
             ("sig_name", "/s/ Ann Habernigg, Attorney-in-fact", 0), ("sig_date", "05/30/2019", 0)]
    record, draft = extract(text, marks)
    (row,) = record.derivative_transactions
    assert (row.underlying_shares, row.price_per_share, row.shares_owned_following, row.direct_or_indirect,
            row.footnotes) == (5000, 0, 7537, "D", ("F2",))
    assert draft.prov["derivative_transactions[0].direct_or_indirect"].spans[0].start == text.rindex("\nD\n") + 1
    # a letter after a line of prose is no longer the table's
    prose = "(1) Each option vests in four equal yearly parts from the grant date on.\n"
    record, _ = extract(text.replace("7,537\n\nD\n", "7,537\n\n" + prose + "D\n"), marks)
    assert record.derivative_transactions[0].direct_or_indirect is None


def test_an_untagged_marker_of_a_note_no_row_refers_to_is_its_rows_reference():
    """pdftotext wrote column headings between a row's '$' and its price, with the
    holding's marker '(2)' among them, and the tagger left '(2)' untagged. Every note is
    referred to by a row, so the untagged marker of note 2 is a reference; not the '(1)'
    above the table's first row, a heading's, nor one of a note a row refers to already."""
    text = ("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\n\n"
            "Code\nV Amount (D) Price (1)\n\n"
            "Class A Common Stock\n\n03/05/2025\n\nF\n\n11,084 D\n(1)\n\n"
            "5. Amount of Securities\nBeneficially Owned Following\n\n$\n(2)\n253.63 627,104\n\nD\n\n"
            "Explanation of Responses:\n"
            "(1) Represents shares withheld by the Issuer to satisfy the tax withholding.\n"
            "(2) Includes 226,338 restricted stock units held by the Reporting Person.\n")
    marks = [("nd_title", "Class A Common Stock", 0), ("nd_date", "03/05/2025", 0), ("nd_code", "F", 0),
             ("nd_shares", "11,084", 0), ("nd_ad", "D", 0), ("fn_ref", "(1)", 1), ("nd_price", "253.63", 0),
             ("nd_owned", "627,104", 0), ("nd_di", "D", 1),
             ("fn_id", "(1)", 2), ("fn_text", "Represents shares withheld by the Issuer to satisfy the tax "
                                             "withholding.", 0),
             ("fn_id", "(2)", 1), ("fn_text", "Includes 226,338 restricted stock units held by the "
                                             "Reporting Person.", 0)]
    record, draft = extract(text, marks)
    withheld, = record.non_derivative_transactions
    assert list(record.footnotes) == ["F1", "F2"]
    assert sorted(withheld.footnotes) == ["F1", "F2"]
    assert min(s.prob for s in draft.prov["non_derivative_transactions[0].footnotes"].spans) == 0.3
    # an untagged marker of a note a row refers to already is left alone
    record, draft = extract(text.replace("$\n(2)\n", "$\n(1)\n"),
                            [{("fn_id", "(1)"): ("fn_id", "(1)", 3), ("fn_id", "(2)"): ("fn_id", "(2)", 0)}
                             .get(m[:2], m) for m in marks])
    assert record.non_derivative_transactions[0].footnotes == ("F1",)
    assert [s.prob for s in draft.prov["non_derivative_transactions[0].footnotes"].spans] == [0.95]
    # the heading's '(1)' above the table's first row refers to no row
    record, _ = extract(text.replace("11,084 D\n(1)\n", "11,084 D\n"),
                        [m if m[:2] != ("fn_id", "(1)") else ("fn_id", "(1)", 1)
                         for m in marks if m[0] != "fn_ref"])
    assert record.non_derivative_transactions[0].footnotes == ("F2",)


def test_an_amount_alone_between_a_rows_a_d_and_holding_is_its_price():
    """OCR of a Table I row: '$0' read as 'S0' stands between the A/D and the holding, and
    the tagger left it untagged. The columns run amount, A/D, price, holding: it is the
    price. A garbled marker there ('G)' for '(3)') is none."""
    text = ("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\n\n"
            "Class A Common Stock 05/15/2018 M 1,997 A __|S0 [8,308 D\n")
    marks = [("nd_title", "Class A Common Stock", 0), ("nd_date", "05/15/2018", 0), ("nd_code", "M", 0),
             ("nd_shares", "1,997", 0), ("nd_ad", "A", 1), ("nd_owned", "8,308", 0), ("nd_di", "D", 0)]
    record, draft = extract(text, marks)
    (row,) = record.non_derivative_transactions
    assert row.price_per_share == 0 and row.shares_owned_following == 8308
    assert draft.prov["non_derivative_transactions[0].price_per_share"].spans[0].prob < 0.5
    record, _ = extract(text.replace("S0", "G)"), marks)
    assert record.non_derivative_transactions[0].price_per_share is None


PDFTOTEXT_DOLLAR_ROWS = PDFTOTEXT_TABLE1.split("Common Stock")[0] + """Common Share

03/17/2025

F

2,954 D
(5)

$
(2) (3)
27.61 66,110

D

Common Share

03/17/2025

F

1,897 D

$
(2)
27.61 64,213

D
"""


def test_a_number_after_a_dollar_sign_under_table_i_is_the_price():
    """pdftotext (dev h085a, h014a, a retrained tagger): '$' / '(2)' / '27.61 66,110': the
    number after the dollar sign, left untagged or run into the holding, is the price."""
    text = PDFTOTEXT_DOLLAR_ROWS
    marks = [("nd_title", "Common Share", 0), ("nd_date", "03/17/2025", 0), ("nd_code", "F", 0),
             ("nd_shares", "2,954", 0), ("nd_ad", "D", 1), ("nd_owned", "27.61 66,110", 0), ("nd_di", "D", 2),
             ("nd_title", "Common Share", 1), ("nd_date", "03/17/2025", 1), ("nd_code", "F", 1),
             ("nd_shares", "1,897", 0), ("nd_ad", "D", 3), ("nd_owned", "64,213", 0), ("nd_di", "D", 4)]
    record, _ = extract(text, marks)
    rows = record.non_derivative_transactions
    assert [(r.price_per_share, r.shares_owned_following) for r in rows] == [(27.61, 66110), (27.61, 64213)]
    # words after the number on its line: a title's 'par value $0.0001 per share', no price
    words = text.replace("27.61 64,213", "0.0001 per share 64,213")
    record, _ = extract(words, marks)
    assert record.non_derivative_transactions[1].price_per_share is None
    # the holding before the price, each read as a holding ('$' / '66,110' / '27.61', held-out
    # h066b): a holding is whole, so the number with cents is the price
    swapped = text.replace("27.61 66,110", "66,110\n27.61")
    record, _ = extract(swapped, marks[:5] + [("nd_owned", "66,110", 0), ("nd_owned", "27.61", 0)] + marks[6:])
    assert (record.non_derivative_transactions[0].price_per_share,
            record.non_derivative_transactions[0].shares_owned_following) == (27.61, 66110)


MARKDOWN_TABLE2 = r"""**Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned
(_e.g._ , puts, calls, warrants, options, convertible securities)** 1\. Title of Derivative Security (Instr. 3) | 2\. Conversion or Exercise Price of Derivative Security | 3\. Transaction Date (Month/Day/Year) | 3A. Deemed Execution Date, if any (Month/Day/Year) | 4\. Transaction Code (Instr. 8) | 5\. Number of Derivative Securities Acquired (A) or Disposed of (D) (Instr. 3, 4, and 5) | 6\. Date Exercisable and Expiration Date (Month/Day/Year) | 7\. Title and Amount of Underlying Securities (Instr. 3 and 4) | 8\. Price of Derivative Security (Instr. 5) | 9\. Number of Derivative Securities Beneficially Owned Following Reported Transaction(s) (Instr. 4) | 10\. Ownership Form of Derivative Security: Direct (D) or Indirect (I) (Instr. 4) | 11\. Nature of Indirect Beneficial Ownership (Instr. 4)
---|---|---|---|---|---|---|---|---|---|---|---
Code | V | (A) | (D) | Date Exercisable | Expiration Date | Title | Amount or Number of Shares
Class B Common Stock |  $ 0  | 01/01/2012 |  | M |  |  30,718  |  |  (1) |  (1) |  Class A Common Stock  |  30,718  |  $ 0  |  1,443,715  |  D  |
Class B Common Stock |  $ 0  |  |  |  |  |  |  |  (1) |  (1) |  Class A Common Stock  |  3,109,744  |  |  3,109,744  |  I  |  See footnote
"""


def test_a_dollar_amount_under_table_iis_conversion_price_heading_is_the_conversion_price():
    """markdown (dev h097a, a retrained tagger): the holdings row's '$ 0' under 'Conversion
    or Exercise Price' left untagged."""
    marks = [("d_title", "Class B Common Stock", 0), ("d_conv", "0", 0), ("d_date", "01/01/2012", 0),
             ("d_code", "M", 0), ("d_shares_a", "30,718", 0), ("d_und_title", "Class A Common Stock", 0),
             ("d_und_shares", "30,718", 1), ("d_price", "0", 1), ("d_owned", "1,443,715", 0), ("d_di", "D", 3),
             ("d_title", "Class B Common Stock", 1), ("d_und_title", "Class A Common Stock", 1),
             ("d_und_shares", "3,109,744", 0), ("d_owned", "3,109,744", 1), ("d_di", "I", 1),
             ("d_nature", "See footnote", 0)]
    record, _ = extract(MARKDOWN_TABLE2, marks)
    assert [r.conversion_or_exercise_price for r in record.derivative_transactions] == [0]
    assert [h.conversion_or_exercise_price for h in record.derivative_holdings] == [0]


def test_a_number_under_a_fixed_width_column_of_one_label_is_that_columns_value():
    """pdftotext -layout (dev h098b, retrains of seeds 2-4): the holdings row's '$0' under
    the conversion prices read in the rows above, its heading taken for the price's."""
    pad = " " * 12
    text = ("Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned\n"
            f"Stock{pad}   $0{pad}02/01/2012{pad}M{pad}30,717{pad}Common{pad}30,717{pad}$0{pad}0{pad}D\n"
            f"Common{pad}  $0{pad}02/01/2012{pad}M{pad}30,717{pad}Common{pad}30,717{pad}$0{pad}1,474{pad}D\n"
            f"Common{pad}  $0{pad}          {pad} {pad}      {pad}Common{pad}3,109,744{pad}  {pad}3,109,744{pad}I\n")
    marks = [("d_title", "Stock", 0), ("d_conv", "0", 0), ("d_date", "02/01/2012", 0), ("d_code", "M", 0),
             ("d_shares_d", "30,717", 0), ("d_und_title", "Common", 0), ("d_und_shares", "30,717", 1),
             ("d_price", "0", 1), ("d_owned", "0", 2), ("d_di", "D", 0),
             ("d_title", "Common", 1), ("d_conv", "0", 3), ("d_date", "02/01/2012", 1), ("d_code", "M", 1),
             ("d_shares_a", "30,717", 2), ("d_und_title", "Common", 2), ("d_und_shares", "30,717", 3),
             ("d_price", "0", 4), ("d_owned", "1,474", 0), ("d_di", "D", 1),
             ("d_title", "Common", 3), ("d_und_title", "Common", 4), ("d_und_shares", "3,109,744", 0),
             ("d_owned", "3,109,744", 1), ("d_di", "I", 0)]
    record, _ = extract(text, marks)
    assert [h.conversion_or_exercise_price for h in record.derivative_holdings] == [0]
    # the step alone: the column as read; one number read above is enough (dev h099b); in
    # single-spaced text (OCR) there are no columns to go by
    one_above = [m for m in marks if m != ("d_conv", "0", 0)]
    for line_text, read, found in ((text, marks, ["d_conv"]), (text, one_above, ["d_conv", "d_conv"]),
                                   (re.sub(" +", " ", text), marks, [])):
        doc, idx, spans = spans_for(line_text, read)
        added = [s for s in aligned_numbers(spans, geometry(doc, idx, spans), doc, idx) if s not in spans]
        assert [s.label for s in added] == found


def test_a_code_letter_read_right_after_the_date_is_the_rows_code():
    """OCR (train h065b under a cross-validation fold's tagger): the code printed beside the
    date comes out in lower case or with its marker as junk ('s®', 'so)'), untagged."""
    text = ("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\n"
            "Class A Common Stock 04/04/2024 s® | 141,981 |D $ 6.45 368,825 I\n"
            "Class A Common Stock 04/05/2024 so) 3,726 |D $ 6.45 365,099 I\n"
            "Class A Common Stock 04/08/2024 S 1,302 D $ 6.45 363,797 I\n")
    marks = []
    for k, (date, shares, owned) in enumerate((("04/04/2024", "141,981", "368,825"),
                                               ("04/05/2024", "3,726", "365,099"),
                                               ("04/08/2024", "1,302", "363,797"))):
        marks += [("nd_title", "Class A Common Stock", k), ("nd_date", date, 0), ("nd_shares", shares, 0),
                  ("nd_ad", "D", k), ("nd_price", "6.45", k), ("nd_owned", owned, 0), ("nd_di", "I", k)]
    marks.append(("nd_code", "S", 0))     # the third row's code was read
    record, draft = extract(text, marks)
    rows = record.non_derivative_transactions
    assert [r.transaction_code for r in rows] == ["S", "S", "S"]
    assert [draft.prov[f"non_derivative_transactions[{k}].transaction_code"].spans[0].prob
            for k in range(3)] == [0.3, 0.3, 0.95]


def test_the_one_number_after_a_title_read_alone_on_its_line_is_what_it_holds():
    """OCR of Table I's holdings lines (dev h033a): the tagger read each line's title and
    nothing else; the count after it is the holding, and the '1' after that is OCR's 'I'.
    A number in a marker '(1', after a '$', or one of several is no holding."""
    text = ("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\n\n"
            "[Class A Common Stock 05/15/2018 M 1,997 A S0 8,308 D\n"
            "By Rivendell\n[Class A Common Stock 53,602 1 ere\n'One LLC ()\n")
    marks = [("nd_title", "Class A Common Stock", 0), ("nd_date", "05/15/2018", 0), ("nd_code", "M", 0),
             ("nd_shares", "1,997", 0), ("nd_ad", "A", 1), ("nd_owned", "8,308", 0), ("nd_di", "D", 0),
             ("nd_title", "Class A Common Stock", 1)]
    record, draft = extract(text, marks)
    (holding,) = record.non_derivative_holdings
    assert (holding.shares_owned_following, holding.direct_or_indirect) == (53602, "I")
    assert draft.prov["non_derivative_holdings[0].shares_owned_following"].spans[0].prob < 0.5
    for line in ("[Class A Common Stock (1 ere", "[Class A Common Stock $53,602 1 ere",
                 "[Class A Common Stock 53,602 12,000 ere"):
        record, _ = extract(text.replace("[Class A Common Stock 53,602 1 ere", line), marks)
        assert [h.shares_owned_following for h in record.non_derivative_holdings] == [None]


def test_the_one_number_between_a_rows_code_and_its_price_is_its_amount():
    """OCR that put each cell on a line of its own (dev h085c): the tagger read the row's
    code, price and holding but left the amount between them untagged, its marker garbled
    ('11,084),'). Table I's columns run code, amount, A/D, price, holding: it is the amount.
    A marker's number, two numbers there, or a digit glued to letters (OCR's '5a77' for
    '5,377') are none."""
    text = ("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\n\n"
            "[Class A Common Stock\n\n(03/05/2025\n\nF\n\na )\n\n11,084),\n\n253.63\n\n627,104 @)\n\nD\n")
    marks = [("nd_title", "Class A Common Stock", 0), ("nd_date", "03/05/2025", 0), ("nd_code", "F", 0),
             ("nd_price", "253.63", 0), ("nd_owned", "627,104", 0), ("nd_di", "D", 0)]
    record, draft = extract(text, marks)
    (row,) = record.non_derivative_transactions
    assert (row.shares, row.price_per_share, row.shares_owned_following) == (11084, 253.63, 627104)
    assert draft.prov["non_derivative_transactions[0].shares"].spans[0].prob < 0.5
    for cell in ("(11,084),", "11,084 12,000),", "5a77"):
        record, _ = extract(text.replace("11,084),", cell), marks)
        assert record.non_derivative_transactions[0].shares is None
