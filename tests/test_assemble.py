"""Rows of Table I and II, their values and the checks, from hand-built spans; no model involved."""
import datetime as dt
import re
from dataclasses import replace

from extractor.assemble import assemble
from extractor.mend_numbers import aligned_numbers
from extractor.mend_titles import one_table_a_line
from extractor.row_values import read
from extractor.rows import geometry, group_rows

from .assembly import extract, spans_for


ROWS = ("Common Stock 02/06/2023\tA\t3,638(1)\tA\t$0.00\t40\t5,274\tD\n"
        "Common Stock 02/06/2023\tF\t1,051(2)\tD\t$121.02\t2 45,223\tD\n")


def row_marks(owned0="40\t5,274", owned1="2 45,223"):
    return [("nd_title", "Common Stock", 0), ("nd_date", "02/06/2023", 0), ("nd_code", "A", 0),
            ("nd_shares", "3,638", 0), ("fn_ref", "(1)", 0), ("nd_ad", "A", 1), ("nd_price", "0.00", 0),
            ("nd_owned", owned0, 0), ("nd_di", "D", 0),
            ("nd_title", "Common Stock", 1), ("nd_date", "02/06/2023", 1), ("nd_code", "F", 0),
            ("nd_shares", "1,051", 0), ("fn_ref", "(2)", 0), ("nd_ad", "D", 1), ("nd_price", "121.02", 0),
            ("nd_owned", owned1, 0), ("nd_di", "D", 2)]


def test_holdings_chain_repairs_a_split_number():
    record, draft = extract(ROWS, row_marks())
    rows = record.non_derivative_transactions
    assert rows[1].shares_owned_following == 45223        # '2 45,223': the 2 echoes the price's last digit
    assert rows[0].shares_owned_following == 46274        # 46,274 - 1,051 = 45,223
    prov = draft.prov["non_derivative_transactions[0].shares_owned_following"]
    assert "repaired:chain" in prov.notes and prov.inferred
    assert rows[0].footnotes == ("F1",) and rows[1].footnotes == ("F2",)


def test_a_nature_of_ownership_makes_the_holding_indirect():
    text = "Common Stock\t684,741\t[ ]\tBy estate planning vehicle\nCommon Stock\t900\tD\tBy trust\n"
    marks = [("nd_title", "Common Stock", 0), ("nd_owned", "684,741", 0),
             ("nd_nature", "By estate planning vehicle", 0),
             ("nd_title", "Common Stock", 1), ("nd_owned", "900", 0), ("nd_di", "D", 0),
             ("nd_nature", "By trust", 0)]
    record, draft = extract(text, marks)
    lost, clash = record.non_derivative_holdings
    assert lost.direct_or_indirect == "I"      # the ownership form OCR lost, from the nature
    prov = draft.prov["non_derivative_holdings[0].direct_or_indirect"]
    assert prov.inferred and "repaired:ownership_form" in prov.notes
    assert clash.direct_or_indirect == "D"     # kept as read, but one of the two is wrong
    assert "fail:ownership_form" in draft.prov["non_derivative_holdings[1].direct_or_indirect"].notes
    assert "fail:ownership_form" in draft.prov["non_derivative_holdings[1].nature_of_ownership"].notes
    record, draft = extract(text, marks[:3])
    assert record.non_derivative_holdings[0].direct_or_indirect == "I"
    record, draft = extract(text, marks[3:6])   # direct, no nature: as it should be
    assert "ok:ownership_form" in draft.prov["non_derivative_holdings[0].direct_or_indirect"].notes


def test_a_holdings_line_with_no_ownership_form_read_is_indirect():
    """Table I's direct holding is its last transaction row's; a holdings line of its own,
    its D/I and nature both lost, is taken for an indirect one. A transaction row's is not
    guessed."""
    text = "Common Stock 01/05/2024 S 100 $10.00 900\nCommon Stock 5,000\n"
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "01/05/2024", 0), ("nd_code", "S", 0),
             ("nd_shares", "100", 0), ("nd_price", "10.00", 0), ("nd_owned", "900", 0),
             ("nd_title", "Common Stock", 1), ("nd_owned", "5,000", 0)]
    record, draft = extract(text, marks)
    assert record.non_derivative_transactions[0].direct_or_indirect is None
    assert record.non_derivative_holdings[0].direct_or_indirect == "I"
    prov = draft.prov["non_derivative_holdings[0].direct_or_indirect"]
    assert prov.inferred and not prov.spans


