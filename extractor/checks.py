"""Checks on an assembled record, and repairs where exactly one reading passes them.

Each check leaves a note on the provenance of the values it looked at: `ok:<check>`,
`fail:<check>` (kept, confidence lowered) or `repaired:<check>` (a different reading or
an inferred value that makes the check pass). The confidence model reads these notes.

    code_ad        transaction code against acquired/disposed (S and F dispose ...); in
                   Table II, where A/D is the count's sub-column, a code that is itself a
                   direction (A, P, L acquire; S, F, D, E, H, U dispose) repairs it; a code
                   lost among rows of one code is theirs if its A/D goes that code's way;
                   one lost on one side of an exercise (M, C, X) is the other side's
    shared         a date (or a Table I price) lost among rows that all read one is theirs
    ownership_form a nature of indirect ownership goes with an indirect (I) holding, and
                   only with one; a transaction with neither read takes its table's form,
                   or the other table's transactions' (one filing, one account)
    underlying     a derivative row's shares and its underlying shares: where one is read
                   and the other not, one share per derivative (RSUs, options) is assumed;
                   an underlying security not read, or read without its first words, is
                   the one Table I lists, if only one (`title_checks`)
    title          a title with a table border glued to its front is another row's title;
                   one ending with the words it opens with was read over from or into
                   another row's cell (title_run_on); one ending in 'Common' is cut
                   (title_cut); one read in part is its column's one fuller title
                   (title_part) (`title_checks`)
    nature_cut     a nature read in part is the document's one fuller nature; one read over
                   into another row's cell loses its words (nature_run_on) (`title_checks`)
    conversion     of two derivative rows where one's underlying is the other's security
                   (same code and shares), the first is disposed of, the second acquired
    chain          shares owned after a row = the previous row's for the same security
                   and ownership form, plus or minus the row's shares (a price and a
                   holding read in each other's place are swapped where that mends it; a
                   holding lost is read where the text prints the number the link gives)
    dates          transaction dates not after the signature date, not before the period;
                   a transaction row's only date is its transaction date
    ticker         one to five capital letters (a class suffix allowed)
    gazetteer      an owner's city is a place in its state (`places`); city_comma: a city
                   printed 'LEXINGTON,, KY' keeps the comma the filer typed
    price_range    a weighted-average price inside the range its footnote gives
    opening        a footnote, security title or nature opens with a capital (fail only)
    footnote_link  a row's footnote markers name notes the record has
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import replace

from rapidfuzz.distance import Levenshtein

from .draft import Draft
from .parse import Reading
from .record import Record
from .title_checks import check_natures, check_titles, check_underlying_title, word_list
from .tokenizer import split
from .values import BORDER_GLYPHS, date_readings, decimal_key, number_readings, parse_number
from .vocabulary import DERIVATIVE_DISPOSES, TABLES, TRANSACTION_CODES, UNDERLYING_ACQUIRES

_TICKER_RE = re.compile(r"^[A-Z]{1,5}(?:[.-][A-Z]{1,2})?$")
_RANGE_RE = re.compile(r"\$\s?([\d,]+\.?\d*)\s+to\s+\$\s?([\d,]+\.?\d*)")


def number_options(draft: Draft, path: str) -> list[float]:
    """Every reading of a number's spans: whole, and with a leading or trailing piece
    dropped ('2 45,223' may be 45,223 with a stray digit)."""
    prov = draft.prov.get(path)
    if prov is None or not prov.spans:
        return []
    raw = " ".join(draft.raw(prov.spans))
    tokens = [raw[s:e] for s, e, kind in split(raw)
              if kind not in ("fnmark", "link", "tag") and raw[s:e] not in ("$", "\\$", "|")]
    options: list[float] = []
    for k in range(len(tokens)):
        for piece in (tokens[k:], tokens[:len(tokens) - k]):
            for value in number_readings(piece):
                if float(value) not in options:
                    options.append(float(value))
    if tokens and len(tokens[0]) > 1 and tokens[0][0] in BORDER_GLYPHS:   # a border glued on
        for value in number_readings([tokens[0][1:]] + tokens[1:]):
            if float(value) not in options:
                options.append(float(value))
    return options


def _usual_direction(table: str, code: str) -> str | None:
    """Whether a code acquires or disposes in this table (None: either way)."""
    if table.startswith("derivative") and code in DERIVATIVE_DISPOSES:
        return "D"
    if table.startswith("non_derivative") and code in UNDERLYING_ACQUIRES:
        return "A"
    return TRANSACTION_CODES.get(code, (None, None))[1]


def _agreed(values: list):
    """The one value that two or more of `values` read and none read otherwise, else None."""
    read = [v for v in values if v is not None]
    return read[0] if len(read) >= 2 and len(set(read)) == 1 else None


def check_lost_codes(draft: Draft, rows: dict[str, list]) -> None:
    """A row whose code OCR lost, among rows that all read one code (two at least), is of
    that code too when its A/D was read the way that code goes: a run of sales with one
    'S' lost. (In gold, a Table I row beside two or more rows all coded S is S when it
    disposes, 24 of 24, and never when it acquires, 15 of 15: an exercise before the sales.)"""
    for table in ("non_derivative_transactions", "derivative_transactions"):
        paths = [f"{table}[{i}]" for i in range(len(rows[table]))]
        codes = [draft.values.get(f"{p}.transaction_code") for p in paths]
        common = _agreed(codes)
        if common is None or _usual_direction(table, common) is None:
            continue
        for p, code in zip(paths, codes):
            if code is None and draft.values.get(f"{p}.acquired_disposed") == _usual_direction(table, common):
                draft.repair(f"{p}.transaction_code", common, "code_ad", inferred=True)


_EXERCISES = frozenset({"M", "C", "X"})


def check_exercise_codes(draft: Draft, rows: dict[str, list]) -> None:
    """An exercise or conversion (M, C, X) stands in both tables: the derivative given up in
    Table II, the stock it became acquired in Table I, for one amount under one code. A row
    whose code was lost takes the code of the other table's one exercise row of its amount;
    a Table I row only if it acquires (an exercise-and-sale sells the same amount: in gold,
    38 of 38 acquiring Table I rows and 38 of 38 Table II rows so matched share the code,
    and 8 of 8 disposing Table I rows do not)."""
    get = draft.values.get
    t1 = [f"non_derivative_transactions[{i}]" for i in range(len(rows["non_derivative_transactions"]))]
    t2 = [f"derivative_transactions[{i}]" for i in range(len(rows["derivative_transactions"]))]

    def amounts(p: str) -> set:
        return {get(f"{p}.shares"), get(f"{p}.underlying_shares")} - {None}

    for mine, theirs, in_table1 in ((t1, t2, True), (t2, t1, False)):
        for p in mine:
            if get(f"{p}.transaction_code") is not None or not amounts(p) \
                    or (in_table1 and get(f"{p}.acquired_disposed") != "A"):
                continue
            partners = [q for q in theirs if get(f"{q}.transaction_code") in _EXERCISES and amounts(q) & amounts(p)]
            if len(partners) == 1:
                draft.repair(f"{p}.transaction_code", get(f"{partners[0]}.transaction_code"), "code_ad",
                             inferred=True)


# what one day's rows of a table share: a date in both tables; a price in Table I (Table
# II leaves a derivative's price blank as often as it prints $0 beside others' $0)
_SHARED = (("non_derivative_transactions", "transaction_date"), ("non_derivative_transactions", "price_per_share"),
           ("derivative_transactions", "transaction_date"))


def check_shared_values(draft: Draft, rows: dict[str, list]) -> None:
    """A transaction (its amount read) whose date or price was lost, among rows that all
    read one (two at least), has it too: one day's grants or sales. (In gold, a Table I
    transaction beside two or more rows of one date has that date 109 times of 111, of one
    price 20 of 20; a Table II one, 6 of 6.)"""
    for table, key in _SHARED:
        paths = [f"{table}[{i}]" for i in range(len(rows[table]))]
        read = [draft.values.get(f"{p}.{key}") for p in paths]
        common = _agreed(read)
        if common is None:
            continue
        for p, value in zip(paths, read):
            if value is None and draft.values.get(f"{p}.shares") is not None:
                draft.repair(f"{p}.{key}", common, "shared", inferred=True)


def check_code_ad(draft: Draft, rows: dict[str, list]) -> None:
    for table in ("non_derivative_transactions", "derivative_transactions"):
        for i in range(len(rows[table])):
            p = f"{table}[{i}]"
            code = draft.values.get(f"{p}.transaction_code")
            ad = draft.values.get(f"{p}.acquired_disposed")
            if code is None:
                continue
            usual = _usual_direction(table, code)
            if usual is None:
                continue
            if ad is None:
                draft.repair(f"{p}.acquired_disposed", usual, "code_ad", inferred=True)
            elif ad != usual and table.startswith("derivative") \
                    and TRANSACTION_CODES.get(code, (None, None))[1] == usual:
                # Table II prints no A/D letter: the count's sub-column, (A) or (D), says it,
                # and pdftotext reads both sub-headings before the count. A code that is
                # itself a direction (a grant acquires, a sale disposes) is the reading.
                draft.repair(f"{p}.acquired_disposed", usual, "code_ad")
            elif ad == usual:
                draft.note(f"{p}.acquired_disposed", "ok:code_ad")
                draft.note(f"{p}.transaction_code", "ok:code_ad")
            else:
                draft.note(f"{p}.acquired_disposed", "fail:code_ad")
                draft.note(f"{p}.transaction_code", "fail:code_ad")


def check_ownership_form(draft: Draft, rows: dict[str, list]) -> None:
    """Column 7 (11 in Table II) names the nature of an indirect holding: a row with a
    nature is held indirectly (I), a direct one (D) has none. A nature with no ownership
    form read makes it I; a D beside a nature fails. A holdings line of Table I with
    neither read is I too, marked inferred: the direct holding is the last transaction
    row's, so a line of its own is nearly always for an indirect one (140 of 144 such
    rows in train, dev and the seeds). A transaction (a row with its amount read) with
    neither read takes the form that every other row of its table was read with, where they
    agree, or with none read there, the form the other table's transactions agree on: one
    filing's transactions are in one account (so in all 76 such rows of the 48 filings in
    gold; and all 44 gold derivative transactions beside Table I transactions of one form
    share it)."""
    forms = {table: {draft.values.get(f"{table}[{i}].direct_or_indirect") for i in range(len(rows[table]))} - {None}
             for table in TABLES}
    other = {"non_derivative_transactions": "derivative_transactions",
             "derivative_transactions": "non_derivative_transactions"}
    for table in TABLES:
        read = forms[table] or forms.get(other.get(table), set())
        for i in range(len(rows[table])):
            p = f"{table}[{i}]"
            nature = draft.values.get(f"{p}.nature_of_ownership")
            form = draft.values.get(f"{p}.direct_or_indirect")
            if form is None:
                if nature or table == "non_derivative_holdings":
                    draft.repair(f"{p}.direct_or_indirect", "I", "ownership_form", inferred=True)
                elif table.endswith("transactions") and len(read) == 1 \
                        and draft.values.get(f"{p}.shares") is not None:
                    draft.repair(f"{p}.direct_or_indirect", next(iter(read)), "ownership_form", inferred=True)
                continue
            verdict = "ok" if (form == "I") == bool(nature) else "fail"
            draft.note(f"{p}.direct_or_indirect", f"{verdict}:ownership_form")
            if nature:
                draft.note(f"{p}.nature_of_ownership", f"{verdict}:ownership_form")


_DERIVATIVE_COUNTS = (("derivative_transactions", "shares"), ("derivative_holdings", "shares_owned_following"))


def check_underlying(draft: Draft, rows: dict[str, list]) -> None:
    """Most derivatives (RSUs, options, warrants, Class B stock) are on one share each: a
    row with its derivative's count read and the underlying amount lost (or the other
    way round) takes the one it has, marked inferred. Every derivative row of train,
    dev and the seeds is one for one; a conversion at another ratio is read where printed."""
    for table, own in _DERIVATIVE_COUNTS:
        for i in range(len(rows[table])):
            p = f"{table}[{i}]"
            mine, under = draft.values.get(f"{p}.{own}"), draft.values.get(f"{p}.underlying_shares")
            if (mine is None) == (under is None):
                continue
            if under is None:
                draft.repair(f"{p}.underlying_shares", mine, "underlying", inferred=True)
            elif table == "derivative_transactions" and draft.values.get(f"{p}.transaction_code"):
                draft.repair(f"{p}.{own}", under, "underlying", inferred=True)


def check_conversion(draft: Draft, rows: dict[str, list]) -> None:
    """An exercise or conversion between two derivatives (RSUs settled in Class B stock
    that converts into Class A): the row whose underlying security is another row's
    security, for the same number of shares under the same code, is disposed of; the
    other row's derivative is acquired - though the code alone says 'disposes'."""
    table = "derivative_transactions"
    paths = [f"{table}[{i}]" for i in range(len(rows[table]))]
    get = draft.values.get

    def key(path: str, title: str) -> tuple:
        return get(f"{path}.transaction_code"), get(f"{path}.shares"), word_list(get(f"{path}.{title}"))

    for parent, child in itertools.permutations(paths, 2):
        code, shares, words = key(parent, "underlying_security_title")
        if code is None or shares is None or not words or (code, shares, words) != key(child, "security_title"):
            continue
        for path, usual in ((parent, "D"), (child, "A")):
            if get(f"{path}.acquired_disposed") == usual:
                draft.note(f"{path}.acquired_disposed", "ok:conversion")
            else:
                draft.repair(f"{path}.acquired_disposed", usual, "conversion")


