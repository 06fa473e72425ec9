"""Rows of Table I and II and their values, from hand-built spans; no model involved."""
from dataclasses import replace

from extractor.assemble import assemble
from extractor.mend_titles import one_table_a_line
from extractor.rows import geometry, group_rows

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


def test_a_nature_wrapped_down_its_column_goes_with_the_row_line_it_is_centred_on():
    # pdftotext -layout of train h070a: each nature cell is centred on its row's line,
    # so the first words of a row's nature sit nearer the row above by their first line
    pad = " " * 40
    text = ("Class A Common Stock  10/01/2019  A  221  A  $ 0  7,680  D\n"
            "                           (1)\n"
            f"{pad}Sequoia\n{pad}Capital\n{pad}U.S.\n"
            f"Class A Common Stock  449,988  I{pad[:8]}Venture\n"
            f"{pad}Seed Fund\n{pad}Sequoia\n{pad}Capital\n"
            f"Class A Common Stock  855,086  I{pad[:8]}Growth\n"
            f"{pad}Fund IV\n")
    marks = [("nd_title", "Class A Common Stock", 0), ("nd_date", "10/01/2019", 0), ("nd_code", "A", 1),
             ("nd_shares", "221", 0), ("nd_ad", "A", 2), ("nd_price", "0", 0), ("nd_owned", "7,680", 0),
             ("nd_di", "D", 0),
             ("nd_nature", "Sequoia\n" + pad + "Capital\n" + pad + "U.S.", 0),
             ("nd_title", "Class A Common Stock", 1), ("nd_owned", "449,988", 0), ("nd_di", "I", 0),
             ("nd_nature", "Venture\n" + pad + "Seed Fund", 0),
             ("nd_nature", "Sequoia\n" + pad + "Capital", 1),
             ("nd_title", "Class A Common Stock", 2), ("nd_owned", "855,086", 0), ("nd_di", "I", 1),
             ("nd_nature", "Growth\n" + pad + "Fund IV", 0)]
    doc, idx, spans = spans_for(text, marks)
    # rows are lines here, as in the whole document (this excerpt alone has more short lines)
    geo = replace(geometry(doc, idx), cell_per_line=False)
    natures = [[doc.text[x.start:x.end].split()[0] for x in row.spans if x.label == "nd_nature"]
               for row in group_rows(spans, geo)]
    assert natures == [[], ["Sequoia", "Venture"], ["Sequoia", "Growth"]]


def test_a_nature_read_in_part_is_the_documents_one_nature_that_holds_it():
    """'See' above the row line, 'footnote' on it: a row whose nature was read as 'footnote'
    has the other rows' 'See footnote'; a nature read over into the next cell ('See footnote
    See', once) does not pull the rows read right, and loses the next cell's word."""
    text = ("Common Stock\t08/01/2012\tS\t100\tD\t$98.27\t900\tI\tSee footnote\n"
            "Common Stock\t08/01/2012\tS\t200\tD\t$99.14\t700\tI\tSee footnote\n"
            "Common Stock\t08/01/2012\tS\t300\tD\t$99.50\t400\tI\tSee footnote\n"
            "Common Stock\t08/01/2012\tS\t400\tD\t$99.90\t0\tI\tSee footnote See\n")
    marks = []
    for k, (shares, price, owned) in enumerate([("100", "98.27", "900"), ("200", "99.14", "700"),
                                                ("300", "99.50", "400"), ("400", "99.90", "0")]):
        marks += [("nd_title", "Common Stock", k), ("nd_date", "08/01/2012", k), ("nd_code", "S", k),
                  ("nd_shares", shares, 0), ("nd_ad", "D", k), ("nd_price", price, 0),
                  ("nd_owned", owned, 0), ("nd_di", "I", k)]
    marks += [("nd_nature", "See footnote", 0), ("nd_nature", "footnote", 1),
              ("nd_nature", "See footnote", 2), ("nd_nature", "See footnote See", 0)]
    record, draft = extract(text, marks)
    natures = [row.nature_of_ownership for row in record.non_derivative_transactions]
    assert natures == ["See footnote", "See footnote", "See footnote", "See footnote"]
    assert "repaired:nature_cut" in draft.prov["non_derivative_transactions[1].nature_of_ownership"].notes
    assert "repaired:nature_cut" not in draft.prov["non_derivative_transactions[0].nature_of_ownership"].notes
    assert "repaired:nature_run_on" in draft.prov["non_derivative_transactions[3].nature_of_ownership"].notes


