#!/usr/bin/env python3
"""Writes conformance/io.json (table import and export) and the text fixtures it
reads in conformance/data/io/ (CSV files and the flat ODS sources of the workbooks).


Expected values are worked here, independently of the Rust code under test:
- amounts read from text by hand per the stated locale (`€249,999.99` is 249999.99 with
  a `.` decimal point and `,` thousands; `(30.000,00 EUR)` is -30000.00 with a decimal
  comma), percentages divided by 100 by hand;
- serial dates computed with Python's `datetime` from the documented epochs: the 1900
  system counts from 1899-12-30 for serials above 60 (Excel's and LibreOffice's leap-year
  bug), the 1904 system from 1904-01-01;
- row numbers as a spreadsheet numbers them (the header is row 1), read off the files;
  each row error's reason is a key phrase of the documented problem (`no project`,
  `required`, `three digits`), compared as a substring;
- exported CSV written by hand from the documented rules of valuepm-core/src/io/mod.rs
  (header row, decimals as stored, ISO dates, shortest floats, RFC 4180 quoting, `\\n`
  after each row);
- round trips: the data that comes back must equal the data that went in (the input
  documents are the expected values);
- the workbooks are made by LibreOffice from the `.fods` sources written here (see
  conformance/data/io/README.md), so their expected values are the sources' cells.

Run from the repository root:

    python3 conformance/tools/make_io_cases.py
"""
import copy
import json
import shutil
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "conformance" / "io.json"
DATA = ROOT / "conformance" / "data" / "io"
LIBREOFFICE = ROOT / "valuepm-core" / "tests" / "data" / "import" / "libreoffice"

CHANGE = {"actor": "import-job", "reason": "monthly upload", "at": "2026-08-01T09:00:00Z"}
BY_HAND = "worked by hand from the documented import rules of valuepm-core/src/io/mod.rs"


def eur(amount):
    return {"amount": amount, "currency": "EUR"}


def serial_1900(day):
    """The 1900-system serial of a date after 1900-02-28 (Excel, LibreOffice)."""
    return (day - date(1899, 12, 30)).days


def serial_1904(day):
    return (day - date(1904, 1, 1)).days


# --- the starting project ---------------------------------------------------------------

P1 = {
    "schema_version": 2,
    "revision": 0,
    "id": "P-1",
    "name": "Warehouse robots",
    "description": "",
    "owner": "",
    "currency": "EUR",
    "start_date": "2026-01-01",
    "end_date": "2028-12-31",
    "discount_rate": 0.08,
    "day_count": "thirty_360_european",
    "state": "proposed",
    "history": [],
    "line_items": [
        {"id": "robots", "name": "Robots", "kind": "capex",
         "plan": {"type": "one_off", "date": "2026-02-01", "amount": eur("250000.50")}, "actuals": []},
        {"id": "labour", "name": "Labour saving", "kind": "cost_saving",
         "plan": {"type": "recurring", "frequency": "quarterly", "start": "2026-04-01", "end": "2028-12-31",
                  "amount": eur("30000.00")}, "actuals": []},
    ],
    "metrics": [
        {"id": "pick_rate", "name": "Picks per hour", "unit": "picks/h", "direction": "higher_is_better",
         "baseline": {"value": 80.5, "date": "2026-01-01"}, "target": {"value": 140.5, "date": "2027-01-01"},
         "weight": 2.5, "measurements": []},
    ],
    "risks": [],
    "tags": [],
}


def case(id_, op, args, expect, source, note, **extra):
    out = {"id": id_, "op": op, "args": args, "expect": expect, "source": source, "note": note}
    out.update(extra)
    return out


def row_error(table, row, column, value, reason):
    return {"table": table, "row": row, "column": column, "value": value, "reason": reason}


# --- fixtures ---------------------------------------------------------------------------

MAR_01, JUL_15 = date(2026, 3, 1), date(2026, 7, 15)
ACTUALS_DE = (
    "project_id;line_item_id;date;amount;currency;note\n"
    "P-1;robots;2026-02-03;249.999,99 €;EUR;RE-7, bezahlt\n"
    f"P-1;robots;{serial_1900(MAR_01)};-120,00;;Gutschrift\n"
    "P-1;labour;2026-04-15;€ 1.234,50;;\n"
    f"P-1;labour;{serial_1900(JUL_15)};(30.000,00 EUR);;Storno\n"
)

MEASUREMENTS_BAD = (
    "project_id,metric_id,date,value,note\n"
    "P-1,pick_rate,2026-07-31,95,\n"
    "P-1,pick_rate,2026-13-01,96,\n"
    "P-9,pick_rate,2026-08-31,97,\n"
    "P-1,nps,2026-08-31,98,\n"
    "P-1,pick_rate,2026-09-30,n/a,\n"
    "P-1,pick_rate,,99,\n"
    "P-1,pick_rate,2026-10-31,\"1,2,3\",\n"
    "P-1,pick_rate,2026-11-30,100,ok\n"
)
MEASUREMENTS_BAD_ERRORS = [
    row_error("measurements", 3, "date", "2026-13-01", "is not a date"),
    row_error("measurements", 4, "project_id", "P-9", "no project `P-9`"),
    row_error("measurements", 5, "metric_id", "nps", "has no metric `nps`"),
    row_error("measurements", 6, "value", "n/a", "unexpected `n`"),
    row_error("measurements", 7, "date", "", "is required"),
    row_error("measurements", 8, "value", "1,2,3", "three digits"),
]

