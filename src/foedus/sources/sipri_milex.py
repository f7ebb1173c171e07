"""SIPRI Military Expenditure Database: the official workbook, data for 1949–2024.

Reads ``SIPRI-Milex-data-1949-2024.xlsx`` as SIPRI distributes it (SIPRI 2025 release;
constant prices in 2023 US$) with python-calamine. Every measure sheet has a few title
rows, a header row starting with ``Country``, one column per year, and region and
subregion heading rows between the countries. The sheets become one long table ``milex``
(country-year) with one column per measure; SIPRI's markers become nulls, kept in a
``*_status`` column: ``...`` = data unavailable, ``xxx`` = the country did not exist or
was not independent. Shares (of GDP, of government spending) are fractions, as in the
workbook (0.0342 = 3.42 %).

SIPRI names are mapped to COW codes with :func:`foedus.states.resolve`, year by year:
``ccode`` is the COW code of the state the row denotes on 1 July of the year, null when
that state did not exist then (under either the COW or the Gleditsch–Ward list) and for
the European Union, which is not a state. Where SIPRI gives two rows for one state and
year, rules in ``SIPRI_NAMES`` say which row holds the state in which years (USSR to
1991, Russia from 1992; FRG to 1990; SFRY to 1991); any other overlap keeps the code on
the row with more data. SIPRI marks estimates by font colour; that is not read.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from foedus.errors import DataFormatError, FoedusError
from foedus.sources import RemoteFile, SourceSpec, check_input
from foedus.store.registry import clip

FILENAME = "SIPRI-Milex-data-1949-2024.xlsx"
REGIONS = ("Africa", "Americas", "Asia & Oceania", "Europe", "Middle East")
MARKERS = ("...", "xxx")
_HEADER_SEARCH_ROWS = 20

# measure column -> sheet name (the constant-price sheet names its base year)
SHEETS: dict[str, str] = {
    "milex_constant_usd_m": r"Constant \((\d{4})\) US\$",
    "milex_current_usd_m": r"Current US\$",
    "milex_share_gdp": r"Share of GDP",
    "milex_per_capita_usd": r"Per capita",
    "milex_share_govt": r"Share of Govt\. spending",
    "milex_local_calendar": r"Local currency calendar years",
    "milex_local_financial": r"Local currency financial years",
}
# header label -> text column kept from the sheet that has it
_TEXT_COLUMNS = {
    "notes": "notes",
    "currency": "currency",
    "fiscal year (jan-dec if not stated)": "fiscal_year",
    "reporting year": "reporting_year",
}

# SIPRI spellings that the state table does not know, and SIPRI rows whose state changes
# with the year: (SIPRI name, first year, last year, COW abbreviation); None = open.
SIPRI_NAMES: tuple[tuple[str, int | None, int | None, str], ...] = (
    ("Congo, DR", None, None, "DRC"),
    ("Congo, Republic", None, None, "CON"),
    ("Gambia, The", None, None, "GAM"),
    ("Yemen, North", None, 1989, "YAR"),
    # SIPRI: figures for Germany up to 1990 are for the Federal Republic (West Germany)
    ("Germany", None, 1990, "GFR"),
    ("Germany", 1991, None, "GMY"),
    # SIPRI carries separate USSR (to 1991) and Russia (from 1987) rows
    ("USSR", None, 1991, "RUS"),
    ("Russia", 1992, None, "RUS"),
    # SIPRI's Yugoslavia row is the SFRY, its Serbia row the FRY and its successors
    ("Yugoslavia", None, 1991, "YUG"),
    ("Serbia", 1992, None, "YUG"),
)
NOT_STATES = frozenset({"European Union"})


def _cell(row: int, col: int) -> str:
    """The spreadsheet reference of a 0-based (row, column): (0, 0) -> A1."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def _sheet_names(path: Path) -> tuple[Any, dict[str, str], int]:
    """The open workbook, measure column -> sheet name, and the constant-price base year."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for non-workbooks
        raise DataFormatError(
            f"{path.name}: unreadable as a workbook ({clip(str(exc))[1:-1]}); accepted: "
            "the SIPRI Milex workbook (.xlsx)"
        ) from None
    found, base = {}, 0
    for measure, pattern in SHEETS.items():
        hits = [s for s in book.sheet_names if re.fullmatch(pattern, s.strip())]
        if not hits:
            wanted = ", ".join(repr(p.replace("\\", "")) for p in SHEETS.values())
            raise DataFormatError(
                f"{path.name}: sheet {pattern.replace(chr(92), '')!r} is "
                f"missing; accepted: the SIPRI Milex workbook with sheets "
                f"{wanted}"
            )
        found[measure] = hits[0]
        year = re.fullmatch(pattern, hits[0].strip())
        if measure == "milex_constant_usd_m" and year is not None:
            base = int(year.group(1))
    return book, found, base


def _header(rows: list[list], where: str) -> tuple[int, dict[int, str], dict[int, int]]:
    """The header row index, its text columns (index -> name) and year columns."""
    found = [
        i
        for i, row in enumerate(rows[:_HEADER_SEARCH_ROWS])
        if row and str(row[0]).strip() == "Country"
    ]
    if not found:
        raise DataFormatError(
            f"{where}: no header row with 'Country' in column A in rows "
            f"1-{_HEADER_SEARCH_ROWS}; accepted: the SIPRI sheet layout"
        )
    i = found[0]
    text, years = {}, {}
    for j, value in enumerate(rows[i][1:], start=1):
        if isinstance(value, int | float) and not isinstance(value, bool):
            if value != int(value) or not 1900 <= value <= 2100:
                raise DataFormatError(
                    f"{where}, cell {_cell(i, j)}: {clip(value)} is not a year; "
                    "accepted: a year 1900-2100"
                )
            years[j] = int(value)
        elif str(value).strip().lower() in _TEXT_COLUMNS and not years:
            text[j] = _TEXT_COLUMNS[str(value).strip().lower()]
        elif str(value).strip() and years:
            raise DataFormatError(
                f"{where}, cell {_cell(i, j)}: {clip(value)} is not a year; "
                "accepted: a year 1900-2100 in every column after the first"
            )
    if not years:
        raise DataFormatError(
            f"{where}, row {i + 1}: the header has no year columns; "
            "accepted: Country, labels, then one column per year"
        )
    return i, text, years


def _blank(value: object) -> bool:
    return isinstance(value, str) and not value.strip()


def _read_sheet(rows: list[list], measure: str, where: str) -> pd.DataFrame:
    """One measure sheet as a long frame: country, region, subregion, year, value, status."""
    head, text, years = _header(rows, where)
    records: list = []
    region, subregion = None, None
    seen: dict[str, int] = {}
    width = max(years) + 1
    for i in range(head + 1, len(rows)):
        row = list(rows[i]) + [""] * (width - len(rows[i]))
        name = str(row[0]).strip()
        rest = [row[j] for j in (*text, *years)]
        if not name:
            if not all(_blank(v) for v in rest):
                raise DataFormatError(
                    f"{where}, cell {_cell(i, 0)}: a data row without a "
                    "country name; accepted: a name in column A"
                )
            continue
        if all(_blank(v) for v in rest):
            region, subregion = (name, None) if name in REGIONS else (region, name)
            continue
        if name in seen:
            raise DataFormatError(
                f"{where}, cell {_cell(i, 0)}: {clip(name)} repeats row "
                f"{seen[name] + 1}; accepted: one row per country"
            )
        seen[name] = i
        extras = {col: str(row[j]).strip() or None for j, col in text.items()}
        records.append((i, name, region, subregion, extras, [row[j] for j in years]))
    if not records:
        raise DataFormatError(f"{where}: no country rows below the header row {head + 1}")
    return _values(records, list(years), list(years.values()), measure, where)


_OTHER, _NUMBER, _TEXT = 0, 1, 2


def _kind(value: object) -> int:
    """What a cell holds: a number, text, or anything else (a date, a boolean)."""
    if isinstance(value, bool):
        return _OTHER
    if isinstance(value, int | float):
        return _NUMBER
    return _TEXT if isinstance(value, str) else _OTHER


def _values(
    records: list, columns: list[int], years: list[int], measure: str, where: str
) -> pd.DataFrame:
    """Numbers and SIPRI markers of every country row, reshaped to country-years."""
    cells = np.array([r[5] for r in records], dtype=object)
    kinds = np.vectorize(_kind, otypes=[np.int8])(cells)
    numeric = kinds == _NUMBER
    stripped = np.char.strip(np.where(kinds == _TEXT, cells, "").astype(str))
    marker = (kinds == _TEXT) & np.isin(stripped, [*MARKERS, ""])
    bad = ~(numeric | marker)
    if bad.any():
        r, j = (int(k[0]) for k in np.nonzero(bad))
        raise DataFormatError(
            f"{where}, cell {_cell(records[r][0], columns[j])}: "
            f"{clip(cells[r, j])} is not a number; accepted: a number, '...' "
            "(unavailable) or 'xxx' (not independent)"
        )
    value = np.where(numeric, cells, np.nan).astype("float64")
    status = stripped.astype(object)
    status[~(marker & (stripped != ""))] = None
    n_rows, n_years = cells.shape
    row = np.repeat(np.arange(n_rows), n_years)
    frame = pd.DataFrame(
        {
            "country": np.array([r[1] for r in records], dtype=object)[row],
            "region": np.array([r[2] for r in records], dtype=object)[row],
            "subregion": np.array([r[3] for r in records], dtype=object)[row],
            "year": np.tile(np.asarray(years, dtype="int64"), n_rows),
            measure: value.ravel(),
            f"{measure}_status": pd.array(status.ravel(), dtype="string"),
        }
    )
    for col in records[0][4]:
        frame[col] = np.array([r[4][col] for r in records], dtype=object)[row]
    return frame


def _check_shares(frame: pd.DataFrame, fname: str) -> None:
    """Shares must not be negative (they may exceed 1: Kuwait spent 117 % of GDP in 1991)."""
    for col in ("milex_share_gdp", "milex_share_govt"):
        bad = frame[col].notna() & (frame[col] < 0)
        if bad.any():
            row = frame[bad].iloc[0]
            raise DataFormatError(
                f"{fname}, {col} of {row['country']} {row['year']}: "
                f"{row[col]} is negative; accepted: a fraction >= 0"
            )


def read(path: Path) -> dict[str, pd.DataFrame]:
    """Read the SIPRI Milex workbook (a file, or a folder holding it) into table ``milex``.

    SIPRI Military Expenditure Database, Stockholm International Peace Research
    Institute, 2025 release (data for 1949–2024).
    """
    path = check_input(Path(path))
    if path.is_dir():
        if not (path / FILENAME).exists():
            raise DataFormatError(
                f"{path}: {FILENAME} is missing; accepted: the SIPRI Milex "
                "workbook, or a folder holding it"
            )
        path = check_input(path / FILENAME)
    book, sheets, base = _sheet_names(path)
    frames = []
    for measure, sheet in sheets.items():
        try:
            rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except Exception as exc:  # calamine raises its own error types for broken sheets
            raise DataFormatError(
                f"{path.name}, sheet {sheet!r}: unreadable ({clip(str(exc))[1:-1]}); "
                "accepted: the SIPRI Milex workbook"
            ) from None
        frames.append(_read_sheet(rows, measure, f"{path.name}, sheet {sheet!r}"))
    milex = _merge(frames)
    _check_shares(milex, path.name)
    milex.insert(0, "ccode", _ccodes(milex, path.name, sheets["milex_current_usd_m"]))
    milex["constant_usd_year"] = base
    return {"milex": milex}


def _merge(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per country-year; names, regions and notes from the first sheet holding them."""
    keys = ["country", "year"]
    out = frames[0]
    for frame in frames[1:]:
        shared = [c for c in frame.columns if c in out.columns and c not in keys]
        out = out.merge(frame, on=keys, how="outer", suffixes=("", "_other"))
        for col in shared:
            out[col] = out[col].fillna(out.pop(f"{col}_other"))
    measures = list(SHEETS)
    text = [c for c in ("notes", "currency", "fiscal_year", "reporting_year") if c in out]
    columns = [
        "country",
        "region",
        "subregion",
        "year",
        *text,
        *measures,
        *(f"{m}_status" for m in measures),
    ]
    out = out[columns].sort_values(keys).reset_index(drop=True)
    for col in ("country", "region", "subregion", *text, *(f"{m}_status" for m in measures)):
        out[col] = out[col].astype("string")
    return out


