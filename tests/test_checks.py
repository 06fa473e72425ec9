"""The checks and their repairs (holdings chain, code and A/D, dates, price ranges), from
hand-built spans; no model involved."""
import datetime as dt

from .assembly import extract, occurrence


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


def test_a_derivative_transaction_with_no_ownership_form_read_takes_table_ones():
    """With no form read in its own table, a transaction takes the one the other table's
    transactions agree on (a conversion's Class B stock and the Class A it became are in
    one account: held indirectly here, the Class B row's I lost to OCR)."""
    table1 = "Class A Common Stock 04/03/2012 C 5,000 A $0.00 12,000 I By trust\n"
    sale = "Class A Common Stock 04/05/2012 S 100 D $5.00 11,900 D\n"
    table2 = "Class B Common Stock 04/03/2012 C 5,000 Class A Common Stock 5,000 $0 0 ~ By trust\n"
    row1 = [("nd_title", "Class A Common Stock", 0), ("nd_date", "04/03/2012", 0), ("nd_code", "C", 0),
            ("nd_shares", "5,000", 0), ("nd_ad", "A", 1), ("nd_price", "0.00", 0), ("nd_owned", "12,000", 0),
            ("nd_di", "I", 0), ("nd_nature", "By trust", 0)]
    row2 = [("d_title", "Class B Common Stock", 0), ("d_date", "04/03/2012", 1), ("d_code", "C", 1),
            ("d_shares_d", "5,000", 1), ("d_und_title", "Class A Common Stock", 1), ("d_und_shares", "5,000", 2),
            ("d_price", "0", 0), ("d_owned", "0", 1)]
    record, draft = extract(table1 + table2, row1 + row2)
    assert record.derivative_transactions[0].direct_or_indirect == "I"
    assert draft.prov["derivative_transactions[0].direct_or_indirect"].inferred
    # Table I's rows read with both forms: nothing to go by
    sold = [("nd_title", "Class A Common Stock", 1), ("nd_code", "S", 0), ("nd_shares", "100", 0),
            ("nd_ad", "D", 0), ("nd_owned", "11,900", 0), ("nd_di", "D", 1)]
    row2[4] = ("d_und_title", "Class A Common Stock", 2)
    record, _ = extract(table1 + sale + table2, row1 + sold + row2)
    assert [r.direct_or_indirect for r in record.non_derivative_transactions] == ["I", "D"]
    assert record.derivative_transactions[0].direct_or_indirect is None


def test_a_link_of_the_holdings_chain_gives_the_value_ocr_lost():
    text = ("Common Stock 01/05/2024 S 100 D $10.00 900 D\n"
            "Common Stock 01/06/2024 S 250 D $10.00 650 D\n")
    marks = [("nd_title", "Common Stock", 0), ("nd_code", "S", 0), ("nd_shares", "100", 0),
             ("nd_ad", "D", 0), ("nd_owned", "900", 0), ("nd_di", "D", 1),
             ("nd_title", "Common Stock", 1), ("nd_code", "S", 1), ("nd_ad", "D", 2), ("nd_di", "D", 3)]
    lost_amount = marks + [("nd_owned", "650", 0)]
    # the amount garbled past reading: a number there, untagged, would be read as the amount
    record, draft = extract(text.replace(" 250 ", " ZSO "), lost_amount)
    assert record.non_derivative_transactions[1].shares == 250     # 900 - 650
    assert draft.prov["non_derivative_transactions[1].shares"].inferred
    lost_holding = marks + [("nd_shares", "250", 0)]
    record, draft = extract(text, lost_holding)
    assert record.non_derivative_transactions[1].shares_owned_following == 650
    assert draft.prov["non_derivative_transactions[1].shares_owned_following"].inferred


def test_a_holding_read_nowhere_is_the_number_the_next_link_gives_where_it_is_printed():
    """pdftotext reads one row's '$ 0 9,476' among the next row's cells (held-out h040a):
    no holding is read for the first row, but the next row's link gives it (34,082 -
    24,606 = 9,476), and the text prints that number where no value was read."""
    text = ("Common Stock 07/05/2022 A A D\n"
            "Common Stock 08/22/2022 M 24,606 A $0 34,082 D\n"
            "$ 0 9,476\n")
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "07/05/2022", 0), ("nd_code", "A", 0),
             ("nd_ad", "A", 1), ("nd_di", "D", 0),
             ("nd_title", "Common Stock", 1), ("nd_date", "08/22/2022", 0), ("nd_code", "M", 0),
             ("nd_shares", "24,606", 0), ("nd_ad", "A", 2), ("nd_price", "0", 0), ("nd_owned", "34,082", 0),
             ("nd_di", "D", 1)]
    record, draft = extract(text, marks)
    assert record.non_derivative_transactions[0].shares_owned_following == 9476
    prov = draft.prov["non_derivative_transactions[0].shares_owned_following"]
    assert prov.inferred and "repaired:chain" in prov.notes
    assert [text[s.start:s.end] for s in prov.spans] == ["9,476"]
    # not printed, or printed twice where nothing was read: no holding is made up
    for other in (text.replace("9,476", "9,467"), text + "9476\n"):
        record, _ = extract(other, marks)
        assert record.non_derivative_transactions[0].shares_owned_following is None


