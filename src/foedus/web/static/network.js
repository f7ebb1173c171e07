// (d) The cooperation network of a year or a day, by layer: ties drawn between states on the map,
// blocs coloured, and the network's measures.
"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const $ = (id) => document.getElementById(id);
  const map = new WorldMap($("map"));
  const drawn = map.draw(); // as on the map page: the form's handler is in place at once
  const params = new URLSearchParams(location.search);
  const given = params.get("on") || params.get("years");
  if (given) $("when").value = given;
  if (params.get("layer")) $("layer").value = params.get("layer");
  let net = null;

  function drawTies(focus) {
    map.clearOverlay();
    for (const e of net.edges) {
      if (focus && e.ccode1 !== focus && e.ccode2 !== focus) continue;
      const a = map.centre(e.ccode1), b = map.centre(e.ccode2);
      if (!a || !b) continue;
      map.overlay.append(svgEl("line", { x1: a[0], y1: a[1], x2: b[0], y2: b[1], class: "tie" + (focus ? " focus" : "") }));
    }
    for (const n of net.nodes) {
      const c = map.centre(n.ccode);
      if (!c || n.degree === 0) continue;
      map.overlay.append(svgEl("circle", { cx: c[0], cy: c[1], r: 1.5 + Math.sqrt(n.degree), class: "node",
        fill: PALETTE[n.bloc % PALETTE.length], stroke: "#fff", "stroke-width": 0.5 }));
    }
  }
  let asked = 0;
  async function show() {
    const when = $("when").value.trim(), layer = $("layer").value;
    const at = when.includes("-") ? { on: when } : { years: when };
    history.replaceState(null, "", `?${query({ ...at, layer })}`);
    const ticket = ++asked;
    const [, states, result] = await Promise.all([drawn, api(`/api/v1/shapes?${query({ on: when })}`), api(`/api/v1/network?${query({ ...at, layer })}`)]);
    if (ticket !== asked) return; // a later question was asked meanwhile: its answer is drawn
    net = result;
    map.place(states);
    const tied = net.nodes.filter((n) => n.degree > 0);
    map.colour(new Map(tied.map((n) => [n.ccode, PALETTE[n.bloc % PALETTE.length] + "55"])));
    drawTies(null);
    $("title-when").textContent = `${result.when} (${layer})`;
    const m = net.metrics;
    $("metrics").replaceChildren(...[["states", m.states], ["ties", m.ties], ["density", fmt(m.density)], ["isolates", m.isolates],
      ["components", m.components], ["largest component", m.largest_component], ["blocs", m.blocs], ["modularity", fmt(m.modularity)],
      ["polarization", fmt(m.polarization)]].map(([k, v]) => el("span", { class: "stat" }, el("b", {}, String(v)), k)));
    const names = new Map(states.map((s) => [s.ccode, s.name]));
    const named = (n) => names.get(n.ccode) || n.abb; // names, not COW abbreviations (YUG is Serbia)
    const blocs = [...new Set(tied.map((n) => n.bloc))].sort((a, b) => a - b);
    legend($("legend"), blocs.map((b) => {
      const inBloc = tied.filter((n) => n.bloc === b);
      const more = inBloc.length > 5 ? ` and ${inBloc.length - 5} more` : "";
      return [`bloc ${b + 1}: ${inBloc.slice(0, 5).map(named).join(", ")}${more}`, PALETTE[b % PALETTE.length]];
    }));
    const unplaced = tied.filter((n) => !map.centre(n.ccode)).map(named);
    $("unplaced").textContent = unplaced.length ? `Tied but without a shape on this map: ${unplaced.join(", ")}.` : "";
    renderTable($("nodes"), tied.map((n) => ({ ...n, state: named(n), bloc: n.bloc + 1 })),
      ["state", "degree", "eigenvector", "bloc"], (n) => drawTies(n.ccode));
  }
  $("controls").addEventListener("submit", (e) => { e.preventDefault(); show(); });
  await show();
});