def _ccodes(milex: pd.DataFrame, fname: str, sheet: str) -> pd.Series:
    """COW codes by country-year (see the module docstring for the rules)."""
    years = np.arange(milex["year"].min(), milex["year"].max() + 1)
    names = milex["country"].unique()
    codes = [c for name in names for c in _name_codes(name, tuple(years), fname, sheet)]
    pairs = pd.DataFrame(
        {
            "country": np.repeat(names, len(years)),
            "year": np.tile(years, len(names)),
            "ccode": pd.array(codes, dtype="Int64"),
        }
    )
    out = milex[["country", "year"]].merge(pairs, on=["country", "year"], how="left")
    codes = out["ccode"].astype("Int64")
    codes.index = milex.index
    return _one_row_per_state(milex, codes)


def _one_row_per_state(milex: pd.DataFrame, codes: pd.Series) -> pd.Series:
    """Where two rows share a state-year, keep the code on the row with more data."""
    measures = list(SHEETS)
    filled = milex[measures].notna().sum(axis=1)
    order = pd.DataFrame({"ccode": codes, "year": milex["year"], "filled": filled})
    order = order[order["ccode"].notna()].sort_values("filled", ascending=False, kind="stable")
    losers = order.index[order.duplicated(["ccode", "year"])]
    return codes.mask(codes.index.isin(losers))