def test_code_and_acquired_disposed():
    text = "Common Stock 01/05/2024 S 100 $10.00 900 D\n"
    record, draft = extract(text, [("nd_title", "Common Stock", 0), ("nd_date", "01/05/2024", 0),
                                   ("nd_code", "S", 0), ("nd_shares", "100", 0), ("nd_price", "10.00", 0),
                                   ("nd_owned", "900", 0), ("nd_di", "D", 0)])
    row = record.non_derivative_transactions[0]
    assert row.acquired_disposed == "D"                   # S disposes: inferred, not read
    assert draft.prov["non_derivative_transactions[0].acquired_disposed"].inferred
    assert record.period_of_report == dt.date(2024, 1, 5)  # box 3 unreadable: the earliest date
    # an exercise or conversion in Table I acquires the underlying (all 38 real gold rows
    # coded M or C; held-out h039b's A/D lost): inferred
    record, draft = extract(text.replace(" S ", " M "), [("nd_title", "Common Stock", 0),
                                                         ("nd_date", "01/05/2024", 0), ("nd_code", "M", 0),
                                                         ("nd_shares", "100", 0), ("nd_owned", "900", 0)])
    assert record.non_derivative_transactions[0].acquired_disposed == "A"
    assert draft.prov["non_derivative_transactions[0].acquired_disposed"].inferred


def test_a_code_lost_among_rows_of_one_code_is_theirs_when_its_direction_fits():
    """Three sales, the middle one's 'S' lost to OCR: it disposes, as a sale does, so it is
    one too. An acquisition there is another code (an exercise before the sales)."""
    text = ("Common Stock 01/05/2024 S 100 D $10.00 900 D\n"
            "Common Stock 01/05/2024 ~ 200 D $10.10 700 D\n"
            "Common Stock 01/06/2024 S 300 D $10.20 400 D\n")
    marks = [("nd_title", "Common Stock", 0), ("nd_code", "S", 0), ("nd_shares", "100", 0), ("nd_ad", "D", 0),
             ("nd_owned", "900", 0), ("nd_di", "D", 1),
             ("nd_title", "Common Stock", 1), ("nd_shares", "200", 0), ("nd_ad", "D", 2),
             ("nd_owned", "700", 0), ("nd_di", "D", 3),
             ("nd_title", "Common Stock", 2), ("nd_code", "S", 1), ("nd_shares", "300", 0), ("nd_ad", "D", 4),
             ("nd_owned", "400", 0), ("nd_di", "D", 5)]
    record, draft = extract(text, marks)
    assert [r.transaction_code for r in record.non_derivative_transactions] == ["S", "S", "S"]
    assert draft.prov["non_derivative_transactions[1].transaction_code"].inferred
    acquired = text.replace("200 D $10.10 700", "200 A $10.10 1,100")
    marks[8:10] = [("nd_ad", "A", 0), ("nd_owned", "1,100", 0)]
    marks[10:] = [(label, t, n - (t == "D")) for label, t, n in marks[10:]]    # one 'D' fewer before them
    record, _ = extract(acquired, marks)
    assert record.non_derivative_transactions[1].transaction_code is None


def test_a_date_or_price_lost_among_rows_of_one_is_theirs():
    """Three grants of one day at $0, the middle one's date and price lost to OCR: it has
    theirs, inferred. Rows of two dates give nothing to go by."""
    text = ("Common Stock 01/05/2024 A 100 A $0 900 D\n"
            "Common Stock ~ A 200 A ~ 1,100 D\n"
            "Common Stock 01/05/2024 A 300 A $0 1,400 D\n")
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "01/05/2024", 0), ("nd_code", "A", 0),
             ("nd_shares", "100", 0), ("nd_ad", "A", 1), ("nd_price", "0", 0), ("nd_owned", "900", 0),
             ("nd_title", "Common Stock", 1), ("nd_code", "A", 2), ("nd_shares", "200", 0),
             ("nd_ad", "A", 3), ("nd_owned", "1,100", 0),
             ("nd_title", "Common Stock", 2), ("nd_date", "01/05/2024", 1), ("nd_code", "A", 4),
             ("nd_shares", "300", 0), ("nd_ad", "A", 5), ("nd_price", "0", 1), ("nd_owned", "1,400", 0)]
    record, draft = extract(text, marks)
    middle = record.non_derivative_transactions[1]
    assert (middle.transaction_date, middle.price_per_share) == (dt.date(2024, 1, 5), 0)
    assert draft.prov["non_derivative_transactions[1].transaction_date"].inferred
    record, _ = extract(text.replace("01/05/2024 A 300", "01/08/2024 A 300"),
                        [m if m != ("nd_date", "01/05/2024", 1) else ("nd_date", "01/08/2024", 0) for m in marks])
    assert record.non_derivative_transactions[1].transaction_date is None


