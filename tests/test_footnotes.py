"""Footnotes read from hand-built spans: blocks, markers and their layouts; no model involved."""
import datetime as dt

from extractor.assemble import assemble, echo_lines
from extractor.footnotes import footnote_blocks

from .assembly import extract, spans_for


def test_footnote_markers_centred_in_sentences_and_the_forms_own_notes():
    text = ("Explanation of Responses:\n"
            "* If the form is filed by more than one reporting person, see Instruction 4(b)(v).\n\n"
            "(1)\n\nThe units vest over four (4) years from March 17, 2025.\n\n"
            "Includes an aggregate of 24,500 shares subject to awards granted\n"
            "(2) which will be issued as such units vest.\n")
    doc, idx, spans = spans_for(text, [
        ("fn_text", "If the form is filed by more than one reporting person, see Instruction 4(b)(v).", 0),
        ("fn_id", "(1)", 0), ("fn_text", "The units vest over four", 0), ("fn_id", "(4)", 0),
        ("fn_text", "years from March 17, 2025.", 0),
        ("fn_text", "Includes an aggregate of 24,500 shares subject to awards granted", 0),
        ("fn_id", "(2)", 0), ("fn_text", "which will be issued as such units vest.", 0)])
    record, _ = assemble(doc, idx, spans)
    assert record.footnotes == {"F1": "The units vest over four (4) years from March 17, 2025.",
                                "F2": "Includes an aggregate of 24,500 shares subject to awards granted "
                                      "which will be issued as such units vest."}


def test_echo_lines_only_fill_gaps():
    echo = " ".join(["Stock 08/20/2021 S 23,139 D 110.2893 (Month/Day/Year) Table II - Derivative"] * 12)
    text = "Common Stock\t1\tS\t23,139\tD\t110.2893\t5,048,392\tD\n" + echo + "\n"
    record, _ = extract(text, [
        ("nd_title", "Common Stock", 0), ("nd_date", "1", 0), ("nd_code", "S", 0), ("nd_shares", "23,139", 0),
        ("nd_ad", "D", 0), ("nd_price", "110.2893", 0), ("nd_owned", "5,048,392", 0), ("nd_di", "D", 1),
        ("nd_date", "08/20/2021", 0), ("nd_code", "S", 2), ("nd_shares", "23,139", 1), ("d_shares_a", "23,139", 2),
        ("d_date", "08/20/2021", 1)])
    rows = record.non_derivative_transactions
    assert len(rows) == 1 and not record.derivative_transactions
    assert rows[0].transaction_date == dt.date(2021, 8, 20)   # the clean line's '1' could not be read


def test_a_long_footnote_is_not_an_echo():
    note = ("(2) | Each share of Class B Common Stock is convertible at any time into one share of Class A "
            "Common Stock. Each share of Class B Common Stock will convert automatically upon a transfer. "
            "In addition, each share of Class B Common Stock will convert upon the death of the holder, "
            "and shares of Class B Common Stock held by a trust convert when the trust ends, unless "
            "the trustee is a Permitted Transferee of the Reporting Person under the Issuer's charter, "
            "in which case shares of Class B Common Stock stay as they are until sold or given away "
            "to anyone who is not a Permitted Transferee, as set out in the Issuer's charter.")
    assert len(note) > 600
    assert echo_lines(note + "\n", [0]) == set()
    loop = " ".join(["Stock 08/20/2021 S 23,139 D 110.2893 (Month/Day/Year) Table II"] * 12)
    assert echo_lines(loop, [0]) == {0}


def test_footnote_blocks_keep_ids_in_order():
    text = "(1) First note here.\n(2) Second note here.\n"
    doc, idx, spans = spans_for(text, [("fn_id", "(1)", 0), ("fn_text", "First note here.", 0),
                                       ("fn_id", "(2)", 0), ("fn_text", "Second note here.", 0)])
    assert [fid for fid, _ in footnote_blocks(spans, text)] == ["F1", "F2"]


