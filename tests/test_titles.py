"""Security titles: wrapped, cut, repeated, read in part; from hand-built spans, no model involved."""
import datetime as dt

from extractor.row_values import read
from extractor.rows import geometry

from .assembly import DEFERRED_TAIL, PDFTOTEXT_TABLE1, PDFTOTEXT_TABLE2, extract, spans_for


def test_a_title_with_a_border_glued_on_is_the_other_rows_title_and_chains_with_them():
    """OCR glued a table border to the last row's title ('Iclass'): it is the title of the
    rows above, and the holdings chain gives that row the amount OCR lost."""
    text = ("Class A Common Stock S 100 D $10.00 900 D\n"
            "Iclass A Common Stock S D $10.00 650 D\n")
    marks = [("nd_title", "Class A Common Stock", 0), ("nd_code", "S", 0), ("nd_shares", "100", 0),
             ("nd_ad", "D", 0), ("nd_owned", "900", 0), ("nd_di", "D", 1),
             ("nd_title", "Iclass A Common Stock", 0), ("nd_code", "S", 1), ("nd_ad", "D", 2),
             ("nd_owned", "650", 0), ("nd_di", "D", 3)]
    record, draft = extract(text, marks)
    rows = record.non_derivative_transactions
    assert [r.security_title for r in rows] == ["Class A Common Stock"] * 2
    assert "repaired:title" in draft.prov["non_derivative_transactions[1].security_title"].notes
    assert rows[1].shares == 250


def test_a_title_read_in_part_is_its_columns_fuller_title_and_chains_with_it():
    """pdftotext: the second row's title lost its wrapped last word ('... per' / 'share'),
    and the first row's holding and price came in each other's place ('$' / '535,797' /
    '5.76'). The cut title is the first row's, so the rows chain, and the link mends the
    swap: 535,797 + 35,587 = 571,384."""
    title = "Class A Common Stock, par value $0.0001 per share"
    text = (f"{title}\t06/14/2024\tF\t16,309\tD\t$\t535,797\t5.76\tD\n"
            f"{title[:-6]}\t06/14/2024\tA\t35,587\tA\t$0\t571,384\tD\n")
    marks = [("nd_title", title, 0), ("nd_date", "06/14/2024", 0), ("nd_code", "F", 0),
             ("nd_shares", "16,309", 0), ("nd_ad", "D", 0), ("nd_price", "535,797", 0),
             ("nd_owned", "5.76", 0), ("nd_di", "D", 1),
             ("nd_title", title[:-6], 1), ("nd_date", "06/14/2024", 1), ("nd_code", "A", 2),
             ("nd_shares", "35,587", 0), ("nd_ad", "A", 3), ("nd_price", "0", 0),
             ("nd_owned", "571,384", 0), ("nd_di", "D", 2)]
    record, draft = extract(text, marks)
    sale, grant = record.non_derivative_transactions
    assert grant.security_title == title
    assert "repaired:title_part" in draft.prov["non_derivative_transactions[1].security_title"].notes
    assert (sale.price_per_share, sale.shares_owned_following) == (5.76, 535797)
    assert draft.prov["non_derivative_transactions[0].shares_owned_following"].spans[0].start \
        == text.index("535,797")
    # a $0 price that a new holding's link would take for the holding stays a price
    text = "Common Stock\tA\t16,309\tA\t$0\t900\tD\nCommon Stock\tA\t35,587\tA\t$0\t35,587\tD\n"
    marks = [("nd_title", "Common Stock", 0), ("nd_code", "A", 0), ("nd_shares", "16,309", 0),
             ("nd_ad", "A", 1), ("nd_price", "0", 0), ("nd_owned", "900", 0), ("nd_di", "D", 0),
             ("nd_title", "Common Stock", 1), ("nd_code", "A", 2), ("nd_shares", "35,587", 0),
             ("nd_ad", "A", 3), ("nd_price", "0", 1), ("nd_owned", "35,587", 1), ("nd_di", "D", 1)]
    record, _ = extract(text, marks)
    assert [(r.price_per_share, r.shares_owned_following) for r in record.non_derivative_transactions] \
        == [(0, 900), (0, 35587)]


