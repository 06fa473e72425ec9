"""Random Form 4 contents that hang together the way real filings do.

Codes go with their usual acquired/disposed and price (S and F dispose at market, P and
M acquire, A at $0, G gifts ...); holdings chain from row to row per security and
ownership form; footnotes of the common kinds are attached where filers put them.
`Contents` is the record plus where each footnote marker sits (`marks`).
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from faker import Faker

from extractor.record import (DerivativeHolding, DerivativeTransaction, Issuer, NonDerivativeHolding,
                              NonDerivativeTransaction, Record, ReportingOwner, Signature)

COMPANY_SUFFIXES = ["Inc.", "INC.", "Corp", "CORP", "Corporation", "Holdings, Inc.", "Therapeutics, Inc.",
                    "Group, Inc.", "Co", "Technologies, Inc.", "N.V.", "plc", "Ltd", "Bancorp, Inc.",
                    "Pharmaceuticals, Inc.", "Systems, Inc.", "& Co.", "Energy Corp", "Inc"]
ENTITY_FORMS = ["{last} Family Trust", "{last} Revocable Trust", "{company} Capital Partners, L.P.",
                "{company} Holdings LLC", "{company} Ventures Fund IV, L.P.", "{company} Master Fund Ltd",
                "{company} Investment Management, LLC", "{last} Foundation", "{company} Partners II, LP",
                "{last} 2012 Irrevocable Trust"]
OFFICER_TITLES = ["Chief Financial Officer", "CFO", "Chief Executive Officer", "CEO", "President and CEO",
                  "Chief Operating Officer", "EVP, General Counsel", "SVP, Chief Accounting Officer",
                  "General Counsel and Secretary", "Chief Technology Officer", "See Remarks", "President",
                  "VP, GC and Corp. Sec.", "Chief Revenue Officer", "EVP & Chief People Officer",
                  "Senior VP, GC, CAO & Secretary", "Chief Medical Officer", "Executive Chairman",
                  "SVP, Finance", "Chief Legal Officer", "Treasurer", "CHIEF FINANCIAL OFFICER"]
OTHER_TEXTS = ["Member of 13(d) group", "See Remarks", "Former Director", "Director by deputization"]
COMMON_TITLES = ["Common Stock", "Common Stock", "Common Stock", "Class A Common Stock",
                 "Common Stock, par value $0.0001 per share", "Ordinary Shares", "Class B Common Stock",
                 "Common Shares", "Class A Ordinary Shares", "Common Stock, $0.01 par value",
                 "American Depositary Shares", "Series A Common Stock"]
DERIVATIVE_KINDS = [  # title, code choices, has exercise price, underlying
    ("Restricted Stock Units", "AM", False), ("Restricted Stock Unit", "AM", False),
    ("RSU", "AM", False), ("Performance Stock Units", "AM", False),
    ("Stock Option (Right to Buy)", "AM", True), ("Employee Stock Option (right to buy)", "AM", True),
    ("Stock Options (right to buy)", "AMX", True), ("Non-Qualified Stock Option (right to buy)", "AM", True),
    ("Warrants", "JPX", True), ("Private Placement Warrants", "J", True),
    ("Series B Preferred Stock", "CPJ", False), ("Class B Common Stock", "CJ", False),
    ("Convertible Notes", "PJ", True), ("Phantom Stock Units", "AM", False),
    ("Restricted Stock Units (RSU) (Class A)", "AM", False), ("Performance Stock Units (PSU)", "AM", False),
    ("Restricted Stock Units (RSUs)", "AM", False), ("Stock Option (right to buy)", "AMX", True),
    ("Class B Common Stock (Convertible)", "CJ", False), ("Series A Preferred Stock", "CJ", False),
    ("Options to Purchase Common Stock", "AM", True), ("Incentive Stock Option (right to buy)", "AM", True),
]
NATURES = ["By Trust", "See footnote", "By Spouse", "By LLC", "By 401(k) Plan", "See Footnote",
           "By Family Trust", "By IRA", "By estate planning vehicle", "Held by spouse",
           "By {company} Capital Fund, L.P.", "By {company} Partners Fund IV, L.P.", "Trust",
           "By GRAT", "By Children", "{last} Family Trust dtd {date}", "By {last} Living Trust u/a/d {date}"]


@dataclass
class Contents:
    record: Record
    marks: dict[str, list[str]] = field(default_factory=dict)  # leaf path -> footnote ids on it
    joint: bool = False


class _Footnotes:
    def __init__(self):
        self.texts: dict[str, str] = {}

    def add(self, text: str) -> str:
        for fid, t in self.texts.items():
            if t == text:
                return fid
        fid = f"F{len(self.texts) + 1}"
        self.texts[fid] = text
        return fid


def _price(rng: random.Random, low: float = 1.0, high: float = 400.0) -> float:
    value = rng.uniform(low, high) if rng.random() < 0.7 else rng.uniform(0.05, 20)
    return round(value, rng.choice([2, 2, 2, 3, 4, 4]))


def _shares(rng: random.Random) -> int:
    scale = rng.choice([10, 100, 1000, 10000, 100000, 1000000])
    return max(1, int(rng.uniform(0.05, 1.0) * scale * rng.choice([1, 1, 2, 5])))


def _case(rng: random.Random, text: str) -> str:
    return text.upper() if rng.random() < 0.45 else text


def _company(fake: Faker, rng: random.Random) -> str:
    base = fake.last_name() if rng.random() < 0.5 else fake.company().split(",")[0].split(" and ")[0]
    if rng.random() < 0.3:
        base = f"{base} {rng.choice(['Bio', 'Networks', 'Software', 'Aviation', 'Water', 'Health', 'Capital'])}"
    return _case(rng, f"{base} {rng.choice(COMPANY_SUFFIXES)}".replace(",,", ","))


def _ticker(rng: random.Random, name: str) -> str:
    letters = [c for c in name.upper() if c.isalpha()]
    size = rng.choice([2, 3, 4, 4, 4, 5])
    head = "".join(letters[:2]) if letters else "X"
    rest = "".join(rng.choice(letters or ["Q"]) for _ in range(size - len(head)))
    return (head + rest)[:size]


SYLLABLES = ["Kim", "Lee", "Li", "Wen", "Jun", "Joo", "Mi", "Park", "Chen", "Wei", "Hua", "Xin", "Yu",
             "Min", "Seo", "Jin", "Hyun", "Ravi", "Anil", "Jean", "Luc", "Ana", "Jose", "Sun", "Lin"]
# Real US places filers live in: multi-word names and names with "City" in them included.
US_PLACES = [("FOSTER CITY", "CA", "94404"), ("REDWOOD CITY", "CA", "94063"), ("NEW YORK", "NY", "10022"),
             ("SAN FRANCISCO", "CA", "94105"), ("MENLO PARK", "CA", "94025"), ("PALO ALTO", "CA", "94301"),
             ("MOUNTAIN VIEW", "CA", "94043"), ("SANTA CLARA", "CA", "95054"), ("JERSEY CITY", "NJ", "07302"),
             ("SALT LAKE CITY", "UT", "84111"), ("KANSAS CITY", "MO", "64105"), ("BOSTON", "MA", "02110"),
             ("CAMBRIDGE", "MA", "02142"), ("CHICAGO", "IL", "60606"), ("WOOD DALE", "IL", "60191"),
             ("AUSTIN", "TX", "78701"), ("DALLAS", "TX", "75201"), ("HOUSTON", "TX", "77002"),
             ("SEATTLE", "WA", "98101"), ("REDMOND", "WA", "98052"), ("DENVER", "CO", "80202"),
             ("CENTENNIAL", "CO", "80112"), ("ATLANTA", "GA", "30309"), ("MIAMI", "FL", "33131"),
             ("GREENWICH", "CT", "06830"), ("STAMFORD", "CT", "06901"), ("WILMINGTON", "DE", "19801"),
             ("BOZEMAN", "MT", "59715"), ("MORRISVILLE", "NC", "27560"), ("SUNNYVALE", "CA", "94085"),
             ("LOS ANGELES", "CA", "90067"), ("SAN DIEGO", "CA", "92121"), ("PLEASANTON", "CA", "94588"),
             ("SANTA CRUZ", "CA", "95060"), ("OKLAHOMA CITY", "OK", "73102"), ("CARSON CITY", "NV", "89701"),
             ("LAS VEGAS", "NV", "89109"), ("PHOENIX", "AZ", "85004"), ("MINNEAPOLIS", "MN", "55402"),
             ("ST. LOUIS", "MO", "63101"), ("WEST PALM BEACH", "FL", "33401"), ("FORT WORTH", "TX", "76102")]


def _person(fake: Faker, rng: random.Random) -> str:
    if rng.random() < 0.2:  # short multi-part names: 'Kim Joo Mi', 'Li Wenjun'
        parts = [rng.choice(SYLLABLES), rng.choice(SYLLABLES) + rng.choice(["", "", rng.choice(SYLLABLES).lower()])]
        if rng.random() < 0.5:
            parts.append(rng.choice(SYLLABLES))
        return _case(rng, " ".join(parts))
    last, first = fake.last_name(), fake.first_name()
    middle = rng.choice(["", "", fake.first_name()[0], fake.first_name()[0] + "."])
    name = " ".join(x for x in (last, first, middle) if x)
    return _case(rng, name)


STREET_KINDS = ["BLVD.", "AVE.", "ST.", "ROAD", "STREET", "AVENUE", "DRIVE", "WAY", "PKWY", "COURT",
                "PLAZA", "CIRCLE", "LANE", "Blvd.", "Avenue", "Street", "Drive"]


def _street(fake: Faker, rng: random.Random) -> str:
    """'919 E. HILLSDALE BLVD.', '1100 N. WOOD DALE ROAD', '2029 Stierlin Court' ..."""
    if rng.random() < 0.5:
        return _case(rng, fake.street_address())
    direction = rng.choice(["", "", "", "E. ", "N. ", "W. ", "S. ", "EAST ", "NORTH ", "WEST "])
    name = fake.last_name().upper() if rng.random() < 0.7 else fake.last_name()
    if rng.random() < 0.2:
        name = f"{name} {fake.last_name().upper()}"
    street = f"{rng.randint(1, 19999)} {direction}{name} {rng.choice(STREET_KINDS)}"
    return street if rng.random() < 0.6 else street.upper()


def _address(fake: Faker, rng: random.Random, issuer: str, shared: dict | None) -> dict:
    if shared and rng.random() < 0.7:
        return dict(shared)
    if rng.random() < 0.4:
        street1 = f"C/O {issuer.upper()}"
        street2 = _street(fake, rng)
    else:
        street1 = _street(fake, rng)
        street2 = rng.choice([None, None, _case(rng, fake.secondary_address()),
                              f"SUITE {rng.randint(100, 2500)}", f"FLOOR {rng.randint(2, 40)}"])
    if rng.random() < 0.04:  # foreign filers: EDGAR state codes, foreign postal codes
        return {"street1": street1, "street2": street2, "city": _case(rng, fake.city()),
                "state": rng.choice(["X0", "M0", "Y9", "E9", "U0", "L2"]),
                "zip": rng.choice(["W1K 3JP", "105-7537", "JE1 0BD", "KY1-9008", "048926"])}
    if rng.random() < 0.5:
        city, state, zip_code = rng.choice(US_PLACES)
        if rng.random() < 0.2:
            city = city.title()
    else:
        city = fake.city().upper() if rng.random() < 0.6 else fake.city()
        state, zip_code = fake.state_abbr(), fake.zipcode()
    if rng.random() < 0.1:
        zip_code = f"{zip_code}-{rng.randint(1000, 9999)}"
    return {"street1": street1, "street2": street2, "city": city, "state": state, "zip": zip_code}


def _owner(fake, rng, issuer, shared, first: bool) -> ReportingOwner:
    entity = rng.random() < (0.15 if first else 0.55)
    name = rng.choice(ENTITY_FORMS).format(last=fake.last_name(), company=fake.last_name()) \
        if entity else _person(fake, rng)
    roles = {"is_director": rng.random() < 0.35, "is_officer": (not entity) and rng.random() < 0.5,
             "is_ten_percent_owner": entity or rng.random() < 0.1, "is_other": rng.random() < 0.04}
    if not any(roles.values()):
        roles["is_director"] = True
    title = rng.choice(OFFICER_TITLES) if roles["is_officer"] else None
    other = rng.choice(OTHER_TEXTS) if roles["is_other"] else None
    return ReportingOwner(name=name, **_address(fake, rng, issuer, shared), **roles,
                          officer_title=title, other_text=other)


def _business_days(start: dt.date, n: int) -> dt.date:
    day = start
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


# --- footnote texts ------------------------------------------------------------------

def weighted_average(rng, low: float, high: float) -> str:
    return rng.choice([
        f"The price reported in Column 4 is a weighted average price. These shares were sold in multiple "
        f"transactions at prices ranging from ${low:.2f} to ${high:.2f}, inclusive. The reporting person "
        f"undertakes to provide to the issuer, any security holder of the issuer, or the staff of the "
        f"Securities and Exchange Commission, upon request, full information regarding the number of "
        f"shares sold at each separate price within the range set forth in this footnote.",
        f"The sale price represents the weighted average price of the shares sold ranging from ${low:.2f} "
        f"to ${high:.2f} per share. Upon request by the Commission staff, the Issuer or a security holder "
        f"of the Issuer, the Reporting Person will provide full information regarding the number of shares "
        f"sold at each separate price within the range set forth in this Form 4.",
    ])


FOOTNOTE_TEMPLATES = {
    "plan": ["The sales reported in this Form 4 were effected pursuant to a Rule 10b5-1 trading plan "
             "adopted by the Reporting Person on {date}.",
             "Shares were sold pursuant to a duly adopted 10b5-1 trading plan entered into in accordance "
             "with the Issuer's insider trading policy."],
    "withhold": ["The reported shares were withheld to cover the Reporting Person's tax liability in "
                 "connection with the vesting of restricted stock units.",
                 "Represents shares withheld by the Issuer to satisfy tax withholding obligations upon the "
                 "vesting of restricted stock units."],
    "rsu": ["Each restricted stock unit represents a contingent right to receive one share of the "
            "Issuer's common stock.",
            "The restricted stock units vest in four equal annual installments beginning on {date}, "
            "subject to the Reporting Person's continued service through each vesting date."],
    "grant": ["Represents an award of restricted stock units granted under the Issuer's {year} Equity "
              "Incentive Plan.",
              "Represents the acquisition of shares upon the determination of the Board of Directors of "
              "the Issuer that the performance conditions were met."],
    "espp": ["These shares were acquired on {text_date} through the Issuer's Employee Stock Purchase Plan "
             "in a transaction that was exempt under Rule 16b-3(c)."],
    "indirect": ["Shares held directly by the {name} for which the Reporting Person serves as trustee.",
                 "The Reporting Person disclaims beneficial ownership of these securities except to the "
                 "extent of his or her pecuniary interest therein.",
                 "Shares held by {name}. The Reporting Person is a managing member of the general partner "
                 "and may be deemed to share voting and dispositive power over these shares."],
    "gift": ["Represents a bona fide gift of shares to a charitable organization for no consideration."],
    "option": ["The option vests and becomes exercisable in 48 equal monthly installments beginning on "
               "{date}.", "The option is fully vested and exercisable.", "Not applicable."],
    "convert": ["Each share of Class B Common Stock is convertible at any time at the option of the holder "
                "into one share of Class A Common Stock and has no expiration date."],
}


def _note(rng, kind: str, **values) -> str:
    return rng.choice(FOOTNOTE_TEMPLATES[kind]).format(**values)


REMARK_SENTENCES = [
    "Exhibit 24 - Power of Attorney", "Exhibit List: Exhibit 24 - Power of Attorney",
    "Exhibit List - Exhibit {exhibit} - Power of Attorney", "See Exhibit {exhibit}.",
    "Title: {title}", "Officer title: {title}", "{title}", "{title} and Director",
    "This Form 4 is being filed to report a transaction effected by a trust for the benefit of "
    "the Reporting Person's children.",
    "This amendment is being filed to correct the number of securities reported in Column 5 of "
    "Table I of the original Form 4 filed on {date}.",
    "This report is one of {k} reports, each on a separate Form 4, filed by {entity} and its affiliates "
    "relating to the same transactions.",
    "The Reporting Person is a member of a group for purposes of Section 13(d) of the Securities "
    "Exchange Act of 1934.",
    "{person} is signing on behalf of the Reporting Person pursuant to a power of attorney "
    "previously filed with the Commission.",
    "The transactions reported on this Form 4 were effected pursuant to a Rule 10b5-1 trading plan "
    "adopted by the Reporting Person on {date}.",
    "This Form 4 is being filed late due to an administrative oversight.",
    "The Reporting Person disclaims beneficial ownership of the securities held by {entity}, except "
    "to the extent of his or her pecuniary interest therein.",
]


def _remarks(rng: random.Random, fake: Faker, title: str, owner: str, period: dt.date) -> str:
    """A filing's remarks: one or two sentences of the kinds filers write (exhibits, an
    officer's title, amendments, joint filings, powers of attorney, trading plans)."""
    if title == "See Remarks":
        title = rng.choice(OFFICER_TITLES[:10])

    def one() -> str:
        return rng.choice(REMARK_SENTENCES).format(
            exhibit=rng.choice(["24", "24.1", "99", "99.1"]), title=title,
            date=_text_date(period - dt.timedelta(days=rng.randint(1, 400))), k=rng.randint(2, 4),
            entity=rng.choice(ENTITY_FORMS).format(last=fake.last_name(), company=fake.last_name()),
            person=owner if rng.random() < 0.5 else fake.name())
    first = one()
    return first if rng.random() < 0.75 else f"{first.rstrip('.')}. {one()}"


