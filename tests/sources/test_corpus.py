"""A malformed-input corpus made by mutating small cuts of the real distribution files.

Each file below ../shared/data is cut to its first rows (a good file, imported first);
every mutation of it is then imported with ``foedus data import``: each must give one line
on stderr and exit code 2, and leave FOEDUS_HOME byte-identical (the whole tree is hashed).
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import io
import os
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from cli_helpers import invoke

from foedus.sources import MODULES

ROWS = 300  # data rows cut from each real file: above every importer's floor
ROW = 5  # the data row that mutations change

# source, file below ../shared/data, a whole-number column of that file
FILES = [
    ("atop", "atop/atop5_1a.csv", "atopid"),
    ("atop", "atop/atop5_1m.csv", "moent"),
    ("atop", "atop/atop5_1aph.csv", "atopid"),
    ("atop", "atop/atop5_1sy.csv", "year"),
    ("cow_states", "peacesciencer/cow_states.csv", "ccode"),
    ("gw_states", "peacesciencer/gw_states.csv", "gwcode"),
    ("cow_nmc", "peacesciencer/cow_nmc.csv", "milex"),
    ("cow_war", "cow/Inter-StateWarData_v4.0.csv", "WarNum"),
    ("cow_war", "cow/directed_dyadic_war_2018.csv", "warnum"),
    ("cow_war_ddy", "peacesciencer/cow_war_inter.csv", "batdeath1"),
    ("cow_mid", "peacesciencer/cow_mid_disps.csv", "dispnum"),
    ("cow_mid", "peacesciencer/cow_mid_dirdisps.csv", "year"),
    ("cow_mid", "peacesciencer/cow_mid_ddydisps.csv", "year"),
    ("gml_mid", "peacesciencer/gml_part.csv", "dispnum"),
    ("gml_mid", "peacesciencer/gml_mid_ddydisps.csv", "year"),
    ("cow_contiguity", "cow/contdird_v3.2.parquet", "conttype"),
    ("cow_contiguity", "peacesciencer/cow_contdir.csv", "conttype"),
    ("mindist", "peacesciencer/cow_mindist.parquet", "year"),
    ("capitals", "peacesciencer/cow_capitals.csv", "ccode"),
    ("cow_igo", "peacesciencer/cow_igo_sy.csv", "sum_igo_full"),
    ("cow_igo", "peacesciencer/cow_igo_ndy.parquet", "dyadigos"),
    ("cow_majors", "peacesciencer/cow_majors.csv", "styear"),
    ("rivalries", "peacesciencer/td_rivalries.csv", "styear"),
    ("rivalries", "peacesciencer/tss_rivalries.csv", "start"),
    ("dcad", "dcad/DCAD-v1.0-main.csv", "signyear"),
    ("mme", "troopdata/mme_long.parquet", "year"),
    ("unga", "unga_idealpoints/idealpoints_july2025.parquet", "nvoteslegacy"),
    ("sipri_arms", "sipri_arms/sipri_tiv_dyad_year_gannon.parquet", "year"),
    ("troops", "troopdata/troopdata_rebuild_long.parquet", "troops_all"),
    ("democracy", "peacesciencer/deprecated/ccode_democracy.csv", "polity2"),
    ("sdp_gdp", "peacesciencer/deprecated/gw_sdp_gdp.parquet", "year"),
    ("cow_gw_years", "peacesciencer/deprecated/gw_cow_years.csv", "ccode"),
    ("leaders", "peacesciencer/archigos.csv", "gwcode"),
    ("leaders", "peacesciencer/archigossums.csv", "n_leaders"),
    ("leaders", "peacesciencer/gml_mid_ddlydisps.csv", "year"),
    ("cow_trade", "peacesciencer/cow_trade_sy.csv", "year"),
    ("creg", "peacesciencer/creg.csv", "year"),
    ("rugged", "peacesciencer/rugged.csv", "ccode"),
    ("terrthreat", "peacesciencer/terrthreat.csv", "year"),
    ("maoz_powers", "peacesciencer/maoz_powers.csv", "ccode"),
    ("arms_races", "peacesciencer/grh_arms_races.csv", "styear"),
    ("cow_war_intra", "peacesciencer/cow_war_intra.csv", "warnum"),
    ("ucdp_acd", "peacesciencer/ucdp_acd.csv", "conflict_id"),
    ("ucdp_onsets", "peacesciencer/ucdp_onsets.csv", "sumonset1"),
]
WORKBOOK = "sipri_milex/SIPRI-Milex-data-1949-2024.xlsx"


def _layout(source: str, filename: str):
    module = importlib.import_module(MODULES[source])
    layouts = getattr(module, "LAYOUTS", None) or (*module.OFFICIAL, module.PEACESCIENCER_FORM)
    return next(lay for lay in layouts if lay.filename == filename)


def tree_digest(home: Path) -> str:
    """One digest of every path and file's bytes below ``home``."""
    digest = hashlib.sha256()
    for path in sorted(home.rglob("*")):
        digest.update(path.relative_to(home).as_posix().encode() + b"\0")
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
    return digest.hexdigest()