def test_an_underlying_title_is_no_part_of_a_fuller_table_one_title():
    """'Common Stock' under an option and Table I's 'Common Stock (restricted stock units)'
    are two securities: a title is completed only from titles of its own column."""
    text = ("Common Stock (restricted stock units)\t04/29/2025\tA\t757,576\tA\t$0\t757,576\tD\n"
            "Stock Option (right to buy)\t04/29/2025\tA\t757,576\tCommon Stock\t757,576\n")
    marks = [("nd_title", "Common Stock (restricted stock units)", 0), ("nd_date", "04/29/2025", 0),
             ("nd_code", "A", 0), ("nd_shares", "757,576", 0), ("nd_ad", "A", 1), ("nd_price", "0", 0),
             ("nd_owned", "757,576", 1), ("nd_di", "D", 0),
             ("d_title", "Stock Option (right to buy)", 0), ("d_date", "04/29/2025", 1), ("d_code", "A", 2),
             ("d_shares_a", "757,576", 2), ("d_und_title", "Common Stock", 1), ("d_und_shares", "757,576", 3)]
    record, _ = extract(text, marks)
    assert record.derivative_transactions[0].underlying_security_title == "Common Stock"


def test_titles_read_one_after_the_other_are_two_rows_dealt_their_values_in_order():
    """pdftotext's reading order, a cell a line: two rows' titles, then the first row's
    values, then the second's. The same title again begins a row, though nothing stands
    between; the values, all nearest the second title, are dealt out where a label comes
    again."""
    text = ("Class A Common Stock\n\nClass A Common Stock\n\n07/01/2024\n\nA\n\n56\n\nA\n\n$ 0\n\n"
            "29,764\n\nD\n\n1,862\n\nI\n")
    marks = [("nd_title", "Class A Common Stock", 0), ("nd_title", "Class A Common Stock", 1),
             ("nd_date", "07/01/2024", 0), ("nd_code", "A", 1), ("nd_shares", "56", 0), ("nd_ad", "A", 2),
             ("nd_price", "0", 0), ("nd_owned", "29,764", 0), ("nd_di", "D", 0), ("nd_owned", "1,862", 0),
             ("nd_di", "I", 0)]
    record, _ = extract(text, marks)
    grant, = record.non_derivative_transactions
    holding, = record.non_derivative_holdings
    assert (grant.security_title, grant.shares, grant.shares_owned_following, grant.direct_or_indirect) \
        == ("Class A Common Stock", 56, 29764, "D")
    assert (holding.security_title, holding.shares_owned_following, holding.direct_or_indirect) \
        == ("Class A Common Stock", 1862, "I")


def test_a_title_let_go_inside_a_bracket_runs_to_its_close():
    text = "Restricted\nStock\nUnits\n(RSU)\n(Class A)\n\n05/15/2021\n\nA\n1,386\n"
    record, _ = extract(text, [("d_title", "Restricted\nStock\nUnits\n(RSU", 0), ("d_date", "05/15/2021", 0),
                               ("d_code", "A", 1), ("d_shares_a", "1,386", 0)])
    assert record.derivative_transactions[0].security_title == "Restricted Stock Units (RSU) (Class A)"
    # a whole title runs on over the bracketed words below it in its column too
    record, _ = extract(text, [("d_title", "Restricted\nStock\nUnits", 0), ("d_date", "05/15/2021", 0)])
    assert record.derivative_transactions[0].security_title == "Restricted Stock Units (RSU) (Class A)"


