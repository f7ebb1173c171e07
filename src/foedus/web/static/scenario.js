// (b) A scenario: entrants round by round on the map, Monte Carlo join probabilities, and
// each state's explanation on click.
"use strict";
const SIDE_COLOURS = { attacker: ["#7f1d16", "#c0392b", "#e07b6f", "#f2b8b0"], target: ["#0f3566", "#1f5fa8", "#5d93d1", "#a9c8ea"] };

document.addEventListener("DOMContentLoaded", async () => {
  const map = new WorldMap(document.getElementById("map"));
  const drawn = map.draw(); // as on the map page: the form's handler is in place at once
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  for (const key of ["attacker", "target", "location", "runs", "seed"]) if (params.get(key)) $(key).value = params.get(key);
  if (params.get("on")) $("date").value = params.get("on");
  let entrants = [];
  let timer = null;
  let asked = 0, askedWhy = 0; // only the latest question's answer is drawn

  function scenarioParams() {
    return { attacker: $("attacker").value, target: $("target").value, on: $("date").value, location: $("location").value };
  }
  function drawRounds() {
    const upTo = Number($("round").value);
    $("round-label").textContent = upTo;
    const colours = new Map();
    map.clearOverlay();
    for (const e of entrants) {
      if (e.round > upTo) continue;
      const shades = SIDE_COLOURS[e.side];
      colours.set(e.ccode, shades[Math.min(e.round, shades.length - 1)]);
      if (e.round > 0) map.label(e.ccode, String(e.round));
    }
    map.colour(colours);
  }
  async function explain(code, name) {
    $("explain-title").textContent = `Why ${name}?`;
    const ticket = ++askedWhy;
    const rows = await api(`/api/v1/scenario?${query({ ...scenarioParams(), explain: code })}`);
    if (ticket !== askedWhy) return; // another state was clicked meanwhile
    const box = $("explain");
    if (!rows.length) { box.textContent = `${name} has no obligation that bears on this war.`; return; }
    const body = el("div");
    renderTable(body, rows, ["beneficiary", "arrangement", "role", "triggered", "reason"]);
    box.replaceChildren(el("p", { class: "verdict" }, el("b", {}, rows[0].explanation)), body);
  }
  async function run() {
    clearInterval(timer);
    const p = { ...scenarioParams(), runs: $("runs").value, seed: $("seed").value };
    history.replaceState(null, "", `?${query(p)}`);
    $("brief").href = `/api/v1/brief/scenario?${query(p)}`;
    $("brief-pdf").href = `/api/v1/brief/scenario?${query({ ...p, format: "pdf" })}`;
    const ticket = ++asked;
    const [, states, result] = await Promise.all([drawn, api(`/api/v1/shapes?${query({ on: p.on })}`), api(`/api/v1/scenario?${query(p)}`)]);
    if (ticket !== asked) return; // a later run was asked meanwhile: only its answer is drawn (the page load's own run can answer after the user's)
    $("state-list").replaceChildren(...states.map((s) => el("option", { value: s.name })));
    map.place(states);
    entrants = result.entrants;
    const last = Math.max(0, ...entrants.map((e) => e.round));
    $("round").max = last;
    $("round").value = last;
    drawRounds();
    const sides = ["attacker", "target"].map((side) => [side, entrants.filter((e) => e.side === side).length]);
    legend($("legend"), [
      ...sides.map(([side, n]) => [`${side} side (${n}); darker: earlier round`, SIDE_COLOURS[side][1]]),
      ["numbers: round of entry", "#fff"],
    ]);
    renderTable($("entrants"), entrants, ["round", "state", "side", "via", "clause"], (r) => explain(r.ccode, r.state));
    if (result.states) {
      const rows = result.states.filter((s) => s.p_enters > 0).map((s) => ({ ...s,
        chance: el("div", { class: "bar", style: `width:${(100 * s.p_enters).toFixed(1)}%;min-width:1px` }) }));
      const size = result.summary.find((r) => r.measure.startsWith("war size"));
      $("mc-summary").textContent = `${p.runs} runs, seed ${p.seed}: war size ${fmt(size.mean, 1)} states on average (95% of runs ${size["p2.5"]}–${size["p97.5"]}).`;
      renderTable($("probabilities"), rows, ["state", ["p_enters", "P(enters)"], ["chance", ""], ["p_target_side", "P(target side)"],
        ["p_attacker_side", "P(attacker side)"], ["mean_round", "mean round"]], (r) => explain(r.ccode, r.state));
    } else {
      $("mc-summary").textContent = "Set Monte Carlo runs above 0 for join probabilities.";
      $("probabilities").replaceChildren();
    }
  }
  map.onclick = (s) => explain(s.ccode, s.name);
  $("round").addEventListener("input", drawRounds);
  $("play").addEventListener("click", () => {
    clearInterval(timer);
    $("round").value = 0; drawRounds();
    timer = setInterval(() => {
      if (Number($("round").value) >= Number($("round").max)) { clearInterval(timer); return; }
      $("round").value = Number($("round").value) + 1; drawRounds();
    }, 900);
  });
  $("controls").addEventListener("submit", (e) => { e.preventDefault(); run(); });
  await run();
});