# -- reading and writing a cut as rows of text cells -------------------------------------------
def _cells(path: Path) -> tuple[list[str], list[list[str]]]:
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path)
        text = frame.astype("string").fillna("")
        return list(frame.columns), text.to_numpy().tolist()
    raw = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
    rows = list(csv.reader(io.StringIO(raw.replace("\r", "\n"))))
    return rows[0], [r for r in rows[1:] if r]


def _write(path: Path, header: list[str], rows: list[list[str]], like: Path) -> Path:
    if path.suffix == ".parquet":
        original = pd.read_parquet(like)
        frame = pd.DataFrame(rows, columns=header, dtype="string")
        for col in frame.columns:  # keep numeric types where the text still allows it
            if col in original.columns and pd.api.types.is_numeric_dtype(original[col]):
                numbers = pd.to_numeric(frame[col].replace("", None), errors="coerce")
                if numbers.notna().sum() == frame[col].ne("").sum():
                    frame[col] = numbers
        frame.to_parquet(path, index=False)
    else:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([header, *rows])
        path.write_text(out.getvalue())
    return path


def _set(header, rows, column, value):
    col = [c.lower() for c in header].index(column.lower())
    rows = [list(r) for r in rows]
    rows[ROW][col] = value
    return header, rows


Mutation = Callable[[Path, Path, str], Path]


def _rows(change) -> Mutation:
    """A mutation of the cells of a cut: ``change(header, rows, column)``."""

    def mutate(good: Path, out: Path, column: str) -> Path:
        header, rows = _cells(good)
        return _write(out, *change(header, rows, column), like=good)

    return mutate


