"""Rows of Table I and II and their values, from hand-built spans; no model involved."""
from dataclasses import replace

from extractor.assemble import assemble
from extractor.mend_titles import one_table_a_line
from extractor.rows import geometry

from .assembly import PDFTOTEXT_TABLE1, PDFTOTEXT_TABLE2, TABLE1_LAST_HEADINGS, extract, occurrence, spans_for


def test_digits_cut_off_a_price_and_read_under_another_column_join_it():
    text = "Common Stock 08/23/2021 S 994 D $110.03\t352 (2) 5,047,398 D\n"
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "08/23/2021", 0), ("nd_code", "S", 0),
             ("nd_shares", "994", 0), ("nd_ad", "D", 0), ("nd_price", "110.03", 0), ("nd_shares", "352", 0),
             ("fn_ref", "(2)", 0), ("nd_owned", "5,047,398", 0), ("nd_di", "D", 1)]
    record, draft = extract(text, marks)
    row = record.non_derivative_transactions[0]
    assert (row.shares, row.price_per_share) == (994, 110.0352)
    assert draft.prov["non_derivative_transactions[0].price_per_share"].quality < 1.0
    # a whole number before the spare digits takes nothing: '994 D 352' is not one number
    record, _ = extract(text.replace("$110.03", "$110"), [
        (label, "110", 0) if label == "nd_price" else (label, needle, n) for label, needle, n in marks])
    assert record.non_derivative_transactions[0].price_per_share == 110


def test_a_second_acquired_disposed_after_the_holdings_is_the_ownership_form():
    text = "Common Stock 03/17/2025 A 10,000 A $0 74,213 (2) D\n"
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "03/17/2025", 0), ("nd_code", "A", 0),
             ("nd_shares", "10,000", 0), ("nd_ad", "A", 1), ("nd_price", "0", 0),
             ("nd_owned", "74,213", 0), ("fn_ref", "(2)", 0), ("nd_ad", "D", 0)]
    row = extract(text, marks)[0].non_derivative_transactions[0]
    assert (row.acquired_disposed, row.direct_or_indirect) == ("A", "D")
    # before the holdings it is not the ownership form
    text = "Common Stock 03/17/2025 A 10,000 A D $0 74,213 (2)\n"
    row = extract(text, marks)[0].non_derivative_transactions[0]
    assert row.direct_or_indirect is None


def test_a_table_i_count_read_with_three_decimals_had_a_thousands_comma():
    """Generated OCR reads '7,602,459' as '7,602.459' (and train h065b's '4,692' as '4.692'):
    Table I's amounts and holdings are whole, so the stop is a comma. A price is not."""
    text = "Ordinary Shares 03/27/2018 S 59 D $11.384 (1) 7,602.459 I By Trust\n"
    marks = [("nd_title", "Ordinary Shares", 0), ("nd_date", "03/27/2018", 0), ("nd_code", "S", 0),
             ("nd_shares", "59", 0), ("nd_ad", "D", 0), ("nd_price", "11.384", 0), ("fn_ref", "(1)", 0),
             ("nd_owned", "7,602.459", 0), ("nd_di", "I", 0), ("nd_nature", "By Trust", 0)]
    record, draft = extract(text, marks)
    row = record.non_derivative_transactions[0]
    assert (row.shares_owned_following, row.price_per_share) == (7602459, 11.384)
    assert draft.prov["non_derivative_transactions[0].shares_owned_following"].quality < 1.0