def test_a_value_read_over_from_or_into_the_next_rows_cell_loses_the_other_rows_words():
    """No gold title or nature ends with the words it opens with (0 of 3,493)."""
    from extractor.draft import Draft
    from extractor.title_checks import check_natures, check_titles

    def checked(check, key, values):
        draft = Draft("")
        paths = [f"non_derivative_transactions[{i}].{key}" for i in range(len(values))]
        draft.values.update({p: v for p, v in zip(paths, values) if v is not None})
        check(draft, {t: [None] * (len(values) if t == "non_derivative_transactions" else 0)
                      for t in ("non_derivative_transactions", "non_derivative_holdings",
                                "derivative_transactions", "derivative_holdings")})
        return [draft.values.get(p) for p in paths]

    # the row before's last word in front (generated OCR): the others end with it
    assert checked(check_titles, "security_title", ["Class B Common Stock", "Stock Class B Common Stock"]) == \
        ["Class B Common Stock", "Class B Common Stock"]
    # the next row's first words behind: the others open with them
    assert checked(check_titles, "security_title", ["Common Stock, $0.01 par value Common Stock,",
                                                    "Common Stock, $0.01 par value"]) == \
        ["Common Stock, $0.01 par value"] * 2
    # a word twice running (held-out h071a's 'Class A Common Stock Stock'): no gold title has one
    assert checked(check_titles, "security_title", ["Class A Common Stock Stock"]) == ["Class A Common Stock"]
    # said over and over: said once (held-out h067b's 'Trust Trust')
    assert checked(check_natures, "nature_of_ownership", ["Trust Trust", None]) == ["Trust", None]
    assert checked(check_titles, "security_title", ["Common Shares " * 3]) == ["Common Shares"]
    # repeated words that no other value explains stay; so does a value with no repeat
    assert checked(check_natures, "nature_of_ownership", ["By Smith Trust for Smith", "By IRA"]) == \
        ["By Smith Trust for Smith", "By IRA"]


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


def test_a_nature_read_as_table_iis_goes_to_its_table_i_row_and_leaves_no_empty_row():
    """Read a cell a line, a nature the tagger gave Table II's label right after a Table I
    row's 'I' goes to that row (`_natures_follow_forms`); the Table II row opened for it is
    left with nothing and is no row (a generated document crashed the marker rules on it)."""
    text = ("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\n\n"
            "Common Stock\n\n45,480\n\nD\n\nCommon Stock\n\n5,344\n\nI\n\nBy GRAT\n\n(1)\n")
    marks = [("nd_title", "Common Stock", 0), ("nd_owned", "45,480", 0), ("nd_di", "D", 0),
             ("nd_title", "Common Stock", 1), ("nd_owned", "5,344", 0), ("nd_di", "I", 1),
             ("d_nature", "By GRAT", 0), ("fn_ref", "(1)", 0)]
    doc, idx, spans = spans_for(text, marks)
    assert geometry(doc, idx, spans).cell_per_line
    rows = group_rows(spans, geometry(doc, idx, spans))
    assert [r.table for r in rows] == ["nd", "nd"]
    record, _ = extract(text, marks)
    assert [h.shares_owned_following for h in record.non_derivative_holdings] == [45480, 5344]
    assert record.non_derivative_holdings[1].nature_of_ownership == "By GRAT"
    assert not record.derivative_holdings


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


