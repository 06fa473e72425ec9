"""Natures of indirect ownership: wrapped down their column, read in part or apart from
their rows, read after the table; from hand-built spans, no model involved."""
from dataclasses import replace

from extractor.rows import geometry, group_rows

from .assembly import PDFTOTEXT_TABLE1, TABLE1_LAST_HEADINGS, extract, spans_for


def test_a_nature_wrapped_down_its_column_goes_with_the_row_line_it_is_centred_on():
    # pdftotext -layout of train h070a: each nature cell is centred on its row's line (as
    # many of its lines above as below, or one more), so the first words of a row's nature
    # sit nearer the row above by their first line
    pad = " " * 40
    text = ("Class A Common Stock  10/01/2019  A  221  A  $ 0  7,680  D\n"
            "                           (1)\n"
            f"{pad}Sequoia\n{pad}Capital\n{pad}U.S.\n{pad}Venture\n"
            f"Class A Common Stock  449,988  I{pad[:8]}2010-\n"
            f"{pad}Seed\n{pad}Fund,\n{pad}L.P. (2)\n{pad}Sequoia\n{pad}Capital\n{pad}U.S.\n"
            f"Class A Common Stock  855,086  I{pad[:8]}Growth\n"
            f"{pad}Fund IV,\n{pad}L.P. (4)\n")
    marks = [("nd_title", "Class A Common Stock", 0), ("nd_date", "10/01/2019", 0), ("nd_code", "A", 1),
             ("nd_shares", "221", 0), ("nd_ad", "A", 2), ("nd_price", "0", 0), ("nd_owned", "7,680", 0),
             ("nd_di", "D", 0),
             ("nd_nature", "Sequoia\n" + pad + "Capital\n" + pad + "U.S.\n" + pad + "Venture", 0),
             ("nd_title", "Class A Common Stock", 1), ("nd_owned", "449,988", 0), ("nd_di", "I", 0),
             ("nd_nature", "2010-\n" + pad + "Seed\n" + pad + "Fund,\n" + pad + "L.P.", 0),
             ("fn_ref", "(2)", 0),
             ("nd_nature", "Sequoia\n" + pad + "Capital\n" + pad + "U.S.", 1),
             ("nd_title", "Class A Common Stock", 2), ("nd_owned", "855,086", 0), ("nd_di", "I", 1),
             ("nd_nature", "Growth\n" + pad + "Fund IV,\n" + pad + "L.P.", 0), ("fn_ref", "(4)", 0)]
    doc, idx, spans = spans_for(text, marks)
    # rows are lines here, as in the whole document (this excerpt alone has more short lines)
    geo = replace(geometry(doc, idx), cell_per_line=False)
    natures = [" ".join(doc.text[x.start:x.end] for x in sorted(row.spans, key=lambda x: x.start)
                        if x.label == "nd_nature").split() for row in group_rows(spans, geo)]
    assert natures == [[], "Sequoia Capital U.S. Venture 2010- Seed Fund, L.P.".split(),
                       "Sequoia Capital U.S. Growth Fund IV, L.P.".split()]


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


def test_a_natures_words_before_a_later_by_end_the_row_aboves_nature():
    """-layout's natures wrapped down their column (train h071a): the last lines of one
    row's nature read into the next row's ('Fund (Q), LP By Sequoia Capital ...'). 'By'
    opens a nature or is not in it (59 and 222 of the 281 gold natures)."""
    text = ("Common Stock\t08/01/2012\tS\t100\tD\t$98.27\t900\tI\tBy Venture Partners\n"
            "Common Stock\t08/01/2012\tS\t200\tD\t$99.14\t700\tI\tFund (Q), LP By Venture Fund, LP\n")
    marks = []
    for k, (shares, price, owned) in enumerate([("100", "98.27", "900"), ("200", "99.14", "700")]):
        marks += [("nd_title", "Common Stock", k), ("nd_date", "08/01/2012", k), ("nd_code", "S", k),
                  ("nd_shares", shares, 0), ("nd_ad", "D", k), ("nd_price", price, 0),
                  ("nd_owned", owned, 0), ("nd_di", "I", k)]
    natures = [("nd_nature", "By Venture Partners", 0), ("nd_nature", "Fund (Q), LP By Venture Fund, LP", 0)]
    record, draft = extract(text, marks + natures)
    assert [row.nature_of_ownership for row in record.non_derivative_transactions] == [
        "By Venture Partners Fund (Q), LP", "By Venture Fund, LP"]
    assert "repaired:nature_run_on" in draft.prov["non_derivative_transactions[0].nature_of_ownership"].notes
    # with no nature above to end, or 'By' first, a nature stays as read
    record, _ = extract(text, marks + natures[1:])
    assert record.non_derivative_transactions[1].nature_of_ownership == "Fund (Q), LP By Venture Fund, LP"