def test_a_title_cell_wrapped_beside_a_value_keeps_its_last_line():
    text = "Restricted Stock Units 05/15/2021 M 1,386\nClass A\nCommon 1,386\nStock\n\n$0\n\n0\n\nD\n"
    marks = [("d_title", "Restricted Stock Units", 0), ("d_date", "05/15/2021", 0), ("d_code", "M", 0),
             ("d_shares_d", "1,386", 0), ("d_und_title", "Class A\nCommon", 0),
             ("d_und_shares", "1,386", 1), ("d_price", "0", 0), ("d_owned", "0", 1), ("d_di", "D", 0)]
    row = extract(text, marks)[0].derivative_transactions[0]
    assert row.underlying_security_title == "Class A Common Stock"
    # a title on one line: the line below is another cell's wrap ('By estate' / 'planning vehicle')
    text = "Common Stock 684,741 I By estate planning\nvehicle\n"
    marks = [("nd_title", "Common Stock", 0), ("nd_owned", "684,741", 0), ("nd_di", "I", 0),
             ("nd_nature", "By estate planning", 0)]
    assert extract(text, marks)[0].non_derivative_holdings[0].security_title == "Common Stock"


def test_refs_under_a_row_go_with_its_values_not_the_next_title():
    """pdftotext -layout: a title wrapped over two lines above its values, the values'
    footnote refs on the line below them and the next row's title right after."""
    title = "Class A Common Stock, par\nvalue $0.0001 per share"
    text = (f"{title}\n      04/04/2024   S   1,806   D   $6.71   8,418   I\n"
            "                         (1)                (2)\n"
            f"{title}\n      04/05/2024   S   3,726   D   $6.45   4,692   I\n"
            "                         (1)                (3)\n")
    marks = [("nd_title", title, 0), ("nd_title", title, 1), ("fn_ref", "(1)", 0), ("fn_ref", "(2)", 0),
             ("fn_ref", "(1)", 1), ("fn_ref", "(3)", 0), ("nd_date", "04/04/2024", 0),
             ("nd_date", "04/05/2024", 0), ("nd_shares", "1,806", 0), ("nd_owned", "8,418", 0),
             ("nd_shares", "3,726", 0), ("nd_owned", "4,692", 0)]
    marks += [(label, value, k) for k in (0, 1) for label, value in
              (("nd_code", "S"), ("nd_ad", "D"), ("nd_di", "I"))]
    rows = extract(text, marks)[0].non_derivative_transactions
    assert [row.shares for row in rows] == [1806, 3726]
    assert [row.footnotes for row in rows] == [("F1", "F2"), ("F1", "F3")]


def test_a_wrapped_title_keeps_to_its_column():
    """pdftotext -layout: the tagger ran a wrapped title over the '$' and 'See' printed
    far along its first line (the next row's price and nature)."""
    text = ("Class A Common Stock, par                        $            See\n"
            "value $0.0001 per share\n"
            "      04/05/2024   S   3,726   D   6.45   4,692   I   footnote\n")
    title = text[:text.index(" per share") + len(" per share")]
    marks = [("nd_title", title, 0), ("nd_date", "04/05/2024", 0), ("nd_code", "S", 0),
             ("nd_shares", "3,726", 0), ("nd_ad", "D", 0), ("nd_price", "6.45", 0),
             ("nd_owned", "4,692", 0), ("nd_di", "I", 0)]
    row = extract(text, marks)[0].non_derivative_transactions[0]
    assert row.security_title == "Class A Common Stock, par value $0.0001 per share"
    assert row.shares == 3726


def test_a_title_alone_among_the_notes_is_not_a_row():
    text = ("Common Stock 03/17/2025 S 500 D $11.64 0 I\n"
            "Explanation of Responses:\n(1) Each share of Class B converts into one share of Class A\n"
            "Common Stock upon any transfer.\n")
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "03/17/2025", 0), ("nd_code", "S", 0),
             ("nd_shares", "500", 0), ("nd_ad", "D", 0), ("nd_price", "11.64", 0), ("nd_owned", "0", 0),
             ("nd_di", "I", 0), ("nd_title", "Common Stock", 1)]
    record, _ = extract(text, marks)
    assert len(record.non_derivative_transactions) == 1 and record.non_derivative_holdings == ()
    # above the notes, a title alone stays a row (OCR may have lost the rest of it)
    record, _ = extract(text.replace("Explanation of Responses:\n", ""), marks)
    assert len(record.non_derivative_holdings) == 1


