#!/usr/bin/env python3
"""Writes the hostile-input corpus next to this script (tests/suite/hostile.rs reads it).

Kept so every binary file here can be made again and reviewed as code: `python3 make.py`.
Files stay small; the big cases (100 MB, 1 MB labels, 100 001 rows, zip bombs that really
inflate) are made by tests/suite/hostile.rs itself rather than committed. What each file must do is
in expected.txt.
"""
import json
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


# ---- scenario files --------------------------------------------------------------------------

BASE = {
    "format": "kalkyl-scenario",
    "version": 2,
    "meta": {
        "unit": "tkr",
        "author": "Anna Ek",
        "created": "2026-11-24T07:00:00.000Z",
        "modified": "2026-11-24T07:00:00.000Z",
        "notes": "Fientlig testfil.",
    },
    "workbook": {
        "title": "Testnämnden 2026",
        "committee": "Vård- och omsorgsnämnden",
        "tables": [
            {
                "id": "drift",
                "title": "Drift per verksamhet",
                "unit": "tkr",
                "decimals": 0,
                "columns": [
                    {"id": "budget-2025", "label": "Budget 2025", "kind": {"type": "input"}},
                    {"id": "budget-2026", "label": "Budget 2026", "kind": {"type": "input"}},
                    {
                        "id": "forandring",
                        "label": "Förändring",
                        "kind": {"type": "difference", "new": "budget-2026", "old": "budget-2025"},
                    },
                ],
                "rows": [
                    {
                        "id": "aldre",
                        "label": "Äldreomsorg",
                        "kind": {"type": "input"},
                        "cells": {"budget-2025": {"number": "-1000"}, "budget-2026": {"number": "-1100"}},
                    },
                    {
                        "id": "lss",
                        "label": "LSS",
                        "kind": {"type": "input"},
                        "cells": {"budget-2025": {"number": "-500"}, "budget-2026": {"number": "-520"}},
                    },
                    {"id": "summa", "label": "Summa", "kind": {"type": "sum", "terms": ["aldre", "lss"]}},
                ],
            },
            {
                "id": "rr",
                "title": "Resultaträkning",
                "unit": "tkr",
                "decimals": 0,
                "columns": [{"id": "budget-2026", "label": "Budget 2026", "kind": {"type": "input"}}],
                "rows": [
                    {
                        "id": "resultat",
                        "label": "Årets resultat",
                        "kind": {"type": "input"},
                        "cells": {"budget-2026": {"number": "1620"}},
                    }
                ],
            },
        ],
        "reconciliations": [
            {
                "label": "Resultat mot drift",
                "left": {"table": "rr", "row": "resultat"},
                "right": {"table": "drift", "row": "summa"},
                "relation": "negated",
            }
        ],
        "bridge": {
            "base": {"table": "drift", "row": "summa", "column": "budget-2025"},
            "steps": [],
            "target": {"table": "drift", "row": "summa", "column": "budget-2026"},
        },
    },
}


def scenario(edit=None):
    doc = json.loads(json.dumps(BASE))
    if edit:
        edit(doc)
    return json.dumps(doc, ensure_ascii=False, indent=2)


def rows(doc):
    return doc["workbook"]["tables"][0]["rows"]


def set_label(text):
    def edit(doc):
        rows(doc)[0]["label"] = text

    return edit


def set_amount(value):
    def edit(doc):
        rows(doc)[0]["cells"]["budget-2026"]["number"] = value

    return edit