# The workbook: a new project W-1 with a row in every data table, typed cells (dates as
# date cells, amounts and rates as numbers, the discount rate a percentage cell).
WORKBOOK_SHEETS = {
    "projects": [
        ["id", "name", "currency", "start_date", "end_date", "discount_rate", "state", "tags"],
        ["W-1", "Solar roof", "EUR", date(2026, 1, 1), date(2035, 12, 31), ("percentage", 0.065), "proposed",
         "energy;capex"],
    ],
    "line_items": [
        ["project_id", "id", "name", "kind", "category", "date", "start", "end", "frequency", "escalation",
         "amount"],
        ["W-1", "panels", "Panels", "capex", "hardware", date(2026, 3, 1), None, None, None, None, 180000.5],
        ["W-1", "power", "Power saved", "cost_saving", None, None, date(2026, 4, 1), date(2035, 12, 31), "yearly",
         0.02, 24000],
    ],
    "actuals": [
        ["project_id", "line_item_id", "date", "amount", "note"],
        ["W-1", "panels", date(2026, 3, 4), 179999.25, "INV-1"],
    ],
    "metrics": [
        ["project_id", "id", "name", "unit", "direction", "baseline_value", "baseline_date", "target_value",
         "target_date", "weight"],
        ["W-1", "kwh", "Energy bought", "MWh", "lower_is_better", 410.5, date(2026, 1, 1), 120, date(2027, 1, 1),
         1.5],
    ],
    "measurements": [
        ["project_id", "metric_id", "date", "value", "note"],
        ["W-1", "kwh", date(2026, 6, 30), 305.25, "half year"],
        ["W-1", "kwh", date(2026, 12, 31), 180, None],
    ],
    "risks": [
        ["project_id", "id", "description", "probability", "cost_impact", "schedule_impact_days", "status",
         "mitigation_cost", "expected_date", "owner"],
        ["W-1", "hail", "Hail damage", 0.05, 40000, 30, "open", 1500.75, date(2026, 9, 1), "Facilities"],
    ],
}

# The bad workbook: one measurements sheet with a text value, an error cell, a date cell
# with a time of day and a row without its metric.
BAD_SHEETS = {
    "measurements": [
        ["project_id", "metric_id", "date", "value", "note"],
        ["P-1", "pick_rate", date(2026, 7, 31), 95, None],
        ["P-1", "pick_rate", date(2026, 8, 31), "n/a", None],
        ["P-1", "pick_rate", date(2026, 9, 30), ("formula", "of:=1/0"), None],
        ["P-1", "pick_rate", ("datetime", "2026-10-31T12:00:00"), 97, None],
        ["P-1", None, date(2026, 11, 30), 98, None],
    ],
}


def xml_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def fods_cell(value):
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, date):
        iso = value.isoformat()
        return (f'<table:table-cell table:style-name="date" office:value-type="date" office:date-value="{iso}">'
                f"<text:p>{iso}</text:p></table:table-cell>")
    if isinstance(value, tuple) and value[0] == "percentage":
        return (f'<table:table-cell table:style-name="percent" office:value-type="percentage" '
                f'office:value="{value[1]!r}"><text:p>{value[1] * 100:g}%</text:p></table:table-cell>')
    if isinstance(value, tuple) and value[0] == "datetime":
        return (f'<table:table-cell table:style-name="datetime" office:value-type="date" '
                f'office:date-value="{value[1]}"><text:p>{value[1]}</text:p></table:table-cell>')
    if isinstance(value, tuple) and value[0] == "formula":
        return (f'<table:table-cell table:formula="{xml_escape(value[1])}" office:value-type="float" '
                f'office:value="0"><text:p>#DIV/0!</text:p></table:table-cell>')
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value!r}">'
                f"<text:p>{value!r}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"><text:p>{xml_escape(value)}</text:p></table:table-cell>'


def fods(sheets):
    """A flat ODS document (LibreOffice opens it and converts it to .ods, .xlsx, .xls)."""
    body = []
    for name, rows in sheets.items():
        body.append(f'<table:table table:name="{name}">')
        for row in rows:
            body.append("<table:table-row>" + "".join(fods_cell(v) for v in row) + "</table:table-row>")
        body.append("</table:table>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"'
        ' xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"'
        ' office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">\n'
        "<office:automatic-styles>\n"
        '<number:date-style style:name="N_date"><number:year number:style="long"/><number:text>-</number:text>'
        '<number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/>'
        "</number:date-style>\n"
        '<number:date-style style:name="N_datetime"><number:year number:style="long"/><number:text>-</number:text>'
        '<number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/>'
        '<number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text>'
        '<number:minutes number:style="long"/></number:date-style>\n'
        '<number:percentage-style style:name="N_percent"><number:number number:decimal-places="1"'
        ' number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>\n'
        '<style:style style:name="date" style:family="table-cell" style:data-style-name="N_date"/>\n'
        '<style:style style:name="datetime" style:family="table-cell" style:data-style-name="N_datetime"/>\n'
        '<style:style style:name="percent" style:family="table-cell" style:data-style-name="N_percent"/>\n'
        "</office:automatic-styles>\n"
        "<office:body><office:spreadsheet>\n" + "\n".join(body) + "\n</office:spreadsheet></office:body>\n"
        "</office:document>\n"
    )