def test_two_dates_read_as_one_of_table_iis_date_columns_fill_both_in_column_order():
    """pdftotext of held-out h087b: '03/31/2013(2) 03/31/2020', both read as expiration."""
    text = ("Director Stock Option $ 23.529 03/31/2013 A 2,868 03/31/2013 (2) 03/31/2020 "
            "Common Stock 2,868 D\n")
    marks = [("d_title", "Director Stock Option", 0), ("d_conv", "23.529", 0), ("d_date", "03/31/2013", 0),
             ("d_code", "A", 0), ("d_shares_a", "2,868", 0), ("d_expiration", "03/31/2013", 1),
             ("fn_ref", "(2)", 0), ("d_expiration", "03/31/2020", 0), ("d_und_title", "Common Stock", 0),
             ("d_und_shares", "2,868", 1), ("d_di", "D", 0)]
    row = extract(text, marks)[0].derivative_transactions[0]
    assert (str(row.exercise_date), str(row.expiration_date)) == ("2013-03-31", "2020-03-31")
    # one read as each is left as read
    marks[5] = ("d_exercisable", "03/31/2013", 1)
    row = extract(text, marks)[0].derivative_transactions[0]
    assert (str(row.exercise_date), str(row.expiration_date)) == ("2013-03-31", "2020-03-31")
    # one alone stays what it was read as
    row = extract(text, marks[:5] + marks[6:])[0].derivative_transactions[0]
    assert (row.exercise_date, str(row.expiration_date)) == (None, "2020-03-31")


def test_later_dates_read_as_table_iis_transaction_date_are_its_other_date_columns():
    """pdftotext of held-out h005b: '04/30/2025' and, after the amount, '04/29/2035' both
    read as the transaction date. Ten years on is an option's term: the expiration date.
    A date weeks on is a vesting date, the date exercisable; with three dates, each column
    in order. The same date read twice is no other column."""
    text = "Stock options $ 0.33 04/30/2025 A 757,576 (1) 04/29/2035 Common Stock 757,576 D\n"
    marks = [("d_title", "Stock options", 0), ("d_conv", "0.33", 0), ("d_date", "04/30/2025", 0),
             ("d_code", "A", 0), ("d_shares_a", "757,576", 0), ("fn_ref", "(1)", 0),
             ("d_date", "04/29/2035", 0), ("d_und_title", "Common Stock", 0), ("d_und_shares", "757,576", 1),
             ("d_di", "D", 0)]

    def dates(second, third=None):
        """The row's three dates with `second` (and `third`) read as transaction dates too."""
        read = text.replace("04/29/2035", second).replace("(1)", third or "(1)")
        more = [("d_date", d, int(d == "04/30/2025")) for d in (third, second) if d]
        kept = marks[:5] + ([] if third else marks[5:6]) + marks[7:]     # the marker gives way to a date
        row = extract(read, kept + more)[0].derivative_transactions[0]
        return tuple(str(d) if d else None for d in (row.transaction_date, row.exercise_date, row.expiration_date))

    assert dates("04/29/2035") == ("2025-04-30", None, "2035-04-29")
    assert dates("05/29/2025") == ("2025-04-30", "2025-05-29", None)
    assert dates("04/29/2035", "04/30/2026") == ("2025-04-30", "2026-04-30", "2035-04-29")
    assert dates("04/30/2025") == ("2025-04-30", None, None)


def test_a_table_read_a_cell_a_line_is_read_in_order_though_its_notes_run_long():
    """pdftotext's reading order with long footnote lines below: the table's titles stand
    alone at the margin, so a value belongs to the last row begun before it, not to the
    title nearest its line ('(1)' just above the holding's title is the grant's)."""
    note = ("(9) The reporting person disclaims beneficial ownership of these securities except "
            "to the extent of his pecuniary interest therein.\n")
    text = ("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\n"
            "Common Stock\n07/01/2021\nA\n4. Securities Acquired (A) or Disposed of (D)\n"
            "(Instr. 3, 4 and 5)\n(1)\n56\nA\nCommon Stock\n$ 0\n12,206\nD\n1,862\nI\nBy Trust\n(2)\n"
            "Explanation of Responses:\n" + note * 12)
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "07/01/2021", 0), ("nd_code", "A", 0),
             ("fn_ref", "(1)", 0), ("nd_shares", "56", 0), ("nd_ad", "A", 1),
             ("nd_title", "Common Stock", 1), ("nd_price", "0", 0), ("nd_owned", "12,206", 0),
             ("nd_di", "D", 0), ("nd_owned", "1,862", 0), ("nd_di", "I", 0),
             ("nd_nature", "By Trust", 0), ("fn_ref", "(2)", 0)]
    doc, idx, spans = spans_for(text, marks)
    assert geometry(doc, idx, spans).cell_per_line
    record, _ = extract(text, marks)
    grant, = record.non_derivative_transactions
    holding, = record.non_derivative_holdings
    assert (grant.footnotes, grant.price_per_share, grant.shares_owned_following) == (("F1",), 0, 12206)
    assert (holding.shares_owned_following, holding.nature_of_ownership, holding.footnotes) == \
        (1862, "By Trust", ("F2",))