# --- rows ------------------------------------------------------------------------------

ND_CODES = [("S", 30), ("F", 14), ("A", 14), ("M", 12), ("P", 8), ("G", 6), ("J", 3), ("C", 3),
            ("D", 2), ("X", 1), ("W", 1)]


def generate(seed: int, fake: Faker) -> Contents:
    """One filing's contents, reproducible from `seed`."""
    rng = random.Random(seed)
    fake.seed_instance(seed)
    issuer_name = _company(fake, rng)
    issuer = Issuer(issuer_name, _ticker(rng, issuer_name))
    n_owners = 1 if rng.random() < 0.82 else rng.randint(2, 8)
    first = _owner(fake, rng, issuer_name, None, True)
    shared = {k: getattr(first, k) for k in ("street1", "street2", "city", "state", "zip")}
    owners = [first] + [_owner(fake, rng, issuer_name, shared, False) for _ in range(n_owners - 1)]
    period = dt.date(rng.randint(2004, 2025), rng.randint(1, 12), rng.randint(1, 28))
    notes = _Footnotes()
    marks: dict[str, list[str]] = {}

    def mark(path: str, fid: str) -> None:
        marks.setdefault(path, [])
        if fid not in marks[path]:
            marks[path].append(fid)

    nd_tx, nd_hold, d_tx, d_hold = _rows(rng, fake, period, notes, mark)
    signature_date = _business_days(max([period] + [r.transaction_date for r in nd_tx + d_tx]),
                                    rng.choice([0, 1, 2, 2, 3, 4]))
    signatures = _signatures(rng, fake, owners, signature_date)
    amended = rng.random() < 0.05
    title = rng.choice(OFFICER_TITLES)
    remarks = None
    if rng.choice([None] * 12 + [True] * 4):  # the rest drawn apart: other filings stay as they were
        remarks = _remarks(random.Random(f"remarks:{seed}"), fake, title, owners[0].name, period)
    tables = {"non_derivative_transactions": nd_tx, "non_derivative_holdings": nd_hold,
              "derivative_transactions": d_tx, "derivative_holdings": d_hold}
    tables = {name: tuple(_with_footnotes(rows, name, marks)) for name, rows in tables.items()}
    record = Record(
        document_type="4/A" if amended else "4", period_of_report=period,
        date_of_original_submission=_business_days(period, 3) if amended else None,
        issuer=issuer, reporting_owners=tuple(owners), footnotes=dict(notes.texts),
        remarks=remarks, signatures=tuple(signatures), **tables)
    return Contents(record, marks, joint=n_owners > 1)


