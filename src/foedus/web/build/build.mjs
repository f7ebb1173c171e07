// Build-time only (node build.mjs, after npm ci): project the Natural Earth 110m country
// shapes of the npm package world-atlas onto a Natural Earth projection and write them as SVG
// path strings to ../static/world.json, keyed by ISO 3166-1 alpha-3 (the browser needs no
// geometry library and fetches nothing from the network).
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { geoNaturalEarth1, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import countries from "i18n-iso-countries";

const require = createRequire(import.meta.url);
const topology = JSON.parse(readFileSync(require.resolve("world-atlas/countries-110m.json")));
const atlasVersion = JSON.parse(readFileSync(require.resolve("world-atlas/package.json"))).version;
// shapes world-atlas gives without an ISO numeric id
const BY_NAME = { Kosovo: "XKX", "N. Cyprus": "CYN", Somaliland: "SOL" };
const WIDTH = 960, HEIGHT = 500;

const land = feature(topology, topology.objects.countries);
const projection = geoNaturalEarth1().fitExtent([[2, 2], [WIDTH - 2, HEIGHT - 2]], { type: "Sphere" });
const path = geoPath(projection).digits(1);
const shapes = land.features.map((f) => {
  const iso3 = f.id ? countries.numericToAlpha3(f.id) : BY_NAME[f.properties.name];
  const [x, y] = path.centroid(f).map((v) => Math.round(v * 10) / 10);
  return { iso3: iso3 || null, name: f.properties.name, d: path(f), x, y };
});
const out = {
  source: `Natural Earth 1:110m Cultural Vectors (public domain), as TopoJSON in world-atlas ${atlasVersion} (ISC licence, Mike Bostock); projected with d3-geo (ISC)`,
  width: WIDTH,
  height: HEIGHT,
  sphere: path({ type: "Sphere" }),
  countries: shapes.sort((a, b) => (a.iso3 || "").localeCompare(b.iso3 || "")),
};
writeFileSync(new URL("../static/world.json", import.meta.url), JSON.stringify(out));
console.log(`world.json: ${shapes.length} shapes, ${shapes.filter((s) => !s.iso3).length} without ISO3`);