def test_a_table_ii_row_of_title_pieces_alone_is_not_a_holding():
    """Sparse OCR tears a title's words from its row ('Restricted' / 'Stock Class A' above
    a row read 'Units ...'), and grouping makes them a row of their own. A Table II row of
    nothing but titles and dates reports no holding; one with an amount does."""
    from extractor.draft import Draft
    from extractor.row_values import build_rows
    from extractor.rows import Row

    text = "Restricted Stock Class A 06/15/2027 2,500\nUnits 05/15/2021 M 1,386 $0 0 D\n"
    _, _, spans = spans_for(text, [
        ("d_title", "Restricted", 0), ("d_und_title", "Stock Class A", 0), ("d_expiration", "06/15/2027", 0),
        ("d_title", "Units", 0), ("d_date", "05/15/2021", 0), ("d_code", "M", 0), ("d_shares_d", "1,386", 0),
        ("d_price", "0", 0), ("d_owned", "0", 1), ("d_di", "D", 0), ("d_owned", "2,500", 0)])
    torn, row = Row("d", spans[:1], spans[1:3]), Row("d", spans[3:4], spans[4:10])
    tables = build_rows([torn, row], Draft(text))
    assert len(tables["derivative_transactions"]) == 1 and tables["derivative_holdings"] == []
    held = Row("d", spans[:1], spans[1:3] + spans[10:])      # the line with its amount owned read
    tables = build_rows([held, row], Draft(text))
    assert [h.security_title for h in tables["derivative_holdings"]] == ["Restricted"]


def test_a_title_wrapped_past_a_value_on_its_line_is_one_title():
    # pdftotext's reading order of train h087b: the exercise price on the title's line
    text = ("Director\nStock\nOption $ 23.529\n(right to\nbuy)\n\n03/31/2013\n\nA\n\n"
            "2,868\n\nCommon\nStock\n\n2,868\n\nD\n")
    marks = [("d_title", "Director\nStock\nOption", 0), ("d_conv", "23.529", 0),
             ("d_title", "(right to\nbuy)", 0), ("d_date", "03/31/2013", 0), ("d_code", "A", 0),
             ("d_shares_a", "2,868", 0), ("d_und_title", "Common\nStock", 0),
             ("d_owned", "2,868", 1), ("d_di", "D", 0)]
    record, _ = extract(text, marks)
    assert record.derivative_holdings == ()
    [row] = record.derivative_transactions
    assert (row.security_title, row.conversion_or_exercise_price) == \
        ("Director Stock Option (right to buy)", 23.529)
    # a title that starts a line further on, past a value, is another row's
    two = text.replace("Option $ 23.529\n(right to", "Option $ 23.529\n\n(right to")
    record, _ = extract(two, marks)
    assert len(record.derivative_transactions) + len(record.derivative_holdings) == 2
    # the same title again on the next line is the next row's
    text = "Class A Common Stock 53,602\nClass A Common Stock 63\n\nI\n\nI\n\nBy\n\nTrust\n"
    record, _ = extract(text, [("nd_title", "Class A Common Stock", 0), ("nd_owned", "53,602", 0),
                               ("nd_title", "Class A Common Stock", 1), ("nd_owned", "63", 0)])
    assert [h.shares_owned_following for h in record.non_derivative_holdings] == [53602, 63]


