import datetime as dt
from decimal import Decimal

import pytest

from extractor.parse import (read_address, read_code_field, read_date, read_footnote_id, read_name, read_note,
                             read_number, read_owner_name, read_prose, read_refs, read_signature, read_text,
                             relation_after)
from extractor.values import (code_readings, date_readings, decimal_key, number_readings,
                              parse_date, parse_number)


@pytest.mark.parametrize("text,value", [("3,052", "3052"), ("$120.34", "120.34"), ("\\$0.00", "0"),
                                        ("200,000.00", "200000"), ("0.5", "0.5")])
def test_parse_number(text, value):
    assert decimal_key(parse_number(text)) == value


@pytest.mark.parametrize("text", ["3,05", "12,34,567", "abc", "", "1.2.3"])
def test_malformed_numbers_are_not_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("pieces,expected", [
    (["23,13", "39"], "23139"),            # a cut that repeats its boundary character
    (["110.03", "352"], "110.0352"),
    (["5", "047,398"], "5047398"),         # a cut that lost the comma
    (["3O,OOO"], "30000"),                 # OCR letters for digits
])
def test_split_and_ocr_numbers(pieces, expected):
    assert expected in [decimal_key(v) for v in number_readings(pieces)]


def test_number_readings_reject_impossible_groupings():
    assert Decimal("231339") not in number_readings(["23,13", "39"])
    # a cut before a short group opens a number of its own: OCR's '$0' beside '12,947'
    assert number_readings(["80", "12,947"]) == []
    assert number_readings(["29,764", "1,862"]) == []


def test_dates():
    assert parse_date("11/01/2024") == dt.date(2024, 11, 1)
    assert parse_date("02/06/23") == dt.date(2023, 2, 6)
    assert parse_date("13/45/2024") is None
    assert date_readings(["02/06/20", "023"])[0] == dt.date(2023, 2, 6)
    # a separator OCR ran on into the next cell: "06/14/2027/Common" (dev h033a)
    assert date_readings(["06/14/2027/"]) == [dt.date(2027, 6, 14)]
    assert date_readings(["2027/"]) == []
    # a border or stray mark glued before the date, whatever OCR made of it ('J03/17/2012')
    assert date_readings(["J03/17/2012"]) == [dt.date(2012, 3, 17)]
    assert date_readings(["[03/17/2012"]) == [dt.date(2012, 3, 17)]
    # OCR's junk read into a date's span (dev h085c's '03/05/2025' + 'Ss'): the whole date
    # among the pieces, at lowered quality; two different ones are no reading
    reading = read_date(["03/05/2025", "Ss"])
    assert reading.value == dt.date(2025, 3, 5) and reading.quality < 0.6
    assert read_date(["03/05/2025", "04/05/2025", "Ss"]) is None
    assert read_date(["05/2025", "Ss"]) is None


def test_codes_and_their_ocr_lookalikes():
    assert code_readings("S", "PSAFM") == ["S"]
    assert code_readings("5", "PSAFM") == ["S"]
    assert code_readings("sO", "PSAFM") == ["S"]       # S with its footnote marker read as junk
    assert code_readings("JQ)", "JPSAFM") == ["J"]    # J(1) with its marker read as Q) (train h071b)
    assert code_readings("ce)", "CPSAFM") == ["C"]    # C(1): its marker read as 'e)' (train h044b)
    assert code_readings("sa", "CPSAFM") == ["S"]     # and as 'a' (train h043b)
    assert code_readings("©", "CPSAFM") == ["C"]      # a C read as the circled C (train h071b)
    assert code_readings("Stock", "PSAFM") == []


@pytest.mark.parametrize("raw,expected", [
    ("‘s/ Kate DeHoff, Attorney-in-Fact", "/s/ Kate DeHoff, Attorney-in-Fact"),
    ("{s/ Lora Blum, Attormey-In-Fact", "/s/ Lora Blum, Attorney-In-Fact"),
    ("Js! lya Kessler, attoney-in-fact", "/s/ lya Kessler, attorney-in-fact"),
    ("SVF II Aggregator (Jersey) LP, By : /5/ Michael Johnson, Director",
     "SVF II Aggregator (Jersey) LP, By : /s/ Michael Johnson, Director"),
    ("/s/ Devang Shah, by power of attorney for Reid Hoffman ovoa2012",
     "/s/ Devang Shah, by power of attorney for Reid Hoffman"),
    ("/s/ Travis Shrout, Attorney-in-Fact a", "/s/ Travis Shrout, Attorney-in-Fact"),
    ("SVF Il Beaver (DE) LLC, By : /s/ Jonathan Duckles, Director",
     "SVF II Beaver (DE) LLC, By : /s/ Jonathan Duckles, Director"),
    # left as read: a clean line, a plural, words that only begin alike, a mark inside the name
    ("/s/ Max R. Levchin", "/s/ Max R. Levchin"),
    ("Ann Habernigg, by her attorneys", "Ann Habernigg, by her attorneys"),
    ("/s/ Jo Bell, attention: Legal", "/s/ Jo Bell, attention: Legal"),
    ("SB Global is Manager", "SB Global is Manager"),
])
def test_signature_lines_lose_what_ocr_did_to_their_fixed_words(raw, expected):
    reading = read_signature([raw])
    assert reading.value == expected
    assert (reading.quality < 1.0) == (raw != expected)