CENTRED = ("Explanation of Responses:\n"
           "(1) Not applicable.\n"
           "      Each share of Class B Common Stock is convertible at any time into one share\n"
           "      of Class A Common Stock and will convert automatically when the number of\n"
           "(2)\n"
           "      outstanding shares falls under 10% of the voting power, or upon\n"
           "      any transfer, whether or not for value.\n"
           "      Shares held directly by the Living Trust, for which the reporting person\n"
           "(3)\n"
           "      has sole voting power.\n"
           "      Shares were sold under a 10b5-1 trading plan adopted by the reporting\n"
           "(4) person on March 1, 2024, for diversification, with sales\n"
           "      at market prices.\n")


def test_footnote_markers_centred_on_their_notes():
    """pdftotext's layout: each marker beside its note's middle line, or alone between
    the two middle lines; the tagger saw none of the lone markers."""
    lines = [line.strip() for line in CENTRED.splitlines()[1:]]
    texts = [line.split(") ", 1)[1] if line.startswith("(") else line for line in lines if len(line) > 3]
    doc, idx, spans = spans_for(CENTRED, [("fn_id", "(1)", 0)] + [("fn_text", t, 0) for t in texts])
    notes = {fid: " ".join(CENTRED[p.start:p.end].strip() for p in pieces)
             for fid, pieces in footnote_blocks(spans, CENTRED)}
    assert list(notes) == ["F1", "F2", "F3", "F4"]
    assert notes["F1"] == "Not applicable."
    assert notes["F2"].startswith("Each share") and notes["F2"].endswith("or not for value.")
    assert notes["F3"].startswith("Shares held") and notes["F3"].endswith("sole voting power.")
    assert notes["F4"].startswith("Shares were sold") and notes["F4"].endswith("at market prices.")


def test_a_page_break_before_a_marker_leaves_the_notes_centred():
    """pdftotext starts a new page with a form feed, glued to the first line's marker;
    the second note's marker sits alone between its two lines, and the tagger ran the
    first note on into the second's first line."""
    text = ("Explanation of Responses:\n\f(1) Each unit is one share of common stock.\n"
            "      The units are fully vested and will be delivered after the\n(2)\n"
            "      reporting person leaves the Board.\n")
    doc, idx, spans = spans_for(text, [("fn_id", "(1)", 0),
                                       ("fn_text", "Each unit is one share of common stock.\n"
                                        "      The units are fully vested and will be delivered after the", 0),
                                       ("fn_text", "reporting person leaves the Board.", 0)])
    notes = {fid: " ".join(text[p.start:p.end].strip() for p in pieces)
             for fid, pieces in footnote_blocks(spans, text)}
    assert notes == {"F1": "Each unit is one share of common stock.",
                     "F2": "The units are fully vested and will be delivered after the "
                           "reporting person leaves the Board."}


def test_centred_notes_the_tagger_left_untagged_are_read_from_their_lines():
    """pdftotext -layout centres each marker on its note; the tagger tagged the first and
    third notes but none of the second's lines, nor the last note after the third."""
    text = ("Explanation of Responses:\n"
            "     Shares held by the First Trust, of which the reporting person is\n"
            "(1)\n"
            "     a trustee.\n"
            "     The price is a weighted average of sales at prices from\n"
            "(2) $6.30 to $6.61, inclusive, and the reporting person undertakes\n"
            "     to provide the full information on request.\n"
            "(3) Includes 3,369 shares subject to vesting.\n"
            "     Shares held by the Second Trust, of which the reporting person\n"
            "(4)\n"
            "     is a trustee too.\n\nNote: File three copies of this Form.\n")
    doc, idx, spans = spans_for(text, [
        ("fn_text", "Shares held by the First Trust, of which the reporting person is", 0),
        ("fn_text", "a trustee.", 0), ("fn_id", "(3)", 0),
        ("fn_text", "Includes 3,369 shares subject to vesting.", 0)])
    blocks = footnote_blocks(spans, text)
    notes = {fid: " ".join(text[p.start:p.end].strip() for p in pieces) for fid, pieces in blocks}
    assert notes == {
        "F1": "Shares held by the First Trust, of which the reporting person is a trustee.",
        "F2": "The price is a weighted average of sales at prices from $6.30 to $6.61, inclusive, "
              "and the reporting person undertakes to provide the full information on request.",
        "F3": "Includes 3,369 shares subject to vesting.",
        "F4": "Shares held by the Second Trust, of which the reporting person is a trustee too."}
    # what the tagger did not tag goes to review: its pieces carry a low probability
    untagged = {fid: max(p.prob for p in pieces) for fid, pieces in blocks}
    assert untagged["F2"] < 0.5 and untagged["F4"] < 0.5 and untagged["F1"] > 0.9