def _chain_key(draft: Draft, p: str) -> tuple:
    title = str(draft.values.get(f"{p}.security_title") or "").casefold()
    return (title, draft.values.get(f"{p}.direct_or_indirect"),
            str(draft.values.get(f"{p}.nature_of_ownership") or "").casefold())


def check_chain(draft: Draft, count: int) -> None:
    """Holdings chain over Table I transactions, repairing one broken link at a time."""
    table = "non_derivative_transactions"
    groups: dict[tuple, list[int]] = {}
    for i in range(count):
        groups.setdefault(_chain_key(draft, f"{table}[{i}]"), []).append(i)
    for members in groups.values():
        for a, b in zip(members, members[1:]):
            _check_link(draft, f"{table}[{a}]", f"{table}[{b}]")


def _check_link(draft: Draft, prev: str, cur: str) -> None:
    shares = draft.values.get(f"{cur}.shares")
    ad = draft.values.get(f"{cur}.acquired_disposed")
    before = draft.values.get(f"{prev}.shares_owned_following")
    after = draft.values.get(f"{cur}.shares_owned_following")
    if ad is not None and before is not None and [shares, after].count(None) == 1:
        _fill_link(draft, cur, 1 if ad == "A" else -1, shares, before, after)
        return
    if ad is not None and before is None and None not in (shares, after):
        _printed_holding(draft, prev, cur, after - (1 if ad == "A" else -1) * shares)
        return
    if None in (shares, ad, before, after):
        return
    sign = 1 if ad == "A" else -1

    def fits(b, s, a):
        return abs(b + sign * s - a) < 0.5

    if fits(before, shares, after):
        for path in (f"{prev}.shares_owned_following", f"{cur}.shares", f"{cur}.shares_owned_following"):
            draft.note(path, "ok:chain")
        return
    # one other reading of one value that mends the link
    for path, options, make in (
            (f"{cur}.shares_owned_following", number_options(draft, f"{cur}.shares_owned_following"),
             lambda v: fits(before, shares, v)),
            (f"{prev}.shares_owned_following", number_options(draft, f"{prev}.shares_owned_following"),
             lambda v: fits(v, shares, after)),
            (f"{cur}.shares", number_options(draft, f"{cur}.shares"), lambda v: fits(before, v, after))):
        good = [v for v in options if make(v)]
        if len(good) == 1:
            draft.repair(path, good[0], "chain")
            return
    # a row's price and holding read each in the other's place (pdftotext reads '$' /
    # '535,797' / '5.76': the dollar sign's line first): the "price", larger than the
    # "holding", is the holding that mends the link
    for row, make in ((cur, lambda v: fits(before, shares, v)), (prev, lambda v: fits(v, shares, after))):
        price = draft.values.get(f"{row}.price_per_share")
        owned = draft.values.get(f"{row}.shares_owned_following")
        if isinstance(price, (int, float)) and isinstance(owned, (int, float)) and price > owned \
                and make(price):
            draft.swap(f"{row}.price_per_share", f"{row}.shares_owned_following", "chain")
            return
    # one holding read from the other, when the damaged text still ends the same way;
    # of the two, the one whose text is nearer the inferred value
    candidates = []
    for path, inferred in ((f"{prev}.shares_owned_following", after - sign * shares),
                           (f"{cur}.shares_owned_following", before + sign * shares)):
        text = " ".join(draft.raw(draft.prov[path].spans)).strip(" $\\|\n") if path in draft.prov else ""
        if text and not re.search(r"\s", text) and parse_number(text) is not None:
            continue   # a cleanly printed number is what the filer wrote, chain or not
        raw = re.sub(r"\D", "", text)
        digits = decimal_key(inferred) if inferred >= 0 else ""
        if digits and len(raw) >= 3 and digits[-3:] == raw[-3:]:
            candidates.append((Levenshtein.distance(digits, raw), path, inferred))
    if candidates:
        _, path, inferred = min(candidates)
        draft.repair(path, inferred, "chain", inferred=True)
        return
    for path in (f"{prev}.shares_owned_following", f"{cur}.shares", f"{cur}.shares_owned_following"):
        draft.note(path, "fail:chain")