def write_fixtures():
    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / "actuals_de.csv").write_bytes(ACTUALS_DE.encode("utf-8"))
    (DATA / "measurements_bad.csv").write_bytes(MEASUREMENTS_BAD.encode("utf-8"))
    (DATA / "workbook.fods").write_text(fods(WORKBOOK_SHEETS), encoding="utf-8")
    (DATA / "measurements_bad.fods").write_text(fods(BAD_SHEETS), encoding="utf-8")
    # The core's own LibreOffice fixtures (see valuepm-core/tests/data/import/README.md),
    # copied so that every runtime finds them under conformance/.
    (DATA / "libreoffice").mkdir(exist_ok=True)
    for name in ("measurements", "line_items", "actuals_bad"):
        for ext in ("csv", "xlsx", "ods", "xls"):
            shutil.copyfile(LIBREOFFICE / f"{name}.{ext}", DATA / "libreoffice" / f"{name}.{ext}")


# --- io.import: CSV ---------------------------------------------------------------------

def with_actuals(project, actuals):
    p = copy.deepcopy(project)
    for item in p["line_items"]:
        item["actuals"] = actuals.get(item["id"], [])
    return p


def csv_cases():
    cases = []
    en_text = (
        "project_id,line_item_id,date,amount,currency,note\n"
        "P-1,robots,2026-02-03,\"€249,999.99\",EUR,\"INV-7, paid\"\n"
        "P-1,robots,2026-03-01,(120.00),,refund\n"
        "P-1,labour,2026-04-15,\"EUR 1,234.50\",,\n"
        "P-1,labour,2026-07-15,7.5E+3,,\n"
    )
    cases.append(case(
        "import_csv_actuals_en", "io.import",
        {"format": "csv", "text": en_text, "table": "actuals", "projects": [P1], "options": {"change": CHANGE}},
        {"fields": {
            "report.tables": [{"table": "actuals", "rows": 4, "applied": 4, "rejected": 0, "ignored_columns": []}],
            "report.projects_created": [], "report.projects_updated": ["P-1"], "report.errors_truncated": False,
            "projects[0].line_items[0].actuals": [
                {"date": "2026-02-03", "amount": eur("249999.99"), "note": "INV-7, paid"},
                {"date": "2026-03-01", "amount": eur("-120.00"), "note": "refund"}],
            "projects[0].line_items[1].actuals": [
                {"date": "2026-04-15", "amount": eur("1234.50")}, {"date": "2026-07-15", "amount": eur("7500")}],
            "projects[0].revision": 1, "audit_entries": [4]},
         "row_errors": []},
        BY_HAND + ": `.` decimal point and `,` thousands (the defaults), `€` and `EUR` stripped, `(x)` negative, "
        "an exponent read exactly; one change for the import (revision 0 → 1), one audit entry per added actual",
        "en-style CSV: currency symbols and codes, thousands separators, accounting negatives, a quoted note "
        "with a comma"))

    cases.append(case(
        "import_csv_actuals_de_file", "io.import",
        {"format": "csv", "file": "data/io/actuals_de.csv", "table": "actuals", "projects": [P1],
         "options": {"number_format": {"decimal": ",", "thousands": "."}, "delimiter": ";", "change": CHANGE}},
        {"fields": {
            "report.tables[0].applied": 4,
            "projects[0].line_items[0].actuals": [
                {"date": "2026-02-03", "amount": eur("249999.99"), "note": "RE-7, bezahlt"},
                {"date": "2026-03-01", "amount": eur("-120.00"), "note": "Gutschrift"}],
            "projects[0].line_items[1].actuals": [
                {"date": "2026-04-15", "amount": eur("1234.50")},
                {"date": "2026-07-15", "amount": eur("-30000.00"), "note": "Storno"}]},
         "row_errors": []},
        BY_HAND + f"; serial {serial_1900(MAR_01)} is 2026-03-01 and {serial_1900(JUL_15)} is 2026-07-15 in the 1900 "
        "system (Python datetime: days after 1899-12-30)",
        "de-style CSV file: `;` delimiter, decimal comma, `.` thousands, `€` before or after, `(… EUR)` "
        "negative, ISO and serial dates mixed (date_format auto)"))

    day_a, day_b = date(2026, 3, 31), date(2026, 6, 30)
    text_1904 = ("project_id,metric_id,date,value,note\n"
                 f"P-1,pick_rate,{serial_1904(day_a)},91.25,\n"
                 f"P-1,pick_rate,{serial_1904(day_b)},97.5,after tuning\n")
    cases.append(case(
        "import_csv_serial_dates_1904", "io.import",
        {"format": "csv", "text": text_1904, "table": "measurements", "projects": [P1],
         "options": {"date_format": "serial", "date_system": "1904", "change": CHANGE}},
        {"fields": {"projects[0].metrics[0].measurements": [
            {"date": "2026-03-31", "value": 91.25}, {"date": "2026-06-30", "value": 97.5, "note": "after tuning"}],
            "audit_entries": [2]},
         "row_errors": []},
        f"serials {serial_1904(day_a)} and {serial_1904(day_b)} are days after 1904-01-01 (Python datetime)",
        "serial dates in the 1904 system"))

    serial = serial_1900(date(2026, 3, 31))
    cases.append(case(
        "import_csv_iso_refuses_serial", "io.import",
        {"format": "csv", "table": "measurements", "projects": [P1], "options": {"date_format": "iso"},
         "text": f"project_id,metric_id,date,value\nP-1,pick_rate,{serial},91\nP-1,pick_rate,2026-02-30,92\n"
                 "P-1,pick_rate,2026-06-30,93\n"},
        {"error": "import", "row_errors": [
            row_error("measurements", 2, "date", str(serial), "not an ISO date"),
            row_error("measurements", 3, "date", "2026-02-30", "not an ISO date")]},
        BY_HAND + ": date_format iso reads YYYY-MM-DD only; 2026-02-30 does not exist",
        "ISO dates only: a serial number and an impossible date are row errors, the good row is not applied"))

    cases.append(case(
        "import_csv_bad_rows_all_listed", "io.import",
        {"format": "csv", "file": "data/io/measurements_bad.csv", "table": "measurements", "projects": [P1]},
        {"error": "import", "row_errors": MEASUREMENTS_BAD_ERRORS},
        BY_HAND + ": every bad row read off the file (month 13, unknown project, unknown metric, text value, "
        "missing date, thousands groups of one digit)",
        "a file with six bad rows: the import fails with all six, nothing applied"))

    cases.append(case(
        "import_csv_keep_good_rows", "io.import",
        {"format": "csv", "file": "data/io/measurements_bad.csv", "table": "measurements", "projects": [P1],
         "options": {"keep_good_rows": True, "change": CHANGE}},
        {"fields": {
            "report.tables": [{"table": "measurements", "rows": 8, "applied": 2, "rejected": 6,
                               "ignored_columns": []}],
            "report.projects_updated": ["P-1"],
            "projects[0].metrics[0].measurements": [
                {"date": "2026-07-31", "value": 95}, {"date": "2026-11-30", "value": 100, "note": "ok"}],
            "projects[0].revision": 1, "audit_entries": [2]},
         "row_errors": MEASUREMENTS_BAD_ERRORS},
        BY_HAND + ": rows 2 and 9 are good; one change for both",
        "keep_good_rows: the two good rows applied, the report lists the six bad ones"))

    cases.append(case(
        "import_csv_max_errors_keep_good_rows", "io.import",
        {"format": "csv", "file": "data/io/measurements_bad.csv", "table": "measurements", "projects": [P1],
         "options": {"keep_good_rows": True, "max_errors": 2, "change": CHANGE}},
        {"fields": {"report.errors_truncated": True, "report.tables[0].applied": 2},
         "row_errors": MEASUREMENTS_BAD_ERRORS[:2]},
        BY_HAND + ": max_errors keeps the first errors found and marks the rest cut off",
        "max_errors 2 with keep_good_rows: two errors kept, errors_truncated, the good rows applied"))

    cases.append(case(
        "import_csv_max_errors_fails_with_the_first", "io.import",
        {"format": "csv", "file": "data/io/measurements_bad.csv", "table": "measurements", "projects": [P1],
         "options": {"max_errors": 2}},
        {"error": "import", "row_errors": MEASUREMENTS_BAD_ERRORS[:2]},
        BY_HAND + ": the import still fails, with the errors kept",
        "max_errors 2 without keep_good_rows: the import error holds the first two"))

    cases.append(case(
        "import_csv_excel_bom_crlf", "io.import",
        {"format": "csv", "table": "measurements", "projects": [P1], "options": {"change": CHANGE},
         "text": "\ufeffproject_id,metric_id,date,value,note\r\nP-1,pick_rate,2026-03-31,91.25,\r\n"
                 ",,,,\r\nP-1,pick_rate,2026-06-30,97.5,\"two\r\nlines\"\r\n,,,,\r\n"},
        {"fields": {"report.tables[0].rows": 2, "projects[0].metrics[0].measurements": [
            {"date": "2026-03-31", "value": 91.25}, {"date": "2026-06-30", "value": 97.5, "note": "two\r\nlines"}]},
         "row_errors": []},
        BY_HAND + ": a byte-order mark before the header is no part of it; rows of empty fields are no records",
        "a CSV as spreadsheets save it: UTF-8 byte-order mark, CRLF line ends, blank rows of commas, a quoted "
        "line break"))

    cases.append(case(
        "import_csv_column_mapping", "io.import",
        {"format": "csv", "table": "measurements", "projects": [P1],
         "text": "Kennzahl;Projekt;Datum;Wert;Kommentar;Quelle\n"
                 "pick_rate;P-1;2026-03-31;91,25;Q1;sensor\n"
                 "pick_rate;P-1;2026-06-30;1.097,5;Q2;sensor\n",
         "options": {"columns": {"project_id": "Projekt", "metric_id": "kennzahl", "date": " DATUM ",
                                 "measurements.value": 3, "note": "Kommentar"},
                     "number_format": {"decimal": ",", "thousands": "."}, "delimiter": ";", "change": CHANGE}},
        {"fields": {
            "report.tables[0].ignored_columns": ["Quelle"],
            "projects[0].metrics[0].measurements": [
                {"date": "2026-03-31", "value": 91.25, "note": "Q1"},
                {"date": "2026-06-30", "value": 1097.5, "note": "Q2"}]},
         "row_errors": []},
        BY_HAND + ": headers matched ignoring case and surrounding spaces, `measurements.value` to column 3",
        "a user column mapping: German headers by name, one field by 0-based index, an unmapped column ignored"))

    review = {"actor": "pmo", "reason": "portfolio review", "at": "2026-05-01T00:00:00Z"}
    p1_updated = {
        **P1, "revision": 1, "name": "Warehouse robots II", "owner": "Ops", "discount_rate": 0.09, "state": "active",
        "tags": ["automation", "logistics"],
        "history": [
            {"from": "proposed", "to": "approved", "at": "2026-05-01T00:00:00Z", "by": "pmo",
             "reason": "portfolio review"},
            {"from": "approved", "to": "active", "at": "2026-05-01T00:00:00Z", "by": "pmo",
             "reason": "portfolio review"}],
    }
    n1 = {"schema_version": 2, "revision": 0, "id": "N-1", "name": "Tokyo office", "description": "", "owner": "",
          "currency": "JPY", "start_date": "2026-01-01", "end_date": "2026-12-31", "discount_rate": 0.02,
          "day_count": "thirty_360_european", "state": "proposed", "history": [], "line_items": [], "metrics": [],
          "risks": [], "tags": []}
    cases.append(case(
        "import_csv_projects_create_and_update", "io.import",
        {"format": "csv", "table": "projects", "projects": [P1], "options": {"change": review},
         "text": "id,name,currency,start_date,end_date,discount_rate,state,tags,owner\n"
                 "P-1,Warehouse robots II,EUR,2026-01-01,2028-12-31,9%,active,automation; logistics,Ops\n"
                 "N-1,Tokyo office,JPY,2026-01-01,2026-12-31,0.02,,,\n"},
        {"fields": {"report.projects_created": ["N-1"], "report.projects_updated": ["P-1"],
                    "projects": [p1_updated, n1], "audit_entries[1]": 0},
         "row_errors": []},
        BY_HAND + ": `9%` is 0.09; proposed → active is the shortest allowed chain proposed → approved → active, "
        "each step by the import's actor at its time with its reason; tags split at `;` and trimmed; a created "
        "project starts at revision 0 with an empty trail",
        "projects rows: one existing project updated and moved through the lifecycle, one created"))

    cases.append(case(
        "import_csv_line_items", "io.import",
        {"format": "csv", "table": "line_items", "projects": [P1], "options": {"change": CHANGE},
         "text": "project_id,id,name,kind,category,date,start,end,frequency,escalation,amount,currency\n"
                 "P-1,install,Installation,opex,services,2026-03-15,,,,,\"12,500.00\",EUR\n"
                 "P-1,licence,Fleet software,licence,software,,2026-01-01,2028-12-31,yearly,2.5%,\"€8,000\",\n"},
        {"fields": {"projects[0].line_items[2]": {
            "id": "install", "name": "Installation", "kind": "opex", "category": "services",
            "plan": {"type": "one_off", "date": "2026-03-15", "amount": eur("12500.00")}, "actuals": []},
            "projects[0].line_items[3]": {
                "id": "licence", "name": "Fleet software", "kind": "licence", "category": "software",
                "plan": {"type": "recurring", "frequency": "yearly", "start": "2026-01-01", "end": "2028-12-31",
                         "amount": eur("8000"), "escalation": "0.025"}, "actuals": []}},
         "row_errors": []},
        BY_HAND + ": a frequency makes the item recurring; `2.5%` is 0.025",
        "line items: one-off and recurring with an escalation"))

    cases.append(case(
        "import_csv_bad_actuals", "io.import",
        {"format": "csv", "table": "actuals", "projects": [P1],
         "text": "project_id,line_item_id,date,amount,currency\n"
                 "P-1,robots,2026-02-03,USD 12.00,\n"
                 "P-1,robots,2026-02-04,12.00,USD\n"
                 "P-1,nope,2026-02-05,12.00,\n"
                 "P-1,robots,2026-02-06,\"1.234,50\",\n"
                 "P-1,robots,2026-02-07,,EUR\n"},
        {"error": "import", "row_errors": [
            row_error("actuals", 2, "amount", "USD 12.00", "in USD"),
            row_error("actuals", 3, "currency", "USD", "currency is EUR"),
            row_error("actuals", 4, "line_item_id", "nope", "no line item `nope`"),
            row_error("actuals", 5, "amount", "1.234,50", "unexpected `,`"),
            row_error("actuals", 6, "amount", "", "is required")]},
        BY_HAND + ": a currency code other than the project's is refused, not stripped; `1.234,50` is not a number "
        "with a `.` decimal point",
        "actuals in the wrong currency, of an unknown line item, in the wrong locale, without an amount"))

    cases.append(case(
        "import_csv_missing_required_column", "io.import",
        {"format": "csv", "table": "measurements", "projects": [P1],
         "text": "project_id,date,value\nP-1,2026-03-31,91\n"},
        {"error": "import", "row_errors": [row_error("measurements", 1, "metric_id", "", "required column")]},
        BY_HAND + ": header problems are errors of row 1", "a header without a required column"))

    cases.append(case(
        "import_csv_unknown_mapping_refused", "io.import",
        {"format": "csv", "table": "measurements", "projects": [P1], "text": "project_id\n",
         "options": {"columns": {"nonsense": 0}}},
        {"error": "invalid_argument", "path": "columns"},
        BY_HAND + ": a mapping key must name a field of a data table", "a column mapping of no field"))

    cases.append(case(
        "import_csv_export_only_table_refused", "io.import",
        {"format": "csv", "table": "evaluations", "projects": [P1], "text": "project_id\n"},
        {"error": "invalid_argument", "path": "table"},
        BY_HAND + ": evaluations is an export-only table", "importing an export-only table"))
    return cases


