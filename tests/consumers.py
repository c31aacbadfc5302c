"""The real consumers of the exports, as the tests call them: gift-pegjs (Node), Anki's
own backend, text2qti, poppler and a reader of .xlsx files that shares nothing with the
writer. Their fixtures (`gift_pegjs`, `collection`) are in conftest.py."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from placecli.packs.qtypes import Form

PARSE = """
const {parse} = require(process.argv[1]);
const text = require("fs").readFileSync(0, "utf8");
process.stdout.write(JSON.stringify(parse(text)));
"""


# What gift-pegjs calls the question each form is written as.
GIFT_TYPES = {
    Form.ONE: "MC",
    Form.SEVERAL: "MC",
    Form.TRUE_OR_FALSE: "TF",
    Form.ORDER: "Matching",
    Form.PAIRS: "Matching",
}


def one_line(text: str) -> str:
    return " ".join(text.split())


def gift_parse(text: str, gift_pegjs: Path) -> list[dict[str, Any]]:
    """What gift-pegjs reads in a GIFT file: categories and questions, in order."""
    done = subprocess.run(
        ["node", "-e", PARSE, str(gift_pegjs)],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    parsed: list[dict[str, Any]] = json.loads(done.stdout)
    return parsed


def anki_import(col: Any, path: Path) -> Any:
    """Import Anki's text notes into a collection, as File > Import does; its log."""
    from anki.collection import ImportCsvRequest

    metadata = col.get_csv_metadata(path=str(path), delimiter=None)
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log


def text2qti_items(quiz: Path) -> list[ElementTree.Element]:
    """text2qti's conversion of a quiz file (next to it, as quiz.zip): its items."""
    done = subprocess.run(
        [str(Path(sys.executable).parent / "text2qti"), quiz.name],
        cwd=quiz.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(quiz.with_suffix(".zip")) as archive:
        name = next(
            n
            for n in archive.namelist()
            if n.endswith(".xml") and "assessment_meta" not in n and "manifest" not in n
        )
        xml = archive.read(name).decode()
    return [e for e in ElementTree.fromstring(xml).iter() if e.tag.endswith("}item")]


def pdf_text(pdf: Path) -> tuple[str, str]:
    """poppler's pdfinfo and pdftotext of a PDF."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return info.stdout, text.stdout


NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def read_xlsx(data: bytes) -> dict[str, str]:
    """Cell reference -> shown value, from the sheet and shared strings XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        strings = [
            "".join(t.text or "" for t in si.iter(f"{{{NS['x']}}}t"))
            for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("x:si", NS)
        ]
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    cells = {}
    for c in sheet.iter(f"{{{NS['x']}}}c"):
        value = c.findtext("x:v", default="", namespaces=NS)
        cells[c.get("r", "")] = strings[int(value)] if c.get("t") == "s" else value
    return cells