def _fill_link(draft: Draft, cur: str, sign: int, shares, before, after) -> None:
    """The one value of a link OCR lost, from the other three: the row's amount is what
    its holding moved by, its holding the one before moved by its amount."""
    if shares is None:
        path, value = f"{cur}.shares", sign * (after - before)
    else:
        path, value = f"{cur}.shares_owned_following", before + sign * shares
    if value > 0 or (value == 0 and path.endswith("following")):
        draft.repair(path, value, "chain", inferred=True)


def _printed_holding(draft: Draft, prev: str, cur: str, value) -> None:
    """The holding a row lost, when the next row's link gives it and the document prints
    that number once where no value was read from (pdftotext reads '$ 0 9,476' of one row
    in among the next row's cells): read from there."""
    if value < 0 or not float(value).is_integer():
        return
    used = [(s.start, s.end) for p in draft.prov.values() for s in p.spans]
    printed = rf"(?<![\d,.])(?:{int(value):,}|{int(value)})(?![\d,]|\.\d)"
    free = [m for m in re.finditer(printed, draft.text) if not any(a < m.end() and m.start() < b for a, b in used)]
    row = next((s for p, v in draft.prov.items() if p.startswith(cur + ".") for s in v.spans), None)
    if len(free) == 1 and row is not None:   # (checks see no tokens: the row's positions)
        span = replace(row, start=free[0].start(), end=free[0].end(), label="nd_owned", prob=0.5, min_prob=0.5)
        draft.set(f"{prev}.shares_owned_following", Reading(value, 1.0), [span], inferred=True,
                  note="repaired:chain")


