"""states.in_system (membership on a date) beside states.resolve (identity on any date)."""

from __future__ import annotations

import pytest

from foedus.errors import FoedusError
from foedus.states import in_system, resolve


@pytest.mark.parametrize(
    ("code", "on", "system", "member"),
    [
        (255, "1950-01-01", "cow", False),  # Germany: no COW spell 1945-1990
        (255, "1990-10-03", "cow", True),  # unification
        (260, "1990-10-02", "cow", True),  # the German Federal Republic's last day
        (260, "1990-10-03", "cow", False),
        (260, "1950-01-01", "gw", True),  # G-W lists the FRG from 1949, COW from 1955
        (260, "1950-01-01", "cow", False),
        (260, "2000-01-01", "gw", True),  # G-W keeps 260 for united Germany
        (2, 1816, "cow", True),  # a year means 1 January
        (999, "2000-01-01", "cow", False),  # no such code
    ],
)
def test_membership_on_a_date(code, on, system, member):
    assert in_system(code, on, system) is member


def test_resolve_answers_for_dates_outside_every_spell():
    """Identity, not membership: Germany resolves in 1950, though it is not a member."""
    assert resolve(255, on="1950-01-01").cow_code == 255
    assert not in_system(255, "1950-01-01")


def test_unknown_system():
    with pytest.raises(FoedusError, match=r"system 'iso' is unknown; accepted: cow, gw"):
        in_system(2, "2000-01-01", "iso")
