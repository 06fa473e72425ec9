"""Assembly on hand-built spans, no model involved: spans for marked substrings of a text."""
from extractor.assemble import assemble
from extractor.checks import run_checks
from extractor.decode import TaggedSpan
from extractor.features import content_tokens
from extractor.tokenizer import make_doc


def _places(text: str):
    """The doc, its content tokens, each token's position by its start and by its end,
    and where a substring may be marked: at token edges on both sides."""
    doc = make_doc(text)
    idx = content_tokens(doc)
    starts = {doc[i].idx: p for p, i in enumerate(idx)}
    ends = {doc[i].idx + len(doc[i]): p for p, i in enumerate(idx)}

    def found(needle: str) -> list[int]:
        return [k for k in range(len(text)) if text.startswith(needle, k)
                and k in starts and k + len(needle) in ends]
    return doc, idx, starts, ends, found


def spans_for(text: str, marks: list[tuple[str, str, int]]):
    """TaggedSpans for (label, substring, occurrence) with content-token positions."""
    doc, idx, starts, ends, found = _places(text)
    spans = []
    for label, needle, nth in marks:
        pos = found(needle)[nth]
        spans.append(TaggedSpan(pos, pos + len(needle), label, 0.95, 0.9, starts[pos], ends[pos + len(needle)]))
    return doc, idx, spans


def occurrence(text: str, needle: str, at: int) -> int:
    """The `nth` that `spans_for` needs to mark the `needle` that starts at `at`."""
    return _places(text)[4](needle).index(at)


def extract(text, marks):
    doc, idx, spans = spans_for(text, marks)
    record, draft = assemble(doc, idx, spans)
    return run_checks(record, draft), draft


# Texts of pdftotext's reading order shared by the tests of rows and of titles
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