def test_a_title_cut_after_common_is_completed_from_the_documents_whole_titles():
    """OCR read the underlying title's 'Stock' onto another line: 'Class A Common' is Table I's
    'Class A Common Stock'; a title no whole title holds gets its 'Stock'."""
    text = ("Class A Common Stock 05/15/2021 M 1,386 A $0 12,947 D\n"
            "Table II\n"
            "Class B Common 05/15/2021 C 500 D Class A Common 500 $0 0 D\n")
    marks = [("nd_title", "Class A Common Stock", 0), ("nd_date", "05/15/2021", 0), ("nd_code", "M", 0),
             ("nd_shares", "1,386", 0), ("nd_ad", "A", 0), ("nd_price", "0", 0), ("nd_owned", "12,947", 0),
             ("nd_di", "D", 0),
             ("d_title", "Class B Common", 0), ("d_date", "05/15/2021", 1), ("d_code", "C", 0),
             ("d_shares_d", "500", 0), ("d_und_title", "Class A Common", 1), ("d_und_shares", "500", 1),
             ("d_price", "0", 1), ("d_owned", "0", 0), ("d_di", "D", 2)]
    record, draft = extract(text, marks)
    row = record.derivative_transactions[0]
    assert row.underlying_security_title == "Class A Common Stock"
    assert row.security_title == "Class B Common Stock"
    assert "repaired:title_cut" in draft.prov["derivative_transactions[0].underlying_security_title"].notes
    assert record.non_derivative_transactions[0].security_title == "Class A Common Stock"
    # an underlying security is a class of stock, no more (all 74 gold ones): from Table I's
    # 'Class A Common Stock (restricted stock units)' (held-out h005b) it takes 'Stock' alone
    qualified = text.replace("Class A Common Stock 05", "Class A Common Stock (restricted stock units) 05")
    marks[0] = ("nd_title", "Class A Common Stock (restricted stock units)", 0)
    record, _ = extract(qualified, marks)
    assert record.derivative_transactions[0].underlying_security_title == "Class A Common Stock"


def test_a_price_read_after_the_next_rows_title_goes_to_the_transaction_above():
    """pdftotext reading order: the grant's '$ 0 12,206' comes after the holding line's
    title. A holding has no price: it is the transaction's above, which has none."""
    text = ("Common Stock\n\n07/01/2021\n\nA\n\n56\n\nA\n\nCommon Stock\n\n$ 0 12,206\n\n"
            "D\n\n1,862\n\nI\n")
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "07/01/2021", 0), ("nd_code", "A", 0),
             ("nd_shares", "56", 0), ("nd_ad", "A", 1), ("nd_title", "Common Stock", 1),
             ("nd_price", "0", 0), ("nd_owned", "12,206", 0), ("nd_di", "D", 0),
             ("nd_owned", "1,862", 0), ("nd_di", "I", 0)]
    record, draft = extract(text, marks)
    grant, = record.non_derivative_transactions
    assert (grant.shares, grant.price_per_share) == (56, 0)
    assert draft.prov["non_derivative_transactions[0].price_per_share"].inferred
    assert [h.shares_owned_following for h in record.non_derivative_holdings] == [1862]


def test_an_underlying_title_around_an_untagged_count_in_table_iis_tail_is_read():
    """In the tail read after the signatures, the underlying title wraps around its count
    ('Class A' / 'Common 5,000' / 'Stock') and the tagger knows neither: a line of words
    ending in a number there is the count, and the words around it the title."""
    text = PDFTOTEXT_TABLE2 + "\n" + DEFERRED_TAIL.replace("5,000\n\n$0", "Class A\nCommon 5,000\nStock\n\n$0")
    marks = [("d_title", "Stock\nOptions", 0), ("d_date", "02/14/2024", 0), ("d_shares_d", "5,000", 0),
             ("d_owned", "7,537", 0), ("sig_name", "/s/ Ann Habernigg, Attorney-in-fact", 0),
             ("sig_date", "05/30/2019", 0)]
    record, draft = extract(text, marks)
    (row,) = record.derivative_transactions
    assert (row.underlying_security_title, row.underlying_shares, row.price_per_share,
            row.shares_owned_following) == ("Class A Common Stock", 5000, 0, 7537)
    assert draft.prov["derivative_transactions[0].underlying_shares"].spans[0].start == text.index("5,000\nStock")


