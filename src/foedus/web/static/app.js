// Shared helpers of the foedus pages: JSON from the API, tables, the world map, small charts.
"use strict";
const SVGNS = "http://www.w3.org/2000/svg";
const TYPE_COLOURS = { defense: "#1f5fa8", offense: "#c0392b", neutrality: "#8e6bbf",
  nonaggression: "#e08e2b", consultation: "#5fa89a" };
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
  "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173"];

async function api(url) {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) {
    showError(body.error ? body.error.message : `${response.status} ${url}`);
    throw new Error(body.error ? body.error.message : url);
  }
  hideError();
  return body;
}
function showError(message) { const e = document.getElementById("error"); e.textContent = message; e.hidden = false; }
function hideError() { document.getElementById("error").hidden = true; }
function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const item of [].concat(v)) if (item !== null && item !== undefined && item !== "") q.append(k, item);
  }
  return q.toString();
}
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "style") node.style.cssText = v; else if (k.startsWith("on")) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
  return node;
}
function svgEl(tag, attrs = {}) {
  const node = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}
function fmt(v, digits = 3) {
  if (v === null || v === undefined) return "";
  // at most `digits` decimals, no trailing zeros: 56.1 (a rate), 0.548, 0 (not 0.000)
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(digits)));
  if (Array.isArray(v)) return v.join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
// a table of rows; columns: [key, label] pairs or keys; onclick(row) makes rows clickable
function renderTable(target, rows, columns, onclick) {
  const cols = columns.map((c) => (Array.isArray(c) ? c : [c, c]));
  const head = el("tr", {}, cols.map(([, label]) => el("th", {}, label)));
  const body = rows.map((row) => {
    const cell = (v) => (v instanceof Node ? v : fmt(v));
    const tr = el("tr", {}, cols.map(([key]) => el("td", { class: typeof row[key] === "number" || /^-?[0-9][0-9.,]*$/.test(row[key]) ? "num" : "" }, cell(row[key]))));
    if (onclick) { tr.style.cursor = "pointer"; tr.addEventListener("click", () => onclick(row)); }
    return tr;
  });
  target.replaceChildren(el("table", {}, el("thead", {}, head), el("tbody", {}, body)));
}
function legend(target, entries) {
  target.replaceChildren(...entries.map(([label, colour]) => el("span", { style: `--c:${colour}` }, label)));
}

// The world map: country shapes from /static/world.json, states placed by /api/v1/shapes.
let WORLD = null;
async function world() {
  if (!WORLD) WORLD = await (await fetch("/static/world.json")).json();
  return WORLD;
}
const REGIONS = { World: null, Europe: ["PRT", "NOR", "FIN", "GRC", "UKR", "GBR", "TUR"],
  "Middle East": ["EGY", "TUR", "IRN", "SAU", "YEM"], "East Asia": ["CHN", "JPN", "IDN", "MNG", "PHL"],
  Americas: ["USA", "BRA", "ARG", "CHL", "MEX"], Africa: ["MAR", "ZAF", "EGY", "SEN", "SOM"] };
