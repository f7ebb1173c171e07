// (g) Data: the loaded releases, and each catalogued source's coverage and citation.
"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const [status, catalog] = await Promise.all([api("/api/v1/data/status"), api("/api/v1/data/catalog")]);
  const loaded = new Set(status.map((s) => s.source));
  if (status.length) {
    renderTable(document.getElementById("status"), status.map((s) => ({ ...s,
      rows: Object.entries(s.tables).map(([t, n]) => `${t}: ${n.toLocaleString("en")}`).join("; ") })),
    ["source", "version", "rows", ["imported_at", "imported"], "citation"]);
  } else {
    document.getElementById("status").replaceChildren(el("p", { class: "muted" }, "No research dataset loaded: the built-in reference set only."));
  }
  const sources = [...new Map(catalog.map((c) => [c.source, c])).values()];
  renderTable(document.getElementById("catalog"), sources.map((c) => ({ ...c, loaded: loaded.has(c.source) ? "yes" : "no",
    coverage: c.coverage ? c.coverage.join("–") : "" })), ["source", "title", "version", "coverage", "loaded", "citation", "terms"]);
});