def test_an_underlying_title_wrapped_around_its_count_is_read_in_two_pieces():
    """pdftotext reads the count beside the middle of its wrapped underlying title
    ('Common' / '110,474' / 'Stock'); the words above and below are the title."""
    text = PDFTOTEXT_TABLE2 + "\nCommon\n110,474\nStock\n\n(1)\n\n294,910\n\nD\n"
    marks = [("d_title", "Stock\nOptions", 0), ("d_date", "02/14/2024", 0), ("d_shares_d", "5,000", 0),
             ("d_und_shares", "110,474", 0), ("fn_ref", "(1)", 0), ("d_owned", "294,910", 0), ("d_di", "D", 0)]
    doc, idx, spans = spans_for(text, marks)
    assert geometry(doc, idx, spans).cell_per_line
    record, _ = extract(text, marks)
    (row,) = record.derivative_transactions
    assert (row.underlying_security_title, row.underlying_shares) == ("Common Stock", 110474)
    # a word on the line below that shares its line with another is no title's end
    record, _ = extract(text.replace("110,474\nStock\n", "110,474\nStock 7\n"), marks)
    assert record.derivative_transactions[0].underlying_security_title != "Common Stock"


def test_a_wrapped_title_ends_its_lines_at_an_inner_border():
    # OCR of a Table II row: the title's lines interleave with the underlying title's
    # ('Restricted' / 'Stock Class A' / 'Units © | 05/15/2021 M ...' / '(RSU) = Stock' /
    # '(Class A)'); the tagger's title spans take in the '= Stock' and the marker '©'
    pieces = ["Restricted\nStock", "Units ©", "(RSU) = Stock\n(Class A)"]
    reading = read("text", pieces)
    assert reading.value == "Restricted Stock Units (RSU) (Class A)"
    assert reading.quality < 1.0     # mended, so less sure
    # the title's own first line keeps what follows a border, and a clean title is as read
    assert read("text", ["Series A = Preferred"]).value == "Series A = Preferred"
    assert read("text", ["Class A Common\nStock"]) == read("text", ["Class A Common Stock"])


def test_a_table_i_title_read_in_table_iis_tail_is_no_table_i_row():
    """A retrained tagger read the underlying title of Table II's tail, printed after the
    signatures ('Class A' / 'Common 5,000' / 'Stock'), as a Table I title: that made a
    holding of its own. Table I's titles stand in Table I, so it is let go and the tail's
    rule reads the underlying title around the count."""
    text = PDFTOTEXT_TABLE2 + "\n" + DEFERRED_TAIL.replace("5,000\n\n$0", "Class A\nCommon 5,000\nStock\n\n$0")
    marks = [("d_title", "Stock\nOptions", 0), ("d_date", "02/14/2024", 0), ("d_shares_d", "5,000", 0),
             ("d_owned", "7,537", 0), ("sig_name", "/s/ Ann Habernigg, Attorney-in-fact", 0),
             ("sig_date", "05/30/2019", 0), ("nd_title", "Class A\nCommon", 0)]
    record, _ = extract(text, marks)
    assert record.non_derivative_transactions == () and record.non_derivative_holdings == ()
    (row,) = record.derivative_transactions
    assert (row.underlying_security_title, row.underlying_shares) == ("Class A Common Stock", 5000)


def test_a_date_run_into_a_title_is_the_rows_date():
    """pdftotext (train h048a): a fold tagger ran the title into the row's date. No
    security title holds a date."""
    marks = [("d_title", "Stock\nOptions\n\n02/14/2024", 0), ("d_shares_d", "5,000", 0)]
    record, draft = extract(PDFTOTEXT_TABLE2, marks)
    row = record.derivative_transactions[0]
    assert (row.security_title, row.transaction_date) == ("Stock Options", dt.date(2024, 2, 14))
    assert [s.prob for s in draft.prov["derivative_transactions[0].transaction_date"].spans] == [0.3]