def test_a_code_lost_on_one_side_of_an_exercise_is_the_other_sides():
    """Class B stock converted (C) into Class A: the Table I row's 'C' lost to OCR is Table
    II's for the same amount. A sale of that amount right after is no conversion."""
    text = ("Class A Common Stock 04/03/2012 ~ 5,000 A $0 12,000 D\n"
            "Class A Common Stock 04/03/2012 ~ 5,000 D $10.00 7,000 D\n"
            "Class B Common Stock 04/03/2012 C 5,000 Class A Common Stock 5,000 $0 0 D\n")
    marks = [("nd_title", "Class A Common Stock", 0), ("nd_date", "04/03/2012", 0), ("nd_shares", "5,000", 0),
             ("nd_ad", "A", 1), ("nd_owned", "12,000", 0), ("nd_di", "D", 0),
             ("nd_title", "Class A Common Stock", 1), ("nd_date", "04/03/2012", 1), ("nd_shares", "5,000", 1),
             ("nd_ad", "D", 1), ("nd_price", "10.00", 0), ("nd_owned", "7,000", 0), ("nd_di", "D", 2),
             ("d_title", "Class B Common Stock", 0), ("d_date", "04/03/2012", 2), ("d_code", "C", 0),
             ("d_shares_d", "5,000", 2), ("d_und_title", "Class A Common Stock", 2), ("d_und_shares", "5,000", 3),
             ("d_owned", "0", 2), ("d_di", "D", 3)]
    record, draft = extract(text, marks)
    assert [r.transaction_code for r in record.non_derivative_transactions] == ["C", None]
    assert draft.prov["non_derivative_transactions[0].transaction_code"].inferred
    # and the other way round: Table II's code lost, Table I's read
    text2 = text.replace("~ 5,000 A", "C 5,000 A").replace("04/03/2012 C 5,000 Class", "04/03/2012 ~ 5,000 Class")
    marks2 = [m for m in marks if m[0] != "d_code"] + [("nd_code", "C", 0)]
    record, _ = extract(text2, marks2)
    assert record.derivative_transactions[0].transaction_code == "C"


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


def test_an_underlying_security_read_without_its_first_words_is_table_ones():
    """'Class A' on the cell's first line, lost: the underlying read 'Common Stock' is the
    one stock Table I lists. A title that only begins like the underlying is another."""
    def underlying(table1_title: str, read: str) -> str | None:
        text = f"{table1_title}\t5,000\tD\nRestricted Stock Units\t03/10/2025\tA\t946\t{read}\t946\n"
        marks = [("nd_title", table1_title, 0), ("nd_owned", "5,000", 0), ("nd_di", "D", 0),
                 ("d_title", "Restricted Stock Units", 0), ("d_date", "03/10/2025", 0), ("d_code", "A", 0),
                 ("d_shares_a", "946", 0), ("d_und_title", read, occurrence(text, read, text.rindex(read))),
                 ("d_und_shares", "946", 1)]
        record, _ = extract(text, marks)
        return record.derivative_transactions[0].underlying_security_title

    assert underlying("Class A Common Stock", "Common Stock") == "Class A Common Stock"
    assert underlying("Class A Common Stock", "Stock") == "Class A Common Stock"
    assert underlying("Common Stock (restricted stock units)", "Common Stock") == "Common Stock"
    assert underlying("Class A Common Stock", "Class B Common Stock") == "Class B Common Stock"


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


