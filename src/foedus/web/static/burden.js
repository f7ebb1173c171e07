// (e) Burden sharing: members' spending as a share of GDP against the 2% and 3.5% guidelines,
// compliance over the years, and a fair-share allocation of a collective target.
"use strict";
const GUIDES = [{ y: 2, label: "2% (2014)", colour: "#e08e2b" }, { y: 3.5, label: "3.5% (2025)", colour: "#c0392b" }];

document.addEventListener("DOMContentLoaded", () => {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  for (const key of ["arrangement", "years", "year", "rule", "target"]) if (params.get(key)) $(key).value = params.get(key);

  async function show() {
    const p = { arrangement: $("arrangement").value, years: $("years").value, year: $("year").value, rule: $("rule").value, target: $("target").value };
    history.replaceState(null, "", `?${query(p)}`);
    const thresholds = { threshold: [2, 3.5] };
    const [members, summary, allocation] = await Promise.all([
      api(`/api/v1/burden?${query({ arrangement: p.arrangement, years: p.year, ...thresholds })}`),
      api(`/api/v1/burden?${query({ arrangement: p.arrangement, years: p.years, summary: true, ...thresholds })}`),
      api(`/api/v1/allocate?${query({ arrangement: p.arrangement, years: p.year, rule: p.rule, target: p.target })}`),
    ]);
    $("title").textContent = `${p.arrangement}, ${p.years}`;
    document.querySelectorAll(".year").forEach((n) => { n.textContent = p.year; });
    shares($("shares"), members.filter((m) => m.milex_share_gdp !== null));
    lineChart($("spending"), [
      { name: "alliance", colour: "#1f5fa8", points: summary.map((r) => [r.year, 100 * r.alliance_share_gdp]) },
      { name: "median", colour: "#5fa89a", points: summary.map((r) => [r.year, 100 * r.median_share_gdp]) },
    ], { guides: GUIDES, yLabel: "% of GDP", height: 220 });
    legend($("spending-legend"), [["alliance-wide: all members' spending / all members' GDP", "#1f5fa8"], ["median member", "#5fa89a"]]);
    lineChart($("compliance"), [
      { name: "2%", colour: "#e08e2b", width: 2, points: summary.map((r) => [r.year, 100 * r.meets_2pct_share]) },
      { name: "3.5%", colour: "#c0392b", width: 2, points: summary.map((r) => [r.year, 100 * r["meets_3.5pct_share"]]) },
    ], { yLabel: "% of members with data", yMax: 100, height: 220 });
    legend($("compliance-legend"), [["members at or above 2% of GDP", "#e08e2b"], ["at or above 3.5%", "#c0392b"]]);
    const total = allocation.reduce((s, r) => s + r.fair_share_usd_m, 0);
    $("allocation-note").textContent = `Target ${p.target} shared by the ${p.rule} rule: ${fmt(total / 1e3, 1)} bn USD in all; gap = fair share − actual (below zero: spends more than its share).`;
    const pct = (v) => (v === null ? "" : shareText(100 * v));
    const bn = (m) => (m / 1e3).toFixed(1).replace(/^-(0\.0)$/, "$1");  // not "-0.0"
    renderTable($("allocation"), allocation.map((r) => ({ ...r, actual: pct(r.milex_share_gdp), fair: pct(r.fair_share_gdp), gap: bn(r.gap_usd_m) })),
      ["state", ["actual", "actual % GDP"], ["fair", "fair % GDP"], ["gap", "gap bn USD"]]);
  }
  $("controls").addEventListener("submit", (e) => { e.preventDefault(); show(); });
  show();
});

// a share of GDP in %, to two decimals, or more where two would put it on a guideline it is
// below (1.996% as "1.996", not "2.00", beside a bar coloured as under 2%)
function shareText(v) {
  for (let digits = 2; digits < 6; digits++) {
    const text = v.toFixed(digits);
    if (!GUIDES.some((g) => v < g.y - 1e-9 && Number(text) >= g.y)) return text;  // not float noise
  }
  return String(v);
}

function shares(svg, members) {
  const rows = [...members].sort((a, b) => b.milex_share_gdp - a.milex_share_gdp);
  const width = 760, left = 170, right = 30, row = 14, top = 18;
  const height = top + rows.length * row + 8;
  const max = Math.max(4, ...rows.map((r) => 100 * r.milex_share_gdp)) * 1.05;
  const X = (v) => left + (v / max) * (width - left - right);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.replaceChildren();
  rows.forEach((r, i) => {
    const y = top + i * row, v = 100 * r.milex_share_gdp;
    const name = svgEl("text", { x: left - 6, y: y + 10, "text-anchor": "end" }); name.textContent = r.state; svg.append(name);
    const colour = v >= 3.5 ? "#0b7a6f" : v >= 2 ? "#5fa89a" : "#9aa4b5";
    const bar = svgEl("rect", { x: left, y: y + 2, width: X(v) - left, height: row - 4, fill: colour, class: "share" });
    const tip = svgEl("title"); tip.textContent = `${r.state}: ${shareText(v)}% of GDP`; bar.append(tip); svg.append(bar);
    const value = svgEl("text", { x: X(v) + 3, y: y + 10 }); value.textContent = shareText(v); svg.append(value);
  });
  for (const g of GUIDES) {
    svg.append(svgEl("line", { x1: X(g.y), x2: X(g.y), y1: top - 4, y2: height, stroke: g.colour, class: "guide" }));
    const t = svgEl("text", { x: X(g.y), y: 11, "text-anchor": "middle", fill: g.colour }); t.textContent = g.label; svg.append(t);
  }
}