# --- io.import: workbooks made by LibreOffice -------------------------------------------

W1 = {
    "schema_version": 2, "revision": 0, "id": "W-1", "name": "Solar roof", "description": "", "owner": "",
    "currency": "EUR", "start_date": "2026-01-01", "end_date": "2035-12-31", "discount_rate": 0.065,
    "day_count": "thirty_360_european", "state": "proposed", "history": [],
    "line_items": [
        {"id": "panels", "name": "Panels", "kind": "capex", "category": "hardware",
         "plan": {"type": "one_off", "date": "2026-03-01", "amount": eur("180000.50")},
         "actuals": [{"date": "2026-03-04", "amount": eur("179999.25"), "note": "INV-1"}]},
        {"id": "power", "name": "Power saved", "kind": "cost_saving",
         "plan": {"type": "recurring", "frequency": "yearly", "start": "2026-04-01", "end": "2035-12-31",
                  "amount": eur("24000"), "escalation": "0.02"}, "actuals": []},
    ],
    "metrics": [
        {"id": "kwh", "name": "Energy bought", "unit": "MWh", "direction": "lower_is_better",
         "baseline": {"value": 410.5, "date": "2026-01-01"}, "target": {"value": 120, "date": "2027-01-01"},
         "weight": 1.5, "measurements": [{"date": "2026-06-30", "value": 305.25, "note": "half year"},
                                          {"date": "2026-12-31", "value": 180}]},
    ],
    "risks": [
        {"id": "hail", "description": "Hail damage", "probability": 0.05, "cost_impact": eur("40000"),
         "schedule_impact_days": 30, "status": "open", "mitigation_cost": eur("1500.75"),
         "expected_date": "2026-09-01", "owner": "Facilities"},
    ],
    "tags": ["energy", "capex"],
}


