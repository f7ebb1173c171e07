"""The SIPRI Milex importer: the official workbook against SIPRI's figures, and bad files."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pandas as pd
import pytest

from foedus.errors import DataFormatError, UnknownStateError
from foedus.sources import import_source
from foedus.sources.sipri_milex import FILENAME, NOT_STATES, SIPRI_NAMES, read
from foedus.states import resolve

# workbook measure column -> column of the staged long Parquet converted from the same file
LONG_COLUMNS = {
    "milex_constant_usd_m": "milex_constant2023_usd_m",
    "milex_current_usd_m": "milex_current_usd_m",
    "milex_share_gdp": "milex_share_gdp",
    "milex_per_capita_usd": "milex_per_capita_usd",
    "milex_share_govt": "milex_share_govt_spending",
    "milex_local_calendar": "milex_local_currency_calendar",
}


# -- a minimal xlsx writer, for workbooks made in code -----------------------------------------
def _column(j: int) -> str:
    letters = ""
    j += 1
    while j:
        j, rem = divmod(j - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _sheet_xml(rows: list[list]) -> str:
    out = []
    for i, row in enumerate(rows, start=1):
        cells = []
        for j, value in enumerate(row):
            ref = f"{_column(j)}{i}"
            if isinstance(value, int | float):
                cells.append(f'<c r="{ref}"><v>{value!r}</v></c>')
            elif value:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        out.append(f'<row r="{i}">{"".join(cells)}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxml'
        f'formats.org/spreadsheetml/2006/main"><sheetData>{"".join(out)}</sheetData>'
        "</worksheet>"
    )


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Write ``sheets`` (name -> rows of str/number cells) as an .xlsx workbook."""
    main = "http://schemas.openxmlformats.org"
    rel = f"{main}/officeDocument/2006/relationships"
    kinds = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    names = list(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{kinds}.worksheet+xml"/>'
        for i in range(1, len(names) + 1)
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            (
                f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{main}/package/2006/'
                'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
                'formats-package.relationships+xml"/><Default Extension="xml" ContentType='
                f'"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{kinds}'
                f'.sheet.main+xml"/>{overrides}</Types>'
            ),
        )
        z.writestr(
            "_rels/.rels",
            (
                f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{main}/package/2006/'
                f'relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
                'Target="xl/workbook.xml"/></Relationships>'
            ),
        )
        entries = "".join(
            f'<sheet name={quoteattr(n)} sheetId="{i}" r:id="rId{i}"/>'
            for i, n in enumerate(names, start=1)
        )
        z.writestr(
            "xl/workbook.xml",
            (
                f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}/spreadsheetml/2006/'
                f'main" xmlns:r="{rel}"><sheets>{entries}</sheets></workbook>'
            ),
        )
        links = "".join(
            f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            (
                f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{main}/package/2006/'
                f'relationships">{links}</Relationships>'
            ),
        )
        for i, name in enumerate(names, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", _sheet_xml(sheets[name]))
    return path


YEARS = [1989.0, 1990.0, 1991.0]
COUNTRIES = {  # SIPRI layout: region and subregion headings between the countries
    "Americas": None,
    "North America": None,
    "United States of America": [303559.0, "...", 273292.0],
    "Europe": None,
    "Western Europe": None,
    "Germany": [39809.0, 42318.0, "xxx"],
    "German Democratic Republic": ["...", "...", "xxx"],
}


def _sheet(title: str, labels: list[str], values: dict | None = None) -> list[list]:
    rows = [[title], ["Figures are in US $m."], [""], ["Country", *labels, *YEARS], [""]]
    for name, cells in (values or COUNTRIES).items():
        extra = ["US dollars" if lab == "Currency" else "" for lab in labels]
        rows.append([name] if cells is None else [name, *extra, *cells])
    return rows


def tiny_workbook(path: Path, drop: str | None = None, **replace: list[list]) -> Path:
    sheets = {
        "Local currency financial years": _sheet("Local FY", ["Currency", "Notes"]),
        "Local currency calendar years": _sheet("Local CY", ["Currency", "Notes"]),
        "Constant (2023) US$": _sheet("Constant", ["", "Notes"]),
        "Current US$": _sheet("Current", ["Notes"]),
        "Share of GDP": _sheet(
            "Share", ["Notes"], {**COUNTRIES, "United States of America": [0.0534, "...", 0.0452]}
        ),
        "Per capita": _sheet("Per capita", ["Notes"]),
        "Share of Govt. spending": _sheet("Govt", ["Notes", "Reporting year"]),
    }
    sheets.update(replace)
    sheets.pop(drop, None)
    return write_xlsx(path, sheets)


# -- workbooks made in code ---------------------------------------------------------------------
def test_tiny_workbook_reads_values_markers_regions_and_codes(tmp_path):
    milex = read(tiny_workbook(tmp_path / FILENAME))["milex"]
    assert len(milex) == 3 * 3
    usa = milex[milex["country"] == "United States of America"].set_index("year")
    assert usa.loc[1989, "milex_current_usd_m"] == 303559.0
    assert usa.loc[1991, "milex_share_gdp"] == pytest.approx(0.0452)
    assert pd.isna(usa.loc[1990, "milex_current_usd_m"])
    assert usa.loc[1990, "milex_current_usd_m_status"] == "..."
    assert (usa["region"] == "Americas").all() and (usa["subregion"] == "North America").all()
    assert (usa["currency"] == "US dollars").all()
    assert (usa["ccode"] == 2).all()
    germany = milex[milex["country"] == "Germany"].set_index("year")
    # SIPRI's Germany is the Federal Republic up to 1990, united Germany from 1991
    assert germany["ccode"].tolist() == [260, 260, 255]
    assert germany.loc[1991, "milex_constant_usd_m_status"] == "xxx"
    gdr = milex[milex["country"] == "German Democratic Republic"].set_index("year")
    assert gdr["ccode"].tolist()[:2] == [265, 265] and pd.isna(gdr.loc[1991, "ccode"])
    assert (milex["constant_usd_year"] == 2023).all()


def _header_not_a_year() -> list[list]:
    rows = _sheet("Current", ["Notes"])
    rows[3] = ["Country", "Notes", 1989.0, 1990.5, 1991.0]
    return rows


# (sheets replaced in the tiny workbook, or a sheet to drop), the error expected
BAD_WORKBOOKS = {
    "missing sheet": (
        {"drop": "Per capita"},
        r"SIPRI-Milex-data-1949-2024\.xlsx: sheet 'Per capita' is missing",
    ),
    "broken header": (
        {
            "Current US$": [
                ["Current"],
                ["Nation", "Notes", *YEARS],
                ["United States of America", "", 1.0],
            ]
        },
        r"sheet 'Current US\$': no header row with 'Country' in column A in rows 1-20",
    ),
    # Germany is row 11 (5 title/header rows, 4 headings, USA); 1990 is column D
    "bad cell": (
        {
            "Current US$": _sheet(
                "Current", ["Notes"], {**COUNTRIES, "Germany": [39809.0, "n/a", "xxx"]}
            )
        },
        r"sheet 'Current US\$', cell D11: 'n/a' is not a number",
    ),
    "header year": ({"Current US$": _header_not_a_year()}, r"cell D4: 1990.5 is not a year"),
    "unknown country": (
        {"Current US$": _sheet("Current", ["Notes"], {**COUNTRIES, "Atlantis": [1.0, 2.0, 3.0]})},
        "country 'Atlantis' matches no COW state",
    ),
}


@pytest.mark.parametrize("case", BAD_WORKBOOKS)
def test_bad_workbook_names_file_sheet_and_cell(tmp_path, case):
    sheets, expected = BAD_WORKBOOKS[case]
    path = tiny_workbook(tmp_path / FILENAME, **sheets)
    with pytest.raises(DataFormatError, match=expected):
        read(path)


def test_folder_without_the_workbook_leaves_the_store_unchanged(tmp_path, store):
    with pytest.raises(DataFormatError, match=f"{FILENAME} is missing"):
        import_source("sipri_milex", tmp_path, store)
    assert not store.has("sipri_milex")


def test_not_a_workbook(tmp_path):
    path = tmp_path / FILENAME
    path.write_text("Country,1990\nFrance,1\n")
    with pytest.raises(DataFormatError, match="unreadable as a workbook"):
        read(path)


# -- the official workbook ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def official(shared_data) -> pd.DataFrame:
    return read(shared_data / "sipri_milex" / FILENAME)["milex"]


@pytest.fixture(scope="module")
def long_table(shared_data) -> pd.DataFrame:
    return pd.read_parquet(shared_data / "sipri_milex" / "sipri_milex_1949_2024_long.parquet")


def test_rows_and_values_match_the_long_conversion(official, long_table):
    assert len(official) == len(long_table) == 13_224
    both = official.merge(long_table, on=["country", "year"], suffixes=("", "_long"))
    assert len(both) == 13_224
    for ours, theirs in LONG_COLUMNS.items():
        a, b = both[ours].to_numpy(float), both[theirs].to_numpy(float)
        assert np.array_equal(np.isnan(a), np.isnan(b)), ours
        np.testing.assert_allclose(a[~np.isnan(a)], b[~np.isnan(b)], rtol=1e-12)
        status = both[f"{ours}_status"].fillna("") == both[f"{theirs}_status"].fillna("")
        assert status.all(), ours
    assert (both["region"] == both["region_long"]).all()


def test_published_values(official):
    usa = official[(official["ccode"] == 2) & (official["year"] == 2024)].iloc[0]
    assert round(usa["milex_share_gdp"], 4) == 0.0342
    assert round(usa["milex_current_usd_m"]) == 997_309
    # Kuwait spent more than its GDP during the 1991 Gulf War: a share above 1 is kept
    kuwait = official[(official["country"] == "Kuwait") & (official["year"] == 1991)].iloc[0]
    assert kuwait["milex_share_gdp"] > 1


@pytest.mark.parametrize(
    ("country", "year", "ccode"),
    [
        ("USSR", 1970, 365),
        ("Russia", 2000, 365),
        ("Germany", 1970, 260),
        ("Germany", 2000, 255),
        ("German Democratic Republic", 1980, 265),
        ("Yemen, North", 1980, 678),
        ("Yemen", 2000, 679),
        ("Yugoslavia", 1980, 345),
        ("Serbia", 2010, 345),
        ("Czechoslovakia", 1980, 315),
        ("Czechia", 2000, 316),
        ("Congo, DR", 2000, 490),
        ("Türkiye", 1964, 640),
        ("Korea, South", 1990, 732),
    ],
)
def test_year_aware_codes(official, country, year, ccode):
    row = official[(official["country"] == country) & (official["year"] == year)]
    assert row["ccode"].tolist() == [ccode]


def test_codes_are_unique_and_absent_where_no_state(official):
    coded = official[official["ccode"].notna()]
    assert not coded.duplicated(["ccode", "year"]).any()
    for country, year in [
        ("Russia", 1988),
        ("USSR", 1995),
        ("Czechia", 1980),
        ("European Union", 2024),
        ("Algeria", 1955),
    ]:
        row = official[(official["country"] == country) & (official["year"] == year)]
        assert row["ccode"].isna().all(), (country, year)


def test_import_into_the_store(shared_data, store):
    release = import_source("sipri_milex", shared_data / "sipri_milex", store)
    assert release.rows == {"milex": 13_224}
    table = store.table(
        "sipri_milex",
        "milex",
        columns=["ccode", "year", "milex_constant_usd_m", "milex_current_usd_m", "milex_share_gdp"],
    )
    assert str(table["ccode"].dtype) == "Int64"


def test_sipri_names_cover_the_workbook_and_are_needed(official):
    """Every SIPRI row name is a state the state table resolves, the European Union, or a
    name of SIPRI_NAMES; and each spelling there is one the state table does not know."""
    names = set(official["country"])
    ruled = {rule[0] for rule in SIPRI_NAMES}
    assert ruled <= names
    for name in names - ruled - NOT_STATES:
        assert resolve(name, on="2024-07-01").cow_code is not None, name
    for name in ("Congo, DR", "Congo, Republic", "Gambia, The", "Yemen, North"):
        with pytest.raises(UnknownStateError):
            resolve(name)
    assert len(names) == 174