def _truncated(good: Path, out: Path, column: str) -> Path:
    data = good.read_bytes()
    if good.suffix == ".parquet":
        out.write_bytes(data[: len(data) // 2])
        return out
    body = data.rstrip(b"\r\n")
    last = max(body.rfind(b"\n"), body.rfind(b"\r")) + 1
    second = body.index(b",", body.index(b",", last) + 1)
    out.write_bytes(body[: second + 2])  # the last row stops inside its third field
    return out


def _extra_field(header, rows, column):
    rows = [list(r) for r in rows]
    rows[ROW].append("surplus")
    return header, rows


def _extra(good: Path, out: Path, column: str) -> Path:
    if good.suffix != ".parquet":
        return _rows(_extra_field)(good, out, column)
    frame = pd.read_parquet(good).assign(extra=float("inf"))
    frame.to_parquet(out, index=False)
    return out


def _utf16(good: Path, out: Path, column: str) -> Path:
    if good.suffix == ".parquet":  # CSV text under a Parquet name
        out.write_text(pd.read_parquet(good).to_csv(index=False))
    else:
        out.write_bytes(good.read_text(encoding="utf-8", errors="replace").encode("utf-16"))
    return out


def _garbage(good: Path, out: Path, column: str) -> Path:
    out.write_bytes(random.Random(12).randbytes(4096))
    return out


def _empty(good: Path, out: Path, column: str) -> Path:
    out.write_bytes(b"")
    return out


def _directory(good: Path, out: Path, column: str) -> Path:
    out.mkdir()
    return out


def _fifo(good: Path, out: Path, column: str) -> Path:
    os.mkfifo(out)
    return out


MUTATIONS: dict[str, Mutation] = {
    "truncated": _truncated,
    "header_only": _rows(lambda h, r, c: (h, [])),
    "wrong_header": _rows(lambda h, r, c: ([f"{x}_x" for x in h], r)),
    "shuffled_columns": _rows(lambda h, r, c: (h, [row[1:] + row[:1] for row in r])),
    "extra_column": _extra,
    "non_numeric": _rows(lambda h, r, c: _set(h, r, c, "n/a?")),
    "inf": _rows(lambda h, r, c: _set(h, r, c, "inf")),
    "minus_inf": _rows(lambda h, r, c: _set(h, r, c, "-inf")),
    "huge": _rows(lambda h, r, c: _set(h, r, c, "1e20")),
    "fraction": _rows(lambda h, r, c: _set(h, r, c, "2.5")),
    "duplicate_key": _rows(lambda h, r, c: (h, [*r, r[ROW]])),
    "wrong_encoding": _utf16,
    "binary_garbage": _garbage,
    "empty": _empty,
    "directory": _directory,
    "fifo": _fifo,
}


def _applies(source: str, filename: str, column: str, mutation: str) -> bool:
    layout = _layout(source, filename)
    if mutation == "fraction":  # fractions are refused in declared whole-number columns
        return column.lower() in layout.required
    if mutation == "duplicate_key":
        return bool(layout.key)
    return True


CASES = [
    pytest.param(source, relpath, column, mutation, id=f"{Path(relpath).name}-{mutation}")
    for source, relpath, column in FILES
    for mutation in MUTATIONS
    if _applies(source, Path(relpath).name, column, mutation)
]


@pytest.fixture(scope="module")
def baselines(shared_data, tmp_path_factory):
    """Per real file: its cut (a good file) and a store holding it, made once per module."""
    made: dict[str, tuple[Path, Path, str]] = {}

    def get(source: str, relpath: str, monkeypatch) -> tuple[Path, Path, str]:
        if relpath not in made:
            folder = tmp_path_factory.mktemp("cut")
            real = shared_data / relpath
            if real.suffix == ".parquet":
                cut = folder / real.name
                pd.read_parquet(real).head(ROWS).to_parquet(cut, index=False)
            else:
                header, rows = _cells(real)
                cut = _write(folder / real.name, header, rows[:ROWS], like=real)
            home = folder / "home"
            monkeypatch.setenv("FOEDUS_HOME", str(home))
            result = invoke(f"data import {source} '{cut}'", monkeypatch)
            assert result.code == 0, result.err
            made[relpath] = (cut, home, tree_digest(home))
        return made[relpath]

    return get


def assert_refused(source: str, path: Path, home: Path, digest: str, monkeypatch) -> str:
    """Import ``path``: one line on stderr, exit 2, the store's tree unchanged."""
    monkeypatch.setenv("FOEDUS_HOME", str(home))
    result = invoke(f"data import {source} '{path}'", monkeypatch)
    assert result.code == 2, (result.code, result.err[-2000:])
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.err[-2000:]
    assert len(lines[0]) < 600
    assert tree_digest(home) == digest
    return lines[0]


@pytest.mark.parametrize(("source", "relpath", "column", "mutation"), CASES)
def test_malformed_file_is_refused(
    baselines, tmp_path, monkeypatch, source, relpath, column, mutation
):
    cut, home, digest = baselines(source, relpath, monkeypatch)
    bad = MUTATIONS[mutation](cut, tmp_path / cut.name, column)
    line = assert_refused(source, bad, home, digest, monkeypatch)
    if mutation in ("non_numeric", "inf", "minus_inf", "huge", "fraction"):
        # names the file, the row (as a line too for CSV), the column and the value
        place = f"{cut.name} row {ROW + 1}" + ("" if cut.suffix == ".parquet" else " (line")
        assert place in line and f"column {column.lower()}" in line, line


def _workbook(real: Path, out: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of the SIPRI workbook with each member's bytes passed through ``change``."""
    with zipfile.ZipFile(real) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info, data)
    return out


WORKBOOK_CASES = {
    "missing_sheet": lambda name, data: (
        data.replace(b'name="Share of GDP"', b'name="Share of GNP"')
        if name == "xl/workbook.xml"
        else data
    ),
    "broken_sheet": lambda name, data: (
        data[: len(data) // 3] if name == "xl/worksheets/sheet5.xml" else data
    ),
    "text_in_a_number_cell": lambda name, data: (
        data.replace(
            b'<c r="X10" s="9"><v>278.22325550855373</v></c>',
            b'<c r="X10" s="9" t="inlineStr"><is><t>278.2 est.</t></is></c>',
        )
        if name == "xl/worksheets/sheet5.xml"
        else data
    ),
}


@pytest.fixture(scope="module")
def milex_store(shared_data, tmp_path_factory):
    home = tmp_path_factory.mktemp("milex") / "home"
    mp = pytest.MonkeyPatch()
    mp.setenv("FOEDUS_HOME", str(home))
    result = invoke(f"data import sipri_milex '{shared_data / WORKBOOK}'", mp)
    mp.undo()
    assert result.code == 0, result.err
    return home, tree_digest(home)


@pytest.mark.parametrize("case", [*WORKBOOK_CASES, "truncated", "binary_garbage"])
def test_malformed_sipri_workbook_is_refused(milex_store, shared_data, tmp_path, monkeypatch, case):
    home, digest = milex_store
    real = shared_data / WORKBOOK
    bad = tmp_path / real.name
    if case == "truncated":
        bad.write_bytes(real.read_bytes()[:500_000])
    elif case == "binary_garbage":
        _garbage(real, bad, "")
    else:
        _workbook(real, bad, WORKBOOK_CASES[case])
    assert_refused("sipri_milex", bad, home, digest, monkeypatch)
