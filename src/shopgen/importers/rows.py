"""Read a CSV or TSV export: its encoding and delimiter sniffed, every row with the physical line it starts on."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

from ..messages import tr

csv.field_size_limit(16 * 1024 * 1024)  # long HTML descriptions; still bounded

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class SourceError(Exception):
    """The source cannot be read at all (missing, not a table): a usage error, exit 2."""


@dataclass
class Row:
    """One record of the table: `line` is the physical line it starts on (1-based, the header is line 1)."""

    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()


@dataclass
class Table:
    columns: list[str]
    rows: list[Row]
    encoding: str
    problems: list[tuple[int, str]]  # (line, message): lines the CSV parser could not read


def decode(data: bytes) -> tuple[str, str]:
    """The text of `data` and the encoding used: a BOM decides, else UTF-8, else Windows-1252 (Excel's)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(path: str, header: str) -> str:
    """Tab for .tsv files and for a header with more tabs than commas, else comma."""
    if path.lower().endswith((".tsv", ".tab")):
        return "\t"
    return "\t" if header.count("\t") > header.count(",") else ","


def read_file(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise SourceError(tr("cannot read {path}: {problem}", path=path, problem=exc.strerror or exc)) from exc


def read_table(path: str, data: bytes | None = None) -> Table:
    """Every non-empty row of the CSV/TSV at `path` (or of `data`), keyed by the header's column names."""
    if data is None:
        data = read_file(path)
    text, encoding = decode(data)
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(path, first))
    problems: list[tuple[int, str]] = []
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise SourceError(tr("{path} is not a CSV file: {problem}", path=path, problem=exc)) from exc
    if not header or not any(h.strip() for h in header):
        raise SourceError(tr("{path} has no header row", path=path))
    columns = [h.strip().lstrip("\ufeff") for h in header]
    rows: list[Row] = []
    last = reader.line_num
    while True:
        start = last + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append((start, str(exc)))
            break
        last = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        values: dict[str, str] = {}
        for name, cell in zip(columns, cells, strict=False):
            values.setdefault(name, cell)
        rows.append(Row(start, values))
    return Table(columns, rows, encoding, problems)
