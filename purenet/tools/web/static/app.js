// The page: asks the worker (purenet in Pyodide) for the state and draws it. No arithmetic on the
// numbers happens here: every value shown is the Python repr the worker sent, carried in
// data-value, under the paper's name in data-name (z^2_1, a^3_2, d^3_1, w^3_12, dJ/dw^3_12, J, y_1):
// every name comes from the worker (view.layers[].names, view.names), none is built here. Hovering
// or focusing a number shows its equation with its numbers (the worker's "explain") in #tip
// (role="tooltip"); the plots' ticks come from the worker too (view.plots, the rule of plot.py).
// The URL query sets the view: ?example=002_1_2_2_1&iterations=10 (&sample=K, &activation=, &batch=,
// &step=N: one iteration step by step, at step N), or ?custom=1&sizes=2,3,1&activation=tanh,sigmoid&...
// for a network of one's own.

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
const main = $("app");

function el(tag, attrs, ...kids) {
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
function math(text) {
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

// ---------------------------------------------------------------------------------------------
// the worker

const worker = new Worker("worker.js", { type: "module" });
const pending = new Map();
let nextId = 1;
let onProgress = null;
let workerInfo = null;
let resolveReady, rejectReady;
const workerReady = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });

worker.onmessage = (ev) => {
  const m = ev.data;
  if (m.ready) { workerInfo = m.ready; resolveReady(m.ready); return; }
  if (m.failed) { rejectReady(new Error(m.failed)); return; }
  if (m.progress) { if (onProgress) onProgress(m.progress); return; }
  const p = pending.get(m.id);
  if (!p) return;
  pending.delete(m.id);
  if (m.error) p.reject(new Error(m.error)); else p.resolve(m.res);
};
worker.onerror = (ev) => { rejectReady(new Error("the worker failed: " + (ev.message || "unknown error"))); };

function ask(req) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, req });
  });
}

// ---------------------------------------------------------------------------------------------
// state

let view = null;                 // the last state from the worker
let hist = { cost: [], outputs: [] };
let busy = false;
// the step-by-step mode: the worker's list of steps for this iteration and sample ("steps")
const walk = { on: false, index: 0, steps: null, key: null };

function absorb(v) {
  view = v;
  if (v.history.from === 0) hist = { cost: [], outputs: [] };
  hist.cost.length = v.history.from;
  hist.outputs.length = v.history.from;
  for (const c of v.history.cost) hist.cost.push(c);
  for (const o of v.history.outputs) hist.outputs.push(o);
}

function setStatus(text, error) {
  $("status").textContent = text;
  $("status").className = error ? "error" : "";
}

function setBusy(b) {
  busy = b;
  main.dataset.status = b ? "busy" : "ready";
  const trainable = view && view.trainable;
  for (const id of ["step", "run", "rewind"]) $(id).disabled = b || !trainable;
  $("stop").disabled = !b;
  $("download").disabled = b || !view;
  $("download-data").disabled = b || !trainable;
  $("example").disabled = b;
  $("walk-start").disabled = b || !view;
  $("walk-back").disabled = b || !walk.on || walk.index === 0;
  $("walk-next").disabled = b || !walk.on || !walk.steps || walk.index >= walk.steps.length - 1;
  $("walk-close").disabled = b || !walk.on;
}

function fail(e) {
  main.dataset.status = "error";
  setStatus(String(e && e.message ? e.message : e), true);
}

async function request(req) {
  const res = await ask(req);
  if (!res.ok) throw new Error(res.error);
  if (res.view) { absorb(res.view); render(); }
  return res;
}

function queryOf(v) {
  const q = new URLSearchParams(v.query);
  if (v.iteration) q.set("iterations", String(v.iteration));
  if (v.sample) q.set("sample", String(v.sample + 1));
  if (walk.on) q.set("step", String(walk.index + 1));
  return "?" + q.toString();
}

// ---------------------------------------------------------------------------------------------
// numbers: every one carries data-name and data-value (its repr); hover shows formula and code

function short(repr) {
  const x = parseFloat(repr);
  if (!isFinite(x)) return repr;
  if (x === 0) return "0";
  const a = Math.abs(x);
  return (a >= 1e4 || a < 1e-3) ? x.toExponential(2) : String(parseFloat(x.toPrecision(4)));
}

function numCell(name, repr, f) {
  return el("td", { class: "num", "data-name": name, "data-value": repr, "data-f": f, tabindex: f ? 0 : null, text: repr });
}