def test_holdings_chain_keeps_a_cleanly_printed_holding():
    """A holding printed whole ('17,130,000') that breaks the chain is kept as read, with
    its confidence lowered: the filer may start a new holding there (another vehicle)."""
    text = ("Common Stock 08/10/2021\tA\t2,000,000\tA\t$0.00\t2,000,000\tI\n"
            "Common Stock 08/10/2021\tM\t17,130,000\tA\t$0.00\t17,130,000\tI\n")
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "08/10/2021", 0), ("nd_code", "A", 0),
             ("nd_shares", "2,000,000", 0), ("nd_ad", "A", 1), ("nd_owned", "2,000,000", 1),
             ("nd_di", "I", 0), ("nd_title", "Common Stock", 1), ("nd_date", "08/10/2021", 1),
             ("nd_code", "M", 0), ("nd_shares", "17,130,000", 0), ("nd_ad", "A", 2),
             ("nd_owned", "17,130,000", 1), ("nd_di", "I", 1)]
    record, draft = extract(text, marks)
    assert [r.shares_owned_following for r in record.non_derivative_transactions] == [2000000, 17130000]
    assert "fail:chain" in draft.prov["non_derivative_transactions[1].shares_owned_following"].notes


def test_a_transaction_with_no_ownership_form_read_takes_its_tables():
    """One filing's transactions are in one account: a row whose D/I OCR lost takes the one
    every other row was read with. A row with no amount (no transaction) is left alone."""
    text = ("Common Stock 01/05/2024 S 100 $10.00 900 I\n"
            "Common Stock 01/05/2024 S 200 $10.10 700 ~\n"
            "Common Stock 01/06/2024 S 300 $10.20 400 I\n"
            "Common Stock 01/07/2024\n")
    marks = [("nd_title", "Common Stock", 0), ("nd_code", "S", 0), ("nd_shares", "100", 0),
             ("nd_owned", "900", 0), ("nd_di", "I", 0),
             ("nd_title", "Common Stock", 1), ("nd_code", "S", 1), ("nd_shares", "200", 0),
             ("nd_owned", "700", 0),
             ("nd_title", "Common Stock", 2), ("nd_code", "S", 2), ("nd_shares", "300", 0),
             ("nd_owned", "400", 0), ("nd_di", "I", 1),
             ("nd_title", "Common Stock", 3), ("nd_date", "01/07/2024", 0)]
    record, draft = extract(text, marks)
    rows = record.non_derivative_transactions
    assert [r.direct_or_indirect for r in rows] == ["I", "I", "I", None]
    assert draft.prov["non_derivative_transactions[1].direct_or_indirect"].inferred
    disagree = [m for m in marks if m != ("nd_di", "I", 1)] + [("nd_di", "D", 0)]
    record, _ = extract(text.replace("400 I", "400 D"), disagree)
    assert record.non_derivative_transactions[1].direct_or_indirect is None   # they disagree


def test_a_link_of_the_holdings_chain_gives_the_value_ocr_lost():
    text = ("Common Stock 01/05/2024 S 100 D $10.00 900 D\n"
            "Common Stock 01/06/2024 S 250 D $10.00 650 D\n")
    marks = [("nd_title", "Common Stock", 0), ("nd_code", "S", 0), ("nd_shares", "100", 0),
             ("nd_ad", "D", 0), ("nd_owned", "900", 0), ("nd_di", "D", 1),
             ("nd_title", "Common Stock", 1), ("nd_code", "S", 1), ("nd_ad", "D", 2), ("nd_di", "D", 3)]
    lost_amount = marks + [("nd_owned", "650", 0)]
    record, draft = extract(text, lost_amount)
    assert record.non_derivative_transactions[1].shares == 250     # 900 - 650
    assert draft.prov["non_derivative_transactions[1].shares"].inferred
    lost_holding = marks + [("nd_shares", "250", 0)]
    record, draft = extract(text, lost_holding)
    assert record.non_derivative_transactions[1].shares_owned_following == 650
    assert draft.prov["non_derivative_transactions[1].shares_owned_following"].inferred


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