def test_left_aligned_markers_are_not_read_as_centred():
    text = ("(1) A long note that starts here\n    and goes on over a second line\n    and a third.\n"
            "(2)\n    A note under its lone marker.\n")
    doc, idx, spans = spans_for(text, [("fn_id", "(1)", 0), ("fn_text", "A long note that starts here", 0),
                                       ("fn_text", "and goes on over a second line", 0),
                                       ("fn_text", "and a third.", 0), ("fn_id", "(2)", 0),
                                       ("fn_text", "A note under its lone marker.", 0)])
    blocks = footnote_blocks(spans, text)
    assert [fid for fid, _ in blocks] == ["F1", "F2"]
    assert text[blocks[0][1][-1].start:blocks[0][1][-1].end] == "and a third."


def test_footnote_words_read_as_a_value_and_hyphens_over_a_marker_line_stay_in_the_note():
    text = ("Explanation of Responses:\n"
            "      Represents Common Stock earned under a PSU grant subject to a three-\n"
            "(1)\n"
            "      year performance period.\n"
            "(2)   Each share of Class B Common Stock converts into one share of Class A\n"
            "      Common Stock upon any transfer.\n")
    record, _ = extract(text, [
        ("fn_text", "Represents Common Stock earned under a PSU grant subject to a three-", 0),
        ("fn_id", "(1)", 0), ("fn_text", "year performance period.", 0), ("fn_id", "(2)", 0),
        ("fn_text", "Each share of Class B Common Stock converts into one share of Class A", 0),
        ("nd_title", "Common Stock", 2), ("fn_text", "upon any transfer.", 0)])
    assert record.footnotes == {
        "F1": "Represents Common Stock earned under a PSU grant subject to a three-year performance period.",
        "F2": "Each share of Class B Common Stock converts into one share of Class A Common Stock upon "
              "any transfer."}


def test_a_marker_before_a_lower_case_line_is_centred_and_notes_run_to_the_line_start():
    """pdftotext without -layout: no lone markers, but '(2) and (ii) ...' goes on from the
    line above, so the markers sit on their notes' middle lines. A first word the tagger
    left out ('Represents') belongs to its note; OCR's remains of a marker ('Q)') do not."""
    text = ("(1) Each unit is one share of Common Stock upon settlement.\n"
            "Represents units that vest in full on May 15, 2021, provided that (i) the\n"
            "(2) and (ii) the reporting person stays on the Board until the\n"
            "meeting, when the units vest.\n")
    marks = [("fn_id", "(1)", 0), ("fn_text", "Each unit is one share of Common Stock upon settlement.", 0),
             ("fn_text", "units that vest in full on May 15, 2021, provided that (i) the", 0),
             ("fn_id", "(2)", 0), ("fn_text", "and (ii) the reporting person stays on the Board until the", 0),
             ("fn_text", "meeting, when the units vest.", 0)]
    record, _ = extract(text, marks)
    assert record.footnotes == {
        "F1": "Each unit is one share of Common Stock upon settlement.",
        "F2": "Represents units that vest in full on May 15, 2021, provided that (i) the and (ii) the "
              "reporting person stays on the Board until the meeting, when the units vest."}
    sparse, _ = extract(text.replace("\n", "\n\n"), marks)   # OCR's blank line after every line
    assert sparse.footnotes == record.footnotes
    ocr = "Explanation of Responses:\nQ) Shares are held by a family trust.\n"
    record, _ = extract(ocr, [("fn_text", "Shares are held by a family trust.", 0)])
    assert record.footnotes == {"F1": "Shares are held by a family trust."}