// the tooltip: the number, its formula from 002, the same equation with the numbers shown (asked
// of the worker, which computes it with purenet: "explain"), and the lines of purenet's code
let tipFor = null;

function placeTip(x, y) {
  const tip = $("tip");
  const w = tip.offsetWidth, h = tip.offsetHeight;
  tip.style.left = (window.scrollX + Math.max(4, Math.min(x + 14, window.innerWidth - w - 8))) + "px";
  tip.style.top = (window.scrollY + (y + 16 + h > window.innerHeight ? y - h - 10 : y + 16)) + "px";
}

function showTip(target, x, y) {
  const tip = $("tip");
  if (tipFor === target && !tip.hidden) { placeTip(x, y); return; }
  tipFor = target;
  const f = view && view.formulas[target.dataset.f];
  const numbers = el("div", { class: "numbers" });
  tip.replaceChildren(el("div", { class: "value" }, math(target.dataset.name), " = " + target.dataset.value));
  if (f) tip.append(el("div", { class: "formula", "data-formula": f.formula }, math(f.formula)));
  tip.append(numbers);
  if (f) {
    if (target.dataset.s) tip.append(el("div", { text: "s = " + target.dataset.s }));
    for (const c of f.code) tip.append(el("pre", { text: c.file + ":" + c.line + "   " + c.code.replace(/\s{2,}/g, "   ") }));
  }
  tip.hidden = false;
  placeTip(x, y);
  const at = view.iteration, sample = view.sample;
  if (busy) { numbers.textContent = "(the equation with its numbers shows when the run stops)"; return; }
  ask({ cmd: "explain", name: target.dataset.name }).then((res) => {
    if (tipFor !== target || !res.ok || res.iteration !== at || res.sample !== sample) return;
    const e = res.explain;
    numbers.dataset.name = e.name;
    numbers.dataset.numbers = e.numbers;
    numbers.dataset.result = e.value;
    numbers.dataset.text = e.text;
    numbers.replaceChildren(...math(e.text));
    main.dataset.tip = e.name;
    placeTip(x, y);
  }, () => {});
}

function hideTip() {
  $("tip").hidden = true;
  tipFor = null;
  delete main.dataset.tip;
}

document.addEventListener("mouseover", (ev) => {
  const t = ev.target.closest && ev.target.closest("[data-f]");
  if (t) showTip(t, ev.clientX, ev.clientY); else if (tipFor && tipFor !== document.activeElement) hideTip();
});
document.addEventListener("mouseleave", hideTip);
document.addEventListener("focusin", (ev) => {
  const t = ev.target.closest && ev.target.closest("[data-f]");
  if (!t) { hideTip(); return; }
  const r = t.getBoundingClientRect();
  t.setAttribute("aria-describedby", "tip");
  showTip(t, r.left, r.bottom - 8);
});
document.addEventListener("focusout", (ev) => { if (ev.target === tipFor) hideTip(); });
document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") hideTip(); });

// ---------------------------------------------------------------------------------------------
// rendering

function render() {
  const v = view;
  main.dataset.iteration = String(v.iteration);
  main.dataset.example = v.id;
  $("link").href = queryOf(v);
  renderAbout(v);
  renderErrata(v);
  renderPublished(v);
  renderNetwork(v);
  renderPlots(v);
  renderTables(v);
  renderData(v);
  renderWalk();
  const parts = ["iteration " + v.iteration];
  if (v.J !== null) parts.push("J = " + v.J);
  setStatus(parts.join(" · ") + (v.message ? " · " + v.message : "") +
            (workerInfo ? "   (purenet " + workerInfo.purenet + " on Python " + workerInfo.python +
             ", Pyodide " + workerInfo.pyodide + ", loaded in " + (workerInfo.total_ms / 1000).toFixed(1) + " s)" : ""));
}