def workbook_cases():
    cases = []
    for fmt in ("xlsx", "ods", "xls"):
        cases.append(case(
            f"import_{fmt}_every_sheet_libreoffice", "io.import",
            {"format": fmt, "file": f"data/io/workbook.{fmt}", "table": None, "projects": []},
            {"fields": {
                "report.tables": [
                    {"table": t, "sheet": t, "rows": len(rows) - 1, "applied": len(rows) - 1, "rejected": 0,
                     "ignored_columns": []} for t, rows in WORKBOOK_SHEETS.items()],
                "report.projects_created": ["W-1"], "projects": [W1]},
             "row_errors": []},
            "the cells of conformance/data/io/workbook.fods (written by make_io_cases.py), saved as ." + fmt
            + " by LibreOffice 7.4: typed cells read back as written (date cells as dates, the percentage cell "
            "as 0.065, numbers as their shortest decimals)",
            f"a .{fmt} workbook made by LibreOffice with a sheet per data table, imported whole as one import"))
    made_by = ("valuepm-core/tests/data/import/libreoffice/{0}.csv (written by hand), saved as .{1} by LibreOffice "
               "7.4 with its default CSV filter (typed date and number cells); expected values read off the CSV")
    for fmt in ("csv", "xlsx", "ods", "xls"):
        cases.append(case(
            f"import_{fmt}_libreoffice_measurements", "io.import",
            {"format": fmt, "file": f"data/io/libreoffice/measurements.{fmt}", "table": "measurements",
             "projects": [P1], "options": {"change": CHANGE}},
            {"fields": {"projects[0].metrics[0].measurements": [
                {"date": "2026-07-31", "value": 95.5}, {"date": "2026-08-31", "value": 101.25, "note": "after tuning"},
                {"date": "2026-09-30", "value": 110}], "audit_entries": [3]},
             "row_errors": []},
            made_by.format("measurements", fmt), f"measurements from the core's LibreOffice fixture, as .{fmt}"))
        cases.append(case(
            f"import_{fmt}_libreoffice_line_items", "io.import",
            {"format": fmt, "file": f"data/io/libreoffice/line_items.{fmt}", "table": "line_items",
             "projects": [P1], "options": {"change": CHANGE}},
            {"fields": {"projects[0].line_items[2]": {
                "id": "sensors", "name": "Sensors", "kind": "capex", "category": "hardware",
                "plan": {"type": "one_off", "date": "2026-05-15", "amount": eur("12500.75")}, "actuals": []},
                "projects[0].line_items[3]": {
                    "id": "support", "name": "Support contract", "kind": "opex", "category": "services",
                    "plan": {"type": "recurring", "frequency": "monthly", "start": "2026-06-01", "end": "2028-05-31",
                             "amount": eur("1499.99"), "escalation": "0.03"}, "actuals": []}},
             "row_errors": []},
            made_by.format("line_items", fmt) + " (`\"12,500.75\"` is 12500.75)",
            f"one-off and recurring line items from the core's LibreOffice fixture, as .{fmt}"))
        cases.append(case(
            f"import_{fmt}_libreoffice_bad_actuals", "io.import",
            {"format": fmt, "file": f"data/io/libreoffice/actuals_bad.{fmt}", "table": "actuals", "projects": [P1]},
            {"error": "import", "row_errors": [
                row_error("actuals", 3, "date", "2026-02-30", "not a date"),
                row_error("actuals", 4, "line_item_id", "nonexistent", "no line item `nonexistent`"),
                row_error("actuals", 5, "project_id", "P-2", "no project `P-2`"),
                row_error("actuals", 6, "amount", "lots", "unexpected `l`"),
                row_error("actuals", 7, "currency", "USD", "the project's currency is EUR")]},
            made_by.format("actuals_bad", fmt) + "; LibreOffice leaves 2026-02-30 and `lots` as text",
            f"five bad rows of the core's LibreOffice fixture, as .{fmt}: every one listed, nothing applied"))
    cases.append(case(
        "import_ods_libreoffice_bad_actuals_keep_good_rows", "io.import",
        {"format": "ods", "file": "data/io/libreoffice/actuals_bad.ods", "table": "actuals", "projects": [P1],
         "options": {"keep_good_rows": True, "change": CHANGE}},
        {"fields": {"report.tables": [{"table": "actuals", "sheet": "actuals_bad", "rows": 6, "applied": 1,
                                       "rejected": 5, "ignored_columns": []}],
                    "projects[0].line_items[0].actuals": [
                        {"date": "2026-04-01", "amount": eur("1000"), "note": "ok row"}]},
         "row_errors": [
             row_error("actuals", 3, "date", "2026-02-30", "not a date"),
             row_error("actuals", 4, "line_item_id", "nonexistent", "no line item `nonexistent`"),
             row_error("actuals", 5, "project_id", "P-2", "no project `P-2`"),
             row_error("actuals", 6, "amount", "lots", "unexpected `l`"),
             row_error("actuals", 7, "currency", "USD", "the project's currency is EUR")]},
        made_by.format("actuals_bad", "ods") + "; the only sheet of a workbook is read whatever its name",
        "keep_good_rows on a workbook: row 2 applied, the five bad rows reported"))
    cases.append(case(
        "import_xlsx_one_sheet_by_option", "io.import",
        {"format": "xlsx", "file": "data/io/workbook.xlsx", "table": "measurements",
         "projects": [{**W1, "metrics": [{**W1["metrics"][0], "measurements": []}]}],
         "options": {"sheets": {"measurements": "MEASUREMENTS"}, "change": CHANGE}},
        {"fields": {"report.tables": [{"table": "measurements", "sheet": "measurements", "rows": 2, "applied": 2,
                                       "rejected": 0, "ignored_columns": []}],
                    "projects[0].metrics[0].measurements": W1["metrics"][0]["measurements"],
                    "audit_entries": [2]},
         "row_errors": []},
        "the measurements sheet of workbook.fods; sheet names match ignoring case",
        "one table of a workbook, its sheet named in the options"))
    cases.append(case(
        "import_xlsx_bad_cells_libreoffice", "io.import",
        {"format": "xlsx", "file": "data/io/measurements_bad.xlsx", "table": "measurements", "projects": [P1]},
        {"error": "import", "row_errors": [
            row_error("measurements", 3, "value", "n/a", "unexpected `n`"),
            row_error("measurements", 4, "value", "#DIV/0!", "spreadsheet error `#DIV/0!`"),
            row_error("measurements", 5, "date", f"{serial_1900(date(2026, 10, 31))}.5", "not a whole day"),
            row_error("measurements", 6, "metric_id", "", "is required")]},
        "the cells of conformance/data/io/measurements_bad.fods saved as .xlsx by LibreOffice 7.4: a text "
        "value, the error of =1/0, a date cell at noon (its serial, Python datetime, plus one half), an empty "
        "metric",
        "a workbook with bad cells: every one reported, nothing applied"))
    return cases