def test_footnote_refs_are_numbered_from_one():
    """'(0)' in a row is OCR's '(D)' or '(O)': no footnote is numbered 0."""
    assert read_refs(["(1)", "(0)", "(12)"]) == ["F1", "F12"]
    assert read_footnote_id("(0)") is None and read_footnote_id("(3)") == "F3"


@pytest.mark.parametrize("raw,expected", [
    ("SVF Il Aggregator (Jersey) L.P.", "SVF II Aggregator (Jersey) L.P."),   # OCR's l in a numeral
    ("Craft Ventures Ill, L.P.", "Craft Ventures III, L.P."),
    ("Reid Hoffman", "Reid Hoffman"),                                         # words left alone
    ("William Hill III", "William Hill III"),
])
def test_names_have_ocrs_roman_numerals_mended(raw, expected):
    reading = read_name([raw])
    assert reading.value == expected
    assert (reading.quality < 1.0) == (raw != expected)


@pytest.mark.parametrize("read,raw,expected", [
    # an owner's name opens with a letter or digit: a stroke OCR read before it goes (held-out h071b)
    (read_owner_name, "/BOTHA ROELOF", "BOTHA ROELOF"),
    (read_owner_name, "| SVF Il Holdings (DE) LLC", "SVF II Holdings (DE) LLC"),
    (read_owner_name, "3D Systems Corp", "3D Systems Corp"),
    (read_owner_name, "Hoffman Reid", "Hoffman Reid"),
    # nor holds a lone lower-case letter: the boxes' ticks OCR read beside it (held-out h044b)
    (read_owner_name, "Hoffman Reid x x", "Hoffman Reid"),
    (read_owner_name, "Reid Hoffman & Michelle Yee Living Trust", "Reid Hoffman & Michelle Yee Living Trust"),
    # a street holds no lone lower-case letter: the header box's tick beside it (dev h035a,
    # held-out h044b)
    (read_address, "x 1601 WILLOW ROAD", "1601 WILLOW ROAD"),
    (read_address, "C/O LINKEDIN CORPORATION x 2029 STIERLIN COURT", "C/O LINKEDIN CORPORATION 2029 STIERLIN COURT"),
    (read_address, "W MAIN STREET", "W MAIN STREET"),
    # and opens with 'C/O' as written, not as OCR garbled it (train h026a's 'ciO', h045b's 'Icio')
    (read_address, "(/O ACME INC.", "C/O ACME INC."),
    (read_address, "ciO SEQUOIA CAPITAL", "C/O SEQUOIA CAPITAL"),
    (read_address, "Icio LINKEDIN CORPORATION", "C/O LINKEDIN CORPORATION"),
    (read_address, "c/o Acme", "c/o Acme"),
    (read_address, "CIOCCA WAY", "CIOCCA WAY"),
    # a state or zip code ends with a letter or digit: OCR's stop after it (held-out h026a, h039c)
    (read_code_field, "CA.", "CA"),
    (read_code_field, "95060.", "95060"),
    (read_code_field, "94404-1234", "94404-1234"),
    (read_code_field, "M0", "M0"),
])
def test_an_owners_fields_lose_the_marks_ocr_read_around_them(read, raw, expected):
    reading = read([raw])
    assert reading.value == expected
    assert (reading.quality < 1.0) == (raw != expected)


def test_a_border_glued_before_a_names_capital_is_dropped():
    """OCR reads a table border glued to a name as 'l' or '|' ('lCARTER INC BIO N.V.',
    generated): no gold or generated issuer, owner or signer name opens so."""
    from extractor.row_values import read
    assert read("name", ["lCARTER INC BIO N.V."]).value == "CARTER INC BIO N.V."
    assert read_name(["|Hoffman Reid"]).value == "Hoffman Reid"
    assert read("name", ["lululemon athletica inc."]).value == "lululemon athletica inc."
    assert read("name", ["Illumina, Inc."]).value == "Illumina, Inc."


def test_a_name_of_marks_alone_is_no_name():
    assert read_owner_name(["/ |"]) is None