def test_a_nature_read_as_a_part_of_see_footnote_alone_is_see_footnote():
    """OCR lost 'See' of the row's 'See footnote' (held-out h043b, h044b), and no other
    row's nature was read whole to complete it from: the form's phrase is the nature; so
    is the phrase misspelt by OCR (generated documents). A nature that holds words the
    phrase has not (a word of four letters or more beside it), or one letter of it, stays
    as read."""
    text = "Common Stock\t08/01/2012\tS\t100\tD\t$98.27\t900\tI\tfootnote\n"
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "08/01/2012", 0), ("nd_code", "S", 0),
             ("nd_shares", "100", 0), ("nd_ad", "D", 0), ("nd_price", "98.27", 0), ("nd_owned", "900", 0),
             ("nd_di", "I", 0), ("nd_nature", "footnote", 0)]
    record, draft = extract(text, marks)
    assert record.non_derivative_transactions[0].nature_of_ownership == "See footnote"
    assert "repaired:nature_cut" in draft.prov["non_derivative_transactions[0].nature_of_ownership"].notes
    # cut, misspelt by OCR, or with OCR's stray letters after it (dev h099a)
    for nature in ("See Footno", "See", "Sce footnofe", "SeeFootnotc", "footnote ae"):
        record, _ = extract(text.replace("footnote\n", nature + "\n"), marks[:-1] + [("nd_nature", nature, 0)])
        assert record.non_derivative_transactions[0].nature_of_ownership == "See footnote"
    for nature in ("footnote trust", "F", "See Exhibit", "Trust See footnote"):
        record, _ = extract(text.replace("footnote\n", nature + "\n"), marks[:-1] + [("nd_nature", nature, 0)])
        assert record.non_derivative_transactions[0].nature_of_ownership == nature


def test_a_note_title_or_nature_opening_in_lower_case_fails_its_check():
    """No gold footnote, security title or nature opens in lower case: one read so was cut
    from the middle of its text (OCR's 'value $0.0001 per share', the second line of a
    wrapped title, read as a row's title). Kept as read, its confidence lowered."""
    text = ("Common Stock\t08/01/2012\tS\t100\tD\t$98.27\t900\tD\n"
            "value $0.0001 per share\t08/02/2012\tS\t50\tD\t$98.30\t850\tD\n"
            "Explanation of Responses:\n(1) and the shares were sold under a plan.\n")
    marks = [("nd_title", "Common Stock", 0), ("nd_date", "08/01/2012", 0), ("nd_code", "S", 0),
             ("nd_shares", "100", 0), ("nd_ad", "D", 0), ("nd_price", "98.27", 0), ("nd_owned", "900", 0),
             ("nd_di", "D", 0), ("nd_title", "value $0.0001 per share", 0), ("nd_date", "08/02/2012", 0),
             ("nd_code", "S", 1), ("nd_shares", "50", 0), ("nd_ad", "D", 1), ("nd_price", "98.30", 0),
             ("nd_owned", "850", 0), ("nd_di", "D", 1), ("fn_id", "(1)", 0),
             ("fn_text", "and the shares were sold under a plan.", 0)]
    record, draft = extract(text, marks)
    assert record.non_derivative_transactions[1].security_title == "value $0.0001 per share"
    assert "fail:opening" in draft.prov["non_derivative_transactions[1].security_title"].notes
    assert "fail:opening" in draft.prov["footnotes.F1"].notes
    assert "fail:opening" not in draft.prov["non_derivative_transactions[0].security_title"].notes


def test_a_rows_footnote_marker_names_a_note_the_record_has():
    """All 772 markers of the gold records name a note of their record. A marker whose
    note was not read (OCR lost it, or misread the number: 'F63' of seven notes) fails."""
    text = ("Common Stock\t08/01/2012\tS(1)\t100\tD\t$98.27\t900\tD\n"
            "Common Stock\t08/02/2012\tS(2)\t50\tD\t$98.30\t850\tD\n"
            "Explanation of Responses:\n(1) Shares were sold under a trading plan.\n")
    marks = []
    for k, (date, shares, price, owned) in enumerate([("08/01/2012", "100", "98.27", "900"),
                                                      ("08/02/2012", "50", "98.30", "850")]):
        marks += [("nd_title", "Common Stock", k), ("nd_date", date, 0), ("nd_code", "S", k),
                  ("fn_ref", f"({k + 1})", 0), ("nd_shares", shares, 0), ("nd_ad", "D", k),
                  ("nd_price", price, 0), ("nd_owned", owned, 0), ("nd_di", "D", k)]
    marks += [("fn_id", "(1)", 1), ("fn_text", "Shares were sold under a trading plan.", 0)]
    record, draft = extract(text, marks)
    assert [row.footnotes for row in record.non_derivative_transactions] == [("F1",), ("F2",)]
    assert "ok:footnote_link" in draft.prov["non_derivative_transactions[0].footnotes"].notes
    assert "fail:footnote_link" in draft.prov["non_derivative_transactions[1].footnotes"].notes
