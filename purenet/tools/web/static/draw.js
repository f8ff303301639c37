// The page's drawing: elements, the paper's notation, the network, the line plots and the tables,
// all from a view the worker sent (purenet.tools.web.session); nothing here computes a number.

export const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";

export function el(tag, attrs, ...kids) {
  const e = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") e.textContent = v;
    else if (k === "on") for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const kid of kids.flat()) if (kid !== null && kid !== undefined) e.append(kid);
  return e;
}

// "w^3_12" -> w<sup>3</sup><sub>12</sub>, "z_j^l" -> z<sub>j</sub><sup>l</sup> (display only: the
// data-name attributes keep the plain text)
export function math(text) {
  const out = [];
  const re = /([\^_])(\{[^}]*\}|[A-Za-z0-9]+)/g;
  const single = /(^|[^\p{L}\p{M}])\p{L}\p{M}*\*?$/u;    // one letter (y, ŷ, y*) just before
  let last = 0, chainEnd = -1, m;
  while ((m = re.exec(text)) !== null) {
    if (m.index !== chainEnd && !single.test(text.slice(0, m.index))) continue;
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(el(m[1] === "^" ? "sup" : "sub", { text: m[2].replace(/^\{|\}$/g, "") }));
    last = chainEnd = re.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function short(repr) {
  const x = parseFloat(repr);
  if (!isFinite(x)) return repr;
  if (x === 0) return "0";
  const a = Math.abs(x);
  return (a >= 1e4 || a < 1e-3) ? x.toExponential(2) : String(parseFloat(x.toPrecision(4)));
}

export function numCell(name, repr, f) {
  return el("td", { class: "num", "data-name": name, "data-value": repr, "data-f": f, tabindex: f ? 0 : null, text: repr });
}

export function actName(layer) {
  return layer.l === 1 ? "input" : JSON.stringify(layer.activation).replace(/"/g, "");
}

function most(values) {             // the largest of a list, by a loop (no spread: any length)
  let m = -Infinity;
  for (const x of values) if (x > m) m = x;
  return m;
}

// each neuron is a box holding its own labels (z, a and b inside it), so that no edge and no
// edge label crosses them; the edges run between the boxes, their labels at mid-span
const BOX_W = 74, ROW = 13;

export function renderNetwork(v) {
  const svg = $("network");
  const n = most(v.layers.map((layer) => layer.a.length));
  const rows = (layer) => (layer.l === 1 ? 1 : 2) + (layer.b ? 1 : 0);
  const boxH = (layer) => 8 + ROW * rows(layer);
  const W = Math.max(svg.clientWidth || 600, 300), H = Math.max(300, 50 + 78 * n);
  svg.style.height = H + "px";
  svg.setAttribute("viewBox", "0 0 " + W + " " + H);
  svg.replaceChildren();
  const L = v.layers.length;
  const xs = v.layers.map((_, k) => BOX_W / 2 + 8 + (W - BOX_W - 16) * (L === 1 ? 0.5 : k / (L - 1)));
  const pos = v.layers.map((layer, k) => layer.a.map((_, j) => {
    const m = layer.a.length;
    return [xs[k], 34 + (H - 84) * (m === 1 ? 0.5 : j / (m - 1))];
  }));
  let edges = 0, wmax = 0;
  for (const layer of v.layers.slice(1)) for (const row of layer.w) for (const w of row) { edges++; wmax = Math.max(wmax, Math.abs(parseFloat(w))); }
  const labels = edges <= 16;         // more edges: each label shows when its edge is hovered
  const gEdges = el("svg:g"), gLabels = el("svg:g"), gNodes = el("svg:g");
  v.layers.forEach((layer, k) => {
    if (k === 0) return;
    layer.w.forEach((row, i) => row.forEach((w, j) => {
      const [x1, y1] = pos[k - 1][i], [x2, y2] = pos[k][j];   // centre to centre, under the boxes
      const x = parseFloat(w);
      const width = 0.6 + 3 * (wmax > 0 ? Math.abs(x) / wmax : 0);
      const name = layer.names.w[i][j];
      // the label near its source, a quarter of the way across the gap between the boxes: the
      // labels of one source fan out with its edges, and two edges that cross (they cross in the
      // middle) keep their labels apart
      const gap = x2 - x1 - BOX_W;
      const lx = x1 + BOX_W / 2 + Math.max(24, 0.25 * gap);
      const label = el("svg:text", { x: lx, y: y1 + (y2 - y1) * (lx - x1) / (x2 - x1) - 3, class: labels ? "w" : "w hover",
        "text-anchor": "middle", "data-name": name, "data-value": w, "data-f": "w", tabindex: labels ? 0 : null, text: short(w) });
      const line = el("svg:line", { x1, y1, x2, y2, "data-edge": name, stroke: x >= 0 ? "#1f77b4" : "#d62728", "stroke-width": width, "stroke-opacity": 0.7 });
      if (labels) { gEdges.append(line); gLabels.append(label); }
      else gEdges.append(el("svg:g", { class: "edge" }, line,
        el("svg:line", { x1, y1, x2, y2, stroke: "transparent", "stroke-width": 9 }), label));
    }));
  });
  v.layers.forEach((layer, k) => {
    const l = layer.l, hgt = boxH(layer);
    layer.a.forEach((a, j) => {
      const [x, y] = pos[k][j];
      const top = y - hgt / 2;
      gNodes.append(el("svg:rect", { x: x - BOX_W / 2, y: top, width: BOX_W, height: hgt, rx: 9, class: "neuron",
        "data-neuron": layer.names.a[j], fill: l === 1 ? "#eef2f6" : "#fff", stroke: "#444" }));
      const line = (r, prefix, name, value, f) => el("svg:text", { x, y: top + 4 + ROW * (r + 1) - 2, class: "za", "text-anchor": "middle",
        "data-name": name, "data-value": value, "data-f": f, "data-s": f === "a" ? actName(layer) : null, tabindex: 0, text: prefix + short(value) });
      if (l === 1) { gNodes.append(line(0, "x ", layer.names.a[j], a, "x")); return; }
      gNodes.append(line(0, "z ", layer.names.z[j], layer.z[j], "z"));
      gNodes.append(line(1, "a ", layer.names.a[j], a, "a"));
      if (layer.b) gNodes.append(line(2, "b ", layer.names.b[j], layer.b[j], "b"));
    });
    gNodes.append(el("svg:text", { x: xs[k], y: H - 4, class: "layer", "text-anchor": "middle",
      text: "layer " + l + (l === 1 ? " (x)" : l === L ? " (y)" : "") }));
  });
  svg.append(gEdges, gNodes, gLabels);
  const bias = v.layers.some((layer) => layer.b);
  const caption = [labels ? "w_ij^l on the edges" : "w_ij^l on an edge when it is hovered (" + edges + " weights; every one is in the table below)",
    "the input x_j in layer 1", "z_j^l and a_j^l" + (bias ? " and b_j^l" : "") + " inside each neuron",
    "edge width ∝ |w|, blue w ≥ 0, red w < 0"];
  $("network-caption").replaceChildren(...math("(" + caption.join("; ") + ")"));
  $("network-caption").dataset.weights = labels ? "shown" : "hover";
}

// a line plot against the iteration: the axes from the worker (view.plots: ticks by plot.py's
// rule), the lines from the history the page holds (at most about 800 points a line are drawn);
// every line gets an entry in the legend below the plot, the dotted marks too (marksLabel)
export function linePlot(svg, legend, spec, series, marks, marksLabel) {
  const W = Math.max(svg.clientWidth || 520, 280), H = 190, left = 58, right = 10, top = 18, bottom = 24;
  svg.setAttribute("viewBox", "0 0 " + W + " " + H);
  svg.replaceChildren();
  legend.replaceChildren();
  if (!spec) {
    svg.append(el("svg:text", { x: left, y: 12, class: "title", text: "nothing to train" }));
    return;
  }
  const xa = spec.x, ya = spec.y, log = ya.scale === "log";
  const tf = (y) => log ? (y > 0 ? Math.log10(y) : NaN) : y;
  const lo = tf(ya.lo), hi = tf(ya.hi);
  const X = (i) => left + (W - left - right) * (i - xa.lo) / (xa.hi - xa.lo);
  const Y = (y) => top + (H - top - bottom) * (1 - (tf(y) - lo) / (hi - lo));
  svg.append(el("svg:text", { x: left, y: 12, class: "title", text: spec.title }));
  svg.append(el("svg:line", { x1: left, y1: H - bottom, x2: W - right, y2: H - bottom, class: "axis" }));
  svg.append(el("svg:line", { x1: left, y1: top, x2: left, y2: H - bottom, class: "axis" }));
  for (const t of ya.ticks) {
    svg.append(el("svg:text", { x: left - 4, y: Y(t.value) + 3, class: "tick", "data-axis": "y", "data-scale": ya.scale,
      "data-value": t.repr, "text-anchor": "end", text: t.label }));
  }
  for (const t of xa.ticks) {
    svg.append(el("svg:text", { x: X(t.value), y: H - 8, class: "tick", "data-axis": "x", "data-scale": xa.scale,
      "data-value": t.repr, "text-anchor": "middle", text: t.label }));
  }
  for (const m of marks) if (m <= xa.hi) svg.append(el("svg:line", { x1: X(m), x2: X(m), y1: top, y2: H - bottom, class: "mark", stroke: "#999", "stroke-dasharray": "2 3" }));
  for (const s of series) {
    const n = s.y.length, step = Math.max(1, Math.floor(n / 800));
    const pts = [];
    for (let i = 0; i < n; i += step) if (isFinite(tf(s.y[i]))) pts.push(X(i).toFixed(1) + "," + Y(s.y[i]).toFixed(1));
    if (n > 0 && (n - 1) % step && isFinite(tf(s.y[n - 1]))) pts.push(X(n - 1).toFixed(1) + "," + Y(s.y[n - 1]).toFixed(1));
    if (pts.length === 1) pts.push(pts[0]);
    svg.append(el("svg:polyline", { points: pts.join(" "), fill: "none", stroke: s.color, "stroke-width": 1.6, "stroke-dasharray": s.dash, "data-series": s.label },
      el("svg:title", { text: s.label })));
    legend.append(el("span", { class: "key", "data-series": s.label },
      el("svg:svg", { width: 22, height: 8 }, el("svg:line", { x1: 0, y1: 4, x2: 22, y2: 4, stroke: s.color, "stroke-width": 2, "stroke-dasharray": s.dash })),
      " ", ...math(s.label)));
  }
  if (marks.length) {
    legend.append(el("span", { class: "key", "data-series": "marks" },
      el("svg:svg", { width: 8, height: 12 }, el("svg:line", { x1: 4, y1: 0, x2: 4, y2: 12, stroke: "#999", "stroke-dasharray": "2 3" })),
      " " + marksLabel));
  }
}

export function renderTables(v) {
  const s = $("tables");
  const L = v.layers.length;
  const hasD = v.layers.length > 1 && v.layers[1].d !== undefined;
  const neurons = el("table", {}, el("tr", {}, ["layer l", "neuron j", "z_j^l", "a_j^l", hasD ? "d_j^l = ∂J_s/∂z_j^l" : null].filter(Boolean).map((h) => el("th", {}, math(h)))));
  for (const layer of v.layers) {
    const l = layer.l;
    const act = actName(layer);
    layer.z.forEach((z, j) => {
      const tr = el("tr", {}, el("td", { text: j === 0 ? l + " (" + act + ")" : "" }), el("td", { text: String(j + 1) }),
        numCell(layer.names.z[j], z, l === 1 ? "x" : "z"), numCell(layer.names.a[j], layer.a[j], l === 1 ? "x" : "a"));
      if (l > 1) tr.lastChild.dataset.s = act;
      if (hasD) tr.append(l === 1 ? el("td", { text: "" }) : numCell(layer.names.d[j], layer.d[j], l === L ? "d_out" : "d"));
      neurons.append(tr);
    });
  }
  const mean = v.samples > 1 && v.layers.length > 1 && v.layers[1].mean_gw !== undefined;
  const heads = ["parameter", "value", hasD ? "∂J_s/∂p (this sample)" : null, mean ? "∂J/∂p (mean over " + v.samples + " samples)" : null].filter(Boolean);
  const weights = el("table", {}, el("tr", {}, heads.map((h) => el("th", { text: h }))));
  for (const layer of v.layers.slice(1)) {
    layer.w.forEach((row, i) => row.forEach((w, j) => {
      const name = layer.names.w[i][j];
      const tr = el("tr", {}, el("td", {}, math(name)), numCell(name, w, "w"));
      if (hasD) tr.append(numCell(layer.names.gw[i][j], layer.gw[i][j], "gw"));
      if (mean) tr.append(numCell(layer.names.mean_gw[i][j], layer.mean_gw[i][j], "mean"));
      weights.append(tr);
    }));
    if (layer.b) layer.b.forEach((b, j) => {
      const name = layer.names.b[j];
      const tr = el("tr", {}, el("td", {}, math(name)), numCell(name, b, "b"));
      if (hasD) tr.append(numCell(layer.names.gb[j], layer.gb[j], "gb"));
      if (mean) tr.append(numCell(layer.names.mean_gb[j], layer.mean_gb[j], "mean"));
      weights.append(tr);
    });
  }
  const out = el("table", {}, el("tr", {}, ["j", "y_j", v.y_star ? "y*_j" : null].filter(Boolean).map((h) => el("th", {}, math(h)))),
    v.y.map((y, j) => el("tr", {}, el("td", { text: String(j + 1) }), numCell(v.names.y[j], y, "y"),
      v.y_star ? numCell(v.names.y_star[j], v.y_star[j]) : null)));
  const costs = v.J_sample === null ? null : el("p", {}, "this sample's cost J_s = ",
    el("span", { "data-name": v.names.J_s, "data-value": v.J_sample, "data-f": "J_sample", tabindex: 0, text: v.J_sample }),
    v.samples > 1 ? "; the mean over the samples J = " : "; J = ",
    el("span", { "data-name": v.names.J, "data-value": v.J, "data-f": "J", tabindex: 0, text: v.J }));
  s.replaceChildren(
    el("h2", { text: "Sample " + (v.sample + 1) + " of " + v.samples + " at iteration " + v.iteration +
      ": the forward pass, the deltas and the gradient, in 002's notation (hover a number for its formula and code)" }),
    costs,
    el("div", { class: "tables" },
      el("div", {}, el("h3", { text: "neurons" }), neurons),
      el("div", {}, el("h3", { text: "weights and biases" }), weights),
      el("div", {}, el("h3", { text: "output" }), out)));
}