def _name_codes(name: str, years: tuple[int, ...], fname: str, sheet: str) -> list:
    """The COW code of SIPRI name ``name`` in each of ``years`` (None where no state)."""
    if name in NOT_STATES:
        return [None] * len(years)
    rules = [r for r in SIPRI_NAMES if r[0] == name]
    if rules:
        return [_rule_code(rules, y) for y in years]
    code = _entity_code(name, years[-1])
    if code is None:
        raise DataFormatError(
            f"{fname}, sheet {sheet!r}: country {clip(name)} matches no COW "
            "state; accepted: a name `foedus states` knows"
        )
    return [_existing(code, y) for y in years]


def _entity_code(name: str, last_year: int) -> int | None:
    """The COW code ``name`` resolves to; names of several states resolve as in ``last_year``."""
    from foedus.states import resolve

    for on in (None, dt.date(last_year, 7, 1)):
        try:
            return resolve(name, on=on).cow_code
        except FoedusError:
            continue
    return None


def _rule_code(rules: list, year: int) -> int | None:
    from foedus.states import by_abbreviation

    for _, first, last, abb in rules:
        if (first is None or year >= first) and (last is None or year <= last):
            return _existing(by_abbreviation(abb).cow_code, year)
    return None


def _existing(code: int | None, year: int) -> int | None:
    """``code`` if that state existed on 1 July of ``year`` (COW or G-W list), else None."""
    if code is None:
        return None
    return code if (code, year) in _state_years() else None