def check_dates(draft: Draft, record: Record) -> None:
    for i in range(len(record.derivative_transactions)):
        # every transaction has a date: a row's only date, read as an expiration date
        # with no exercise date beside it, is the transaction's
        p = f"derivative_transactions[{i}]"
        if f"{p}.transaction_date" not in draft.values and f"{p}.exercise_date" not in draft.values \
                and f"{p}.expiration_date" in draft.values:
            draft.move(f"{p}.expiration_date", f"{p}.transaction_date")
            draft.repair(f"{p}.transaction_date", draft.values[f"{p}.transaction_date"], "dates")
            draft.values[f"{p}.expiration_date"] = None
    period = draft.values.get("period_of_report")
    dates = [v for k, v in draft.values.items() if k.endswith(".transaction_date") and isinstance(v, dt.date)]
    if period is None and dates:   # box 3 is by definition the earliest transaction's date
        draft.repair("period_of_report", min(dates), "dates", inferred=True)
        draft.prov["period_of_report"].spans = []
        period = min(dates)
    signed = [s.date for s in record.signatures if s.date]
    latest = max(signed) if signed else None
    for path, value in list(draft.values.items()):
        if not path.endswith(("transaction_date", "deemed_execution_date")) or not isinstance(value, dt.date):
            continue
        ok = (period is None or value >= period) and (latest is None or value <= latest)
        if ok:
            draft.note(path, "ok:dates")
            continue
        prov = draft.prov.get(path)
        options = date_readings([raw for raw in draft.raw(prov.spans)]) if prov else []
        good = [d for d in options if (period is None or d >= period) and (latest is None or d <= latest)]
        if len(good) == 1:
            draft.repair(path, good[0], "dates")
        else:
            draft.note(path, "fail:dates")