# pdftotext's reading of Table I's last two columns' headings
def test_ownership_forms_read_after_the_rows_go_to_the_rows_in_order():
    """pdftotext reads Table I's last columns after the others: the 'D' and 'I' alone on
    their lines under the ownership form's heading are the two rows' forms, though the
    tagger left them untagged."""
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "04/02/2024", 0), ("nd_code", "S", 0),
             ("nd_shares", "2,500", 0), ("nd_ad", "D", 1), ("nd_price", "41.20", 0),
             ("nd_owned", "80,115", 0)]
    held = [("nd_title", "Common Stock", 1), ("nd_owned", "9,000", 0), ("nd_nature", "By Trust", 0)]
    record, draft = extract(PDFTOTEXT_TABLE1, marks + held)
    (tx,), (holding,) = record.non_derivative_transactions, record.non_derivative_holdings
    assert (tx.direct_or_indirect, holding.direct_or_indirect) == ("D", "I")
    lone_d = PDFTOTEXT_TABLE1.index("\nD\n") + 1
    prov = draft.prov["non_derivative_transactions[0].direct_or_indirect"]
    assert [s.start for s in prov.spans] == [lone_d] and prov.spans[0].prob < 0.5
    assert not draft.prov["non_derivative_holdings[0].direct_or_indirect"].inferred
    # a form the tagger did read stays: a lone letter does not outweigh it
    one_row = PDFTOTEXT_TABLE1.replace("Common Stock\n\n9,000\n\n", "").replace("By Trust\n\n", "")
    record, _ = extract(one_row, marks + [("nd_di", "I", 2)])
    assert record.non_derivative_transactions[0].direct_or_indirect == "I"
    # a lone letter under another column's heading is no form: an A/D left untagged
    text = PDFTOTEXT_TABLE1.replace("2,500 D", "2,500\n\nD")
    record, draft = extract(text, [m for m in marks if m[0] != "nd_ad"] + held)
    spans = draft.prov["non_derivative_transactions[0].direct_or_indirect"].spans
    assert [s.start for s in spans] == [text.index("\nD\n\nI\n") + 1]


def test_a_marker_goes_with_the_value_before_it_when_values_are_dealt_to_rows():
    """pdftotext read the titles, dates and codes of both rows first, then every row's
    values: the values are dealt out in order, and '(1)', read after the first row's
    amount, is the first row's note, not the row that was begun last."""
    text = ("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\n\n"
            "Common Stock\n\n06/14/2024\n\nF\n\nCommon Stock\n\n06/14/2024\n\nA\n\n"
            "16,309 D\n(1)\n\n$\n535,797\n5.76\n\nD\n\n35,587 A\n\n$ 0 571,384\n\nD\n\n(2)\n")
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "06/14/2024", 0), ("nd_code", "F", 0),
             ("nd_title", "Common Stock", 1), ("nd_date", "06/14/2024", 1), ("nd_code", "A", 0),
             ("nd_shares", "16,309", 0), ("nd_ad", "D", 0), ("fn_ref", "(1)", 0), ("nd_owned", "535,797", 0),
             ("nd_price", "5.76", 0), ("nd_di", "D", 1), ("nd_shares", "35,587", 0), ("nd_ad", "A", 1),
             ("nd_price", "0", 0), ("nd_owned", "571,384", 0), ("nd_di", "D", 2), ("fn_ref", "(2)", 0)]
    record, _ = extract(text, marks)
    withheld, grant = record.non_derivative_transactions
    assert (withheld.shares, withheld.footnotes) == (16309, ("F1",))
    assert (grant.shares, grant.footnotes) == (35587, ("F2",))