function renderAbout(v) {
  const about = $("about");
  const facts = ["sizes " + v.sizes.join("-")];
  if (v.loss) facts.push("loss " + v.loss, "h = " + v.h, v.update + " update",
                         v.batch === null ? "all samples per update" : v.batch + " per update");
  about.replaceChildren(
    el("h2", { text: v.title }),
    el("p", { class: "source", text: v.source }),
    el("p", {}, math(v.about)),
    el("p", {}, "iteration ", el("b", { "data-name": "iteration", "data-value": String(v.iteration), text: String(v.iteration) }),
      v.J === null ? "" : [" · J = ", el("b", { "data-name": v.names.J, "data-value": v.J, "data-f": "J", tabindex: 0, text: v.J })],
      " · " + facts.join(", ")));
  if (v.message) about.append(el("p", { class: "MISMATCH", text: v.message }));
  const opts = $("options");
  opts.replaceChildren();
  const o = v.options;
  if (o.activation) {
    const s = el("select", { id: "opt-activation" }, o.activation.choices.map((c) =>
      el("option", { value: c, text: c, selected: c === o.activation.value })));
    s.onchange = () => loadConfig({ example: v.id, activation: s.value, batch: o.batch ? o.batch.value : null });
    opts.append(el("label", {}, "activation ", s));
  }
  if (o.batch) {
    const label = (b) => b === null ? "batch (BGD)" : b === 1 ? "stochastic (SGD)" : "mini-batch of " + b + " (MBGD)";
    const s = el("select", { id: "opt-batch" }, o.batch.choices.map((c) =>
      el("option", { value: c === null ? "" : String(c), text: label(c), selected: c === o.batch.value })));
    s.onchange = () => loadConfig({ example: v.id, activation: o.activation ? o.activation.value : null,
                                    batch: s.value === "" ? null : parseInt(s.value, 10) });
    opts.append(el("label", {}, "gradient descent ", s));
  }
  $("custom").hidden = v.kind !== "custom" && $("example").value !== "custom";
  if (o.custom) for (const [k, val] of Object.entries(o.custom)) {
    const f = $("custom").elements.namedItem(k);
    if (f) f.value = val;
  }
}

function renderErrata(v) {
  const s = $("errata");
  s.hidden = v.errata.length === 0;
  s.replaceChildren(el("h2", { text: "Errata this example meets (docs/papers.md)" }),
    el("ol", {}, v.errata.map((e) => el("li", { value: e.n, "data-erratum": e.n }, el("b", {}, math(e.title)), " ", math(e.text)))));
}

function renderPublished(v) {
  const s = $("published");
  s.hidden = v.published.length === 0;
  if (s.hidden) { s.replaceChildren(); return; }
  const rows = v.published.map((p) => {
    let result;
    if (p.result === "pending") {
      result = el("td", { class: "pending" }, "at iteration " + p.iteration + " ",
        el("button", { on: { click: () => runTo(p.iteration) }, text: "run to " + p.iteration }));
    } else if (p.result === "beside") {
      result = el("td", { class: "beside", text: "shown beside: not comparable (002's weights are not printed)" });
    } else {
      result = el("td", { class: p.result, text: p.result });
    }
    return el("tr", { "data-published": p.name, "data-result": p.result },
      el("td", {}, math(p.quantity)),
      el("td", { class: "num", text: p.iteration === null ? "–" : String(p.iteration) }),
      el("td", { class: "num", "data-paper": p.paper, text: p.paper }),
      p.purenet === null ? el("td", { class: "num pending", text: "–" }) : numCell(p.name, p.purenet),
      result);
  });
  s.replaceChildren(
    el("h2", { text: "The paper's numbers beside purenet's" }),
    el("p", { class: "source", text: "A published value matches when purenet's lies within one unit of its last printed digit (purenet.papers.matches, as python -m purenet prints it)." }),
    el("table", {}, el("tr", {}, ["quantity", "iteration", "paper", "purenet", "result"].map((h) => el("th", { text: h }))), rows));
}

function actName(layer) {
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

function renderNetwork(v) {
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
// rule), the lines from the history held here (at most about 800 points a line are drawn)
function linePlot(svg, legend, spec, series, marks) {
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
      " " + view.plots.marks_label));
  }
}

function renderPlots(v) {
  const p = v.plots;
  if (!p || hist.cost.length === 0) {
    linePlot($("cost-plot"), $("cost-legend"), null, [], []);
    linePlot($("output-plot"), $("output-legend"), null, [], []);
    return;
  }
  linePlot($("cost-plot"), $("cost-legend"), p.cost, [{ y: hist.cost, color: p.cost.series[0].color, label: p.cost.series[0].label }], p.marks);
  const series = [];
  for (const s of p.outputs.series) {
    const target = parseFloat(s.target);
    series.push({ y: hist.outputs.map((o) => o[s.k][s.j]), color: s.color, label: s.label });
    series.push({ y: hist.cost.map(() => target), color: s.color, dash: "5 4", label: s.target_label + " = " + s.target });
  }
  linePlot($("output-plot"), $("output-legend"), p.outputs, series, p.marks);
}

