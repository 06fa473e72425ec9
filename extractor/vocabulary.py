"""The Form 4 vocabulary as data: field labels, transaction codes, column headings.

Rules that change often live here as tables, not as `if` chains elsewhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# --- Record layout -----------------------------------------------------------------

OWNER_KEYS = (
    "name", "street1", "street2", "city", "state", "zip", "is_director", "is_officer",
    "is_ten_percent_owner", "is_other", "officer_title", "other_text",
)
ROW_KEYS = {
    "non_derivative_transactions": (
        "security_title", "transaction_date", "deemed_execution_date", "transaction_code",
        "shares", "price_per_share", "acquired_disposed", "shares_owned_following",
        "direct_or_indirect", "nature_of_ownership", "footnotes"),
    "non_derivative_holdings": (
        "security_title", "shares_owned_following", "direct_or_indirect",
        "nature_of_ownership", "footnotes"),
    "derivative_transactions": (
        "security_title", "conversion_or_exercise_price", "transaction_date",
        "deemed_execution_date", "transaction_code", "shares", "price_per_share",
        "acquired_disposed", "exercise_date", "expiration_date", "underlying_security_title",
        "underlying_shares", "shares_owned_following", "direct_or_indirect",
        "nature_of_ownership", "footnotes"),
    "derivative_holdings": (
        "security_title", "conversion_or_exercise_price", "exercise_date", "expiration_date",
        "underlying_security_title", "underlying_shares", "shares_owned_following",
        "direct_or_indirect", "nature_of_ownership", "footnotes"),
}
TABLES = tuple(ROW_KEYS)
DATE_KEYS = frozenset({"transaction_date", "deemed_execution_date", "exercise_date",
                       "expiration_date", "period_of_report", "date_of_original_submission",
                       "date"})
NUMBER_KEYS = frozenset({"shares", "price_per_share", "shares_owned_following",
                         "conversion_or_exercise_price", "underlying_shares"})

# --- Token labels -------------------------------------------------------------------
# One entity label per leaf the tagger reads from text. Row labels carry the table
# ("nd_" Table I, "d_" Table II); holdings and transactions share labels and are told
# apart at assembly by whether the row has a transaction.


@dataclass(frozen=True)
class LabelInfo:
    name: str
    key: str          # the record leaf it fills ("" where it fills none directly)
    scope: str        # "doc", "issuer", "owner", "nd", "d", "footnote", "signature", "row"
    kind: str         # "text", "number", "date", "code", "mark", "ref"


LABELS: tuple[LabelInfo, ...] = (
    LabelInfo("issuer_name", "name", "issuer", "text"),
    LabelInfo("ticker", "ticker", "issuer", "text"),
    LabelInfo("owner_name", "name", "owner", "text"),
    LabelInfo("owner_street1", "street1", "owner", "text"),
    LabelInfo("owner_street2", "street2", "owner", "text"),
    LabelInfo("owner_city", "city", "owner", "text"),
    LabelInfo("owner_state", "state", "owner", "text"),
    LabelInfo("owner_zip", "zip", "owner", "text"),
    LabelInfo("rel_director", "is_director", "owner", "mark"),
    LabelInfo("rel_officer", "is_officer", "owner", "mark"),
    LabelInfo("rel_ten_pct", "is_ten_percent_owner", "owner", "mark"),
    LabelInfo("rel_other", "is_other", "owner", "mark"),
    LabelInfo("officer_title", "officer_title", "owner", "text"),
    LabelInfo("other_text", "other_text", "owner", "text"),
    LabelInfo("period", "period_of_report", "doc", "date"),
    LabelInfo("original_date", "date_of_original_submission", "doc", "date"),
    LabelInfo("remarks", "remarks", "doc", "text"),
    LabelInfo("fn_id", "", "footnote", "ref"),
    LabelInfo("fn_text", "text", "footnote", "text"),
    LabelInfo("sig_name", "name", "signature", "text"),
    LabelInfo("sig_date", "date", "signature", "date"),
    LabelInfo("fn_ref", "footnotes", "row", "ref"),
    LabelInfo("nd_title", "security_title", "nd", "text"),
    LabelInfo("nd_date", "transaction_date", "nd", "date"),
    LabelInfo("nd_deemed", "deemed_execution_date", "nd", "date"),
    LabelInfo("nd_code", "transaction_code", "nd", "code"),
    LabelInfo("nd_shares", "shares", "nd", "number"),
    LabelInfo("nd_ad", "acquired_disposed", "nd", "code"),
    LabelInfo("nd_price", "price_per_share", "nd", "number"),
    LabelInfo("nd_owned", "shares_owned_following", "nd", "number"),
    LabelInfo("nd_di", "direct_or_indirect", "nd", "code"),
    LabelInfo("nd_nature", "nature_of_ownership", "nd", "text"),
    LabelInfo("d_title", "security_title", "d", "text"),
    LabelInfo("d_conv", "conversion_or_exercise_price", "d", "number"),
    LabelInfo("d_date", "transaction_date", "d", "date"),
    LabelInfo("d_deemed", "deemed_execution_date", "d", "date"),
    LabelInfo("d_code", "transaction_code", "d", "code"),
    LabelInfo("d_shares_a", "shares", "d", "number"),   # in the (A) column: acquired
    LabelInfo("d_shares_d", "shares", "d", "number"),   # in the (D) column: disposed
    LabelInfo("d_exercisable", "exercise_date", "d", "date"),
    LabelInfo("d_expiration", "expiration_date", "d", "date"),
    LabelInfo("d_und_title", "underlying_security_title", "d", "text"),
    LabelInfo("d_und_shares", "underlying_shares", "d", "number"),
    LabelInfo("d_price", "price_per_share", "d", "number"),
    LabelInfo("d_owned", "shares_owned_following", "d", "number"),
    LabelInfo("d_di", "direct_or_indirect", "d", "code"),
    LabelInfo("d_nature", "nature_of_ownership", "d", "text"),
)
LABEL_INFO = {info.name: info for info in LABELS}
LABEL_NAMES = tuple(info.name for info in LABELS)
BIO_TAGS = ("O",) + tuple(f"{p}-{name}" for name in LABEL_NAMES for p in ("B", "I"))

OWNER_LABEL = {info.key: info.name for info in LABELS if info.scope == "owner"}
RELATIONSHIP_LABELS = {"is_director": "rel_director", "is_officer": "rel_officer",
                       "is_ten_percent_owner": "rel_ten_pct", "is_other": "rel_other"}


def row_label(table: str, key: str, acquired_disposed: str | None = None) -> str | None:
    """The token label of a row leaf, or None for leaves not read as one span."""
    prefix = "d" if table.startswith("derivative") else "nd"
    if key == "footnotes":
        return "fn_ref"
    if prefix == "d" and key == "shares":
        return "d_shares_d" if acquired_disposed == "D" else "d_shares_a"
    if prefix == "d" and key == "acquired_disposed":
        return None  # told by the (A)/(D) column the shares stand in
    for info in LABELS:
        if info.scope == prefix and info.key == key:
            return info.name
    return None


# --- Transaction codes (SEC Form 4 General Instructions, 8) -------------------------
# code -> (description, usual acquired/disposed, usual price behaviour)
TRANSACTION_CODES: dict[str, tuple[str, str | None, str]] = {
    "P": ("Open market or private purchase", "A", "market"),
    "S": ("Open market or private sale", "D", "market"),
    "V": ("Transaction voluntarily reported earlier than required", None, "any"),
    "A": ("Grant, award or other acquisition (Rule 16b-3(d))", "A", "zero"),
    "D": ("Disposition to the issuer (Rule 16b-3(e))", "D", "any"),
    "F": ("Payment of exercise price or tax by delivering or withholding securities", "D", "market"),
    "I": ("Discretionary transaction (Rule 16b-3(f))", None, "market"),
    "M": ("Exercise or conversion of derivative security exempted under Rule 16b-3", None, "exercise"),
    "C": ("Conversion of derivative security", None, "zero"),
    "E": ("Expiration of short derivative position", "D", "zero"),
    "H": ("Expiration (or cancellation) of long derivative position with value received", "D", "any"),
    "O": ("Exercise of out-of-the-money derivative security", None, "exercise"),
    "X": ("Exercise of in-the-money or at-the-money derivative security", None, "exercise"),
    "G": ("Bona fide gift", None, "zero"),
    "L": ("Small acquisition under Rule 16a-6", "A", "market"),
    "W": ("Acquisition or disposition by will or the laws of descent and distribution", None, "zero"),
    "Z": ("Deposit into or withdrawal from voting trust", None, "zero"),
    "J": ("Other acquisition or disposition", None, "any"),
    "K": ("Transaction in equity swap or similar instrument", None, "any"),
    "U": ("Disposition pursuant to a tender of shares in a change of control", "D", "market"),
}
# Exercises and conversions dispose of the derivative and acquire the underlying (Table
# I's rows: all 38 real and 228 generated gold rows coded M, C or X acquire).
DERIVATIVE_DISPOSES = frozenset({"M", "C", "X", "O", "E", "H"})
UNDERLYING_ACQUIRES = frozenset({"M", "C", "X", "O"})

# --- OCR confusions -----------------------------------------------------------------
# Characters that OCR reads in place of a digit, applied only inside number-like tokens.
DIGIT_CONFUSIONS = {"O": "0", "o": "0", "Q": "0", "D": "0", "l": "1", "I": "1", "i": "1",
                    "|": "1", "!": "1", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2",
                    "G": "6", "g": "9", "q": "9", "A": "4"}

# --- Form sections ------------------------------------------------------------------
SECTIONS = ("header", "table1", "table2", "owners", "signatures", "explanation", "remarks")
# Heading regexes that start a section; OCR-tolerant where OCR is known to garble them.
SECTION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("table1", re.compile(r"T\W?a\W?b\W?l\W?e\W{0,3}[I1l|]\W{0,3}[-~–—=]+\s*Non\W?[-–]?\W?Deriv", re.I)),
    ("table2", re.compile(r"T\W?a\W?b\W?l\W?e\W{0,3}(?:II|Il|lI|ll|11|I1|1I|\|\||ll)\W{0,3}[-~–—=]+\s*Deriv", re.I)),
    ("owners", re.compile(r"Reporting\s+Owners\s*$|Reporting\s+Owner\s+Name\s*/", re.I | re.M)),
    ("signatures", re.compile(r"^[^\w\n]*Signatures[^\w\n]*$", re.M)),
    ("explanation", re.compile(r"Explanation\s+of\s+Responses?\b", re.I)),
    ("remarks", re.compile(r"^[^\w\n]*Remarks[ \t]*:", re.I | re.M)),
)
# What both tables' headings share, to find a heading OCR garbled past the patterns above
# ('Tle 1- Non Derivative Secures Acquired, ...'); 'Non' tells Table I from Table II.
TABLE_HEADING_CORE = "Derivative Securities Acquired, Disposed of, or Beneficially Owned"
TABLE_HEADING_LIKENESS = 85       # rapidfuzz partial_ratio; the form's column headings reach 74
NON_DERIVATIVE_RE = re.compile(r"\bN[o0][no0]\W{0,3}D")

# The blank form's own printed words (title, boxes, column headings, notes): what OCR or a
# converter leaves of them beside the values is no value.
FORM_PRINTED_WORDS = frozenset(re.findall(r"[a-z]{3,}", """
    united states securities and exchange commission washington statement of changes in
    beneficial ownership of securities filed pursuant to section of the securities exchange
    act of or section of the investment company act of check this box if no longer subject
    to section form or form obligations may continue see instruction print or type responses
    name and address of reporting person issuer name and ticker or trading symbol
    relationship of reporting person to issuer check all applicable director owner officer
    give title below other specify below last first middle street city state zip date of
    earliest transaction month day year if amendment date original filed individual or
    joint group filing check applicable line form filed by one reporting person form filed by
    more than one reporting person table non derivative securities acquired disposed of or
    beneficially owned title of security instr transaction date deemed execution date if any
    transaction code instr securities acquired or disposed of amount of securities
    beneficially owned following reported transactions ownership form direct or indirect
    nature of indirect beneficial ownership derivative securities puts calls warrants options
    convertible securities conversion or exercise price of derivative security number of
    derivative securities date exercisable and expiration date title and amount of
    underlying securities price of derivative security explanation of responses signature of
    reporting person reminder report on a separate line for each class of securities
    persons who respond to the collection of information contained in this form are not
    required to respond unless the form displays a currently valid omb control number note
    file three copies of this form one of which must be manually signed if space is
    insufficient see instruction for procedure omb approval omb number estimated average
    burden hours per response""".lower()))

# --- Column headings ----------------------------------------------------------------
# Numbered boxes of the form: (section, number) -> canonical column. Sub-headings
# (Code, V, Amount, ...) refine a numbered column below it.
NUMBERED_COLUMNS = {
    ("header", "1"): "hdr_name", ("header", "2"): "hdr_issuer", ("header", "3"): "hdr_date",
    ("header", "4"): "hdr_amend", ("header", "5"): "hdr_rel", ("header", "6"): "hdr_filing",
    ("table1", "1"): "title", ("table1", "2"): "date", ("table1", "2A"): "deemed",
    ("table1", "3"): "code", ("table1", "4"): "amount", ("table1", "5"): "owned",
    ("table1", "6"): "di", ("table1", "7"): "nature",
    ("table2", "1"): "title", ("table2", "2"): "conv", ("table2", "3"): "date",
    ("table2", "3A"): "deemed", ("table2", "4"): "code", ("table2", "5"): "number",
    ("table2", "6"): "exercisable", ("table2", "7"): "und_title", ("table2", "8"): "price",
    ("table2", "9"): "owned", ("table2", "10"): "di", ("table2", "11"): "nature",
}
SUB_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ad", re.compile(r"\(A\)\s*or\s*\(D\)")),
    ("acq", re.compile(r"^\(A\)$")),
    ("disp", re.compile(r"^\(D\)$")),
    ("code", re.compile(r"^Code$")),
    ("v", re.compile(r"^V$")),
    ("amount", re.compile(r"^Amount$")),
    ("price", re.compile(r"^Price$")),
    ("exercisable", re.compile(r"^Date\s+Exercisable$")),
    ("expiration", re.compile(r"^Expiration\s+Date$")),
    ("und_title", re.compile(r"^Title$")),
    ("und_amount", re.compile(r"^Amount\s+or\s+Number\s+of\s+Shares$")),
    ("own_director", re.compile(r"^Director$")),
    ("own_ten_pct", re.compile(r"^10%\s*Owner$")),
    ("own_officer", re.compile(r"^Officer$")),
    ("own_other", re.compile(r"^Other$")),
    ("own_name", re.compile(r"^Reporting\s+Owner\s+Name\s*/\s*Address$")),
)
COLUMNS = tuple(sorted(set(NUMBERED_COLUMNS.values()) | {name for name, _ in SUB_HEADINGS}))

# Words that mark a relationship box; used to find the check mark belonging to it:
# (relation, the words, a pattern for them at a text's start, any spacing between them).
RELATIONSHIP_WORDS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (relation, words, re.compile("^" + r"\s*".join(map(re.escape, words.split()))))
    for relation, words in (("is_director", "Director"), ("is_ten_percent_owner", "10 % Owner"),
                            ("is_officer", "Officer"), ("is_other", "Other")))

# Words that make an owner's name a company, fund or trust, not a person. Such an owner
# cannot be a director or an officer: of the form's boxes it ticks 10% Owner (or Other).
ENTITY_WORDS = frozenset(
    "inc incorporated corp corporation co company llc lllp llp lp l.p plc ltd limited "
    "gmbh ag nv sa fund funds trust partners partnership holdings capital group management "
    "advisers advisors ventures investments associates foundation bank".split())


def label_for_path(path: str, acquired_disposed: str | None = None) -> str | None:
    """The token label of a record path ('non_derivative_transactions[0].shares' ->
    'nd_shares'; 'footnotes.F1' -> 'fn_text'); None for leaves not read as one span."""
    head, _, key = path.rpartition(".")
    table = head.split("[", 1)[0]
    if table in ROW_KEYS:
        return row_label(table, key, acquired_disposed)
    if table == "reporting_owners":
        return OWNER_LABEL.get(key)
    if head == "footnotes":
        return "fn_text"
    if table == "signatures":
        return {"name": "sig_name", "date": "sig_date"}.get(key)
    return {"issuer.name": "issuer_name", "issuer.ticker": "ticker", "period_of_report": "period",
            "date_of_original_submission": "original_date", "remarks": "remarks"}.get(path)


# the single-token value each column of the tables holds
COLUMN_LABELS = {
    ("table1", "date"): "nd_date", ("table1", "deemed"): "nd_deemed", ("table1", "code"): "nd_code",
    ("table1", "amount"): "nd_shares", ("table1", "ad"): "nd_ad", ("table1", "price"): "nd_price",
    ("table1", "owned"): "nd_owned", ("table1", "di"): "nd_di",
    ("table2", "conv"): "d_conv", ("table2", "date"): "d_date", ("table2", "deemed"): "d_deemed",
    ("table2", "code"): "d_code", ("table2", "acq"): "d_shares_a", ("table2", "disp"): "d_shares_d",
    ("table2", "exercisable"): "d_exercisable", ("table2", "expiration"): "d_expiration",
    ("table2", "und_amount"): "d_und_shares", ("table2", "price"): "d_price",
    ("table2", "owned"): "d_owned", ("table2", "di"): "d_di",
}

# the two street fields of an owner's address, in the order the form prints them
STREETS = ("owner_street1", "owner_street2")