def test_markers_held_back_after_the_last_row_go_where_their_numbers_are_due():
    """pdftotext printed two rows' share-column markers after the table's last row, each on
    a line of its own, and the tagger read them as one span. Notes are numbered in the
    order they are first referred to: '(1)' belongs to the first row (which refers first
    to (2)), '(4)' comes after the second row's '(3)' and stays with the last row."""
    text = ("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\n\n"
            "Common Share\n\n03/17/2025\n\nA\n\n10,000 A\n\n$0\n\n69,064 (2)\n\nD\n\n"
            "Common Share\n\n03/17/2025\n\nF\n\n2,954 D\n(3)\n\n$\n(2)\n27.61 66,110\n\nD\n\n"
            "Common Share\n\n03/17/2025\n\nA\n\n5,000 A\n\n$0\n\n71,110 (2)\n\nD\n\n"
            "(1)\n\n(4)\n\nReminder: Report on a separate line for each class of securities.\n")
    marks = [("fn_ref", "(3)", 0), ("fn_ref", "(1)\n\n(4)", 0)]
    for k, (code, shares, ad, price, owned) in enumerate([("A", "10,000", "A", "$0", "69,064"),
                                                          ("F", "2,954", "D", "27.61", "66,110"),
                                                          ("A", "5,000", "A", "$0", "71,110")]):
        marks += [("nd_title", "Common Share", k), ("nd_date", "03/17/2025", k),
                  ("nd_code", code, [0, 0, 2][k]), ("nd_shares", shares, 0), ("nd_ad", ad, [1, 1, 3][k]),
                  ("nd_price", price, [0, 0, 1][k]), ("nd_owned", owned, 0), ("fn_ref", "(2)", k),
                  ("nd_di", "D", [0, 2, 3][k])]
    record, _ = extract(text, marks)
    rows = record.non_derivative_transactions
    assert [r.shares for r in rows] == [10000, 2954, 5000]
    assert [sorted(r.footnotes) for r in rows] == [["F1", "F2"], ["F2", "F3"], ["F2", "F4"]]


def _columns(*cells: tuple[int, str]) -> str:
    line = ""
    for col, text in cells:
        line = line.ljust(col) + text
    return line


# pdftotext -layout of two tall Table II rows (a SPAC sponsor's filing): each cell is centred
# on its row, so a row's values stand on several lines and its title's lines lie among them
TALL_ROWS = "\n".join([
    "Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned",
    _columns((0, "1. Title of"), (14, "2. Conversion"), (28, "3. Transaction"), (44, "4. Transaction"),
             (60, "5. Number"), (72, "7. Title and Amount"), (94, "8. Price"), (104, "9. Number"),
             (116, "10."), (122, "11. Nature")),
    _columns((0, "Derivative"), (14, "or Exercise"), (28, "Date"), (44, "Code"), (60, "(A)   (D)"),
             (72, "of Underlying"), (94, "(Instr. 5)"), (104, "Owned"), (116, "Form"), (122, "of Indirect")),
    _columns((0, "Class B"), (122, "See")),
    _columns((72, "Common")),
    _columns((0, "Ordinary"), (14, "(3)"), (28, "08/10/2021"), (44, "M"), (66, "17,130,000"),
             (84, "17,130,000"), (104, "0"), (116, "I"), (122, "Footnote")),
    _columns((72, "Stock")),
    _columns((0, "Shares"), (122, "(4)")),
    _columns((0, "Private"), (122, "See")),
    _columns((60, "11,533,333"), (72, "Common")),
    _columns((0, "Placement"), (14, "$ 11.5"), (28, "08/10/2021"), (44, "J")),
    _columns((72, "Stock")),
    _columns((84, "11,533,333"), (94, "$ 1.5"), (104, "11,533,333"), (116, "I"), (122, "Footnote")),
    _columns((0, "Warrants"), (122, "(4)")),
    "",
    "Explanation of Responses:",
    "(3) The Class B ordinary shares convert into Common Stock one for one.",
    "(4) The securities are held by the sponsor, of which the reporting person is a manager.",
]) + "\n"