# what stands before the notes in a whole form: the signature, for the notes' layout to be
# judged on more lines than the notes' own
SIGNED = "Signatures\n/s/ Jane Doe, Attorney-in-Fact 03/05/2020\n** Signature of Reporting Person Date\n"


def test_a_notes_first_half_before_its_marker_goes_with_it():
    """OCR of a PDF whose markers are centred on their notes, a blank line after each
    paragraph: the first note's text starts before its marker '(1)' and stops
    mid-sentence; the third note's marker is garbled. The unmarked first half is note 1's,
    so the readable markers after it keep their numbers."""
    text = SIGNED + (
            "Explanation of Responses:\n"
            "* If the form is filed by more than one reporting person, see Instruction 4(b)(v).\n\n"
            "The Fund's general partner is LP Management, which is the general partner of\n"
            "each of the Funds listed in the table, or collectively, the\n\n"
            "(1) Funds. The Reporting Person disclaims beneficial ownership of the securities.\n\n"
            "(2) The total includes 2,742 shares held in escrow due to pending claims.\n\n"
            "Each share of Class B Common Stock converts into one share of Class A Common Stock.\n\n"
            "@)\n\n"
            "(4) The total includes 113 shares held in escrow due to pending claims.\n")
    marks = [("fn_text", "The Fund's general partner is LP Management, which is the general partner of", 0),
             ("fn_text", "each of the Funds listed in the table, or collectively, the", 0),
             ("fn_id", "(1)", 0),
             ("fn_text", "Funds. The Reporting Person disclaims beneficial ownership of the securities.", 0),
             ("fn_id", "(2)", 0),
             ("fn_text", "The total includes 2,742 shares held in escrow due to pending claims.", 0),
             ("fn_text", "Each share of Class B Common Stock converts into one share of Class A Common Stock.", 0),
             ("fn_id", "(4)", 0),
             ("fn_text", "The total includes 113 shares held in escrow due to pending claims.", 0)]
    record, _ = extract(text, marks)
    assert record.footnotes == {
        "F1": "The Fund's general partner is LP Management, which is the general partner of each of "
              "the Funds listed in the table, or collectively, the Funds. The Reporting Person "
              "disclaims beneficial ownership of the securities.",
        "F2": "The total includes 2,742 shares held in escrow due to pending claims.",
        "F3": "Each share of Class B Common Stock converts into one share of Class A Common Stock.",
        "F4": "The total includes 113 shares held in escrow due to pending claims."}
    # nor does a block that ends its sentence take the number of a readable marker after
    # it: before the first marker it is note 1's first half, after a note that note's
    # last paragraph
    text = text[:text.index("The Fund's")] + (
        "The Fund's general partner is LP Management.\n\n"
        "(1) The Reporting Person disclaims beneficial ownership of the securities.\n\n"
        "(2) The total includes 2,742 shares.\n\n"
        "They are held in escrow due to pending claims.\n\n"
        "(3) Each share of Class B Common Stock converts into one share of Class A Common Stock.\n")
    notes = ["The Fund's general partner is LP Management.",
             "The Reporting Person disclaims beneficial ownership of the securities.",
             "The total includes 2,742 shares.", "They are held in escrow due to pending claims.",
             "Each share of Class B Common Stock converts into one share of Class A Common Stock."]
    marks = [("fn_text", notes[0], 0), ("fn_id", "(1)", 0), ("fn_text", notes[1], 0), ("fn_id", "(2)", 0),
             ("fn_text", notes[2], 0), ("fn_text", notes[3], 0), ("fn_id", "(3)", 0), ("fn_text", notes[4], 0)]
    record, _ = extract(text, marks)
    assert record.footnotes == {"F1": " ".join(notes[:2]), "F2": " ".join(notes[2:4]), "F3": notes[4]}


