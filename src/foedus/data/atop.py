"""Readers of ATOP 5.1 (Leeds, Ritter, Mitchell & Long 2002; codebook 5.1): the member file
(``atop``) and ATOP's directed dyad-year coding (``atop_ddyr``)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from foedus.data._sql import query
from foedus.store import Store
from foedus.vocab import ATOP_FLAGS

FLAGS = tuple(ATOP_FLAGS.values())


def _store(store: Store | None) -> Store:
    return Store() if store is None else store


def read_atop_members(
    store: Store | None = None, columns: Sequence[str] = (), optional: Sequence[str] = ()
) -> pd.DataFrame:
    """ATOP member rows (codebook 5.1 §2.3) of COW members with a known entry date.

    Parameters
    ----------
    store
        The store (default: the user's store).
    columns
        Further member-file columns to read (e.g. ``defcon``, ``olimob``).
    optional
        Further columns read when the file has them, else null (condition flags that a
        smaller member table may lack).

    Returns
    -------
    pandas.DataFrame
        ``atopid, phase, member, entry, exit`` (datetime64; a null exit: in force at the
        data's end), the obligation flags ``defense, offense, neutral, nonagg, consul``
        (0/1; a missing flag is 0), ``obvary`` (0/1: the member's obligations differ by
        partner) and ``columns`` and ``optional``.
    """
    store = _store(store)
    present = set(query("SELECT * FROM m LIMIT 0", store, m=("atop", "member")).columns)
    flags = ", ".join(f"coalesce({f}, 0)::INT AS {f}" for f in FLAGS)
    obvary = "coalesce(obvary, 0)::INT" if "obvary" in present else "0"
    extra = "".join(f', "{c}"' for c in columns)
    extra += "".join(
        f', "{c}"' if c in present else f', NULL AS "{c}"' for c in optional if c not in columns
    )
    return query(
        f"""SELECT atopid, phase, member, entry::TIMESTAMP AS entry, exit::TIMESTAMP AS exit,
                   {flags}, {obvary} AS obvary{extra}
            FROM m WHERE member < 1000 AND entry IS NOT NULL
            ORDER BY atopid, phase, member, entry""",
        store,
        m=("atop", "member"),
    )


def read_atop_directed(store: Store | None = None) -> pd.DataFrame | None:
    """ATOP's directed dyad-year coding (codebook 5.1 §2.7; source ``atop_ddyr``), or None
    when it is not imported.

    Returns
    -------
    pandas.DataFrame or None
        ``ccode1`` (state A, the obligor), ``ccode2`` (state B), ``year`` and the flags
        ``defense, offense, neutral, nonagg, consul`` (1: A owes B that obligation), one
        row per directed dyad-year sharing an alliance.
    """
    store = _store(store)
    if not store.has("atop_ddyr"):
        return None
    return query(
        f"SELECT ccode1, ccode2, year, {', '.join(FLAGS)} FROM d ORDER BY ccode1, ccode2, year",
        store,
        d=("atop_ddyr", "ddyr"),
    )


def atop_fingerprint(store: Store | None = None) -> tuple[str, ...]:
    """What identifies the imported ATOP releases (member file and, when imported, the
    directed coding): a cache key that changes when either is re-imported."""
    store = _store(store)
    out = [str(store.path("atop", "member"))]
    if store.has("atop_ddyr"):
        out.append(str(store.path("atop_ddyr", "ddyr")))
    return tuple(out)