def test_a_tall_rows_values_on_several_lines_and_its_title_among_them_stay_one_row():
    """A value line with no title, date or code of its own ('11,533,333' above its row's
    date, the count, price and holding below it) belongs to the row near it that holds
    none of its labels; a title line halfway between two rows' values ('Shares') goes with
    the row whose own line, its date's and code's, is nearer."""
    marks = [("d_title", word, 0) for word in ("Class B", "Ordinary", "Shares", "Private", "Placement",
                                               "Warrants")]
    marks += [("d_und_title", "Common", 0), ("d_und_title", "Stock", 0), ("d_date", "08/10/2021", 0),
              ("d_code", "M", 0), ("d_shares_d", "17,130,000", 0), ("d_und_shares", "17,130,000", 1),
              ("d_owned", "0", 0), ("d_di", "I", 0), ("d_nature", "Footnote", 0), ("fn_ref", "(3)", 0),
              ("fn_ref", "(4)", 0),
              ("d_shares_a", "11,533,333", 0), ("d_und_title", "Common", 1), ("d_conv", "11.5", 0),
              ("d_date", "08/10/2021", 1), ("d_code", "J", 0), ("d_und_title", "Stock", 1),
              ("d_und_shares", "11,533,333", 1), ("d_price", "1.5", 0), ("d_owned", "11,533,333", 2),
              ("d_di", "I", 1), ("d_nature", "Footnote", 1), ("fn_ref", "(4)", 1)]
    doc, idx, spans = spans_for(TALL_ROWS, marks)
    assert not geometry(doc, idx, spans).cell_per_line
    record, _ = extract(TALL_ROWS, marks)
    assert not record.derivative_holdings
    shares, warrants = record.derivative_transactions
    assert (shares.security_title, shares.transaction_code, shares.shares, shares.acquired_disposed,
            shares.shares_owned_following) == ("Class B Ordinary Shares", "M", 17130000, "D", 0)
    assert (warrants.security_title, warrants.transaction_code, warrants.shares, warrants.acquired_disposed,
            warrants.conversion_or_exercise_price, warrants.price_per_share,
            warrants.shares_owned_following) == \
        ("Private Placement Warrants", "J", 11533333, "A", 11.5, 1.5, 11533333)


def test_remarks_written_beside_their_heading_in_a_markdown_cell_are_read():
    """markitdown puts the remarks in the heading's cell ('| **Remarks:** Title: ... | |'),
    where the tagger read nothing; the words beside the heading, in its cell, are the
    remarks. Words on the next line are the form's own note as often as remarks."""
    text = ("| Signature of Reporting Person | Date |\n"
            "| **Remarks:** Title: Chief People Officer | |\n\n"
            "Note: File three copies of this Form, one of which must be manually signed.\n")
    record, draft = extract(text, [])
    assert record.remarks == "Title: Chief People Officer"
    assert draft.prov["remarks"].spans[0].start == text.index("Title")
    record, _ = extract(text.replace("** Title", "**\nTitle"), [])
    assert record.remarks is None
    # remarks the tagger read from a later word of the cell run from its first (dev h004b,
    # retrains of seeds 3 and 4 left 'Title:' out)
    record, _ = extract(text, [("remarks", "Chief People Officer", 0)])
    assert record.remarks == "Title: Chief People Officer"
    # and read from the first, they stand
    record, _ = extract(text, [("remarks", "Title: Chief People", 0)])
    assert record.remarks == "Title: Chief People"


