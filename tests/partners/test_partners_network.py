"""foedus.partners.network: the DCA-network measures (Kinne 2018) on a hand-built network."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from foedus.partners.components import components
from foedus.partners.network import dca_network, known_by


def agreements(rows: list[tuple[int, int, str, str | None, int]]) -> pd.DataFrame:
    """(ccode1, ccode2, signed, in_force, end_year) -> read_dca_agreements' columns."""
    frame = pd.DataFrame(rows, columns=["ccode1", "ccode2", "signed", "in_force", "end_year"])
    return frame.astype({"signed": "datetime64[ns]", "in_force": "datetime64[ns]"})


# 2-20 (2000), 2-200 (2001), 20-200 (2002), 200-210 (1990, ended 1995),
# 2-210 signed 2003 but in force only in 2004
NETWORK = agreements(
    [
        (2, 20, "2000-03-01", "2000-03-01", 2010),
        (2, 200, "2001-05-01", "2001-06-01", 2010),
        (20, 200, "2002-01-15", "2002-01-15", 2010),
        (200, 210, "1990-07-01", "1990-07-01", 1995),
        (2, 210, "2003-09-01", "2004-02-01", 2010),
    ]
)


def test_degrees_and_common_partners_by_hand():
    focal = np.array([20, 2, 210, 210, 20, 2])
    partner = np.array([2, 20, 200, 200, 210, 20])
    year = np.array([2003, 2004, 1993, 1996, 2004, 2015])
    out = dca_network(NETWORK, focal, partner, year, last=2010)
    # 2's partners signed in 1999-2003: 20, 200, 210; 20's in 2000-2004: 2, 200;
    # 200's in 1989-1993: 210; in 1992-1996: none; 210's in 2000-2004: 2;
    # 20's in 2006-2010 (2015 -> DCAD's last year 2010): none
    assert out["dca_partners"].tolist() == [3, 2, 1, 0, 1, 0]
    # in force with both: 200 for (20, 2) from 2002 on (2010 for 2015); 210 and 200 share
    # none; 20 and 210 share 2 once 2-210 is in force (2004)
    assert out["dca_common"].tolist() == [1, 1, 0, 0, 1, 1]
    assert out["dca_year"].tolist() == [2003, 2004, 1993, 1996, 2004, 2010]


def test_no_look_ahead_within_the_year():
    # on 2003-06-01 the 2-210 agreement is not signed yet: 2 has two recent partners
    known = known_by(NETWORK, dt.date(2003, 6, 1))
    out = dca_network(known, np.array([20]), np.array([2]), np.array([2003]), last=2010)
    assert out["dca_partners"].item() == 2
    # on 2003-12-01 it is signed (counts for the degree) but not yet in force
    known = known_by(NETWORK, dt.date(2003, 12, 1))
    assert known["in_force"].isna().sum() == 1
    out = dca_network(known, np.array([20, 20]), np.array([2, 210]), np.array([2003] * 2), 2010)
    assert out["dca_partners"].tolist() == [3, 1]
    assert out["dca_common"].tolist() == [1, 0]


def test_dca_components_follow_the_documented_transforms():
    m = pd.DataFrame(
        {
            "cinc": [0.01, 0.01],
            "s": [0.0, 0.0],
            "ideal_distance": [0.0, 0.0],
            "threat": [0.0, 0.0],
            "mindist": [0.0, 0.0],
            "depth": [0.0, 0.0],
            "honoured": [0.0, 0.0],
            "cases": [0.0, 0.0],
            "dca_partners": [5.0, 0.0],
            "dca_common": [2.0, 0.0],
        }
    )
    c = components(m)
    assert c["dca_degree"].tolist() == pytest.approx([1 - np.exp(-1), 0.0])
    assert c["dca_closure"].tolist() == pytest.approx([1 - np.exp(-1), 0.0])
