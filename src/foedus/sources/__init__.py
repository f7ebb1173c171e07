"""Importers for the research datasets: one module per dataset, each exposing ``SPEC``.

A module's ``SPEC.read(path)`` reads the official distribution layout found at ``path``
(a file, or a directory holding the distribution's files), validates it, and returns the
normalised tables. :func:`import_source` stores them all-or-nothing with the release's
version, checksums and citation.
"""

from __future__ import annotations

import importlib
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from foedus.errors import DataFormatError, FoedusError
from foedus.store import Release, Store, sha256_file

# source name -> module implementing it. Each module defines SPEC: SourceSpec.
MODULES: dict[str, str] = {
    "atop": "foedus.sources.atop",
    "atop_ddyr": "foedus.sources.atop_ddyr",
    "cow_states": "foedus.sources.cow_states",
    "gw_states": "foedus.sources.gw_states",
    "cow_nmc": "foedus.sources.cow_nmc",
    "cow_war": "foedus.sources.cow_war",
    "cow_war_ddy": "foedus.sources.cow_war_ddy",
    "cow_mid": "foedus.sources.cow_mid",
    "gml_mid": "foedus.sources.gml_mid",
    "cow_contiguity": "foedus.sources.cow_contiguity",
    "mindist": "foedus.sources.mindist",
    "capitals": "foedus.sources.capitals",
    "cow_igo": "foedus.sources.cow_igo",
    "cow_majors": "foedus.sources.cow_majors",
    "rivalries": "foedus.sources.rivalries",
    "dcad": "foedus.sources.dcad",
    "mme": "foedus.sources.mme",
    "unga": "foedus.sources.unga",
    "sipri_arms": "foedus.sources.sipri_arms",
    "troops": "foedus.sources.troops",
    "sipri_milex": "foedus.sources.sipri_milex",
    "democracy": "foedus.sources.democracy",
    "sdp_gdp": "foedus.sources.sdp_gdp",
    "cow_gw_years": "foedus.sources.cow_gw_years",
    "leaders": "foedus.sources.leaders",
    "cow_trade": "foedus.sources.cow_trade",
    "creg": "foedus.sources.creg",
    "rugged": "foedus.sources.rugged",
    "terrthreat": "foedus.sources.terrthreat",
    "maoz_powers": "foedus.sources.maoz_powers",
    "arms_races": "foedus.sources.arms_races",
    "cow_war_intra": "foedus.sources.cow_war_intra",
    "ucdp_acd": "foedus.sources.ucdp_acd",
    "ucdp_onsets": "foedus.sources.ucdp_onsets",
}


@dataclass(frozen=True)
class RemoteFile:
    """One file of an official distribution."""

    filename: str  # name inside the distribution (and below a mirror's base URL)
    url: str  # official download URL
    sha256: str | None = None


@dataclass(frozen=True)
class SourceSpec:
    """What foedus knows about one dataset release."""

    name: str
    version: str
    title: str
    citation: str
    terms: str
    files: tuple[RemoteFile, ...]
    read: Callable[[Path], dict[str, pd.DataFrame]]
    coverage: tuple[int, int]  # first and last year the release covers
    mirror_dir: str = ""  # folder of the files below a mirror base (e.g. "atop")
    notes: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)


def spec(name: str) -> SourceSpec:
    """The SourceSpec of a source by name, with a one-line error listing the known ones."""
    module = MODULES.get(name)
    if module is None:
        raise FoedusError(f"unknown source {name!r}; accepted: {', '.join(sorted(MODULES))}")
    return importlib.import_module(module).SPEC


def coverage(name: str) -> tuple[int, int]:
    """First and last year covered by the catalogued release of source ``name``."""
    return spec(name).coverage


def check_input(path: Path) -> Path:
    """``path`` if it is a regular file or a folder; never opens a FIFO or a device."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise FoedusError(f"{path}: no such file or directory") from None
    except OSError as exc:
        raise FoedusError(f"{path}: cannot be read ({exc.strerror})") from None
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise DataFormatError(
            f"{path}: not a regular file or folder (a FIFO, device or socket); accepted: "
            "a data file, or a folder holding the distribution's files"
        )
    return path


def input_files(path: Path, source: SourceSpec) -> dict[str, Path]:
    """The distribution files found at ``path`` (a directory, or a single file)."""
    path = check_input(Path(path))
    if path.is_file():
        return {path.name: path}
    found = {
        f.filename: check_input(path / f.filename)
        for f in source.files
        if (path / f.filename).exists()
    }
    if not found:
        wanted = ", ".join(f.filename for f in source.files)
        raise DataFormatError(f"{path}: none of the {source.name} files found; expected {wanted}")
    return found


def import_source(name: str, path: str | Path, store: Store | None = None) -> Release:
    """Read, validate and store a local copy of source ``name``: every table or none.

    Parameters
    ----------
    name : str
        The catalogued source (e.g. ``"atop"``, ``"cow_nmc"``).
    path : str or Path
        The distribution: a folder holding its files, or a single data file.
    store : Store, optional
        The store written to (default: the user's store).

    Returns
    -------
    Release
        The release recorded: version, citation, input files' and tables' checksums.
    """
    source = spec(name)
    store = store or Store()
    tables = source.read(Path(path))  # checks the input first: never opens a FIFO or device
    checksums = {fname: sha256_file(p) for fname, p in input_files(Path(path), source).items()}
    # a reader that detects the release it was given (e.g. NMC 6.0 or 7.0) says so in attrs
    version = next(
        (t.attrs["version"] for t in tables.values() if "version" in t.attrs), source.version
    )
    return store.write_source(
        source.name, version, tables, citation=source.citation, files=checksums
    )