function renderTables(v) {
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

function renderData(v) {
  const s = $("data");
  const heads = ["sample", "x", v.data.Y ? "y*" : null, "y (now)"].filter(Boolean);
  const fmt = (list) => "[" + list.join(", ") + "]";
  const rows = v.data.X.map((x, k) => el("tr", { "data-sample": k, class: k === v.sample ? "current" : null,
    on: { click: () => { if (!busy && k !== v.sample) act(() => request({ cmd: "sample", k })); } } },
    el("td", { text: String(k + 1) }),
    el("td", { class: "num", text: fmt(x) }),
    v.data.Y ? el("td", { class: "num", text: fmt(v.data.Y[k]) }) : null,
    el("td", { class: "num" }, v.data.outputs[k].map((y, j) => el("span", { "data-name": v.names.outputs[k][j], "data-value": y, text: (j ? ", " : "") + y })))));
  s.replaceChildren(el("h2", { text: "The samples" + (v.samples > 1 ? " (click one to show it in the tables)" : "") }),
    el("table", {}, el("tr", {}, heads.map((h) => el("th", { text: h }))), rows));
}

// ---------------------------------------------------------------------------------------------
// backprop step by step: the steps come from the worker (explain.steps), this only highlights

function walkKey(v) { return v.id + ":" + v.iteration + ":" + v.sample + ":" + JSON.stringify(v.query); }

async function openWalk(index) {
  if (!walk.steps || walk.key !== walkKey(view)) {
    const res = await ask({ cmd: "steps" });
    if (!res.ok) throw new Error(res.error);
    walk.steps = res.steps;
    walk.key = walkKey(view);
  }
  walk.on = true;
  walk.index = Math.max(0, Math.min(index, walk.steps.length - 1));
  renderWalk();
}

function renderWalk() {
  for (const e of document.querySelectorAll(".hl")) e.classList.remove("hl");
  const panel = $("walk");
  if (!walk.on || !walk.steps) { panel.hidden = true; delete main.dataset.step; $("walk-where").textContent = ""; return; }
  if (walk.key !== walkKey(view)) { panel.hidden = true; return; }   // act() fetches the new steps
  const st = walk.steps[walk.index];
  panel.hidden = false;
  main.dataset.step = String(st.n);
  main.dataset.stepKind = st.kind;
  $("walk-where").textContent = "step " + st.n + " of " + walk.steps.length + ", sample " + (view.sample + 1) + ", iteration " + view.iteration + " → " + (view.iteration + 1);
  $("walk-title").replaceChildren(...math(st.n + ". " + st.title));
  $("walk-equation").replaceChildren(...math(st.equation));
  $("walk-equation").dataset.equation = st.equation;
  $("walk-lines").replaceChildren(...st.lines.map((t, k) => el("li", { "data-name": st.names[k], "data-text": t }, math(t))));
  const names = new Set(st.names), edges = new Set(st.edges), neurons = new Set(st.neurons);
  for (const e of document.querySelectorAll("#network [data-name], #tables [data-name]")) if (names.has(e.dataset.name)) e.classList.add("hl");
  for (const e of document.querySelectorAll("#network [data-edge]")) if (edges.has(e.dataset.edge)) e.classList.add("hl");
  for (const e of document.querySelectorAll("#network [data-neuron]")) if (neurons.has(e.dataset.neuron)) e.classList.add("hl");
  setBusy(busy);
}

function moveWalk(by) {
  if (busy || !walk.on) return;
  walk.index = Math.max(0, Math.min(walk.index + by, walk.steps.length - 1));
  renderWalk();
  history.replaceState(null, "", queryOf(view));
  $("link").href = queryOf(view);
}

$("walk-start").onclick = () => act(() => openWalk(0));
$("walk-back").onclick = () => moveWalk(-1);
$("walk-next").onclick = () => moveWalk(1);
$("walk-close").onclick = () => { walk.on = false; renderWalk(); setBusy(busy); history.replaceState(null, "", queryOf(view)); $("link").href = queryOf(view); };
document.addEventListener("keydown", (ev) => {
  if (!walk.on || ev.target.closest("input, textarea, select")) return;
  if (ev.key === "ArrowRight") moveWalk(1);
  else if (ev.key === "ArrowLeft") moveWalk(-1);
});

// ---------------------------------------------------------------------------------------------
// actions

async function act(f) {
  if (busy) return;
  setBusy(true);
  let error = null;
  try {
    await f();
    if (walk.on && view && walk.key !== walkKey(view)) await openWalk(walk.index);  // the new state's steps
  } catch (e) { error = e; }
  setBusy(false);
  if (view) history.replaceState(null, "", queryOf(view));
  if (error) fail(error);
}

async function runFor(n) {
  onProgress = (v) => { absorb(v); render(); main.dataset.status = "busy"; };
  try { await request({ cmd: "run", n }); } finally { onProgress = null; }
}

function runTo(n) { if (view && n > view.iteration) act(() => runFor(n - view.iteration)); }

async function loadConfig(config, iterations, sample) {
  await act(async () => {
    await request({ cmd: "load", config });
    if (sample && sample > 0) await request({ cmd: "sample", k: sample });
    if (iterations > 0) await runFor(iterations);
  });
}

function download(name, text) {
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/json" })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

$("step").onclick = () => act(() => request({ cmd: "advance", n: 1 }));
$("run").onclick = () => {
  const n = parseInt($("n").value, 10);
  if (!(n >= 1)) { setStatus("N: expected a whole number >= 1", true); return; }
  act(() => runFor(n));
};
$("stop").onclick = () => worker.postMessage({ req: { cmd: "stop" } });
$("rewind").onclick = () => act(() => request({ cmd: "rewind" }));
$("download").onclick = () => act(async () => {
  const res = await ask({ cmd: "model" });
  if (!res.ok) throw new Error(res.error);
  download("purenet-" + view.id + "-iteration-" + view.iteration + ".json", res.text);
});
$("download-data").onclick = () => act(async () => {
  const res = await ask({ cmd: "data" });
  if (!res.ok) throw new Error(res.error);
  download("purenet-" + view.id + "-data.json", res.text);
});
$("example").onchange = () => {
  const id = $("example").value;
  if (id === "custom") { $("custom").hidden = false; loadConfig({ custom: customFields() }); }
  else loadConfig({ example: id });
};
$("custom").onsubmit = (ev) => { ev.preventDefault(); loadConfig({ custom: customFields() }); };

function customFields() {
  const out = {};
  for (const f of $("custom").elements) if (f.name) out[f.name] = f.value;
  return out;
}

// ---------------------------------------------------------------------------------------------
// start: the URL query sets the view

async function start() {
  const info = await workerReady;
  const res = await ask({ cmd: "examples" });
  const sel = $("example");
  sel.replaceChildren(...res.examples.map((e) => el("option", { value: e.id, text: e.id + " — " + e.title })),
                      el("option", { value: "custom", text: "a network of your own" }));
  const form = $("custom");
  form.elements.namedItem("loss").replaceChildren(...res.custom.losses.map((l) => el("option", { text: l })));
  for (const [k, val] of Object.entries(res.custom.default)) { const f = form.elements.namedItem(k); if (f) f.value = val; }
  const q = new URLSearchParams(location.search);
  const iterations = q.has("iterations") ? parseInt(q.get("iterations"), 10) : 0;
  const sample = q.has("sample") ? parseInt(q.get("sample"), 10) - 1 : 0;
  const step = q.has("step") ? parseInt(q.get("step"), 10) : 0;
  if (!(iterations >= 0) || !(sample >= 0) || !(step >= 0)) { fail("iterations, sample and step: expected whole numbers (sample and step from 1)"); return; }
  let config;
  if (q.get("custom")) {
    config = { custom: {} };
    for (const k of Object.keys(res.custom.default)) if (q.has(k)) config.custom[k] = q.get(k);
    sel.value = "custom";
    form.hidden = false;
  } else {
    const id = q.get("example") || "002_1_2_2_1";
    config = { example: id };
    if (q.has("activation")) config.activation = q.get("activation");
    if (q.has("batch")) config.batch = q.get("batch");
    sel.value = id;
  }
  setStatus("Pyodide " + info.pyodide + " and purenet " + info.purenet + " loaded in " + (info.total_ms / 1000).toFixed(1) + " s");
  await loadConfig(config, iterations, sample);
  if (step > 0 && main.dataset.status === "ready") await act(() => openWalk(step - 1));
}

start().catch(fail);