def check_cities(draft: Draft, owners: int) -> None:
    """An owner's city that no place in its state is called, but one nearly is; or that
    begins with the end of the street line, wrapped into the city's cell; or, when none
    was read, the untagged words right before the state that name a place in it. A city
    the filer typed with a comma after it keeps it: the form prints 'CITY, ST', so such a
    city reads 'LEXINGTON,, KY' - where the document prints the city so anywhere, the
    value has the comma (8 of the 8 such gold cities in clean renderings, 6 of 8 in OCR;
    no gold city without one is printed so)."""
    from .places import correct_city, split_city

    for j in range(owners):
        path = f"reporting_owners[{j}].city"
        city = draft.values.get(path)
        state = draft.values.get(f"reporting_owners[{j}].state")
        if city is None and isinstance(state, str):
            city = _city_before_state(draft, f"reporting_owners[{j}].state")
        street = next((p for p in (f"reporting_owners[{j}].street2", f"reporting_owners[{j}].street1")
                       if isinstance(draft.values.get(p), str)), None)
        spilt = split_city(city, state) if isinstance(city, str) and street else None
        if spilt is not None:
            draft.repair(street, f"{draft.values[street]} {spilt[0]}", "gazetteer")
            draft.repair(path, spilt[1], "gazetteer")
            city = spilt[1]
        if isinstance(city, str):
            fixed = correct_city(city, state)
            if fixed is not None:
                draft.repair(path, fixed, "gazetteer")
                city = fixed
        if isinstance(city, str) and not city.endswith(",") and \
                re.search(rf"(?<![\w,]){re.escape(city)},,", draft.text):
            draft.repair(path, city + ",", "city_comma")


