"""Signatures from hand-built spans: who signed, and when; no model involved."""
import datetime as dt

from .assembly import extract


def test_a_signature_name_opens_its_line():
    # sparse OCR of dev h085c: note 1's marker read as '(ay', the note after the signatures
    text = ("Signatures\n\n‘s/ Juliana Capata, attorney-in-fact\n\n03/07/2025\n\n"
            "(ay Represents shares withheld by the Issuer to satisfy the tax withholding\n")
    record, _ = extract(text, [("sig_name", "‘s/ Juliana Capata, attorney-in-fact", 0),
                               ("sig_date", "03/07/2025", 0),
                               ("sig_name", "withheld by the Issuer", 0)])
    assert [s.name for s in record.signatures] == ["/s/ Juliana Capata, attorney-in-fact"]
    assert record.signatures[0].date == dt.date(2025, 3, 7)
    # the only name read is kept wherever it stands
    record, _ = extract(text, [("sig_name", "withheld by the Issuer", 0)])
    assert [s.name for s in record.signatures] == ["withheld by the Issuer"]


def test_ocr_speckle_read_as_a_signature_names_no_one():
    # psm 6 OCR of train h066c: the scanned signature's speckle below the signature line
    text = ("Signatures\nis! Sergey Milyukoy, as Attorney-in-Fact 06/18/2024\n\ne tot ate crs)\n"
            "a a a oat coma oe io Co\n")
    record, _ = extract(text, [("sig_name", "is! Sergey Milyukoy, as Attorney-in-Fact", 0),
                               ("sig_date", "06/18/2024", 0), ("sig_name", "e tot ate crs", 0),
                               ("sig_name", "a a a oat coma oe io Co", 0)])
    assert [s.name for s in record.signatures] == ["/s/ Sergey Milyukoy, as Attorney-in-Fact"]
    assert record.signatures[0].date == dt.date(2024, 6, 18)


def test_a_signature_name_read_in_the_header_box_is_not_a_signature():
    """pdftotext (train h006b): a fold tagger read the officer title in the header box as
    a signature. Signatures follow the tables."""
    text = ("1. Name and Address of Reporting Person *\nMiller Ann\n__X__ Officer (give title below)\n"
            "Senior VP, GC, CAO & Secretary\n\n"
            "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\n"
            "Common Stock 01/08/2025 S 100 D $ 10.00 900 D\n\n"
            "/s/ Katherine Kwiat, power of attorney\n**\nSignature of Reporting Person\n\n01/10/2025\nDate\n")
    marks = [("sig_name", "Senior VP, GC, CAO & Secretary", 0),
             ("sig_name", "/s/ Katherine Kwiat, power of attorney", 0), ("sig_date", "01/10/2025", 0)]
    record, _ = extract(text, marks)
    assert [s.name for s in record.signatures] == ["/s/ Katherine Kwiat, power of attorney"]
    record, _ = extract(text, marks[:1])       # the only name read is kept wherever it stands
    assert [s.name for s in record.signatures] == ["Senior VP, GC, CAO & Secretary"]


def test_the_forms_caption_under_a_signature_is_no_signer_however_ocr_garbles_it():
    """OCR (train h020b under a cross-validation fold's tagger): the caption read into the
    signature before or after it, and once alone."""
    first = "SVF II Holdings (DE) LLC, By : /s/ Jonathan Duckles, Director"
    second = "SVF II Beaver (DE) LLC, By : /s/ Jonathan Duckles, Director"
    text = ("Signatures\n"
            f"{first}\nSigne of Repoing Pen Dae\n"
            f"Signs of Reporing Pesan Dae\n{second}\n"
            "Signe of Repoing Pen Da\n")
    marks = [("sig_name", f"{first}\nSigne of Repoing Pen Dae", 0),
             ("sig_name", f"Signs of Reporing Pesan Dae\n{second}", 0),
             ("sig_name", "Signe of Repoing Pen Da", 0)]
    record, _ = extract(text, marks)
    assert [s.name for s in record.signatures] == [first, second]


def test_the_dates_caption_alone_under_a_signature_is_no_part_of_it():
    """pdftotext (train h024a under a cross-validation fold's tagger): the caption 'Date'
    on its line under the signature read into it. Only that word itself: a signer named
    Dante keeps the name."""
    text = ("Signatures\n06/16/2022\n\n/s/ Susan Szotek, Attorney-in-Fact\n\nDate\n"
            "/s/ John Dante\n")
    marks = [("sig_date", "06/16/2022", 0), ("sig_name", "/s/ Susan Szotek, Attorney-in-Fact\n\nDate", 0),
             ("sig_name", "/s/ John Dante", 0)]
    record, _ = extract(text, marks)
    assert [s.name for s in record.signatures] == ["/s/ Susan Szotek, Attorney-in-Fact", "/s/ John Dante"]


def test_a_signers_name_wrapped_onto_the_next_line_goes_on_from_the_line_above():
    """A long signature wraps ('..., By: /s/ Carla' / 'Hansen, Director'), and the tagger
    read its second line as a signer of its own. The '/s/' mark tells them apart: a name
    without it on the line after one with it is that one's second line."""
    text = ("Signatures\nMurphy Family Trust, By: /s/ Carla | 02/10/2011\nHansen, Director\n"
            "/s/ Leon Diaz, by power of attorney for Gutierrez 02/10/2011\nKimberly K\n"
            "** Signature of Reporting Person | Date\n")
    marks = [("sig_name", "Murphy Family Trust, By: /s/ Carla", 0), ("sig_date", "02/10/2011", 0),
             ("sig_name", "Hansen, Director", 0),
             ("sig_name", "/s/ Leon Diaz, by power of attorney for Gutierrez", 0),
             ("sig_date", "02/10/2011", 1), ("sig_name", "Kimberly K", 0)]
    record, draft = extract(text, marks)
    assert [s.name for s in record.signatures] == [
        "Murphy Family Trust, By: /s/ Carla Hansen, Director",
        "/s/ Leon Diaz, by power of attorney for Gutierrez Kimberly K"]
    assert [s.date for s in record.signatures] == [dt.date(2011, 2, 10)] * 2
    assert len(draft.prov["signatures[0].name"].spans) == 2
    # where no signature has the mark (one filing of train and dev), each line is a signer
    bare = text.replace("/s/ ", "")
    record, _ = extract(bare, [(label, words.replace("/s/ ", ""), k) for label, words, k in marks])
    assert len(record.signatures) == 4
