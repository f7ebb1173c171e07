// (f) Reliability: our rates beside the published ones (Leeds, Long & Mitchell 2000;
// Berkemeier & Fuhrmann 2018), and a browser of the coded cases war by war.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const $ = (id) => document.getElementById(id);
  let cases = [];
  function showWar() {
    const rows = cases.filter((c) => String(c.warnum) === $("war").value);
    renderTable($("cases"), rows, ["alliance", "assessed", "members", "verdict"], (c) => {
      $("case-title").textContent = `${c.alliance} in the ${c.war} war (${c.war_start}): ${c.verdict}`;
      $("case-explanation").textContent = c.explanation;
    });
  }
  async function show() {
    const rule = $("rule").value;
    // the first answer codes every case from ATOP and the COW wars: seconds, not milliseconds
    const slow = setTimeout(() => { $("busy").textContent = "Coding the cases from ATOP and the COW wars (several seconds the first time)…"; }, 300);
    let rates, all;
    try {
      [rates, all] = await Promise.all([api(`/api/v1/reliability?${query({ rule })}`), api(`/api/v1/reliability?${query({ rule, cases: true })}`)]);
    } finally {
      clearTimeout(slow);
      $("busy").textContent = "";
    }
    cases = all;
    bars($("rates"), rates);
    legend($("rates-legend"), [["foedus (this coding)", "#1f5fa8"], ["published", "#e08e2b"]]);
    renderTable($("rates-table"), rates, ["measure", "study", "cases", "honoured", "rate", "published_cases", "published_rate", "rate_diff"]);
    const wars = [...new Map(all.map((c) => [c.warnum, `${c.war} (${c.war_start.slice(0, 4)})`]))];
    const chosen = $("war").value;
    $("war").replaceChildren(...wars.map(([n, label]) => el("option", { value: n }, label)));
    $("war").value = chosen || String(wars.find(([, l]) => l.startsWith("World War I "))?.[0] ?? wars[0][0]);
    showWar();
  }
  $("rule").addEventListener("change", show);
  $("war").addEventListener("change", showWar);
  show();
});

function bars(svg, rates) {
  const width = 760, left = 190, row = 22, top = 10;
  const height = top + rates.length * row + 20;
  const X = (v) => left + (v / 100) * (width - left - 40);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.replaceChildren();
  for (const v of [0, 25, 50, 75, 100]) {
    svg.append(svgEl("line", { x1: X(v), x2: X(v), y1: top, y2: height - 16, stroke: "#eceff3" }));
    const t = svgEl("text", { x: X(v), y: height - 4, "text-anchor": "middle" }); t.textContent = `${v}%`; svg.append(t);
  }
  rates.forEach((r, i) => {
    const y = top + i * row;
    const name = svgEl("text", { x: left - 6, y: y + 13, "text-anchor": "end" }); name.textContent = `${r.measure} (${r.study.split(" ")[0].replace(/[,;]$/, "")})`; svg.append(name);
    for (const [value, colour, dy, cls] of [[r.rate, "#1f5fa8", 2, "ours"], [r.published_rate, "#e08e2b", 11, "published"]]) {
      if (value === null) continue;
      const bar = svgEl("rect", { x: left, y: y + dy, width: X(value) - left, height: 8, fill: colour, class: cls });
      const tip = svgEl("title"); tip.textContent = `${cls}: ${value}%`; bar.append(tip); svg.append(bar);
    }
  });
}