# --- io.export --------------------------------------------------------------------------

NOTE_PROJECT = with_actuals(P1, {"robots": [
    {"date": "2026-02-03", "amount": eur("249999.99"), "note": "INV-7, paid"},
    {"date": "2026-03-01", "amount": eur("-120.00"), "note": "the \"refund\"\nsecond line"}]})


def export_cases():
    cases = []
    cases.append(case(
        "export_csv_line_items", "io.export",
        {"format": "csv", "table": "line_items", "projects": [P1]},
        {"fields": {"csv": "project_id,id,name,kind,category,date,start,end,frequency,escalation,amount,currency\n"
                           "P-1,robots,Robots,capex,,2026-02-01,,,,,250000.50,EUR\n"
                           "P-1,labour,Labour saving,cost_saving,,,2026-04-01,2028-12-31,quarterly,,30000.00,EUR\n"}},
        "written by hand from the documented export: the table's columns, decimals as stored, ISO dates",
        "line items as CSV text: one-off and recurring"))
    cases.append(case(
        "export_csv_actuals_quoting", "io.export",
        {"format": "csv", "table": "actuals", "projects": [NOTE_PROJECT]},
        {"fields": {
            "csv": "project_id,line_item_id,date,amount,currency,note\n"
                   "P-1,robots,2026-02-03,249999.99,EUR,\"INV-7, paid\"\n"
                   "P-1,robots,2026-03-01,-120.00,EUR,\"the \"\"refund\"\"\nsecond line\"\n",
            "rows[2][5]": "the \"refund\"\nsecond line"}},
        "written by hand: RFC 4180 quoting (fields with a comma, quote or line break quoted, quotes doubled)",
        "actual notes with a comma, quotes and a line break"))
    cases.append(case(
        "export_csv_projects_cells", "io.export",
        {"format": "csv", "table": "projects", "projects": [{**P1, "tags": ["a", "b"], "template_id": "custom"}]},
        {"fields": {"rows[0]": ["id", "name", "description", "owner", "currency", "start_date", "end_date",
                                "discount_rate", "day_count", "state", "template_id", "tags", "history"],
                    "rows[1]": ["P-1", "Warehouse robots", "", "", "EUR", "2026-01-01", "2028-12-31", "0.08",
                                "thirty_360_european", "proposed", "custom", "a;b", ""]}},
        "written by hand: tags joined with `;`, an empty history an empty cell, the rate in its shortest form",
        "the projects table, cell by cell"))
    cases.append(case(
        "export_csv_metrics_and_measurements", "io.export",
        {"format": "csv", "table": "measurements",
         "projects": [{**P1, "metrics": [{**P1["metrics"][0], "measurements": [
             {"date": "2026-03-31", "value": 0.1}, {"date": "2026-06-30", "value": 97.25, "note": "Q2"}]}]}]},
        {"fields": {"rows": [["project_id", "metric_id", "date", "value", "note"],
                             ["P-1", "pick_rate", "2026-03-31", "0.1", ""],
                             ["P-1", "pick_rate", "2026-06-30", "97.25", "Q2"]]}},
        "written by hand: floats in their shortest round-trip form (0.1, not 0.1000000000000000055…)",
        "measurements as CSV cells"))
    cases.append(case(
        "export_csv_evaluations_need_as_of", "io.export",
        {"format": "csv", "table": "evaluations", "projects": [P1]},
        {"error": "invalid_argument", "path": "as_of"},
        "the documented ExportOptions: the evaluations table of projects needs as_of",
        "evaluations without an evaluation date"))
    cases.append(case(
        "export_csv_portfolio_table_of_projects", "io.export",
        {"format": "csv", "table": "portfolio_totals", "projects": [P1]},
        {"error": "invalid_argument", "path": "table"},
        "the documented tables: portfolio roll-up tables come from a portfolio",
        "a portfolio table asked of plain projects"))
    return cases


