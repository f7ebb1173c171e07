// (c) An arrangement: its members over time as a timeline, its clauses and its events.
"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const $ = (id) => document.getElementById(id);
  const all = await api("/api/v1/arrangements");
  const params = new URLSearchParams(location.search);
  $("arrangement").replaceChildren(...all.map((a) => el("option", { value: a.id }, a.name)));
  $("arrangement").value = params.get("id") || "nato";

  async function show() {
    const id = $("arrangement").value;
    history.replaceState(null, "", `?${query({ id })}`);
    const { arrangement: a, members, events } = await api(`/api/v1/arrangements/${encodeURIComponent(id)}`);
    $("title").textContent = `${a.name}${a.short ? ` (${a.short})` : ""}`;
    const facts = [["Kinds", fmt(a.kinds)], ["Signed", a.signed], ["In force", a.in_force], ["Ended", a.ended || "in force"],
      ["Treaty area and clauses", a.scope], ["ATOP id", a.atop_id], ["Source", a.source], ["Note on its end", a.end_note]];
    $("facts").replaceChildren(...facts.filter(([, v]) => v).flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, fmt(v))]));
    timeline($("timeline"), members, a);
    renderTable($("events"), events, ["date", "type", "clause", "requested_by", "summary", "source"]);
    if (!events.length) $("events").replaceChildren(el("p", { class: "muted" }, "No invocation or consultation recorded."));
  }
  $("arrangement").addEventListener("change", show);
  await show();
});

function timeline(svg, members, a) {
  const today = new Date().toISOString().slice(0, 10);
  const year = (d) => Number(d.slice(0, 4)) + (Number(d.slice(5, 7)) - 1) / 12;
  const start = year(a.in_force || a.signed), end = year(a.ended || today);
  const rows = [...members].sort((m, n) => m.joined.localeCompare(n.joined) || m.state.localeCompare(n.state));
  const width = 760, left = 170, right = 20, row = 14, top = 20;
  const height = top + rows.length * row + 10;
  const X = (y) => left + ((y - start) / Math.max(end - start, 1)) * (width - left - right);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.replaceChildren();
  const step = end - start > 100 ? 20 : end - start > 40 ? 10 : 5;
  for (let y = Math.ceil(start / step) * step; y <= end; y += step) {
    svg.append(svgEl("line", { x1: X(y), x2: X(y), y1: top - 4, y2: height, stroke: "#eceff3" }));
    const t = svgEl("text", { x: X(y), y: 12, "text-anchor": "middle" }); t.textContent = y; svg.append(t);
  }
  rows.forEach((m, i) => {
    const y = top + i * row;
    const name = svgEl("text", { x: left - 6, y: y + 10, "text-anchor": "end" }); name.textContent = m.state; svg.append(name);
    const bar = svgEl("rect", { x: X(year(m.joined)), y: y + 2, height: row - 4, rx: 2, fill: m.left ? "#9aa4b5" : "#0b7a6f",
      width: Math.max(2, X(year(m.left || a.ended || today)) - X(year(m.joined))), class: "spell" });
    const tip = svgEl("title"); tip.textContent = `${m.state}: ${m.joined} – ${m.left || "today"}${m.note ? ` (${m.note})` : ""}`;
    bar.append(tip); svg.append(bar);
  });
}