PDFTOTEXT_CODE_AFTER_AMOUNT = """Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned

1.Title of Security
(Instr. 3)

2. Transaction
2A. Deemed
3. Transaction
Date
Execution Date, if Code
(Month/Day/Year) any
(Instr. 8)
(Month/Day/Year)

Code

Common Stock

03/01/2024

V

4. Securities Acquired 5. Amount of Securities Beneficially
(A) or Disposed of (D) Owned Following Reported
(Instr. 3, 4 and 5)
Transaction(s)
(Instr. 3 and 4)

Amount

2,000

S

(1)

(A) or
(D) Price

""" + TABLE1_LAST_HEADINGS + """
D

D

$ 41.20 9,000

Reminder: Report on a separate line for each class of securities beneficially owned.
"""


def test_a_code_read_after_the_amount_is_the_rows_code():
    """pdftotext can read Table I's code after the amount ('Amount' / '2,000' / 'S'): a
    letter alone on its line there that no other column holds is the code; an A/D or D/I
    letter is not."""
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "03/01/2024", 0), ("nd_shares", "2,000", 0),
             ("fn_ref", "(1)", 0), ("nd_ad", "D", 1), ("nd_di", "D", 2), ("nd_price", "41.20", 0),
             ("nd_owned", "9,000", 0)]
    record, draft = extract(PDFTOTEXT_CODE_AFTER_AMOUNT, marks)
    (row,) = record.non_derivative_transactions
    assert row.transaction_code == "S"
    prov = draft.prov["non_derivative_transactions[0].transaction_code"]
    assert prov.spans[0].start == PDFTOTEXT_CODE_AFTER_AMOUNT.index("\nS\n") + 1 and prov.spans[0].prob < 0.5
    record, _ = extract(PDFTOTEXT_CODE_AFTER_AMOUNT.replace("\nS\n", "\nD\n"), marks)
    assert record.non_derivative_transactions[0].transaction_code is None


def test_a_line_holds_values_of_one_table():
    """A Table II holding on one line of fixed-width text, its holding and form read as
    Table I's: they are Table II's, as the line's other values are."""
    text = ("Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned\n\n"
            "Class B Common Stock     $0       (1)      (1)      Class A Common Stock      3,109,744"
            "            3,109,744        I       See footnote\n")
    marks = [("d_title", "Class B Common Stock", 0), ("d_conv", "0", 0),
             ("d_und_title", "Class A Common Stock", 0), ("d_und_shares", "3,109,744", 0),
             ("nd_owned", "3,109,744", 1), ("nd_di", "I", 0), ("d_nature", "See footnote", 0)]
    record, _ = extract(text, marks)
    assert record.non_derivative_holdings == () and record.non_derivative_transactions == ()
    (holding,) = record.derivative_holdings
    assert (holding.underlying_shares, holding.shares_owned_following, holding.direct_or_indirect) == \
        (3109744, 3109744, "I")
    # half and half: as read
    doc, idx, spans = spans_for(text, marks[:2] + [("nd_owned", "3,109,744", 1), ("nd_di", "I", 0)])
    kept = one_table_a_line(spans, geometry(doc, idx, spans), doc, idx)
    assert [s.label for s in kept] == [s.label for s in spans]


def test_the_code_columns_v_read_as_the_code_gives_way_to_a_second_acquired_disposed():
    """pdftotext (train h005b): the Code column's sub-heading 'V' is read into the row as
    its code, and the code itself after the amount, beside the A/D ('757,756 A' / 'A')."""
    text = ("Common Stock\n\n04/30/2025\n\nV\n\nAmount\n\n(A) or\n(D) Price\n\n757,756 A\n\nA\n\n"
            "$ 0\n\n757,756\n\nD\n")
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "04/30/2025", 0), ("nd_code", "V", 0),
             ("nd_shares", "757,756", 0), ("nd_ad", "A", 1), ("nd_ad", "A", 2), ("nd_price", "0", 0),
             ("nd_owned", "757,756", 1), ("nd_di", "D", 1)]
    record, _ = extract(text, marks)
    row = record.non_derivative_transactions[0]
    assert (row.transaction_code, row.acquired_disposed) == ("A", "A")