base = scenario()
write("s-valid.kalkyl.json", base)
write("s-truncated.kalkyl.json", base[: len(base) // 2])
write("s-malformed.kalkyl.json", '{"format": "kalkyl-scenario",\n "version": 2,, "meta": {}}\n')
write("s-empty.kalkyl.json", b"")
write("s-binary.kalkyl.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
write("s-utf16le.kalkyl.json", b"\xff\xfe" + base.encode("utf-16-le"))
write("s-utf16-cut.kalkyl.json", (b"\xff\xfe" + base.encode("utf-16-le"))[:301])
write("s-windows1252.kalkyl.json", base.encode("cp1252"))
write("s-deep-nesting.kalkyl.json", '{"format": "kalkyl-scenario", "version": 2, "meta": ' + "[" * 10_000)
write("s-1e400.kalkyl.json", base.replace('"decimals": 0', '"decimals": 1e400', 1))
write("s-nan.kalkyl.json", base.replace('"decimals": 0', '"decimals": NaN', 1))
write("s-beyond-decimal.kalkyl.json", scenario(set_amount("79228162514264337593543950336")))
write("s-float-amount.kalkyl.json", base.replace('"number": "-1100"', '"number": -1100.5', 1))
write("s-negative-zero.kalkyl.json", scenario(set_amount("-0")))
write("s-huge-decimals.kalkyl.json", base.replace('"decimals": 0', '"decimals": 4000000000', 1))


def duplicate_row(doc):
    rows(doc)[1]["id"] = "aldre"


def missing_term(doc):
    rows(doc)[2]["kind"]["terms"] = ["aldre", "lss", "saknas"]


def missing_bridge(doc):
    doc["workbook"]["bridge"]["target"]["row"] = "saknas"


def missing_reconciliation(doc):
    doc["workbook"]["reconciliations"][0]["left"]["row"] = "saknas"


def cycle(doc):
    r = rows(doc)
    r[0]["kind"] = {"type": "sum", "terms": ["summa"]}
    del r[0]["cells"]


def deep_formula(doc):
    rows(doc)[0]["cells"]["budget-2026"] = {"formula": "=" + "(" * 10_000 + "1" + ")" * 10_000}


write("s-duplicate-row-ids.kalkyl.json", scenario(duplicate_row))
write("s-missing-sum-term.kalkyl.json", scenario(missing_term))
write("s-missing-bridge-cell.kalkyl.json", scenario(missing_bridge))
write("s-missing-reconciliation-row.kalkyl.json", scenario(missing_reconciliation))
write("s-sum-cycle.kalkyl.json", scenario(cycle))
write("s-deep-formula.kalkyl.json", scenario(deep_formula))
write("s-unknown-version.kalkyl.json", base.replace('"version": 2', '"version": 99', 1))
write("s-script-label.kalkyl.json", scenario(set_label("Äldreomsorg<script>alert(1)</script>")))
write("s-hyperlink-label.kalkyl.json", scenario(set_label('=HYPERLINK("http://example.invalid/x","Klicka")')))
write("s-nul-label.kalkyl.json", scenario(set_label("Äldre\u0000omsorg")))
write("s-esc-label.kalkyl.json", scenario(set_label("Äldre\u001b[31momsorg")))
write("s-rlo-label.kalkyl.json", scenario(set_label("Äldreomsorg \u202e0001-")))
write("s-raw-control.kalkyl.json", base.replace("Äldreomsorg", "Äldre\x1bomsorg", 1))
write("s-not-kalkyl.kalkyl.json", '{"name": "Budget", "rows": [1, 2, 3]}')
write("s-unknown-unit.kalkyl.json", base.replace('"unit": "tkr"', '"unit": "gigakr"', 1))
write("s-duplicate-field.kalkyl.json", base.replace('"version": 2', '"version": 2, "version": 2', 1))

# ---- CSV files ---------------------------------------------------------------------------

CSV = "Drift per verksamhet, tkr;Budget 2025;Budget 2026\r\nÄldreomsorg;-1000;-1100\r\nLSS;-500;-520\r\n"
write("c-valid.csv", CSV)
write("c-unclosed-quote.csv", 'Drift, tkr;Budget 2026\r\n"Äldreomsorg;-1100\r\nLSS;-520\r\n')
write("c-empty.csv", b"")
write("c-binary.csv", b"\x1f\x8b\x08\x00\x00\x00\x00\x00" + bytes(range(256)))
write("c-nul-label.csv", "Drift, tkr;Budget 2026\r\nÄldre\x00omsorg;-1100\r\n")
# Excel's "Unicode text": UTF-16 LE with BOM, tab-separated.
write("c-utf16le.txt", b"\xff\xfe" + CSV.replace(";", "\t").encode("utf-16-le"))
write("c-utf16-no-bom.csv", CSV.encode("utf-16-le"))
write("c-windows1252.csv", CSV.encode("cp1252"))
write("c-hyperlink.csv", 'Drift, tkr;Budget 2026\r\n"=HYPERLINK(""http://example.invalid/x"";""Klicka"")";-1100\r\n')
write("c-script-label.csv", "Drift, tkr;Budget 2026\r\nÄldreomsorg<script>alert(1)</script>;-1100\r\n")
write("c-esc-label.csv", "Drift, tkr;Budget 2026\r\nÄldreomsorg;-1100\r\nLSS\x1b[2J;-520\r\n")
write("c-rlo-label.csv", "Drift, tkr;Budget 2026\r\nÄldreomsorg \u202e0001-;-1100\r\n")
write("c-hostile-numbers.csv", "Drift, tkr;Budget 2026\r\nA;1e400\r\nB;NaN\r\nC;79228162514264337593543950336\r\n")
write("c-negative-zero.csv", "Drift, tkr;Budget 2025;Budget 2026\r\nÄldreomsorg;-0;-0,00\r\n")
write("c-deep-nesting.csv", "[" * 10_000 + "\r\n")
write("c-duplicate-labels.csv", "Drift, tkr;Budget 2026\r\nLSS;-1\r\nLSS;-2\r\n")

# ---- XLSX files --------------------------------------------------------------------------


def zip_archive(entries):
    """A zip written by hand, so headers can lie: entries are (name, data, method, declared)."""
    out = b""
    central = b""
    for name, data, method, declared in entries:
        raw = data
        if method == 8:
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            raw = c.compress(data) + c.flush()
        size = len(data) if declared is None else declared
        name_b = name.encode()
        crc = zlib.crc32(data)
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x0800, method, 0, 0x21, crc, len(raw), size, len(name_b), 0)
        offset = len(out)
        out += local + name_b + raw
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x0800, method, 0, 0x21, crc, len(raw), size, len(name_b), 0, 0, 0, 0, 0, offset
        ) + name_b
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
    return out + central + end


WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Drift" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def sheet(rows_xml):
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>" + rows_xml + "</sheetData></worksheet>"
    )