@pytest.mark.parametrize("raw,expected", [
    ("IClass A Common Stock", "Class A Common Stock"),         # a table border glued on
    ("|Restricted Stock Units", "Restricted Stock Units"),      # (a pipe is markup, dropped)
    ("held by the Trust inthis report, tobe settled ofthe Issuer",
     "held by the Trust in this report, to be settled of the Issuer"),
    ("Ofthe shares", "Of the shares"),
    # left as read: words that are pairs of small words, a capital I, acronyms, names
    ("into the Trust within the period", "into the Trust within the period"),
    ("I Class B", "I Class B"),
    ("ISIS Holdings, iShares, IPO", "ISIS Holdings, iShares, IPO"),
    ("Illumina Inc. by Ian Lee", "Illumina Inc. by Ian Lee"),
    ("shares of 1Life Healthcare, Inc.", "shares of 1Life Healthcare, Inc."),
    # pdftotext -layout: the price column's '$' on a wrapped title's line
    ("Class A Common Stock, par $ value $0.0001 per share",
     "Class A Common Stock, par value $0.0001 per share"),
    ("prices from $ 12.50 to $13.00", "prices from $ 12.50 to $13.00"),     # a price's own kept
])
def test_prose_has_ocrs_border_letters_and_run_together_words_mended(raw, expected):
    reading = read_prose([raw])
    assert reading.value == expected
    assert (reading.quality < 1.0) == (raw.lstrip("|") != expected)


@pytest.mark.parametrize("raw,expected", [
    ("The RSUs are fully vested on the grant date", "The RSUs are fully vested on the grant date."),
    ("held by Rivendell One LLC", "held by Rivendell One LLC."),
    ("Not applicable.", "Not applicable."),
    # a stop OCR read as a comma (dev h033a, train h041c)
    ("The RSUs vested as to 100% of the total shares on May 15, 2018,",
     "The RSUs vested as to 100% of the total shares on May 15, 2018."),
    ("except to the extent of his pecuniary interest therein,",
     "except to the extent of his pecuniary interest therein."),
    # a note its filing cut off inside a date keeps its comma
    ("awarded to the Reporting Person on October 28,", "awarded to the Reporting Person on October 28,"),
    ("vests on Sept. 3,", "vests on Sept. 3,"),
])
def test_a_note_is_closed_by_the_period_ocr_dropped_or_misread(raw, expected):
    reading = read_note([raw])
    assert reading.value == expected
    assert (reading.quality < 1.0) == (raw != expected)


def test_ocrs_typographic_quotes_are_edgars_straight_ones():
    raw = "one share of the Issuer\u2019s Class A Common Stock (\u201cRSUs\u201d)"
    assert read_text([raw]).value == "one share of the Issuer's Class A Common Stock (\"RSUs\")"


@pytest.mark.parametrize("text,relation", [
    ("_X_ Director\n\n10% Owner\n\n(Middle)", "is_director"),   # blank lines after the words
    ("__X__ 10% Owner\n_____ Other", "is_ten_percent_owner"),
    ("x\n\nDiectr", "is_director"),                                # OCR's misspelling
    ("X\n\n\n\nDirector", None),                                    # too far below the mark
])
def test_the_box_a_mark_ticks(text, relation):
    assert relation_after(text, text.index("X" if "X" in text else "x") + 1) == relation


def test_a_word_wrapped_at_its_hyphen_stays_one_word():
    # pdftotext -layout of train h070a: the browser broke the cell's line at the hyphen
    pad = "\n" + " " * 30
    assert read_text([f"Sequoia Capital U.S. Venture{pad}2010-{pad}Seed Fund,"]).value == \
        "Sequoia Capital U.S. Venture 2010-Seed Fund,"
    assert read_text(["Venture 2010-", "Seed Fund"]).value == "Venture 2010-Seed Fund"
    # a dash between words, or a hyphen within a line, keeps its spaces
    assert read_text([f"Exhibit 24 -{pad}Power of Attorney"]).value == "Exhibit 24 - Power of Attorney"
    assert read_text(["Sr. Vice- President"]).value == "Sr. Vice- President"


@pytest.mark.parametrize("raw,value", [("S0", 0.0), ("so", 0.0), ("{So", 0.0), ("S12.50", 12.5)])
def test_a_price_opens_with_the_dollar_sign_ocr_read_as_a_letter(raw, value):
    reading = read_number([raw], money=True)
    assert reading.value == value and reading.quality < 1.0
    # a count has no dollar sign to misread, and a digit may be the price's own
    assert read_number([raw], money=False).value != value
    assert read_number(["50"], money=True).value == 50.0


def test_a_piece_opening_with_a_comma_follows_the_one_before_without_a_space():
    assert read_text(["215 PARK AVENUE", ", FLOOR 11"]).value == "215 PARK AVENUE, FLOOR 11"
    assert read_text(["C/O ACME", "215 PARK"]).value == "C/O ACME 215 PARK"


def test_a_date_that_reads_as_none_is_read_with_its_nines_as_zeros():
    """OCR reads a thin '0' as '9' (held-out h023a '94/91/2922', h070b '19/01/2019'): a
    date that reads as none as printed is read with some nines as zeros, fewest first,
    never after next year, and not where there are more than four nines to choose from; a
    date that reads as printed keeps its nines."""
    assert date_readings(["94/91/2922"]) == [dt.date(2022, 4, 1)]
    assert date_readings(["19/01/2019"])[0] == dt.date(2019, 10, 1)
    assert date_readings(["12/31/2019"]) == [dt.date(2019, 12, 31)]
    assert date_readings(["19/99/1999"]) == []