def test_an_unsure_table_ii_label_under_table_is_heading_is_table_is():
    """pdftotext (dev h036c, a retrained tagger): 'S' under Table I's 'Code' read as Table
    II's code at 0.25. Sure, it stays as read."""
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "04/02/2024", 0), ("nd_shares", "2,500", 0),
             ("nd_ad", "D", 1), ("nd_price", "41.20", 0), ("nd_owned", "80,115", 0)]
    doc, idx, spans = spans_for(PDFTOTEXT_TABLE1, marks + [("d_code", "S", 0)])
    spans = [replace(s, prob=0.25) if s.label == "d_code" else s for s in spans]
    record, _ = assemble(doc, idx, spans)
    assert record.non_derivative_transactions[0].transaction_code == "S"
    assert not record.derivative_transactions
    spans = [replace(s, prob=0.9) if s.label == "d_code" else s for s in spans]
    record, _ = assemble(doc, idx, spans)
    assert record.non_derivative_transactions[0].transaction_code is None


def test_an_unsure_table_i_acquired_disposed_under_table_iis_code_heading_is_the_code():
    """pdftotext (held-out h048a): Table II's code 'A', under its 'Code' heading, read as
    Table I's A/D at 0.38, went to Table I's row. Table II has no A/D column: it is the
    code. Sure, it stays as read."""
    text = PDFTOTEXT_TABLE1 + "\n" + PDFTOTEXT_TABLE2.replace("\nV\n\nM\n", "\nA\n\nV\n")
    code = occurrence(text, "A", text.index("\nA\n\nV\n") + 1)
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "04/02/2024", 0), ("nd_shares", "2,500", 0),
             ("nd_ad", "D", 1), ("nd_price", "41.20", 0), ("nd_owned", "80,115", 0),
             ("d_title", "Stock\nOptions", 0), ("d_date", "02/14/2024", 0), ("nd_ad", "A", code),
             ("d_shares_d", "5,000", 0)]
    doc, idx, spans = spans_for(text, marks)
    unsure = [replace(s, prob=0.38) if s.label == "nd_ad" and s.start > text.index("Table II") else s
              for s in spans]
    record, _ = assemble(doc, idx, unsure)
    assert (record.derivative_transactions[0].transaction_code,
            record.non_derivative_transactions[0].acquired_disposed) == ("A", "D")
    record, _ = assemble(doc, idx, spans)
    assert record.derivative_transactions[0].transaction_code != "A"


def test_the_sub_headings_v_read_as_the_code_gives_way_to_the_letter_read_alone():
    """pdftotext (dev h038b, a retrained tagger): 'V' among Table II's sub-headings read as
    the code at 0.52; the 'M' below it, left untagged, is the code however unsure."""
    marks = [("d_title", "Stock\nOptions", 0), ("d_date", "02/14/2024", 0), ("d_shares_d", "5,000", 0),
             ("d_code", "V", 0)]
    record, _ = extract(PDFTOTEXT_TABLE2, marks)
    assert record.derivative_transactions[0].transaction_code == "M"