def test_a_notes_first_half_counts_the_unmarked_notes_before_it():
    """The first note's marker is garbled past reading ('1)' at the line's start, not
    tagged), so the first note will be note 1; the second note's first half stands
    before its centred marker '(2)': no number is free for it, so it is note 2's."""
    text = SIGNED + (
            "Explanation of Response:\n"
            "* If the form is filed by more than one reporting person, see Instruction 4(b)(v).\n"
            "1) These sales were effected by the Funds under a trading plan.\n\n"
            "The price reported in Column 4 is a weighted average price. The reporting\n\n"
            "(2) person undertakes to provide full information on request.\n\n"
            "(3) Includes 3,369 shares subject to vesting.\n")
    notes = ["These sales were effected by the Funds under a trading plan.",
             "The price reported in Column 4 is a weighted average price. The reporting",
             "person undertakes to provide full information on request.",
             "Includes 3,369 shares subject to vesting."]
    marks = [("fn_text", notes[0], 0), ("fn_text", notes[1], 0), ("fn_id", "(2)", 0), ("fn_text", notes[2], 0),
             ("fn_id", "(3)", 0), ("fn_text", notes[3], 0)]
    record, _ = extract(text, marks)
    assert record.footnotes == {"F1": notes[0], "F2": " ".join(notes[1:3]), "F3": notes[3]}


def test_a_marker_read_out_of_order_takes_the_missing_number():
    """OCR reads '(3)' as '(8)' between notes 2 and 4: it is note 3. A last marker past
    a gap keeps its number (a note may be missing)."""
    text = "(1) First note here.\n(2) Second note here.\n(8) Third note here.\n(4) Fourth note here.\n"
    marks = [m for k, word in enumerate(("First", "Second", "Third", "Fourth"))
             for m in (("fn_id", f"({(1, 2, 8, 4)[k]})", 0), ("fn_text", f"{word} note here.", 0))]
    record, _ = extract(text, marks)
    assert record.footnotes == {"F1": "First note here.", "F2": "Second note here.",
                                "F3": "Third note here.", "F4": "Fourth note here."}
    record, _ = extract(text.replace("(4) Fourth", "(6) Fourth"), marks[:6] + [("fn_id", "(6)", 0), marks[7]])
    assert list(record.footnotes) == ["F1", "F2", "F3", "F6"]
    # '(1)' read as '(2)', the twin of the next marker: the first of the two is note 1
    record, _ = extract(text.replace("(1) First", "(2) First"),
                        [("fn_id", "(2)", 0), marks[1], ("fn_id", "(2)", 1)] + marks[3:])
    assert list(record.footnotes) == ["F1", "F2", "F3", "F4"]
    assert record.footnotes["F1"] == "First note here."


def test_the_forms_own_notes_garbled_by_ocr_are_not_footnotes():
    text = ("Explanation of Responses:\n"
            "ae om ed by mor than one rept person, se Instruction 4),\n\n"
            "lnvavona misstatements or omissions of facts constite Federal Criminal Volition.\n\n"
            "(1) Shares are held by a family trust.\n")
    notes = text.split("\n")[1:]
    record, _ = extract(text, [("fn_text", notes[0], 0), ("fn_text", notes[2], 0), ("fn_id", "(1)", 0),
                               ("fn_text", "Shares are held by a family trust.", 0)])
    assert record.footnotes == {"F1": "Shares are held by a family trust."}