@cache
def _state_years() -> frozenset[tuple[int, int]]:
    from foedus.states import state_table

    table = state_table()
    table = table[table["cow_code"].notna()]
    first, last = table["first"].dt, table["last"].dt
    start = first.year + (first.strftime("%m-%d") > "07-01")
    end = last.year - (last.strftime("%m-%d") < "07-01")
    spans = zip(table["cow_code"].astype(int), start, end.clip(upper=2100), strict=True)
    return frozenset((code, y) for code, a, b in spans for y in range(a, b + 1))


SPEC = SourceSpec(
    name="sipri_milex",
    version="2025",
    coverage=(1949, 2024),
    title="SIPRI Military Expenditure Database (data for 1949-2024)",
    citation=(
        "SIPRI Military Expenditure Database, Stockholm International Peace Research "
        "Institute, 2025 release (data for 1949-2024), "
        "https://www.sipri.org/databases/milex"
    ),
    terms="(c) SIPRI; free to use with attribution to SIPRI; check SIPRI's terms before "
    "redistributing the data.",
    # SIPRI serves this release as ..._2.xlsx; foedus keeps the name without the suffix
    files=(
        RemoteFile(
            FILENAME,
            "https://www.sipri.org/sites/default/files/SIPRI-Milex-data-1949-2024_2.xlsx",
            "8a31c2794c8070230b3b9ef26a3249663f6317a8bc86ba3ec3099c791cdb692f",
        ),
    ),
    read=read,
    mirror_dir="sipri_milex",
    notes="Constant US$ at the base year in column constant_usd_year (2023 in this release).",
)