def test_a_title_runs_on_over_its_own_bracketed_words_below_it():
    """pdftotext (train h040a): a fold tagger let go of '(RSUs)' on the title's next line."""
    text = PDFTOTEXT_TABLE2.replace("Stock\nOptions\n", "Restricted\nStock\nUnits\n(RSUs)\n\n(A)\n")
    marks = [("d_title", "Restricted\nStock\nUnits", 0), ("d_date", "02/14/2024", 0), ("d_shares_d", "5,000", 0)]
    record, _ = extract(text, marks)
    assert record.derivative_transactions[0].security_title == "Restricted Stock Units (RSUs)"
    # the form's bracketed words are not a title's ('(A)' alone: Acquired's heading)
    record, _ = extract(text.replace("(RSUs)\n\n", ""), marks)
    assert record.derivative_transactions[0].security_title == "Restricted Stock Units"
    # nor are bracketed words in another column below ('(PSU)' of a title beside it)
    record, _ = extract(text.replace("(RSUs)", "                  (RSUs)"), marks)
    assert record.derivative_transactions[0].security_title == "Restricted Stock Units"


def test_a_wrapped_titles_first_line_keeps_the_words_it_ends_with():
    """pdftotext -layout (train h065a, a fold tagger): ', par' left out of the title's
    first line; the cell's edge is the run of spaces before the next column."""
    pad = " " * 30
    text = (f"Class A Common Stock, par{pad}04/04/2024   S   141,981   D   $ 6.45{pad}368,825   I\n"
            "value $0.0001 per share\n")
    marks = [("nd_title", "Class A Common Stock", 0), ("nd_title", "value $0.0001 per share", 0),
             ("nd_date", "04/04/2024", 0), ("nd_code", "S", 0), ("nd_shares", "141,981", 0),
             ("nd_ad", "D", 0), ("nd_price", "6.45", 0), ("nd_owned", "368,825", 0), ("nd_di", "I", 0)]
    record, _ = extract(text, marks)
    assert record.non_derivative_transactions[0].security_title == "Class A Common Stock, par value $0.0001 per share"
    # single spaces (OCR): no cell's edge, the title as read
    record, _ = extract(text.replace(pad, " "), marks)
    assert record.non_derivative_transactions[0].security_title == "Class A Common Stock value $0.0001 per share"


def test_a_title_repeated_untagged_under_its_table_is_a_rows_title():
    """pdftotext (dev h085a, a retrained tagger): the holding's 'Class A Common Stock' left
    untagged under the transaction's; the count below it went to the transaction."""
    text = PDFTOTEXT_TABLE1.replace("Common Stock", "Class A Common Stock")
    marks = [("nd_title", "Class A Common Stock", 0), ("nd_date", "04/02/2024", 0), ("nd_code", "S", 0),
             ("nd_shares", "2,500", 0), ("nd_ad", "D", 1), ("nd_price", "41.20", 0),
             ("nd_owned", "80,115", 0), ("nd_owned", "9,000", 0)]
    record, _ = extract(text, marks)
    assert [r.shares_owned_following for r in record.non_derivative_transactions] == [80115]
    assert [(h.security_title, h.shares_owned_following) for h in record.non_derivative_holdings] == \
        [("Class A Common Stock", 9000)]
    # one word is too little to know a title by
    text = PDFTOTEXT_TABLE1.replace("Common Stock", "Stock")
    record, _ = extract(text, [("nd_title", "Stock", 0)] + marks[1:])
    assert not record.non_derivative_holdings


def test_the_underlying_title_around_the_count_joins_its_piece_read_below():
    """pdftotext (dev h036c, a retrain of seed 4): 'Class A' / 'Common 1,386' / 'Stock' with
    'Stock' read as the underlying title and the words above as a Table I title."""
    text = PDFTOTEXT_TABLE2 + "\n" + DEFERRED_TAIL.replace("5,000\n\n$0", "Class A\nCommon 5,000\nStock\n\n$0")
    marks = [("d_title", "Stock\nOptions", 0), ("d_date", "02/14/2024", 0), ("d_shares_d", "5,000", 0),
             ("d_owned", "7,537", 0), ("sig_name", "/s/ Ann Habernigg, Attorney-in-fact", 0),
             ("sig_date", "05/30/2019", 0), ("nd_title", "Class A\nCommon", 0), ("d_und_title", "Stock", 1)]
    record, _ = extract(text, marks)
    (row,) = record.derivative_transactions
    assert (row.underlying_security_title, row.underlying_shares) == ("Class A Common Stock", 5000)


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
