"""Treaty texts read for a war: the casus foederis where ATOP codes a condition without content.

ATOP 5.1 codes that a pledge is limited (to an adversary, a location, a conflict or another
condition) without always saying to what (codebook v5.1, section 2.3: DEFCOADV, DEFCOLOC,
DEFCOCON, OLIMOB, ...). The published studies read the treaty to decide whether the casus
foederis was met (Leeds, Long & Mitchell 2000, JCR 44(5): 686-699); foedus treats such a
pledge as not applicable unless a reading below settles it for a war (rule 5 in
docs/reliability.md). Each reading names the treaty, the article and what the war did.
Built-in treaty readings (``foedus.builtin``, by ``atop_id``) that fill a condition for every
war are applied earlier, in :func:`foedus.commitments.atop_obligations`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd


class Reading(NamedTuple):
    """The casus foederis of an ATOP alliance's pledges in one COW war, read from the text."""

    atop_id: int
    warnum: int
    types: tuple[str, ...]
    met: bool
    text: str


READINGS: tuple[Reading, ...] = (
    Reading(
        1415,
        85,
        ("neutrality",),
        True,
        "Anglo-Japanese Agreement, London, 30 January 1902, Art. II: if either party 'should "
        "become involved in war with another Power, the other High Contracting Party will "
        "maintain a strict neutrality' — Japan fought Russia alone",
    ),
    Reading(
        1160,
        22,
        ("defense", "offense"),
        True,
        "Treaty of Constantinople, 12 March 1854 (France, United Kingdom, Ottoman Empire — "
        "Sardinia acceded 26 January 1855), Art. 1: France and the United Kingdom support "
        "the Sultan by force of arms in the war with Russia then under way",
    ),
    Reading(
        1165,
        22,
        ("offense",),
        True,
        "Convention of London, 10 April 1854 (France, United Kingdom — Sardinia acceded 26 "
        "January 1855), Arts. 1-2: the parties act together to re-establish peace between "
        "Russia and the Sublime Porte, that is, in the war under way",
    ),
    Reading(
        1180,
        22,
        ("defense", "offense"),
        False,
        "Treaty of Vienna, 2 December 1854 (Austria, France, United Kingdom): the offensive "
        "and defensive alliance applies only if hostilities break out between Austria and "
        "Russia, and Art. 5 binds the parties only to deliberate if peace is not restored "
        "by the end of 1854 — Austria never fought Russia",
    ),
    Reading(
        3005,
        139,
        ("offense",),
        True,
        "Yalta Agreement regarding Japan, 11 February 1945: the Soviet Union enters the war "
        "against Japan on the side of the Allies two or three months after Germany's "
        "surrender, on conditions the United States and the United Kingdom accepted",
    ),
    Reading(
        3030,
        139,
        ("defense", "offense"),
        True,
        "Sino-Soviet Treaty of Friendship and Alliance, Moscow, 14 August 1945, Art. I: the "
        "parties render each other all military and other assistance in the war against Japan",
    ),
    Reading(
        1020,
        10,
        ("defense", "offense", "neutrality"),
        False,
        "Vienna Final Act of the German Confederation, 15 May 1820, Art. 46: a war that a "
        "member with possessions outside the federal territory wages as a European power "
        "remains foreign to the Confederation — Sardinia attacked Austria in Lombardy-Venetia, "
        "outside the federal territory",
    ),
    Reading(
        3270,
        153,
        ("defense",),
        False,
        "Mutual Defense Treaty between the United States and the Republic of China, 2 December "
        "1954, Arts. V-VI: an armed attack on the territories of either party, which for the "
        "Republic of China are Taiwan and the Pescadores — the fighting was over the offshore "
        "islands (Tachen, Quemoy, Matsu)",
    ),
    Reading(
        3270,
        159,
        ("defense",),
        False,
        "Mutual Defense Treaty between the United States and the Republic of China, 2 December "
        "1954, Arts. V-VI: an armed attack on the territories of either party, which for the "
        "Republic of China are Taiwan and the Pescadores — the fighting of 1958 was over Quemoy "
        "and Matsu",
    ),
)


def apply_readings(rows: pd.DataFrame, readings: tuple[Reading, ...] = READINGS) -> np.ndarray:
    """Set ``triggered`` and ``reason`` of the rows a reading covers; return which were read.

    Parameters
    ----------
    rows
        Coded rows with atop_id, warnum, type, triggered, reason (changed in place).
    readings
        The readings (default :data:`READINGS`).

    Returns
    -------
    numpy.ndarray
        True for each row whose casus the treaty text settled.
    """
    read = np.zeros(len(rows), dtype=bool)
    for r in readings:
        hit = (
            rows["atop_id"].eq(r.atop_id) & rows["warnum"].eq(r.warnum) & rows["type"].isin(r.types)
        ).to_numpy()
        status = "met" if r.met else "not met"
        rows.loc[hit, "triggered"] = "yes" if r.met else "no"
        rows.loc[hit, "reason"] = (
            f"casus {status} by the treaty text ({r.text}); as ATOP codes it: "
            + rows.loc[hit, "reason"].astype(str)
        )
        read |= hit
    return read
