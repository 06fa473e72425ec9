"""Every bad input gets a one-line message naming the file and the reason; the rest of
the batch completes; the exit status says something failed. (README: 'What bad input gets'.)"""
import json
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app

from .conftest import DATA

SEED = DATA / "seeds/docs/000_bf81ea8f41d8316e.txt"
GOOD = SEED.read_text()
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def run(*args):
    result = CliRunner().invoke(app, ["extract", *map(str, args), "--quiet"])
    return result.exit_code, result.stdout, result.stderr


def batch_with(tmp_path, name: str, content: bytes | str):
    """The bad input beside a good document, extracted together into out/."""
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / "good.txt").write_text(GOOD)
    bad = folder / name
    bad.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    code, out, err = run(folder / "good.txt", bad, "--output", tmp_path / "out")
    assert (tmp_path / "out" / "good.json").exists(), "the good document must still be extracted"
    return code, err, tmp_path / "out" / f"{Path(name).stem}.json"


def html_of(markdown_text: str) -> str:
    rows = []
    for line in markdown_text.splitlines():
        if line.startswith("|") and "---" not in line:
            cells = "".join(f"<td>{c.strip()}</td>" for c in line.strip("|").split("|"))
            rows.append(f"<tr>{cells}</tr>")
        elif line.strip():
            rows.append(f"<p>{line}</p>")
    return ("<!DOCTYPE html><html><head><style>td {border: 1px}</style></head><body><table>"
            + "\n".join(rows) + "</table></body></html>")


@pytest.mark.parametrize("name,content,reason", [
    ("empty.txt", b"", "empty document"),
    ("blank.txt", b"  \n\t\n   ", "empty document (whitespace only)"),
    ("image.txt", PNG, "not text: a PNG image"),
    ("other.txt", (DATA / "other/10k-page.txt").read_text(), "not a Form 4"),
])
def test_refused_with_a_reason(tmp_path, name, content, reason):
    code, err, out = batch_with(tmp_path, name, content)
    assert code == 1
    lines = [line for line in err.splitlines() if name in line]
    assert len(lines) == 1 and reason in lines[0]
    assert not out.exists()


def test_zip_archive(tmp_path):
    archive = tmp_path / "form.txt"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("form.txt", GOOD)
    code, err, _ = batch_with(tmp_path, "form.txt", archive.read_bytes())
    assert code == 1 and "form.txt: not text: a zip archive" in err