# --- io.round_trip ----------------------------------------------------------------------

RICH = {
    **P1,
    "description": "Pick, pack, \"ship\"; faster,\nthen ship",
    "owner": "Ops (Zürich)",
    "template_id": "infrastructure",
    "state": "approved",
    "history": [{"from": "proposed", "to": "approved", "at": "2026-01-15T09:00:00Z", "by": "board",
                 "reason": "business case accepted"}],
    "tags": ["automation", "logistics"],
    "line_items": [
        {"id": "robots", "name": "Robots", "kind": "capex", "category": "hardware",
         "plan": {"type": "one_off", "date": "2026-02-01", "amount": eur("250000.50")},
         "actuals": [{"date": "2026-02-03", "amount": eur("249999.99"), "note": "INV-7, paid"},
                     {"date": "2026-03-01", "amount": eur("-120.00")}]},
        {"id": "labour", "name": "Labour saving", "kind": "cost_saving",
         "plan": {"type": "recurring", "frequency": "quarterly", "start": "2026-04-01", "end": "2028-12-31",
                  "amount": eur("30000"), "escalation": "0.025"}, "actuals": []},
    ],
    "metrics": [
        {"id": "pick_rate", "name": "Picks per hour", "unit": "picks/h", "direction": "higher_is_better",
         "baseline": {"value": 80.5, "date": "2026-01-01"}, "target": {"value": 140.5, "date": "2027-01-01"},
         "weight": 2.5, "monetisation": eur("1200.75"),
         "measurements": [{"date": "2026-03-31", "value": 91.25}, {"date": "2026-06-30", "value": 0.1,
                                                                    "note": "sensor fault"}]},
    ],
    "risks": [
        {"id": "delay", "description": "Vendor delivers late", "probability": 0.3, "cost_impact": eur("50000"),
         "schedule_impact_days": 45, "status": "mitigating", "mitigation_cost": eur("5000"),
         "residual_probability": 0.1, "residual_cost_impact": eur("20000"), "expected_date": "2026-06-01",
         "owner": "Procurement"},
        {"id": "strike", "description": "Strike", "probability": 0.05, "cost_impact": eur("10000.10"),
         "schedule_impact_days": 0, "status": "open", "mitigation_cost": eur("0")},
    ],
}
TOKYO = {
    "schema_version": 2, "revision": 0, "id": "P-2", "name": "東京 office", "description": "", "owner": "",
    "currency": "JPY", "start_date": "2026-01-01", "end_date": "2026-12-31", "discount_rate": 0.02,
    "day_count": "actual_365_fixed", "state": "proposed", "history": [],
    "line_items": [{"id": "fit_out", "name": "Fit-out", "kind": "capex",
                    "plan": {"type": "one_off", "date": "2026-03-01",
                             "amount": {"amount": "12000000", "currency": "JPY"}}, "actuals": []}],
    "metrics": [], "risks": [], "tags": [],
}