def _city_before_state(draft: Draft, state_path: str) -> str | None:
    """'FOSIERCITY CA 944': the words before the state on its line (a comma between
    allowed), when no value was read from them and the last one to three of them are, or
    nearly are, a place in the state (city, state and zip make the address's last line).
    Sets the city as inferred."""
    from .places import correct_city, is_place, places

    prov = draft.prov.get(state_path)
    state = draft.values[state_path]
    if prov is None or not prov.spans or not places().get(state.upper()):
        return None
    at = prov.spans[0]
    line_start = draft.text.rfind("\n", 0, at.start) + 1
    used = [(s.start, s.end) for p in draft.prov.values() for s in p.spans]
    words = list(re.finditer(r"[A-Za-z][A-Za-z.'-]*", draft.text[line_start:at.start]))
    for k in range(min(3, len(words)), 0, -1):
        start, end = line_start + words[-k].start(), line_start + words[-1].end()
        if draft.text[end:at.start].strip(" \t,") or any(a < end and start < b for a, b in used):
            continue
        reading = " ".join(draft.text[start:end].split())
        name = reading if is_place(reading, state) else correct_city(reading, state)
        if name:
            draft.set(state_path.replace(".state", ".city"), Reading(name, 0.6),
                      [replace(at, start=start, end=end, label="owner_city", prob=0.5, min_prob=0.5)],
                      inferred=True, note="repaired:gazetteer")
            return name
    return None


