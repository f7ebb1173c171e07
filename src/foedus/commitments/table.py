"""The obligations table compiled once per loaded data; a date's obligations are a mask.

:func:`compiled` builds, for a choice of sources and the store's imported ATOP releases
(:func:`foedus.data.atop.atop_fingerprint`: a re-import changes it), the table of every
obligation over its whole life with its ``start``/``end`` as ``datetime64[D]`` arrays. The
obligations in force on a date are then two comparisons over those arrays
(:meth:`Compiled.rows_on`, kept per date), and a row subset is taken only for the rows
asked for: ``who_defends`` takes the defense pledges toward one state, not the whole date.
Both caches are bounded (:data:`TABLES` compiled tables, :data:`DATES` dates per table) and
thread-safe; a table being compiled is compiled once, concurrent callers wait for it.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus.commitments.describe import describe_conditions
from foedus.commitments.frame import COLUMNS

if TYPE_CHECKING:
    from foedus.store import Store

TABLES = 4  # compiled tables kept (per sources and loaded ATOP release)
DATES = 256  # dates whose rows in force are kept per table (an index array each)
SHARED = 16  # dates whose whole frame is kept per table (:meth:`Compiled.shared_on`)
_OPEN = np.datetime64("9999-12-31", "D")
# the cells of a row its conditions are written from (the start first: where a location was)
CONDITIONS = ["start", *(c for c in COLUMNS if c.startswith("cond_"))]


class Compiled:
    """Every obligation of some sources over its whole life, with its dates as arrays.

    ``table`` has the obligations frame's columns and dtypes (:mod:`foedus.commitments.frame`)
    and must not be changed; take rows with :meth:`take`.
    """

    def __init__(self, table: pd.DataFrame) -> None:
        self.table = table.reset_index(drop=True)
        self.start = self.table["start"].to_numpy("datetime64[D]")
        end = self.table["end"].to_numpy("datetime64[D]")
        self.end = np.where(np.isnat(end), _OPEN, end)
        self.type = self.table["type"].to_numpy(object)
        self.beneficiary = self.table["beneficiary"].to_numpy(np.int64)
        # the few rows with suspension spells: row -> ((start, end or None), ...)
        self.spells = {
            int(i): s for i, s in enumerate(self.table["suspensions"].tolist()) if len(s)
        }
        self._said = np.zeros(len(self.table), dtype=bool)
        self._conditions = np.full(len(self.table), "", dtype=object)
        self._dates: OrderedDict[dt.date, np.ndarray] = OrderedDict()
        self._shared: OrderedDict[dt.date, pd.DataFrame] = OrderedDict()
        self._lock = threading.Lock()

    def rows_on(self, when: dt.date) -> np.ndarray:
        """Positions of the rows in force on ``when`` (start <= when <= end), kept per date."""
        with self._lock:
            rows = self._dates.get(when)
            if rows is not None:
                self._dates.move_to_end(when)
                return rows
        day = np.datetime64(when, "D")
        rows = np.flatnonzero((self.start <= day) & (self.end >= day))
        rows.setflags(write=False)
        with self._lock:
            self._dates[when] = rows
            while len(self._dates) > DATES:
                self._dates.popitem(last=False)
        return rows

    def conditions(self, rows: np.ndarray) -> np.ndarray:
        """The conditions of the rows at ``rows`` in words
        (:func:`foedus.commitments.describe_conditions`): written once per row of the table,
        and once per distinct set of conditions (most rows share theirs)."""
        todo = rows[~self._said[rows]]
        if len(todo):
            found = self.plain.take(todo)
            cells = {c: found[c].tolist() for c in CONDITIONS}
            said: dict[tuple[Any, ...], str] = {}
            texts = []
            for values in zip(*cells.values(), strict=True):
                row = dict(zip(cells, values, strict=True))
                # the start names the places of a location condition on its date
                key = (*values[1:], values[0] if row["cond_location"] else None)
                if key not in said:
                    said[key] = describe_conditions(row)
                texts.append(said[key])
            with self._lock:  # another thread may write the same rows: the same words
                self._conditions[todo] = texts
                self._said[todo] = True
        return self._conditions[rows]

    @functools.cached_property
    def plain(self) -> pd.DataFrame:
        """``table`` with its text columns as Python strings (cheap to take rows from and to
        read cell by cell: what :meth:`shared_on` gives)."""
        text = [c for c in self.table.columns if pd.api.types.is_string_dtype(self.table[c].dtype)]
        return self.table.astype(dict.fromkeys(text, object))

    def take(self, rows: np.ndarray, when: dt.date, plain: bool = False) -> pd.DataFrame:
        """The rows at ``rows`` (a fresh frame), with ``suspended`` on ``when`` (with
        ``plain``, taken from :attr:`plain`)."""
        out = (self.plain if plain else self.table).take(rows).reset_index(drop=True)
        suspended = np.zeros(len(rows), dtype=bool)
        if self.spells:
            for k in np.flatnonzero(np.isin(rows, list(self.spells))):
                suspended[k] = any(
                    s <= when and (e is None or when <= e) for s, e in self.spells[int(rows[k])]
                )
        out["suspended"] = suspended
        return out

    def shared_on(self, when: dt.date) -> pd.DataFrame:
        """The rows in force on ``when`` as one frame kept for the last :data:`SHARED`
        dates: the same object for the same date, with its text columns as Python strings
        (cheap to take rows from). It must never be changed in place."""
        with self._lock:
            frame = self._shared.get(when)
            if frame is not None:
                self._shared.move_to_end(when)
                return frame
        frame = self.take(self.rows_on(when), when, plain=True)
        with self._lock:
            frame = self._shared.setdefault(when, frame)
            while len(self._shared) > SHARED:
                self._shared.popitem(last=False)
        return frame


_tables: OrderedDict[Hashable, Compiled] = OrderedDict()
_lock = threading.Lock()  # held while a table is compiled: concurrent callers wait for it


def compiled(sources: tuple[str, ...], store: Store | None = None) -> Compiled:
    """The compiled table of ``sources`` (``"atop"``, ``"built-in"``) for the store's
    loaded ATOP (ATOP's rows, plus the built-in rows without an ``atop_id`` when both are
    asked for, so nothing counts twice)."""
    from foedus.commitments.atop import atop_obligations
    from foedus.commitments.curated import builtin_obligations

    key: Hashable = sources
    if "atop" in sources:
        from foedus.data.atop import atop_fingerprint

        key = (sources, atop_fingerprint(store))
    with _lock:
        found = _tables.get(key)
        if found is not None:
            _tables.move_to_end(key)
            return found
        frames = []
        if "atop" in sources:
            frames.append(from_accession(atop_obligations(store)))
        if "built-in" in sources:
            table = builtin_obligations()
            if "atop" in sources:
                table = table[table["atop_id"].isna()]
            frames.append(table)
        table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        found = Compiled(table)
        _tables[key] = found
        while len(_tables) > TABLES:
            _tables.popitem(last=False)
        return found


def from_accession(atop: pd.DataFrame) -> pd.DataFrame:
    """ATOP obligations with each later member bound from the day it became a party.

    ATOP 5.1 (Leeds et al. 2002, codebook sec. on membership dates) dates a state's entry
    into an existing alliance from its signature of the accession instrument; a state is
    bound only once the instrument is in force for it (Vienna Convention on the Law of
    Treaties, Art. 24). Where the built-in twin of the alliance records a member's accession
    after the alliance's entry into force (e.g. Spain in NATO: ATOP 1981-12-10, the
    protocol's signature; a party from 1982-05-30), an obligation owed by or to that
    member starts at the accession, with a ``date_note`` saying so. Founding members keep
    ATOP's date (see ``dates`` in :func:`foedus.who_defends`), and so do members with more
    than one spell in the built-in set. The reliability coder reads ATOP's own dates
    (:func:`foedus.commitments.atop_obligations`); this applies to who-defends and scenarios.

    Parameters
    ----------
    atop
        Obligations from :func:`foedus.commitments.atop_obligations`.

    Returns
    -------
    pandas.DataFrame
        The same rows (those whose accession comes after their end dropped), starts moved.
    """
    from foedus import builtin

    ref = builtin.load()
    twins = ref.arrangements.loc[ref.arrangements["atop_id"].notna(), ["id", "atop_id", "in_force"]]
    joined = ref.members.merge(twins, left_on="arrangement", right_on="id")
    # a member with several spells (Syria in the Arab League, Uzbekistan in the CSTO) is left
    # to ATOP's own phases: which spell a row belongs to is not known here
    single = ~joined.duplicated(["atop_id", "cow_code"], keep=False)
    joined = joined[single & (joined["joined"] > joined["in_force"])]
    if joined.empty or atop.empty:
        return atop
    later = pd.DataFrame(
        {
            "atop_id": joined["atop_id"].astype("int64").to_numpy(),
            "code": joined["cow_code"].astype("int64").to_numpy(),
            "joined": pd.to_datetime(joined["joined"]).astype("datetime64[s]").to_numpy(),
        }
    )
    keys = atop["atop_id"].astype("Int64").fillna(-1).astype("int64")
    start = atop["start"].to_numpy("datetime64[s]")
    new_start = start.copy()
    for side in ("obligor", "beneficiary"):
        found = (
            pd.DataFrame({"atop_id": keys.to_numpy(), "code": atop[side].to_numpy()})
            .merge(later, how="left", on=["atop_id", "code"])["joined"]
            .to_numpy("datetime64[s]")
        )
        new_start = np.where(~np.isnat(found) & (found > new_start), found, new_start)
    moved = new_start != start
    note = pd.Series(
        "ATOP 5.1 dates this pledge from "
        + np.datetime_as_string(start[moved], unit="D").astype(object)
        + " (signature of the accession); a party from "
        + np.datetime_as_string(new_start[moved], unit="D").astype(object)
        + " (built-in set), the date used: a state is bound once the treaty is in force for it",
        index=atop.index[moved],
    )
    earlier = atop["date_note"][moved].fillna("").astype(str)
    notes = atop["date_note"].astype(object).copy()
    notes[moved] = np.where(earlier != "", earlier + "; " + note, note)
    out = atop.assign(start=new_start, date_note=notes)
    keep = out["end"].isna() | (out["start"] <= out["end"])
    return out[keep].reset_index(drop=True)


def clear() -> None:
    """Forget every compiled table (the next call compiles again)."""
    with _lock:
        _tables.clear()