class WorldMap {
  constructor(svg) {
    this.svg = svg; this.byIso = new Map(); this.byCode = new Map(); this.onclick = null;
    const zoom = el("select", { "aria-label": "map region", class: "zoom" }, Object.keys(REGIONS).map((r) => el("option", {}, r)));
    zoom.addEventListener("change", () => this.zoom(REGIONS[zoom.value]));
    svg.before(el("div", { class: "zoom-bar" }, el("label", {}, "Region ", zoom)));
  }
  zoom(isos) {
    const w = WORLD;
    let box = [0, 0, w.width, w.height];
    if (isos) {
      const boxes = isos.map((iso) => this.byIso.get(iso)).filter(Boolean).map((p) => p.path.getBBox());
      const x0 = Math.min(...boxes.map((b) => b.x)), y0 = Math.min(...boxes.map((b) => b.y));
      const x1 = Math.max(...boxes.map((b) => b.x + b.width)), y1 = Math.max(...boxes.map((b) => b.y + b.height));
      const height = Math.max(y1 - y0, (x1 - x0) * w.height / w.width) + 20;
      const width = height * w.width / w.height;
      box = [(x0 + x1 - width) / 2, (y0 + y1 - height) / 2, width, height];
    }
    this.svg.setAttribute("viewBox", box.map((v) => v.toFixed(1)).join(" "));
    this.svg.style.setProperty("--label", `${(9 * box[2] / w.width).toFixed(2)}px`);
    this.svg.style.setProperty("--stroke", `${(0.5 * box[2] / w.width).toFixed(2)}`);
  }
  async draw() {
    const w = await world();
    this.svg.replaceChildren(svgEl("path", { d: w.sphere, class: "sphere" }));
    this.shapes = svgEl("g"); this.overlay = svgEl("g"); this.labels = svgEl("g");
    this.svg.append(this.shapes, this.overlay, this.labels);
    for (const c of w.countries) {
      const p = svgEl("path", { d: c.d, class: "country", "data-iso3": c.iso3 });
      p.append(svgEl("title"));
      p.addEventListener("click", () => { const s = p.__state; if (s && this.onclick) this.onclick(s); });
      this.shapes.append(p);
      this.byIso.set(c.iso3, { path: p, x: c.x, y: c.y });
    }
    this.zoom(null);
  }
  // states: rows of /api/v1/shapes for the date
  place(states) {
    this.byCode.clear();
    for (const { path } of this.byIso.values()) { path.__state = null; path.classList.remove("drawn"); path.querySelector("title").textContent = ""; }
    for (const s of states) {
      const parts = s.shapes.map((iso) => this.byIso.get(iso)).filter(Boolean);
      this.byCode.set(s.ccode, { state: s, parts });
      for (const part of parts) { part.path.__state = s; part.path.classList.add("drawn"); part.path.querySelector("title").textContent = s.name; }
    }
  }
  // colours: Map code -> colour (others drawn in the land colour)
  colour(colours) {
    for (const { path } of this.byIso.values()) { path.style.fill = ""; path.removeAttribute("data-colour"); }
    for (const [code, colour] of colours) {
      for (const part of (this.byCode.get(code) || { parts: [] }).parts) { part.path.style.fill = colour; part.path.setAttribute("data-colour", colour); }
    }
  }
  centre(code) {
    const entry = this.byCode.get(code);
    if (!entry || !entry.parts.length) return null;
    const biggest = entry.parts.reduce((a, b) => (b.path.getAttribute("d").length > a.path.getAttribute("d").length ? b : a));
    return [biggest.x, biggest.y];
  }
  label(code, text) {
    const c = this.centre(code);
    if (!c) return;
    const t = svgEl("text", { x: c[0], y: c[1], "text-anchor": "middle", "dominant-baseline": "middle" });
    t.textContent = text;
    this.labels.append(t);
  }
  clearOverlay() { this.overlay.replaceChildren(); this.labels.replaceChildren(); }
}

// Small charts: a line chart of series [{name, colour, points: [[x, y]]}] with guides [{y, label, colour}]
function lineChart(svg, series, { guides = [], yLabel = "", yMax = null, width = 720, height = 300 } = {}) {
  const m = { l: 44, r: 90, t: 22, b: 24 };
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).concat(guides.map((g) => g.y));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const y1 = yMax ?? Math.max(...ys) * 1.08;
  const X = (x) => m.l + ((x - x0) / Math.max(x1 - x0, 1)) * (width - m.l - m.r);
  const Y = (y) => height - m.b - (y / y1) * (height - m.t - m.b);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.replaceChildren();
  for (let i = 0; i <= 4; i++) {
    const y = (y1 * i) / 4;
    svg.append(svgEl("line", { x1: m.l, x2: width - m.r, y1: Y(y), y2: Y(y), stroke: "#eceff3" }));
    const t = svgEl("text", { x: m.l - 4, y: Y(y) + 3, "text-anchor": "end" }); t.textContent = fmt(y, 1); svg.append(t);
  }
  for (const x of [...new Set(xs)].filter((x, i, a) => a.length < 16 || i % Math.ceil(a.length / 12) === 0)) {
    const t = svgEl("text", { x: X(x), y: height - 8, "text-anchor": "middle" }); t.textContent = x; svg.append(t);
  }
  const yl = svgEl("text", { x: m.l, y: 11 }); yl.textContent = yLabel; svg.append(yl);
  for (const g of guides) {
    svg.append(svgEl("line", { x1: m.l, x2: width - m.r, y1: Y(g.y), y2: Y(g.y), stroke: g.colour, class: "guide" }));
    const t = svgEl("text", { x: width - m.r + 4, y: Y(g.y) + 3, fill: g.colour }); t.textContent = g.label; svg.append(t);
  }
  for (const s of series) {
    const d = s.points.map((p, i) => `${i ? "L" : "M"}${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join("");
    svg.append(svgEl("path", { d, fill: "none", stroke: s.colour, "stroke-width": s.width || 1.5, "data-series": s.name }));
    for (const p of s.points) svg.append(svgEl("circle", { cx: X(p[0]), cy: Y(p[1]), r: 2.2, fill: s.colour }));
  }
}

function thisYear() { return new Date().getFullYear(); }