def test_code_and_acquired_disposed():
    text = "Common Stock 01/05/2024 S 100 $10.00 900 D\n"
    record, draft = extract(text, [("nd_title", "Common Stock", 0), ("nd_date", "01/05/2024", 0),
                                   ("nd_code", "S", 0), ("nd_shares", "100", 0), ("nd_price", "10.00", 0),
                                   ("nd_owned", "900", 0), ("nd_di", "D", 0)])
    row = record.non_derivative_transactions[0]
    assert row.acquired_disposed == "D"                   # S disposes: inferred, not read
    assert draft.prov["non_derivative_transactions[0].acquired_disposed"].inferred
    assert record.period_of_report == dt.date(2024, 1, 5)  # box 3 unreadable: the earliest date


def test_a_derivative_converted_into_another_is_acquired_by_the_second_row():
    """RSUs settle in Class B stock (M, disposed of); the Class B row that receives them
    is acquired under the same code, whatever the code alone suggests."""
    text = ("Restricted Stock Unit 01/01/2012 M 30,718 Class B Common Stock 30,718 0 D\n"
            "Class B Common Stock 01/01/2012 M 30,718 Class A Common Stock 30,718 1,443,715 D\n")
    record, draft = extract(text, [
        ("d_title", "Restricted Stock Unit", 0), ("d_date", "01/01/2012", 0), ("d_code", "M", 0),
        ("d_shares_d", "30,718", 0), ("d_und_title", "Class B Common Stock", 0), ("d_und_shares", "30,718", 1),
        ("d_owned", "0", 0), ("d_di", "D", 0),
        ("d_title", "Class B Common Stock", 1), ("d_date", "01/01/2012", 1), ("d_code", "M", 1),
        ("d_shares_d", "30,718", 2), ("d_und_title", "Class A Common Stock", 0), ("d_und_shares", "30,718", 3),
        ("d_owned", "1,443,715", 0), ("d_di", "D", 1)])
    assert [r.acquired_disposed for r in record.derivative_transactions] == ["D", "A"]
    assert "repaired:conversion" in draft.prov["derivative_transactions[1].acquired_disposed"].notes
    assert "ok:conversion" in draft.prov["derivative_transactions[0].acquired_disposed"].notes


def test_a_transaction_rows_only_date_is_its_transaction_date():
    text = "Restricted Stock Units 05/15/2022 M 946 Class A Common Stock 946 $0 0 D\n"
    record, draft = extract(text, [
        ("d_title", "Restricted Stock Units", 0), ("d_expiration", "05/15/2022", 0), ("d_code", "M", 0),
        ("d_shares_d", "946", 0), ("d_und_title", "Class A Common Stock", 0), ("d_und_shares", "946", 1),
        ("d_owned", "0", 1), ("d_di", "D", 0)])
    row = record.derivative_transactions[0]
    assert (row.transaction_date, row.expiration_date) == (dt.date(2022, 5, 15), None)
    assert "repaired:dates" in draft.prov["derivative_transactions[0].transaction_date"].notes
    assert [f for f in draft.prov if f.endswith("expiration_date")] == []