def test_too_large(tmp_path):
    code, err, _ = batch_with(tmp_path, "huge.txt", GOOD.encode() * (50_000_000 // len(GOOD.encode()) + 1))
    assert code == 1 and re.search(r"huge\.txt: too large: 5\d\.\d MB \(limit 5\.0 MB\)", err)


def test_latin1_text_is_read_with_a_warning(tmp_path):
    code, err, out = batch_with(tmp_path, "latin1.txt", GOOD.replace("Kim Joo Mi", "Kim Joé Mi").encode("latin-1"))
    assert code == 0
    assert "latin1.txt: warning: not valid UTF-8" in err
    record = json.loads(out.read_text())
    assert record["reporting_owners"][0]["name"] == "Kim Joé Mi"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read_with_a_warning(tmp_path, codec):
    """Notepad's 'Unicode' and Windows PowerShell's `>` write UTF-16, with or without a BOM."""
    text = GOOD.replace("Kim Joo Mi", "Kim Joé Mi")
    code, err, out = batch_with(tmp_path, "wide.txt", text.encode(codec))
    assert code == 0 and "wide.txt: warning: read as UTF-16" in err
    record = json.loads(out.read_text())
    assert record["reporting_owners"][0]["name"] == "Kim Joé Mi"
    good = json.loads((tmp_path / "out" / "good.json").read_text())
    assert record["non_derivative_transactions"] == good["non_derivative_transactions"]


def test_nul_bytes_that_are_not_utf16_are_refused(tmp_path):
    code, err, _ = batch_with(tmp_path, "mixed.txt", GOOD.encode()[:2000] + b"\x00\x01" * 50)
    assert code == 1 and "mixed.txt: not text: binary data (NUL bytes)" in err


def test_raw_html_of_a_form4(tmp_path):
    markdown = (DATA / "seeds/docs/001_0c713b35960811ef.txt").read_text()
    html = html_of(markdown)
    code, err, out = batch_with(tmp_path, "form4.html.txt", html)
    assert code == 0 and "HTML input" in err
    record = json.loads(out.read_text())
    assert record["issuer"]["ticker"] == "QLYS"
    assert record["non_derivative_transactions"]
    for field in record["fields"]:   # spans point into the raw HTML
        if field["start"] is not None:
            assert html[field["start"]:field["end"]] == field["text"]


@pytest.mark.parametrize("title,kind", [("INITIAL STATEMENT OF BENEFICIAL OWNERSHIP OF SECURITIES", "3"),
                                        ("ANNUAL STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP", "5")])
def test_forms_3_and_5_are_extracted_with_their_type(tmp_path, title, kind):
    text = GOOD.replace("STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP", title)
    code, err, out = batch_with(tmp_path, f"form{kind}.txt", text)
    assert code == 0 and f"a Form {kind}" in err
    assert json.loads(out.read_text())["document_type"] == kind


def test_document_cut_in_half(tmp_path):
    code, err, out = batch_with(tmp_path, "half.txt", GOOD[: len(GOOD) // 2])
    assert code == 0 and "half.txt: warning: the document seems cut short" in err
    assert json.loads(out.read_text())["warnings"]


def test_file_gone_before_it_was_read(tmp_path, monkeypatch):
    """A file there when the batch starts, deleted before its turn comes."""
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "gone.txt").write_text(GOOD)
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "gone.txt":
            self.unlink()
        return real(self)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, _, err = run(tmp_path / "good.txt", tmp_path / "gone.txt", "--output", tmp_path / "out")
    assert code == 1 and "gone.txt: no such file (gone before it was read)" in err
    assert (tmp_path / "out" / "good.json").exists()


def test_unreadable_file(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "locked.txt").write_text(GOOD)
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, _, err = run(tmp_path / "good.txt", tmp_path / "locked.txt", "--output", tmp_path / "out")
    assert code == 1 and "locked.txt: cannot read: Permission denied" in err
    assert (tmp_path / "out" / "good.json").exists()


def test_duplicate_stems_do_not_overwrite(tmp_path):
    for folder, text in (("a", GOOD), ("b", (DATA / "seeds/docs/003_5dd5d0392e9f2242.txt").read_text())):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "form.txt").write_text(text)
    code, _, _ = run(tmp_path / "a", tmp_path / "b", "--output", tmp_path / "out")
    assert code == 0
    names = {json.loads((tmp_path / "out" / f).read_text())["reporting_owners"][0]["name"]
             for f in ("form.json", "form-2.json")}
    assert len(names) == 2


def test_output_folder_not_writable(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder")
    code, _, err = run(tmp_path / "good.txt", "--output", blocker / "out")
    assert code == 2 and "cannot write to" in err and str(blocker / "out") in err


def values(record: dict) -> str:
    """A record's values, without its spans and warnings."""
    return json.dumps({k: v for k, v in record.items() if k not in ("fields", "warnings")},
                      sort_keys=True)


def test_a_file_of_several_forms_gives_a_record_per_form(tmp_path):
    """A scanned batch or files joined: each Form 4 is its own record, named after the
    file ('x', 'x-form2'), its spans pointing into the whole file."""
    other = (DATA / "seeds/docs/003_5dd5d0392e9f2242.txt").read_text()
    joined = GOOD + "\f" + other
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "joined.txt").write_text(joined)
    (folder / "a.txt").write_text(GOOD)
    (folder / "b.txt").write_text(other)
    code, _, err = run(folder, "--output", tmp_path / "out")
    assert code == 0 and "joined.txt: warning: form 2 of 2 in this file" in err
    out = {p.stem: json.loads(p.read_text()) for p in (tmp_path / "out").glob("*.json")}
    assert sorted(out) == ["a", "b", "joined", "joined-form2"]
    for part, alone in (("joined", "a"), ("joined-form2", "b")):
        assert values(out[part]) == values(out[alone])
        spans = [f for f in out[part]["fields"] if f["start"] is not None]
        assert spans and all(joined[f["start"]:f["end"]] == f["text"] for f in spans)
    assert min(f["start"] for f in out["joined-form2"]["fields"] if f["start"] is not None) > len(GOOD)


def test_no_output_overwrites_another(tmp_path):
    """Output names stay apart where a file is named what another file's second form, or a
    repeated stem, would be called: 'x.txt' holding two forms beside 'x-form2.txt'; 'y.txt'
    in two folders beside 'y-2.txt'."""
    other = (DATA / "seeds/docs/003_5dd5d0392e9f2242.txt").read_text()
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    files = {"x.txt": GOOD + "\f" + other, "x-form2.txt": other, "y.txt": GOOD,
             "sub/y.txt": other, "y-2.txt": GOOD}
    for name, text in files.items():
        (folder / name).write_text(text)
    code, _, err = run(folder, "--output", tmp_path / "out")
    assert code == 0, err
    out = {p.stem: json.loads(p.read_text()) for p in (tmp_path / "out").glob("*.json")}
    assert len(out) == 6        # five files, one of them two forms: nothing overwritten
    alone = [json.loads(run(folder / f, "--format", "json")[1]) for f in ("y.txt", "x-form2.txt")]
    first, second = (values(record) for record in alone)
    assert first != second
    assert sorted(map(values, out.values())) == sorted([first] * 3 + [second] * 3)
    assert values(out["x-form2"]) == second           # the file keeps its own name


def test_a_bug_while_reading_one_input_costs_only_that_input(tmp_path, monkeypatch):
    from extractor import screen

    real = screen.prepare

    def fragile(text):
        if "BROKEN" in text:
            raise RuntimeError("a bug")
        return real(text)
    monkeypatch.setattr(screen, "prepare", fragile)
    code, err, out = batch_with(tmp_path, "broken.txt", GOOD + "\nBROKEN\n")
    assert code == 1 and "broken.txt: internal error: RuntimeError: a bug" in err
    assert not out.exists()