def test_a_note_the_tagger_let_go_of_at_a_line_break_runs_on_over_lower_case_lines():
    """'... by virtue of his shared control' / 'over and indirect pecuniary interest ...':
    the note goes on over lines that open in lower case after a line that stops
    mid-sentence - not after a sentence's end, over a blank line or into a value."""
    text = ("(1) Shares are held by the Sponsor. He may be deemed to own them by his shared control\n"
            "over and interest in the Sponsor.\n"
            "(2) The price is a weighted average. See the last\n"
            "sentence of footnote 1 above.\n"
            "(3) Shares were sold under a plan.\n"
            "adopted in 2021 by the trust\n")
    marks = [("fn_id", "(1)", 0), ("fn_text", "Shares are held by the Sponsor. He may be deemed to own them", 0),
             ("fn_id", "(2)", 0), ("fn_text", "The price is a weighted average. See the last", 0),
             ("fn_id", "(3)", 0), ("fn_text", "Shares were sold under a plan.", 0)]
    record, draft = extract(text, marks)
    assert record.footnotes == {
        "F1": "Shares are held by the Sponsor. He may be deemed to own them by his shared control over "
              "and interest in the Sponsor.",
        "F2": "The price is a weighted average. See the last sentence of footnote 1 above.",
        "F3": "Shares were sold under a plan."}
    span = draft.prov["footnotes.F2"].spans[-1]
    assert text[span.start:span.end].endswith("footnote 1 above.")
    # not run on, and closed by a period as any note that ends without one
    sparse, _ = extract(text.replace("\n", "\n\n"), marks)   # OCR's blank lines part nothing
    assert sparse.footnotes["F2"] == "The price is a weighted average. See the last."
    valued = text.replace("sentence of footnote 1 above.", "sentence of 2,500 shares.")
    record, _ = extract(valued, marks + [("nd_owned", "2,500", 0)])
    assert record.footnotes["F2"] == "The price is a weighted average. See the last."


def test_a_blank_line_inside_a_sentence_does_not_part_a_note():
    """OCR leaves blank lines between a note's lines; only one after a sentence's end
    parts two notes."""
    text = ("Each share of Class B Common Stock converts into one share of Class A\n\n"
            "Common Stock upon any transfer.\n\n"
            "Shares held by a family trust, of which the reporting\n"
            "person is a trustee with his spouse; he disclaims beneficial\n"
            "ownership of them.\n")
    doc, idx, spans = spans_for(text, [
        ("fn_text", "Each share of Class B Common Stock converts into one share of Class A", 0),
        ("fn_text", "Common Stock upon any transfer.", 0),
        ("fn_text", "Shares held by a family trust, of which the reporting\nperson is a trustee with his spouse; "
                    "he disclaims beneficial\nownership of them.", 0)])
    blocks = footnote_blocks(spans, text)
    assert [len(pieces) for _, pieces in blocks] == [2, 1]


def test_a_note_read_opening_in_lower_case_takes_the_lines_above_its_marker():
    """'(3) and Sequoia Capital ...': pdftotext and OCR print a long note's marker beside
    its middle line; with the marker before it garbled ('@)'), the lines are not cut into
    notes by where the markers sit, and the note read from its marker on opens in lower
    case, which no note does. It begins after the note before's last full stop."""
    text = (SIGNED + "Explanation of Responses:\n"
            "(1) Each unit is one share of Common Stock upon settlement.\n"
            "The Reporting Person is a director of the general partner of Sequoia Capital\n"
            "@) Growth Fund IV, L.P., and disclaims beneficial ownership of its shares.\n"
            "The Reporting Person is a director of the general partner of Sequoia Capital\n"
            "Venture Fund XV, L.P., Sequoia Capital Venture Partners Fund XV, L.P.\n"
            "(3) and Sequoia Capital Venture XV Principals Fund, L.P., and disclaims\n"
            "beneficial ownership of their shares except to the extent of his interest\n"
            "therein.\n")
    lines = text.split("\n")[4:]
    marks = [("fn_id", "(1)", 0), ("fn_text", lines[0][4:], 0), ("fn_text", lines[1], 0),
             ("fn_text", lines[2][3:], 0), ("fn_text", lines[3], 1), ("fn_text", lines[4], 0),
             ("fn_id", "(3)", 0), *[("fn_text", line.removeprefix("(3) "), 0) for line in lines[5:8]]]
    record, _ = extract(text, marks)
    assert record.footnotes["F3"] == (
        "The Reporting Person is a director of the general partner of Sequoia Capital Venture Fund "
        "XV, L.P., Sequoia Capital Venture Partners Fund XV, L.P. and Sequoia Capital Venture XV "
        "Principals Fund, L.P., and disclaims beneficial ownership of their shares except to the "
        "extent of his interest therein.")
    assert record.footnotes["F1"].endswith("disclaims beneficial ownership of its shares.")