def test_table_values_read_among_the_notes_after_table_ii_are_table_iis():
    """pdftotext (train h087b, a fold tagger): Table II's last columns printed after
    'Explanation of Responses:' and read as a Table I holding ('2,868' / 'D')."""
    text = (PDFTOTEXT_TABLE2 + "\nExplanation of Responses:\n\n2,868\n\nD\n\n"
            "(1) These options were granted under the Directors' Stock Plan.\n")
    marks = [("d_title", "Stock\nOptions", 0), ("d_date", "02/14/2024", 0), ("d_code", "M", 0),
             ("d_shares_d", "5,000", 0), ("nd_owned", "2,868", 0), ("nd_di", "D", 2)]
    record, _ = extract(text, marks)
    assert not record.non_derivative_holdings and not record.non_derivative_transactions
    (row,) = record.derivative_transactions
    assert (row.shares_owned_following, row.direct_or_indirect) == (2868, "D")


def test_a_code_letter_read_as_the_acquired_disposed_is_the_rows_code():
    """pdftotext (dev h047b, retrains of seeds 1-4): the code 'M' after the amount read as the
    row's A/D, beside the A/D itself."""
    text = PDFTOTEXT_TABLE1.replace("\nS\n", "\nM\n").replace("2,500 D", "2,500 A")
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "04/02/2024", 0), ("nd_ad", "M", 0),
             ("nd_shares", "2,500", 0), ("nd_ad", "A", 0), ("nd_price", "41.20", 0), ("nd_owned", "80,115", 0)]
    record, _ = extract(text, marks)
    row = record.non_derivative_transactions[0]
    assert (row.transaction_code, row.acquired_disposed) == ("M", "A")
    # the row's only A/D read a code letter: the code, and no A/D
    record, _ = extract(text, [m for m in marks if m != ("nd_ad", "A", 0)])
    row = record.non_derivative_transactions[0]
    assert row.transaction_code == "M"


def test_natures_centred_on_their_rows_in_fixed_width_text_part_where_the_cells_do():
    """pdftotext -layout (held-out train h026b): each nature is printed down its column
    centred on its row's line, so the lines between two rows split as the two cells'
    heights say, not by which row line is nearer ('Sequoia' stands two lines from both
    rows and is the lower row's)."""
    def line(*cells):
        out = ""
        for col, cell in cells:
            out = out.ljust(col) + cell
        return out
    rows = [("684,741", ["By estate"], "planning", ["vehicle"]),
            ("11,388", ["Sequoia", "Capital U.S."], "Venture Fund", ["XV, L.P. (3)"]),
            ("479", ["Sequoia", "Capital U.S."], "Venture", ["Partners Fund", "XV, L.P. (3)"])]
    lines = ["Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned",
             line((0, "1.Title of Security"), (30, "5. Amount of"), (45, "6. Ownership"), (60, "7. Nature of")),
             line((0, "(Instr. 3)"), (30, "Securities"), (45, "Form"), (60, "Indirect Beneficial"))]
    places = []               # (label, substring, its offset in the text)
    for owned, above, own, below in rows:
        for piece in above + [own] + below:
            at = sum(len(x) + 1 for x in lines)
            if piece == own:
                lines.append(line((0, "Class A Common Stock"), (30, owned), (45, "I"), (60, own)))
                places += [("nd_title", "Class A Common Stock", at), ("nd_owned", owned, at + 30),
                           ("nd_di", "I", at + 45)]
            else:
                lines.append(line((60, piece)))
            places.append(("nd_nature", piece.replace(" (3)", ""), at + 60))
            if piece.endswith("(3)"):
                places.append(("fn_ref", "(3)", at + 60 + len(piece) - 3))
    text = "\n".join(lines) + "\n"
    marks = [(label, needle, occurrence(text, needle, at)) for label, needle, at in places]
    doc, idx, spans = spans_for(text, marks)
    assert not geometry(doc, idx, spans).cell_per_line
    record, _ = extract(text, marks)
    assert [h.nature_of_ownership for h in record.non_derivative_holdings] == [
        "By estate planning vehicle", "Sequoia Capital U.S. Venture Fund XV, L.P.",
        "Sequoia Capital U.S. Venture Partners Fund XV, L.P."]
    assert [list(h.footnotes) for h in record.non_derivative_holdings] == [[], ["F3"], ["F3"]]