def _with_footnotes(rows, table: str, marks: dict[str, list[str]]):
    from dataclasses import replace
    out = []
    for i, row in enumerate(rows):
        prefix = f"{table}[{i}]."
        ids = []
        for path, fids in marks.items():
            if path.startswith(prefix):
                ids.extend(f for f in fids if f not in ids)
        out.append(replace(row, footnotes=tuple(ids)))
    return out


def _rows(rng, fake, period, notes, mark):
    security = rng.choice(COMMON_TITLES)
    n_tx = rng.choice([0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 8, 10])
    n_hold = rng.choice([0] * 10 + [1, 1, 1, 2, 2, 3, 4, 7, 9])
    d_kinds = rng.sample(DERIVATIVE_KINDS, rng.choice([0] * 5 + [1, 1, 1, 1, 2, 2, 3]))
    forms = [("D", None)] + ([("I", _nature(rng, fake))] if rng.random() < 0.2 else [])
    if rng.random() < 0.08:
        forms = [("I", _nature(rng, fake))]
    holdings = {form: _shares(rng) * rng.randint(1, 20) for form in forms}
    date = period
    nd_tx, d_tx, d_hold = [], [], []
    plan = _note(rng, "plan", date=_text_date(period - dt.timedelta(days=120))) \
        if rng.random() < 0.4 else None
    exercised: list[float] = []
    for i in range(n_tx):
        code = _weighted(rng, ND_CODES)
        if d_kinds and i == 0 and rng.random() < 0.5:
            code = "M"
        if rng.random() < 0.3:
            date = _business_days(date, rng.choice([0, 1, 1, 2]))
        form = rng.choice(forms)
        shares = _shares(rng)
        ad = {"S": "D", "F": "D", "D": "D", "G": "D", "P": "A", "A": "A", "M": "A", "C": "A",
              "X": "A", "W": "A", "J": rng.choice("AD")}[code]
        if ad == "D" and holdings[form] < 1:   # nothing left to dispose of: a purchase instead
            code, ad = "P", "A"
        if ad == "D":
            shares = min(shares, holdings[form])
        if code in ("M", "X", "C"):
            exercised.append(float(shares))
        price: float | None
        if code in ("A", "G", "C", "W"):
            price = 0.0 if rng.random() < 0.8 else None
        elif code in ("M", "X"):
            price = _price(rng, 0.5, 80)
        else:
            price = _price(rng)
        holdings[form] += shares if ad == "A" else -shares
        path = f"non_derivative_transactions[{i}]"
        direct = form[0] == "D"
        row = NonDerivativeTransaction(
            security_title=security, transaction_date=date, transaction_code=code, shares=float(shares),
            price_per_share=price, acquired_disposed=ad, shares_owned_following=float(holdings[form]),
            direct_or_indirect=form[0], nature_of_ownership=form[1])
        if code == "S" and price and rng.random() < 0.6:
            fid = notes.add(weighted_average(rng, price * 0.99, price * 1.01))
            mark(f"{path}.price_per_share", fid)
        if code in ("S", "P") and plan and rng.random() < 0.8:
            mark(f"{path}.transaction_code", notes.add(plan))
        for kind, code_set, where in (("withhold", "F", "shares"), ("grant", "A", "shares"),
                                      ("gift", "G", "transaction_code")):
            if code in code_set and rng.random() < 0.7:
                mark(f"{path}.{where}", notes.add(_note(rng, kind, year=period.year)))
        if not direct and rng.random() < 0.6:
            mark(f"{path}.nature_of_ownership",
                 notes.add(_note(rng, "indirect", name=fake.last_name() + " Trust")))
        nd_tx.append(row)
    nd_hold = []
    for i in range(n_hold):
        direct = i == 0 and not nd_tx and rng.random() < 0.5
        path = f"non_derivative_holdings[{i}]"
        nd_hold.append(NonDerivativeHolding(security_title=security if rng.random() < 0.85 else
                                            rng.choice(COMMON_TITLES),
                                            shares_owned_following=float(_shares(rng)),
                                            direct_or_indirect="D" if direct else "I",
                                            nature_of_ownership=None if direct else _nature(rng, fake)))
        if not direct and rng.random() < 0.6:
            mark(f"{path}.nature_of_ownership", notes.add(_note(rng, "indirect", name=fake.last_name() + " Trust")))
    for j, (title, codes, priced) in enumerate(d_kinds):
        code = rng.choice(codes)
        shares = float(_shares(rng))
        if exercised and "M" in codes:
            code, shares = "M", exercised.pop(0)
        # exercising or converting disposes of the derivative, but a derivative received on
        # another's exercise (Class B stock on RSUs settling) is acquired
        disposes = code in ("M", "C", "X") and not (code == "M" and rng.random() < 0.3)
        conv = _price(rng, 0.5, 150) if priced else (0.0 if rng.random() < 0.3 else None)
        exercise = period + dt.timedelta(days=rng.randint(0, 900)) if rng.random() < 0.3 else None
        expiration = period + dt.timedelta(days=rng.randint(1800, 3650)) if priced or rng.random() < 0.2 else None
        path = f"derivative_transactions[{j}]"
        kwargs = dict(security_title=title, conversion_or_exercise_price=conv, transaction_date=date,
                      transaction_code=code, shares=shares,
                      price_per_share=0.0 if rng.random() < 0.8 else (None if rng.random() < 0.5 else _price(rng)),
                      acquired_disposed="D" if disposes else "A", exercise_date=exercise,
                      expiration_date=expiration,
                      underlying_security_title=security if rng.random() < 0.8 else "Common Stock",
                      underlying_shares=shares, shares_owned_following=float(_shares(rng)) if rng.random() < 0.8 else 0.0,
                      direct_or_indirect="D" if rng.random() < 0.85 else "I")
        if kwargs["direct_or_indirect"] == "I":
            kwargs["nature_of_ownership"] = _nature(rng, fake)
        if exercise is None and rng.random() < 0.7:
            fid = notes.add(_note(rng, rng.choice(["rsu", "option", "convert"]), date=_text_date(period)))
            mark(f"{path}.exercise_date", fid)
            if expiration is None and rng.random() < 0.7:
                mark(f"{path}.expiration_date", fid)
        if ("Class B" in title or "Preferred" in title) and rng.random() < 0.5:  # the title carries its terms
            mark(f"{path}.security_title", notes.add(_note(rng, "convert")))
        if conv is None and rng.random() < 0.5:
            mark(f"{path}.conversion_or_exercise_price", notes.add(_note(rng, "rsu", date=_text_date(period))))
        d_tx.append(DerivativeTransaction(**kwargs))
    if d_kinds and rng.random() < 0.15:
        title = rng.choice(DERIVATIVE_KINDS)[0]
        d_hold.append(DerivativeHolding(security_title=title, conversion_or_exercise_price=_price(rng, 1, 50),
                                        underlying_security_title=security,
                                        underlying_shares=float(_shares(rng)),
                                        shares_owned_following=float(_shares(rng)),
                                        direct_or_indirect="I", nature_of_ownership=_nature(rng, fake)))
    return nd_tx, nd_hold, d_tx, d_hold


def _weighted(rng, choices):
    total = sum(w for _, w in choices)
    x = rng.uniform(0, total)
    for value, w in choices:
        x -= w
        if x <= 0:
            return value
    return choices[-1][0]


def _nature(rng, fake) -> str:
    day = dt.date(rng.randint(1995, 2022), rng.randint(1, 12), rng.randint(1, 28))
    return rng.choice(NATURES).format(company=fake.last_name(), last=fake.last_name(),
                                      date=f"{day.month}/{day.day}/{day.year}")


def _text_date(day: dt.date) -> str:
    return day.strftime("%B %-d, %Y")


def _signatures(rng, fake, owners, date) -> list[Signature]:
    attorney = f"{fake.first_name()} {fake.last_name()}"
    out = []
    for owner in owners:
        style = rng.random()
        if style < 0.4:
            name = f"/s/ {attorney}, Attorney-in-Fact"
        elif style < 0.6:
            name = f"/s/ {attorney}, by power of attorney for {owner.name}"
        elif style < 0.8:
            name = f"/s/ {owner.name}"
        else:
            name = f"{owner.name}, By: /s/ {attorney}, {rng.choice(['Manager', 'Director', 'General Counsel'])}"
        out.append(Signature(name, date))
    return out