def check_ticker(draft: Draft) -> None:
    ticker = draft.values.get("issuer.ticker")
    if isinstance(ticker, str):
        draft.note("issuer.ticker", "ok:ticker" if _TICKER_RE.match(ticker) else "fail:ticker")


# prose values that never open in lower case (392 gold notes, 496 titles, 281 natures)
_CAPITALISED = ("security_title", "underlying_security_title", "nature_of_ownership")


def check_openings(draft: Draft) -> None:
    """A footnote, security title or nature that opens in lower case was cut from the
    middle of its text or read from another's ('collectively, the SC USV XV Funds ...',
    'value $0.0001 per share'): kept, its confidence lowered."""
    for path, value in draft.values.items():
        if isinstance(value, str) and value[:1].islower() and \
                (path.startswith("footnotes.") or path.rsplit(".", 1)[-1] in _CAPITALISED):
            draft.note(path, "fail:opening")


def check_footnote_links(draft: Draft, record: Record) -> None:
    """A row's footnote markers name notes the record has (all 772 markers of the gold
    records do): a marker of a note that was not read, or OCR's misread number ('F63'
    of seven notes), fails."""
    for path, value in draft.values.items():
        if path.endswith("].footnotes") and value:
            ok = all(fid in record.footnotes for fid in value)
            draft.note(path, "ok:footnote_link" if ok else "fail:footnote_link")


def check_price_range(draft: Draft, record: Record, rows: dict[str, list]) -> None:
    for i, row in enumerate(rows["non_derivative_transactions"]):
        path = f"non_derivative_transactions[{i}].price_per_share"
        price = draft.values.get(path)
        if price is None:
            continue
        for fid in row.footnotes:
            m = _RANGE_RE.search(record.footnotes.get(fid, ""))
            if not m:
                continue
            low, high = (float(x.replace(",", "")) for x in m.groups())
            if low <= price <= high:
                draft.note(path, "ok:price_range")
            else:
                good = [v for v in number_options(draft, path) if low <= v <= high]
                if len(good) == 1:
                    draft.repair(path, good[0], "price_range")
                else:
                    draft.note(path, "fail:price_range")


def run_checks(record: Record, draft: Draft) -> Record:
    """Run every check; return the record rebuilt from the (possibly repaired) values."""
    rows = {t: list(getattr(record, t)) for t in TABLES}
    check_lost_codes(draft, rows)
    check_exercise_codes(draft, rows)
    check_shared_values(draft, rows)
    check_code_ad(draft, rows)
    check_ownership_form(draft, rows)
    check_underlying(draft, rows)
    check_titles(draft, rows)
    check_natures(draft, rows)
    check_underlying_title(draft, rows)
    check_conversion(draft, rows)
    check_chain(draft, len(rows["non_derivative_transactions"]))
    check_dates(draft, record)
    check_ticker(draft)
    check_openings(draft)
    check_footnote_links(draft, record)
    check_cities(draft, len(record.reporting_owners))
    check_price_range(draft, record, rows)
    return rebuild(record, draft)


def rebuild(record: Record, draft: Draft) -> Record:
    """The record with row, owner and header values taken from the draft."""
    changes = {}
    owners = []
    for j, owner in enumerate(record.reporting_owners):
        prefix = f"reporting_owners[{j}]."
        owners.append(replace(owner, **{k[len(prefix):]: v for k, v in draft.values.items()
                                        if k.startswith(prefix) and k[len(prefix):] in owner.__dataclass_fields__}))
    changes["reporting_owners"] = tuple(owners)
    for table in TABLES:
        new_rows = []
        for i, row in enumerate(getattr(record, table)):
            prefix = f"{table}[{i}]."
            updates = {k[len(prefix):]: v for k, v in draft.values.items()
                       if k.startswith(prefix) and "." not in k[len(prefix):]
                       and k[len(prefix):] in row.__dataclass_fields__}
            new_rows.append(replace(row, **updates))
        changes[table] = tuple(new_rows)
    changes["period_of_report"] = draft.values.get("period_of_report", record.period_of_report)
    return replace(record, **changes)


__all__ = ["run_checks", "Reading"]