NATURES_LAST = """Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned

Common Stock

06/19/2018

A

3,790 A
(1)

Common Stock

$ 0 48,961

D

899,976

Common Stock

""" + TABLE1_LAST_HEADINGS + """
35,505

I

Acme
Ventures
Fund I,
L.P. (2)

I

Smith
Family
Trust (3)

Reminder: Report on a separate line for each class of securities beneficially owned directly or indirectly.
"""


def test_natures_read_after_the_table_go_with_the_ownership_form_before_them():
    """pdftotext reads Table I's last two columns after the rest: each row's 'D' or 'I' alone
    on its line and, after an 'I', the row's nature in its cell's narrow lines. The tagger
    read the counts and one letter; the other letter, the natures and their markers are
    read from the lines, and each nature goes to the row of the 'I' before it."""
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "06/19/2018", 0), ("nd_code", "A", 0),
             ("nd_shares", "3,790", 0), ("nd_ad", "A", 1), ("fn_ref", "(1)", 0),
             ("nd_title", "Common Stock", 1), ("nd_price", "0", 0), ("nd_owned", "48,961", 0), ("nd_di", "D", 0),
             ("nd_owned", "899,976", 0), ("nd_title", "Common Stock", 2), ("nd_owned", "35,505", 0),
             ("nd_di", "I", 2)]     # after 'Table I' and '(I)'
    record, draft = extract(NATURES_LAST, marks)
    (grant,) = record.non_derivative_transactions
    assert (grant.shares, grant.direct_or_indirect, grant.nature_of_ownership) == (3790, "D", None)
    fund, trust = record.non_derivative_holdings
    assert (fund.shares_owned_following, fund.direct_or_indirect, fund.nature_of_ownership, fund.footnotes) == \
        (899976, "I", "Acme Ventures Fund I, L.P.", ("F2",))
    assert (trust.shares_owned_following, trust.direct_or_indirect, trust.nature_of_ownership,
            trust.footnotes) == (35505, "I", "Smith Family Trust", ("F3",))
    assert draft.prov["non_derivative_holdings[1].nature_of_ownership"].spans[0].start == \
        NATURES_LAST.index("Smith")
    # lines after a 'D' are no nature, nor is a line as long as a paragraph
    record, _ = extract(NATURES_LAST.replace("\nI\n\nSmith", "\nD\n\nSmith"), marks)
    assert record.non_derivative_holdings[1].nature_of_ownership is None
    record, _ = extract(NATURES_LAST.replace("Family\n", "Family and the other trusts named in note 3\n"), marks)
    assert record.non_derivative_holdings[1].nature_of_ownership is None


def _fixed_width(left: str, right: str = "") -> str:
    return left.ljust(80) + right


FIXED_NATURES = "\n".join([
    "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned",
    _fixed_width("1. Title of Security  2. Trans. Date  3. Code  4. Amount (A) or (D) Price", "7. Nature of"),
    _fixed_width("(Instr. 3)            (Month/Day/Year) (Instr. 8)  5. Owned  6. Form", "Indirect"),
    _fixed_width("                                                  (Instr. 4)", "(Instr. 4)"),
    _fixed_width("", "By"),
    _fixed_width("", "Acme"),
    _fixed_width("Common Stock  03/03/2020  C  1,000  A  $ 0  1,000  I", "Ventures"),
    _fixed_width("", "Fund, LP"),
    _fixed_width("", "(1)"),
    _fixed_width("", "By"),
    _fixed_width("", "Smith"),
    _fixed_width("Common Stock  03/03/2020  C  2,000  A  $ 0  2,000  I", "Family"),
    _fixed_width("", "Trust"),
    _fixed_width("", "(2)"),
    "",
    "Explanation of Responses:",
    "(1) The shares are held by Acme Ventures Fund, LP, of which the reporting person is a manager.",
    "(2) The shares are held by the Smith Family Trust, of which the reporting person is a trustee.",
]) + "\n"