def test_what_a_derivative_row_lost_of_its_underlying_is_inferred():
    text = "Restricted Stock Units\t03/10/2025\tA\t110,474\tCommon Stock\t$0\n"
    marks = [("d_title", "Restricted Stock Units", 0), ("d_date", "03/10/2025", 0), ("d_code", "A", 0),
             ("d_shares_a", "110,474", 0), ("d_und_title", "Common Stock", 0)]
    record, draft = extract(text, marks)
    row = record.derivative_transactions[0]
    assert (row.shares, row.underlying_shares) == (110474, 110474)
    prov = draft.prov["derivative_transactions[0].underlying_shares"]
    assert prov.inferred and "repaired:underlying" in prov.notes and not prov.spans
    # the other way round: the underlying amount read, the derivative's count lost
    record, draft = extract(text, marks[:3] + [("d_und_shares", "110,474", 0)])
    assert record.derivative_transactions[0].shares == 110474
    assert draft.prov["derivative_transactions[0].shares"].inferred
    # the underlying security lost: the one stock Table I lists
    text2 = "Common Stock\t5,000\tD\n" + text
    record, draft = extract(text2, [("nd_title", "Common Stock", 0), ("nd_owned", "5,000", 0),
                                    ("nd_di", "D", 0)] + marks[:4])
    assert record.derivative_transactions[0].underlying_security_title == "Common Stock"
    assert draft.prov["derivative_transactions[0].underlying_security_title"].inferred
    text3 = "Class A Common Stock\t1\tD\nClass B Common Stock\t5,000\tD\n" + text
    record, _ = extract(text3, [("nd_title", "Class A Common Stock", 0), ("nd_title", "Class B Common Stock", 0)]
                        + marks[:4])
    assert record.derivative_transactions[0].underlying_security_title is None   # two: which?
    # both read: kept as printed, whatever the ratio
    text = text.replace("Common Stock", "Common Stock\t55,237")
    record, _ = extract(text, marks + [("d_und_shares", "55,237", 0)])
    assert record.derivative_transactions[0].underlying_shares == 55237


def test_a_title_let_go_inside_a_bracket_runs_to_its_close():
    text = "Restricted\nStock\nUnits\n(RSU)\n(Class A)\n\n05/15/2021\n\nA\n1,386\n"
    record, _ = extract(text, [("d_title", "Restricted\nStock\nUnits\n(RSU", 0), ("d_date", "05/15/2021", 0),
                               ("d_code", "A", 1), ("d_shares_a", "1,386", 0)])
    assert record.derivative_transactions[0].security_title == "Restricted Stock Units (RSU) (Class A)"
    # a whole title runs on over the bracketed words below it in its column too
    record, _ = extract(text, [("d_title", "Restricted\nStock\nUnits", 0), ("d_date", "05/15/2021", 0)])
    assert record.derivative_transactions[0].security_title == "Restricted Stock Units (RSU) (Class A)"


def test_weighted_average_range_picks_the_reading_inside_it():
    text = ("Common Stock 08/23/2021 S 994 D $110.03\t352 (2) 5,047,398 D\n"
            "Explanation of Responses:\n(2) The sale price represents the weighted average price of the "
            "shares sold ranging from $110.00 to $110.07 per share.\n")
    record, _ = extract(text, [("nd_title", "Common Stock", 0), ("nd_date", "08/23/2021", 0),
                               ("nd_code", "S", 0), ("nd_shares", "994", 0), ("nd_ad", "D", 0),
                               ("nd_price", "110.03\t352", 0), ("fn_ref", "(2)", 0),
                               ("nd_owned", "5,047,398", 0), ("fn_id", "(2)", 1),
                               ("fn_text", "The sale price represents the weighted average price of the "
                                           "shares sold ranging from $110.00 to $110.07 per share.", 0)])
    assert record.non_derivative_transactions[0].price_per_share == 110.0352
    assert record.footnotes["F2"].endswith("$110.07 per share.")


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


def test_a_nature_read_in_part_is_the_documents_one_nature_that_holds_it():
    """'See' above the row line, 'footnote' on it: a row whose nature was read as 'footnote'
    has the other rows' 'See footnote'; a nature read over into the next cell ('See footnote
    See', once) does not pull the rows read right."""
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
    assert natures == ["See footnote", "See footnote", "See footnote", "See footnote See"]
    assert "repaired:nature_cut" in draft.prov["non_derivative_transactions[1].nature_of_ownership"].notes
    assert "repaired:nature_cut" not in draft.prov["non_derivative_transactions[0].nature_of_ownership"].notes


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
TABLE1_LAST_HEADINGS = """6.
7. Nature of
Ownership Indirect
Form:
Beneficial
Direct (D) Ownership
or Indirect (Instr. 4)
(I)
(Instr. 4)
"""

