// (a) Who is obliged to defend a state on a date, coloured by the strongest kind of pledge.
"use strict";
const ORDER = ["defense", "offense", "neutrality", "nonaggression", "consultation"];
const TARGET_COLOUR = "#1d2330";

document.addEventListener("DOMContentLoaded", async () => {
  const map = new WorldMap(document.getElementById("map"));
  // drawn while the first answer is fetched; the form's handler is in place at once, so an
  // early "Show" is never the browser's own submission (a reload with the default values)
  const drawn = map.draw();
  const [state, date, year, form] = ["state", "date", "year", "controls"].map((id) => document.getElementById(id));
  const params = new URLSearchParams(location.search);
  state.value = params.get("state") || state.value;
  date.value = params.get("on") || new Date().toISOString().slice(0, 10);
  date.max = new Date().toISOString().slice(0, 10);
  year.max = thisYear();
  year.value = date.value.slice(0, 4);
  let rows = [];

  let asked = 0;
  async function show() {
    const on = date.value;
    const ticket = ++asked;
    const [, states, obligations] = await Promise.all([
      drawn,
      api(`/api/v1/shapes?${query({ on })}`),
      api(`/api/v1/obligations?${query({ state: state.value, on })}`),
    ]);
    if (ticket !== asked) return; // a later question was asked meanwhile: its answer is drawn
    rows = obligations;
    history.replaceState(null, "", `?${query({ state: state.value, on })}`);
    document.getElementById("state-list").replaceChildren(...states.map((s) => el("option", { value: s.name })));
    map.place(states);
    const target = states.find((s) => s.name.toLowerCase() === state.value.toLowerCase()) || null;
    const strongest = new Map();
    for (const r of obligations) {
      const now = strongest.get(r.obligor_ccode);
      if (now === undefined || ORDER.indexOf(r.type) < ORDER.indexOf(now)) strongest.set(r.obligor_ccode, r.type);
    }
    const colours = new Map([...strongest].map(([code, type]) => [code, TYPE_COLOURS[type]]));
    const targetCode = obligations.length ? obligations[0].beneficiary_ccode : target && target.ccode;
    if (targetCode) colours.set(targetCode, TARGET_COLOUR);
    map.colour(colours);
    document.getElementById("title-state").textContent = `${state.value} on ${on}`;
    const counts = ORDER.map((t) => [t, [...strongest.values()].filter((v) => v === t).length]);
    legend(document.getElementById("legend"), [[state.value, TARGET_COLOUR],
      ...counts.map(([t, n]) => [`${t} (${n})`, TYPE_COLOURS[t]])]);
    const defenders = new Set(obligations.filter((r) => r.type === "defense").map((r) => r.obligor_ccode));
    const unmapped = [...strongest.keys()].filter((c) => !map.centre(c)).map((c) => obligations.find((r) => r.obligor_ccode === c).obligor);
    document.getElementById("summary").textContent =
      `${strongest.size} states owe ${state.value} a pledge on ${on}; ${defenders.size} of them a defense pledge.` +
      (unmapped.length ? ` Too small for this map: ${unmapped.join(", ")}.` : "");
    const groups = {};
    for (const r of obligations) (groups[`${r.arrangement_name}|${r.type}|${r.clause}`] ||= []).push(r.obligor);
    renderTable(document.getElementById("by-arrangement"),
      Object.entries(groups).map(([key, names]) => { const [arrangement, type, clause] = key.split("|"); return { arrangement, type, clause, states: names.length }; }),
      ["arrangement", "type", "clause", "states"]);
    document.getElementById("detail-title").textContent = "Click a coloured state";
  }

  map.onclick = (s) => {
    const mine = rows.filter((r) => r.obligor_ccode === s.ccode);
    document.getElementById("detail-title").textContent = `${s.name} toward ${state.value}`;
    const detail = document.getElementById("detail");
    if (!mine.length) { detail.textContent = `${s.name} owes ${state.value} no pledge on ${date.value}.`; return; }
    renderTable(detail, mine.map((r) => ({ ...r, conditions: r.cond_other || [].concat(r.cond_location || []).join(", ") })),
      [["type", "kind"], ["arrangement_name", "arrangement"], "clause", "conditions", "source", ["start", "since"]]);
  };
  year.addEventListener("input", () => { date.value = `${year.value}${date.value.slice(4)}`; });
  year.addEventListener("change", show);
  date.addEventListener("change", () => { year.value = date.value.slice(0, 4); show(); });
  form.addEventListener("submit", (e) => { e.preventDefault(); show(); });
  await show();
});