def test_a_nature_wrapped_down_its_column_is_read_whole_from_the_piece_the_tagger_knew():
    """pdftotext -layout wraps a nature down its narrow column, centred on its row's line;
    the tagger knew one piece of each cell. The cells above and below it in the column,
    up to the headings, are pieces too, and each goes to the row of its nearest line."""
    marks = []
    for k, amount in enumerate(("1,000", "2,000")):
        marks += [("nd_title", "Common Stock", k), ("nd_date", "03/03/2020", k), ("nd_code", "C", k),
                  ("nd_shares", amount, 0), ("nd_ad", "A", k + 1), ("nd_price", "0", k),
                  ("nd_owned", amount, 1), ("nd_di", "I", k + 1), ("fn_ref", f"({k + 1})", 0)]
    doc, idx, spans = spans_for(FIXED_NATURES, marks)
    assert not geometry(doc, idx, spans).cell_per_line
    record, draft = extract(FIXED_NATURES, marks + [("nd_nature", "Ventures", 0), ("nd_nature", "Smith", 0)])
    acme, smith = record.non_derivative_transactions
    assert (acme.shares, acme.nature_of_ownership, acme.footnotes) == (1000, "By Acme Ventures Fund, LP", ("F1",))
    assert (smith.shares, smith.nature_of_ownership, smith.footnotes) == (2000, "By Smith Family Trust", ("F2",))
    assert "Instr" not in draft.raw(draft.prov["non_derivative_transactions[0].nature_of_ownership"].spans)[0]
    # one piece is enough for the whole column, lines running unbroken from it ...
    record, _ = extract(FIXED_NATURES, marks + [("nd_nature", "Ventures", 0)])
    assert [row.nature_of_ownership for row in record.non_derivative_transactions] == \
        ["By Acme Ventures Fund, LP", "By Smith Family Trust"]
    # ... up to a blank line
    text = FIXED_NATURES.replace("(1)\n", "(1)\n\n")
    record, _ = extract(text, marks + [("nd_nature", "Ventures", 0)])
    assert [row.nature_of_ownership for row in record.non_derivative_transactions] == \
        ["By Acme Ventures Fund, LP", None]


def test_a_number_wrapped_inside_a_nature_down_its_column_is_the_natures():
    """'By' / 'Acme' / '2010' / 'Ventures' ...: the tagger read the year alone on its line as a
    count of the row; between two lines of the nature in its column it is the nature's, and
    the row keeps its holding."""
    text = FIXED_NATURES.replace(_fixed_width("", "Acme"), _fixed_width("", "Acme") + "\n"
                                 + _fixed_width("", "2010"))
    marks = []
    for k, amount in enumerate(("1,000", "2,000")):
        marks += [("nd_title", "Common Stock", k), ("nd_date", "03/03/2020", k), ("nd_code", "C", k),
                  ("nd_shares", amount, 0), ("nd_ad", "A", k + 1), ("nd_price", "0", k),
                  ("nd_owned", amount, 1), ("nd_di", "I", k + 1), ("fn_ref", f"({k + 1})", 0)]
    record, _ = extract(text, marks + [("nd_nature", "Ventures", 0), ("nd_nature", "Smith", 0),
                                       ("nd_owned", "2010", 0)])
    acme, smith = record.non_derivative_transactions
    assert (acme.shares_owned_following, acme.nature_of_ownership) == (1000, "By Acme 2010 Ventures Fund, LP")
    assert smith.nature_of_ownership == "By Smith Family Trust"
    assert not record.non_derivative_holdings
    # the year with the hyphen of a name wrapped at it ('2010-' / 'Seed', held-out h071a)
    record, _ = extract(text.replace("2010", "2010-"), marks + [("nd_nature", "Ventures", 0),
                                                               ("nd_nature", "Smith", 0), ("nd_owned", "2010", 0)])
    assert record.non_derivative_transactions[0].nature_of_ownership == "By Acme 2010-Ventures Fund, LP"


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