PDFTOTEXT_TABLE1 = """Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned

1.Title of Security
(Instr. 3)

2. Transaction
Date
(Month/Day/Year)

3. Transaction
Code (Instr. 8)
Code
V Amount (D)
Price

Common Stock

04/02/2024

S

2,500 D

5. Amount of Securities
Beneficially Owned Following
Reported Transaction(s)
(Instr. 3 and 4)

$
41.20 80,115

Common Stock

9,000

""" + TABLE1_LAST_HEADINGS + """
D

I

By Trust

Reminder: Report on a separate line for each class of securities beneficially owned.
"""


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


PDFTOTEXT_TABLE2 = """Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned
(e.g., puts, calls, warrants, options, convertible securities)
1. Title of
Derivative
Security
(Instr. 3)

2.
3. Transaction
3A. Deemed
4.
5. Number of
Conversion Date
Execution Date, if Transaction Derivative
or Exercise (Month/Day/Year) any
Code
Securities
Price of
(Month/Day/Year) (Instr. 8)
Acquired (A)
Derivative
or Disposed
Security
of (D)
(Instr. 3, 4,
and 5)

Date
Expiration
Title
Exercisable Date
Code

Stock
Options

02/14/2024

V

M

(A)

(D)

5,000
"""


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


def test_a_table_ii_code_that_is_a_direction_repairs_the_count_sub_column():
    """pdftotext reads Table II's '(A)' and '(D)' sub-headings one after the other before the
    count, so the count looks disposed of; a grant (code A) acquires. An exercise (M) says
    no direction of its own, and its sub-column stands."""
    text = ("Restricted Stock Units 06/15/2020 A (A) (D) 1,386 Class A Common Stock 1,386 $0 1,386 D\n"
            "Stock Option 06/15/2020 M 500 Common Stock 500 $0 1,000 D\n")
    record, draft = extract(text, [
        ("d_title", "Restricted Stock Units", 0), ("d_date", "06/15/2020", 0), ("d_code", "A", 0),
        ("d_shares_d", "1,386", 0), ("d_und_title", "Class A Common Stock", 0),
        ("d_und_shares", "1,386", 1), ("d_price", "0", 0), ("d_owned", "1,386", 2), ("d_di", "D", 0),
        ("d_title", "Stock Option", 0), ("d_date", "06/15/2020", 1), ("d_code", "M", 0),
        ("d_shares_a", "500", 0), ("d_und_title", "Common Stock", 1), ("d_und_shares", "500", 1),
        ("d_price", "0", 1), ("d_owned", "1,000", 0), ("d_di", "D", 1)])
    grant, exercise = record.derivative_transactions
    assert (grant.transaction_code, grant.acquired_disposed) == ("A", "A")
    assert "repaired:code_ad" in draft.prov["derivative_transactions[0].acquired_disposed"].notes
    assert (exercise.transaction_code, exercise.acquired_disposed) == ("M", "A")


DEFERRED_TAIL = """Signatures
/s/ Ann Habernigg, Attorney-in-fact
**

Signature of Reporting Person

05/30/2019
Date

(2)

8. Price of 9. Number of 10.
11. Nature
Derivative Derivative
Ownership of Indirect
(Instr. 4)

Amount
or
Number
of
Shares

5,000

$0

7,537

D

Explanation of Responses:
"""


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


def test_the_sub_headings_v_read_as_the_code_gives_way_to_the_letter_read_alone():
    """pdftotext (dev h038b, a retrained tagger): 'V' among Table II's sub-headings read as
    the code at 0.52; the 'M' below it, left untagged, is the code however unsure."""
    marks = [("d_title", "Stock\nOptions", 0), ("d_date", "02/14/2024", 0), ("d_shares_d", "5,000", 0),
             ("d_code", "V", 0)]
    record, _ = extract(PDFTOTEXT_TABLE2, marks)
    assert record.derivative_transactions[0].transaction_code == "M"


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
    text = text.replace("27.61 64,213", "0.0001 per share 64,213")
    record, _ = extract(text, marks)
    assert record.non_derivative_transactions[1].price_per_share is None


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