def without_revision(doc):
    return {k: v for k, v in doc.items() if k != "revision"}


def round_trip_cases():
    cases = []
    for fmt, how in (("csv", "each data table exported to CSV, then imported in the order projects, line_items, "
                             "actuals, metrics, measurements, risks into no projects"),
                     ("xlsx", "exported to one .xlsx workbook, then imported whole into no projects")):
        cases.append(case(
            f"round_trip_{fmt}_every_table", "io.round_trip",
            {"format": fmt, "projects": [RICH, TOKYO]},
            {"value": {"projects": [without_revision(RICH), without_revision(TOKYO)]}},
            "the data that went in (the documented promise: an export imports back to equal data)",
            f"every data table through {fmt}: {how}; text with commas, quotes, line breaks and non-ASCII, a "
            "lifecycle history, negative and zero amounts, a JPY project"))
    # Two promises the io module does not keep yet (reported to its author): the
    # expected values stay the data that went in, and the case is marked a known failure.
    spaced = with_actuals({**P1, "description": "  indented  "}, {"robots": [
        {"date": "2026-02-03", "amount": eur("1.00"), "note": " leading space"}]})
    cases.append(case(
        "round_trip_csv_surrounding_spaces", "io.round_trip", {"format": "csv", "projects": [spaced]},
        {"value": {"projects": [without_revision(spaced)]}},
        "the data that went in (an export imports back to equal data)",
        "text with leading and trailing spaces (a description, an actual's note)"))
    tagged = {**P1, "tags": ["r&d;ops", "core"]}
    cases.append(case(
        "round_trip_csv_tag_with_semicolon", "io.round_trip", {"format": "csv", "projects": [tagged]},
        {"value": {"projects": [without_revision(tagged)]}},
        "the data that went in (a project document accepts any tag text)",
        "a tag holding the `;` the tags column joins tags with (the export writes such tags as a JSON list)"))
    return cases


def main():
    write_fixtures()
    cases = csv_cases() + workbook_cases() + export_cases() + round_trip_cases()
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    doc = {"suite": "io", "description": "Table import (CSV in two locales, LibreOffice workbooks, every bad row "
           "reported, keep_good_rows, column mappings) and export (CSV text and cells), and round trips",
           "source": "worked independently by conformance/tools/make_io_cases.py (see each case)",
           "cases": cases}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
