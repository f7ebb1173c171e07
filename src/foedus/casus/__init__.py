"""Casus foederis: which obligations a war triggers, condition by condition (pure functions).

A war is a set of belligerents, each on the attacker or the target side and entered in a
round (0 for the original attackers and targets). Who attacks whom follows one rule:
the original attackers attack the original targets, and a state that enters later makes
war on every belligerent of the other side that was already fighting (Russia entering
for Serbia in 1914 attacks Austria-Hungary; Germany, entering next, attacks Russia).

Following the ATOP codebook (Leeds et al. 2002; codebook v5.1 section 1.51) and the
casus foederis literature (Leeds, Long & Mitchell 2000, "Reevaluating Alliance
Reliability", Journal of Conflict Resolution 44(5): 686-699), an obligation of
``obligor`` toward ``beneficiary`` is triggered when its event occurs:

* defense: the beneficiary is attacked (not when it attacks) by a state that is not a
  member of the same arrangement: a war between members (the Football War of 1969 inside
  the Rio Treaty, the Soviet invasion of Hungary in 1956 inside the Warsaw Pact) does not
  invoke their defense pledges, as Leeds, Long & Mitchell (2000) code it (members
  fighting each other is a matter for non-aggression pledges); the members of an
  arrangement are the states that owe or are owed its obligations in the frame given;
* offense: the beneficiary attacks (the obligor joins it);
* neutrality and consultation: the beneficiary is at war;
* nonaggression: the beneficiary is at war (the obligor must not attack it);

and every condition holds: the named adversary is among the states in that event,
enough states attack the beneficiary (ATOP's NEUCOATT, "neutral only if the ally is
attacked", is a minimum of one attacker: counted against the states attacking the
beneficiary, not those it fights), the war's theatre falls in the location (the
scenario's location applies to every attack of the war; without one, the original
targets' home regions; a defense pledge without a named location also needs the war
to reach the beneficiary's home regions, since ATOP's DEFENSE answers an attack on the
ally's own territory), the beneficiary did not provoke (the attacker side began the
war; a state that entered by intervening may have provoked), the named conflict (the
same name, compared exactly), refused demands. Each condition is met, not met or
unknown; a source condition whose content is not coded (ATOP's adversary and location
flags) is unknown, except that a location limit cannot be met by a war fought outside
the home regions of every member. Free-text ``cond_other`` notes of the built-in set are
shown but not evaluated.

The evaluation is vectorised over runs (rows of the ``side``/``rnd`` arrays), so the
cascade simulator calls this same code for one run or a hundred thousand.
"""

from foedus.casus.evaluation import draw_in_attacked, evaluate, event_counts, initial_war
from foedus.casus.explain import count_triggered, report, triggered
from foedus.casus.location import fought_abroad, theatre
from foedus.casus.pledges import (
    Pledges,
    arrangement_members,
    compile_pledges,
)
from foedus.casus.scenario import (
    CONDITIONS,
    MET,
    NOT_MET,
    ROLES,
    SIDES,
    STATUS,
    TYPES,
    UNKNOWN,
    Attack,
    Scenario,
)

__all__ = [
    "CONDITIONS",
    "MET",
    "NOT_MET",
    "ROLES",
    "SIDES",
    "STATUS",
    "TYPES",
    "UNKNOWN",
    "Attack",
    "Pledges",
    "Scenario",
    "arrangement_members",
    "compile_pledges",
    "count_triggered",
    "draw_in_attacked",
    "evaluate",
    "event_counts",
    "fought_abroad",
    "initial_war",
    "report",
    "theatre",
    "triggered",
]