def test_a_nature_let_go_of_at_a_comma_runs_on_down_its_cell():
    """pdftotext (dev h085a, a retrained tagger): the nature's narrow cell lines, tagged up
    to '4/15/2014' and not past its comma."""
    nature = "Eschenbach\nFamily\nTrust dtd\n4/15/2014,\nCarl\nEschenbach\nTTEE (3)"
    text = PDFTOTEXT_TABLE1.replace("By Trust", nature)
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "04/02/2024", 0), ("nd_code", "S", 0),
             ("nd_shares", "2,500", 0), ("nd_ad", "D", 1), ("nd_price", "41.20", 0),
             ("nd_owned", "80,115", 0), ("nd_title", "Common Stock", 1), ("nd_owned", "9,000", 0),
             ("nd_nature", "Eschenbach\nFamily\nTrust dtd\n4/15/2014", 0), ("fn_ref", "(3)", 0)]
    record, _ = extract(text, marks)
    (holding,) = record.non_derivative_holdings
    assert holding.nature_of_ownership == "Eschenbach Family Trust dtd 4/15/2014, Carl Eschenbach TTEE"
    assert holding.footnotes == ("F3",)
    # without the comma it ends where the tagger let go
    record, _ = extract(text.replace("4/15/2014,", "4/15/2014"), marks)
    assert record.non_derivative_holdings[0].nature_of_ownership == "Eschenbach Family Trust dtd 4/15/2014"


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


def test_a_sub_heading_read_as_a_nature_is_none_and_the_nature_after_the_markers_is_the_rows():
    """pdftotext reading a table a cell a line (held-out h045c): 'Price', a sub-heading
    written among row 1's cells, read as its nature; its nature 'See footnote' comes after
    its 'I' and the markers '(2) (3)', far from its title. No gold nature is a sub-heading;
    a nature after a row's ownership form, markers between, is that row's, with them."""
    text = ("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\n\n"
            "Code\n\nClass A Common Stock\n\n__X__ 10% Owner\n_____ Other (specify below)\n\nV\n\nC(1)\n\n"
            "07/02/2012\n\n4. Securities Acquired (A)\nor Disposed of (D)\n(Instr. 3, 4 and 5)\n(A)\nor\n"
            "Amount (D)\n\n78,667 A\n\n5. Amount of Securities\nBeneficially Owned Following\n"
            "Reported Transaction(s)\n(Instr. 3 and 4)\n\n" + TABLE1_LAST_HEADINGS
            + "\n78,667\n\nI\n\nPrice\n\n(2) (3)\n\nSee\nfootnote\n(4)\n\n"
            "Class A Common Stock\n\nS(5)\n\n07/02/2012\n\n6,900 D\n\n"
            "$\n106.0352 71,767\n\nSee\nfootnote\n\nI\n\n(6)\n")
    marks = [("nd_title", "Class A Common Stock", 0), ("nd_code", "C", 0), ("fn_ref", "(1)", 0),
             ("nd_date", "07/02/2012", 0), ("nd_shares", "78,667", 0), ("nd_ad", "A", 3),
             ("nd_owned", "78,667", 1), ("nd_di", "I", 2), ("nd_nature", "Price", 0),
             ("fn_ref", "(2) (3)", 0), ("nd_nature", "See\nfootnote", 0), ("fn_ref", "(4)", 0),
             ("nd_title", "Class A Common Stock", 1), ("nd_code", "S", 0),
             ("fn_ref", "(5)", 0), ("nd_date", "07/02/2012", 1), ("nd_shares", "6,900", 0),
             ("nd_ad", "D", 3), ("nd_price", "106.0352", 0), ("nd_owned", "71,767", 0),
             ("nd_nature", "See\nfootnote", 1), ("nd_di", "I", 3), ("fn_ref", "(6)", 0)]
    doc, idx, spans = spans_for(text, marks)
    assert geometry(doc, idx, spans).cell_per_line
    first, second = extract(text, marks)[0].non_derivative_transactions
    assert (first.nature_of_ownership, first.footnotes) == ("See footnote", ("F1", "F2", "F3", "F4"))
    assert (second.nature_of_ownership, second.footnotes) == ("See footnote", ("F5", "F6"))