def shared(strings, doctype=""):
    items = "".join("<si><t>" + s + "</t></si>" for s in strings)
    return '<?xml version="1.0" encoding="UTF-8"?>' + doctype + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + items + "</sst>"


VALID_SHEET = sheet(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>-1100</v></c></row>'
    '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3"><v>-520</v></c></row>'
)
VALID_STRINGS = ["Drift per verksamhet, tkr", "Budget 2026", "Äldreomsorg", "LSS"]


def xlsx(sheet_xml=VALID_SHEET, strings=VALID_STRINGS, doctype="", sheet_method=8, sheet_declared=None, extra=()):
    return zip_archive(
        [
            ("[Content_Types].xml", TYPES.encode(), 8, None),
            ("xl/workbook.xml", WORKBOOK.encode(), 8, None),
            ("xl/_rels/workbook.xml.rels", RELS.encode(), 8, None),
            ("xl/sharedStrings.xml", shared(strings, doctype).encode(), 8, None),
            ("xl/worksheets/sheet1.xml", sheet_xml.encode(), sheet_method, sheet_declared),
            *extra,
        ]
    )


valid = xlsx()
write("x-valid.xlsx", valid)
write("x-not-a-zip.xlsx", CSV)
write("x-truncated.xlsx", valid[: len(valid) // 2])
write(
    "x-missing-shared-string.xlsx",
    xlsx(VALID_SHEET.replace('<c r="A3" t="s"><v>3</v>', '<c r="A3" t="s"><v>7</v>')),
)
# Declares 1 GiB unpacked: refused before any inflating.
write("x-zip-bomb-declared.xlsx", xlsx(sheet_xml=VALID_SHEET + " " * 100_000, sheet_declared=1 << 30))
# Declares 100 bytes but inflates to 100 kB: inflating stops at the declared size.
write("x-zip-bomb-lying.xlsx", xlsx(sheet_xml=VALID_SHEET + " " * 100_000, sheet_declared=100))
write(
    "x-huge-cell-ref.xlsx",
    xlsx(sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="ZZZZZZZZZZZZ1" t="s"><v>1</v></c></row>')),
)
write("x-old-xls.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
write("x-no-workbook.xlsx", zip_archive([("word/document.xml", b"<w:document/>", 8, None)]))
write("x-script-label.xlsx", xlsx(strings=["Drift, tkr", "Budget 2026", "&lt;script&gt;alert(1)&lt;/script&gt;", "LSS"]))
write("x-unsupported-method.xlsx", xlsx(sheet_method=99))
# "Billion laughs": entity definitions in a DOCTYPE. The reader (calamine's quick-xml) expands
# none of them and refuses the unknown entity, so nothing grows.
LOL = (
    '<!DOCTYPE sst [<!ENTITY lol "lol">'
    + "".join('<!ENTITY lol%d "%s">' % (i, ("&lol%s;" % ("" if i == 1 else i - 1)) * 10) for i in range(1, 10))
    + "]>"
)
write("x-billion-laughs.xlsx", xlsx(strings=["Drift, tkr", "Budget 2026", "&lol9;", "LSS"], doctype=LOL))
