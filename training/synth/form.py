"""Contents -> the Form 4 as cells of labelled pieces, independent of layout.

The form has the header boxes (1-6), Table I and Table II (numbered column headings,
sub-headings, one leaf cell per column in each row), and, in EDGAR's rendering, the
reporting-owner table and signature block. A `Flavor` says how the converter wrote
markup: check marks, footnote markers, dollar signs, escapes, underlines.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from extractor.vocabulary import RELATIONSHIP_LABELS, row_label

from .builder import Cell, Piece, static
from .content import Contents

T1_HEADS = [("1. Title of Security (Instr. 3)", ["title"]),
            ("2. Transaction Date (Month/Day/Year)", ["date"]),
            ("2A. Deemed Execution Date, if any (Month/Day/Year)", ["deemed"]),
            ("3. Transaction Code (Instr. 8)", ["Code", "V"]),
            ("4. Securities Acquired (A) or Disposed of (D) (Instr. 3, 4 and 5)", ["Amount", "(A) or (D)", "Price"]),
            ("5. Amount of Securities Beneficially Owned Following Reported Transaction(s) (Instr. 3 and 4)", ["owned"]),
            ("6. Ownership Form: Direct (D) or Indirect (I) (Instr. 4)", ["di"]),
            ("7. Nature of Indirect Beneficial Ownership (Instr. 4)", ["nature"])]
T2_HEADS = [("1. Title of Derivative Security (Instr. 3)", ["title"]),
            ("2. Conversion or Exercise Price of Derivative Security", ["conv"]),
            ("3. Transaction Date (Month/Day/Year)", ["date"]),
            ("3A. Deemed Execution Date, if any (Month/Day/Year)", ["deemed"]),
            ("4. Transaction Code (Instr. 8)", ["Code", "V"]),
            ("5. Number of Derivative Securities Acquired (A) or Disposed of (D) (Instr. 3, 4 and 5)", ["(A)", "(D)"]),
            ("6. Date Exercisable and Expiration Date (Month/Day/Year)", ["Date Exercisable", "Expiration Date"]),
            ("7. Title and Amount of Securities Underlying Derivative Security (Instr. 3 and 4)", ["Title", "Amount or Number of Shares"]),
            ("8. Price of Derivative Security (Instr. 5)", ["price"]),
            ("9. Number of derivative Securities Beneficially Owned Following Reported Transaction(s) (Instr. 4)", ["owned"]),
            ("10. Ownership Form: Direct (D) or Indirect (I) (Instr. 4)", ["di"]),
            ("11. Nature of Indirect Beneficial Ownership (Instr. 4)", ["nature"])]
T1_LEAVES = ["security_title", "transaction_date", "deemed_execution_date", "transaction_code", "V",
             "shares", "acquired_disposed", "price_per_share", "shares_owned_following",
             "direct_or_indirect", "nature_of_ownership"]
T2_LEAVES = ["security_title", "conversion_or_exercise_price", "transaction_date", "deemed_execution_date",
             "transaction_code", "V", "shares:A", "shares:D", "exercise_date", "expiration_date",
             "underlying_security_title", "underlying_shares", "price_per_share",
             "shares_owned_following", "direct_or_indirect", "nature_of_ownership"]
SUBHEAD_WORDS = {"title", "date", "deemed", "owned", "di", "nature", "conv", "price"}
DOLLAR_KEYS = {"price_per_share", "conversion_or_exercise_price"}


@dataclass(frozen=True)
class Flavor:
    check: tuple[str, str, str] = ("__", "X", "__")   # a ticked box: before, the mark, after
    box: str = "_____"               # an empty box
    marker: str = "paren"            # paren | glued | sup | superscript | link
    dollar: str = "$ "               # "$ ", "$", "\\$", ""
    escape: bool = False             # markdown escapes: '1\\.', '\\_', '\\*'
    underline: bool = False          # header values in <u>...</u>
    bold: bool = False               # **headings**
    edgar: bool = True               # EDGAR's rendering (owner table, signature block) vs the paper form


def random_flavor(rng: random.Random, **fixed) -> Flavor:
    choices = dict(
        check=rng.choice([("__", "X", "__"), ("", "X", ""), ("_", "X", "_"), ("[", "X", "]"),
                          ("", '<input checked="" type="checkbox"/>', ""), ("", "☒", ""), ("", "x", "")]),
        box=rng.choice(["_____", "", "___", '<input type="checkbox"/>', "[ ]", "☐"]),
        marker=rng.choice(["paren", "paren", "glued", "sup", "superscript", "link"]),
        dollar=rng.choice(["$ ", "$", "$", "\\$", ""]),
        escape=rng.random() < 0.3, underline=rng.random() < 0.3, bold=rng.random() < 0.4,
        edgar=rng.random() < 0.7)
    choices.update(fixed)
    return Flavor(**choices)


@dataclass
class Table:
    heading: Cell
    heads: list[tuple[Cell, int]]           # numbered headings and how many leaf columns each spans
    subheads: list[Cell]                    # one per leaf column (empty where none)
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class Form:
    title: list[Cell]
    header: list[list[Cell]]                # rows x 3 columns
    table1: Table
    table2: Table
    owners: Table | None
    signatures: list[list[Cell]]            # rows of (name, date)
    footnotes: list[tuple[Piece, Cell]]     # (id marker, text)
    remarks: Cell | None
    boilerplate: list[Cell]


def _date(value: dt.date | None) -> str:
    return value.strftime("%m/%d/%Y") if value else ""


def _number(value: float, rng: random.Random, key: str) -> str:
    """As filers print it; never rounded (the text must say exactly what the record holds)."""
    if key in DOLLAR_KEYS:
        if value == int(value) and rng.random() < 0.6:
            return f"{int(value)}" if rng.random() < 0.7 else f"{value:.2f}"
        exact = f"{value:,.4f}".rstrip("0").rstrip(".")
        return exact if rng.random() < 0.8 or round(value, 2) != value else f"{value:,.2f}"
    if value == int(value):
        return f"{int(value):,}" if rng.random() < 0.95 else f"{value:,.2f}"
    return f"{value:,.4f}".rstrip("0")


def marker_piece(fid: str, flavor: Flavor, row: str | None, path: str | None,
                 label: str | None = "fn_ref") -> Piece:
    n = fid[1:]
    sup = "⁰¹²³⁴⁵⁶⁷⁸⁹"
    text = {"paren": f"({n})", "glued": f"({n})", "sup": f"<sup>({n})</sup>",
            "superscript": "⁽" + "".join(sup[int(c)] for c in n) + "⁾",
            "link": f"[({n})](#F{n})"}[flavor.marker]
    if flavor.marker == "sup":  # the tags are markup around the marker: only '(n)' is the span
        return Piece(text, label, path, row, glue=False)
    return Piece(text, label, path, row, glue=flavor.marker in ("glued", "link"))


class FormWriter:
    def __init__(self, contents: Contents, flavor: Flavor, rng: random.Random):
        self.c = contents
        self.r = contents.record
        self.f = flavor
        self.rng = rng

    def head(self, text: str) -> Cell:
        if self.f.escape:
            text = text.replace(". ", "\\. ", 1) if text[:3].rstrip(". ").isalnum() else text
        if self.f.bold:
            text = f"**{text}**"
        return [static(text)]

    def value(self, text: str, label: str | None, path: str, row: str | None = None) -> Piece:
        return Piece(text, label, path, row)

    def refs(self, path: str, row: str | None) -> list[Piece]:
        return [marker_piece(fid, self.f, row, f"{row}.footnotes" if row else None)
                for fid in self.c.marks.get(path, [])]

    def dollar_cell(self, number: str, label: str, path: str, row: str) -> Cell:
        cell: Cell = []
        if self.f.dollar:
            cell.append(static(self.f.dollar.strip()))
        cell.append(Piece(number, label, path, row, glue=self.f.dollar in ("$", "\\$")))
        return cell

    def esc(self, text: str) -> str:
        return text.replace("_", "\\_") if self.f.escape else text

    def check_box(self, ticked: bool, label: str | None, path: str | None, row: str | None) -> Cell:
        if not ticked:
            return [static(self.esc(self.f.box))] if self.f.box else []
        pre, core, post = self.f.check
        cell: Cell = [static(self.esc(pre))] if pre else []
        cell.append(Piece(core, label, path, row, glue=bool(pre)))
        if post:
            cell.append(Piece(self.esc(post), glue=True))
        return cell

    # --- header -----------------------------------------------------------------------
    def owner_value(self, key: str, label: str) -> list[Piece]:
        owner = self.r.reporting_owners[0] if self.r.reporting_owners else None
        value = getattr(owner, key) if owner else None
        if not value:
            return []
        o = "reporting_owners[0]"
        if self.f.underline:
            return [static("<u>"), Piece(value, label, f"{o}.{key}", o, glue=True), Piece("</u>", glue=True)]
        return [Piece(value, label, f"{o}.{key}", o)]

    def header(self) -> list[list[Cell]]:
        """Three columns of header lines (boxes 1 | 2-4 | 5-6) as grid rows. EDGAR's
        rendering puts each line of a box on a line; the paper form keeps a box in a cell."""
        r, ov = self.r, self.owner_value
        owner = r.reporting_owners[0] if r.reporting_owners else None
        o = "reporting_owners[0]"
        comma = [Piece(",", glue=True)] if self.f.edgar or self.rng.random() < 0.3 else []
        street = ov("street1", "owner_street1") + (comma if owner and owner.street2 else []) + \
            ov("street2", "owner_street2")
        place = ov("city", "owner_city") + comma + ov("state", "owner_state") + ov("zip", "owner_zip")
        issuer = [Piece(r.issuer.name, "issuer_name", "issuer.name")] if r.issuer.name else []
        tight = self.rng.random() < 0.5
        ticker = [static("["), Piece(r.issuer.ticker, "ticker", "issuer.ticker", glue=tight),
                  Piece("]", glue=tight)] if r.issuer.ticker else []
        marks = []
        for key, word in (("is_director", "Director"), ("is_ten_percent_owner", "10% Owner"),
                          ("is_officer", "Officer (give title below)"), ("is_other", "Other (specify below)")):
            cell = self.check_box(bool(owner and getattr(owner, key)), RELATIONSHIP_LABELS[key],
                                  f"{o}.{key}", o)
            marks.append(cell + [static(word)])
        title = ov("officer_title", "officer_title") + ov("other_text", "other_text")
        orig = [Piece(_date(r.date_of_original_submission), "original_date", "date_of_original_submission")] \
            if r.date_of_original_submission else []
        one, more = ("_X_ ", "___ ") if not self.c.joint else ("___ ", "_X_ ")
        box6 = [static(self.esc(one) + "Form filed by One Reporting Person"),
                static(self.esc(more) + "Form filed by More than One Reporting Person")]
        period = [Piece(_date(r.period_of_report), "period", "period_of_report")]
        streets = [street]
        if owner and owner.street2 and self.rng.random() < 0.4:   # one line each, no comma
            streets = [ov("street1", "owner_street1"), ov("street2", "owner_street2")]
        col1 = [self.head("1. Name and Address of Reporting Person*"), ov("name", "owner_name"),
                [static("(Last) (First) (Middle)")], *streets, [static("(Street)")], place,
                [static("(City) (State) (Zip)")]]
        col2 = [self.head("2. Issuer Name and Ticker or Trading Symbol"), issuer + ticker,
                self.head("3. Date of Earliest Transaction (Month/Day/Year)"), period,
                self.head("4. If Amendment, Date Original Filed (Month/Day/Year)"), orig]
        col3 = [self.head("5. Relationship of Reporting Person(s) to Issuer"),
                [static("(Check all applicable)")], marks[0] + marks[1], marks[2] + marks[3], title,
                self.head("6. Individual or Joint/Group Filing (Check Applicable Line)")] + [[b] for b in box6]
        if self.rng.random() < (0.5 if not self.f.edgar else 0.2):  # a box is one cell
            join = lambda cells: [p for c in cells for p in c]
            return [[join(col1), join(col2[:2]), join(col3[:5])],
                    [[], join(col2[2:4]), []],
                    [[], join(col2[4:]), join(col3[5:])]]
        rows = []
        for k in range(max(len(col1), len(col2), len(col3))):
            rows.append([col[k] if k < len(col) else [] for col in (col1, col2, col3)])
        return rows

    # --- tables -----------------------------------------------------------------------
    def table(self, derivative: bool) -> Table:
        heads_spec = T2_HEADS if derivative else T1_HEADS
        leaves = T2_LEAVES if derivative else T1_LEAVES
        name = ("Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned "
                "(e.g., puts, calls, warrants, options, convertible securities)") if derivative else \
            "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned"
        heads = [(self.head(text), len(subs)) for text, subs in heads_spec]
        subheads = [[static(s)] if s not in SUBHEAD_WORDS else [] for _, subs in heads_spec for s in subs]
        table = Table(self.head(name), heads, subheads)
        prefix = "derivative" if derivative else "non_derivative"
        for kind in ("transactions", "holdings"):
            for i, row in enumerate(getattr(self.r, f"{prefix}_{kind}")):
                table.rows.append(self.row_cells(f"{prefix}_{kind}", i, row, leaves))
        return table

    def row_cells(self, table: str, i: int, row, leaves: list[str]) -> list[Cell]:
        name = f"{table}[{i}]"
        cells = []
        for leaf in leaves:
            key, _, side = leaf.partition(":")
            value = getattr(row, key, None) if key != "V" else None
            path = f"{name}.{key}"
            if side and getattr(row, "acquired_disposed", None) != side:
                value = None
            cell: Cell = []
            if key in ("V",):
                cells.append(cell)
                continue
            if key == "acquired_disposed" and table.startswith("derivative"):
                cells.append(cell)
                continue
            label = row_label(table, key, getattr(row, "acquired_disposed", None))
            if value is not None and value != "":
                if isinstance(value, float):
                    text = _number(value, self.rng, key)
                    cell += self.dollar_cell(text, label, path, name) if key in DOLLAR_KEYS \
                        else [Piece(text, label, path, name)]
                elif isinstance(value, dt.date):
                    cell.append(Piece(_date(value), label, path, name))
                else:
                    cell.append(Piece(str(value), label, path, name))
            elif key in ("exercise_date", "expiration_date") and not self.c.marks.get(path) \
                    and self.rng.random() < 0.15:
                cell.append(static(self.rng.choice(["Immediately", "(1)"[:0] or "Immediately"])))
            cell += self.refs(path, name)
            cells.append(cell)
        return cells

    # --- EDGAR's reporting-owner table and signatures ------------------------------------
    def owners_table(self) -> Table:
        heads = [(self.head("Reporting Owner Name / Address"), 1), (self.head("Relationships"), 4)]
        subheads = [[], [static("Director")], [static("10% Owner")], [static("Officer")], [static("Other")]]
        table = Table([static("Reporting Owners")], heads, subheads)
        for j, owner in enumerate(self.r.reporting_owners):
            o = f"reporting_owners[{j}]"
            name: Cell = [Piece(owner.name, "owner_name", f"{o}.name", o)]
            for key, label in (("street1", "owner_street1"), ("street2", "owner_street2")):
                if getattr(owner, key):
                    name += [static("\n"), Piece(getattr(owner, key), label, f"{o}.{key}", o)]
            name += [static("\n"), Piece(owner.city, "owner_city", f"{o}.city", o),
                     Piece(",", glue=True), Piece(owner.state, "owner_state", f"{o}.state", o),
                     Piece(owner.zip, "owner_zip", f"{o}.zip", o)]
            cells = [name]
            for key in ("is_director", "is_ten_percent_owner", "is_officer", "is_other"):
                cell: Cell = [Piece("X", RELATIONSHIP_LABELS[key], f"{o}.{key}", o)] \
                    if getattr(owner, key) else []
                if key == "is_officer" and owner.officer_title:
                    cell = [Piece(owner.officer_title, "officer_title", f"{o}.officer_title", o)]
                if key == "is_other" and owner.other_text:
                    cell = [Piece(owner.other_text, "other_text", f"{o}.other_text", o)]
                cells.append(cell)
            table.rows.append(cells)
        return table

    def signatures(self) -> list[list[Cell]]:
        rows = []
        for j, sig in enumerate(self.r.signatures):
            s = f"signatures[{j}]"
            rows.append([[Piece(sig.name, "sig_name", f"{s}.name", s)],
                         [Piece(_date(sig.date), "sig_date", f"{s}.date", s)]])
        return rows

    def footnotes(self) -> list[tuple[Piece, Cell]]:
        out = []
        for fid, text in self.r.footnotes.items():
            path = f"footnotes.{fid}"
            n = fid[1:]
            marker = self.rng.choice([f"({n})", f"{n}."]) if not self.f.edgar else f"({n})"
            if self.f.escape and marker.endswith("."):
                marker = marker[:-1] + "\\."
            body = text.replace("$", "\\$") if self.f.escape else text
            out.append((Piece(marker, "fn_id", path, path), [Piece(body, "fn_text", path, path)]))
        return out


TITLE_LINES = ["FORM 4", "UNITED STATES SECURITIES AND EXCHANGE COMMISSION", "Washington, D.C. 20549",
               "STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP OF SECURITIES",
               "Filed pursuant to Section 16(a) of the Securities Exchange Act of 1934 or Section 30(h) "
               "of the Investment Company Act of 1940",
               "Check this box if no longer subject to Section 16. Form 4 or Form 5 obligations may "
               "continue. See Instruction 1(b).",
               "OMB APPROVAL", "OMB Number: 3235-0287", "Estimated average burden hours per response: 0.5"]
BOILERPLATE = ["Reminder: Report on a separate line for each class of securities beneficially owned "
               "directly or indirectly.",
               "* If the form is filed by more than one reporting person, see Instruction 4 (b)(v).",
               "** Intentional misstatements or omissions of facts constitute Federal Criminal Violations "
               "See 18 U.S.C. 1001 and 15 U.S.C. 78ff(a).",
               "Note: File three copies of this Form, one of which must be manually signed. If space is "
               "insufficient, see Instruction 6 for procedure.",
               "Persons who respond to the collection of information contained in this form are not "
               "required to respond unless the form displays a currently valid OMB Number."]


def build_form(contents: Contents, flavor: Flavor, rng: random.Random) -> Form:
    w = FormWriter(contents, flavor, rng)
    title = [[static(line)] for line in TITLE_LINES]
    rng.shuffle(title[3:])
    remarks = [Piece(contents.record.remarks, "remarks", "remarks")] if contents.record.remarks else None
    return Form(title=title, header=w.header(), table1=w.table(False), table2=w.table(True),
                owners=w.owners_table() if flavor.edgar else None, signatures=w.signatures(),
                footnotes=w.footnotes(), remarks=remarks,
                boilerplate=[[static(line)] for line in BOILERPLATE])
