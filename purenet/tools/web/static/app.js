// The page: asks the worker (purenet in Pyodide) for the state and draws it. No arithmetic on the
// numbers happens here: every value shown is the Python repr the worker sent, carried in
// data-value, under the paper's name in data-name (z^2_1, a^3_2, d^3_1, w^3_12, dJ/dw^3_12, J, y_1).
// The URL query sets the view: ?example=002_1_2_2_1&iterations=10 (&sample=K, &activation=, &batch=),
// or ?custom=1&sizes=2,3,1&activation=tanh,sigmoid&... for a network of one's own.

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
  return el("td", { class: "num", "data-name": name, "data-value": repr, "data-f": f, text: repr });
}

function showTip(target, x, y) {
  const tip = $("tip");
  const f = view && view.formulas[target.dataset.f];
  tip.replaceChildren(el("div", { class: "value" }, math(target.dataset.name), " = " + target.dataset.value));
  if (f) {
    tip.append(el("div", { class: "formula", "data-formula": f.formula }, math(f.formula)));
    if (target.dataset.s) tip.append(el("div", { text: "s = " + target.dataset.s }));
    for (const c of f.code) tip.append(el("pre", { text: c.file + ":" + c.line + "   " + c.code.replace(/\s{2,}/g, "   ") }));
  }
  tip.hidden = false;
  const w = tip.offsetWidth, h = tip.offsetHeight;
  tip.style.left = (window.scrollX + Math.max(4, Math.min(x + 14, window.innerWidth - w - 8))) + "px";
  tip.style.top = (window.scrollY + (y + 16 + h > window.innerHeight ? y - h - 10 : y + 16)) + "px";
}

document.addEventListener("mouseover", (ev) => {
  const t = ev.target.closest && ev.target.closest("[data-f]");
  if (t) showTip(t, ev.clientX, ev.clientY); else $("tip").hidden = true;
});
document.addEventListener("mouseleave", () => { $("tip").hidden = true; });

// ---------------------------------------------------------------------------------------------
// rendering

function nameZ(kind, l, j) { return kind + "^" + l + "_" + (j + 1); }

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
      v.J === null ? "" : [" · J = ", el("b", { "data-name": "J", "data-value": v.J, "data-f": "J", text: v.J })],
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

function renderNetwork(v) {
  const svg = $("network");
  const most = Math.max(...v.layers.map((layer) => layer.a.length));
  const W = Math.max(svg.clientWidth || 600, 300), H = Math.max(300, 40 + 80 * most);
  svg.style.height = H + "px";
  svg.setAttribute("viewBox", "0 0 " + W + " " + H);
  svg.replaceChildren();
  const L = v.layers.length;
  const xs = v.layers.map((_, k) => 50 + (W - 100) * (L === 1 ? 0.5 : k / (L - 1)));
  const pos = v.layers.map((layer, k) => layer.a.map((_, j) => {
    const n = layer.a.length;
    return [xs[k], 34 + (H - 84) * (n === 1 ? 0.5 : j / (n - 1))];
  }));
  let edges = 0, wmax = 0;
  for (const layer of v.layers.slice(1)) for (const row of layer.w) for (const w of row) { edges++; wmax = Math.max(wmax, Math.abs(parseFloat(w))); }
  const labels = edges <= 16;         // more edges: each label shows when its edge is hovered
  const gEdges = el("svg:g"), gLabels = el("svg:g"), gNodes = el("svg:g");
  v.layers.forEach((layer, k) => {
    if (k === 0) return;
    const l = layer.l, n = layer.w[0].length;
    layer.w.forEach((row, i) => row.forEach((w, j) => {
      const [x1, y1] = pos[k - 1][i], [x2, y2] = pos[k][j];
      const x = parseFloat(w);
      const width = 0.6 + 3 * (wmax > 0 ? Math.abs(x) / wmax : 0);
      const name = layer.w_names[i][j];
      const t = 0.25 + 0.5 * (n === 1 ? 0.5 : j / (n - 1)) * 0.8 + 0.1 * (i % 2);
      const label = el("svg:text", { x: x1 + t * (x2 - x1), y: y1 + t * (y2 - y1) - 2, class: labels ? "w" : "w hover",
        "text-anchor": "middle", "data-name": name, "data-value": w, "data-f": "w", text: short(w) });
      const line = el("svg:line", { x1, y1, x2, y2, stroke: x >= 0 ? "#1f77b4" : "#d62728", "stroke-width": width, "stroke-opacity": 0.7 });
      if (labels) { gEdges.append(line); gLabels.append(label); }
      else gEdges.append(el("svg:g", { class: "edge" }, line,
        el("svg:line", { x1, y1, x2, y2, stroke: "transparent", "stroke-width": 9 }), label));
    }));
  });
  v.layers.forEach((layer, k) => {
    const l = layer.l;
    layer.a.forEach((a, j) => {
      const [x, y] = pos[k][j];
      const s = l === 1 ? null : JSON.stringify(layer.activation).replace(/"/g, "");
      gNodes.append(el("svg:circle", { cx: x, cy: y, r: 19, fill: l === 1 ? "#eef2f6" : "#fff", stroke: "#444" }));
      gNodes.append(el("svg:text", { x, y: y + 4, class: "za", "text-anchor": "middle",
        "data-name": nameZ("a", l, j), "data-value": a, "data-f": l === 1 ? "x" : "a", "data-s": s, text: short(a) }));
      if (l > 1) gNodes.append(el("svg:text", { x, y: y - 23, class: "za", "text-anchor": "middle", fill: "#555",
        "data-name": nameZ("z", l, j), "data-value": layer.z[j], "data-f": "z", text: "z=" + short(layer.z[j]) }));
      if (layer.b) gNodes.append(el("svg:text", { x, y: y + 31, class: "za", "text-anchor": "middle", fill: "#555",
        "data-name": "b^" + l + "_" + (j + 1), "data-value": layer.b[j], "data-f": "b", text: "b=" + short(layer.b[j]) }));
    });
    gNodes.append(el("svg:text", { x: xs[k], y: H - 4, class: "tick", "text-anchor": "middle",
      text: "layer " + l + (l === 1 ? " (x)" : l === L ? " (y)" : "") }));
  });
  svg.append(gEdges, gLabels, gNodes);
  $("network-note").textContent = labels ? "" : edges + " weights: hover an edge to see its label (every weight is in the table below).";
}

// a line plot of series [{y: [...], color, dash, label}] against the iteration (index)
function linePlot(svg, title, series, logY, marks) {
  const W = Math.max(svg.clientWidth || 520, 280), H = 190, left = 58, right = 10, top = 18, bottom = 24;
  svg.setAttribute("viewBox", "0 0 " + W + " " + H);
  svg.replaceChildren();
  const n = Math.max(...series.map((s) => s.y.length), 1);
  const tf = (y) => logY ? Math.log10(y) : y;
  let lo = Infinity, hi = -Infinity;
  for (const s of series) for (const y of s.y) if (isFinite(tf(y))) { lo = Math.min(lo, tf(y)); hi = Math.max(hi, tf(y)); }
  if (!isFinite(lo)) { lo = 0; hi = 1; }
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) { lo -= 0.5; hi += 0.5; }
  const pad = 0.05 * (hi - lo); lo -= pad; hi += pad;
  const X = (i) => left + (W - left - right) * (n <= 1 ? 0 : i / (n - 1));
  const Y = (y) => top + (H - top - bottom) * (1 - (tf(y) - lo) / (hi - lo));
  svg.append(el("svg:text", { x: left, y: 12, class: "tick", text: title }));
  svg.append(el("svg:line", { x1: left, y1: H - bottom, x2: W - right, y2: H - bottom, class: "axis" }));
  svg.append(el("svg:line", { x1: left, y1: top, x2: left, y2: H - bottom, class: "axis" }));
  for (let k = 0; k <= 4; k++) {
    const t = lo + (hi - lo) * k / 4, y = top + (H - top - bottom) * (1 - k / 4);
    const label = logY ? Math.pow(10, t).toExponential(1) : String(parseFloat(t.toPrecision(3)));
    svg.append(el("svg:text", { x: left - 4, y: y + 3, class: "tick", "text-anchor": "end", text: label }));
  }
  const raw = Math.max(1, (n - 1) / 5), p10 = Math.pow(10, Math.floor(Math.log10(raw)));
  const dx = [1, 2, 5, 10].map((m) => m * p10).find((d) => d >= raw);
  for (let i = 0; i <= n - 1; i += dx) {
    svg.append(el("svg:text", { x: X(i), y: H - 8, class: "tick", "text-anchor": "middle", text: String(i) }));
  }
  for (const m of marks || []) if (m < n) svg.append(el("svg:line", { x1: X(m), x2: X(m), y1: top, y2: H - bottom, stroke: "#999", "stroke-dasharray": "2 3" }));
  const step = Math.max(1, Math.floor(n / 800));
  for (const s of series) {
    const pts = [];
    for (let i = 0; i < s.y.length; i += step) if (isFinite(tf(s.y[i]))) pts.push(X(i).toFixed(1) + "," + Y(s.y[i]).toFixed(1));
    const last = s.y.length - 1;
    if (last >= 0 && last % step && isFinite(tf(s.y[last]))) pts.push(X(last).toFixed(1) + "," + Y(s.y[last]).toFixed(1));
    if (pts.length === 1) pts.push(pts[0]);
    svg.append(el("svg:polyline", { points: pts.join(" "), fill: "none", stroke: s.color, "stroke-width": 1.6, "stroke-dasharray": s.dash },
      el("svg:title", { text: s.label })));
  }
  let lx = W - right - 4;
  for (const s of series.filter((s) => !s.dash).reverse()) {     // the legend: solid lines only
    lx -= 6.2 * s.label.length;
    if (lx < left + 8 + 5.6 * title.length) break;
    svg.append(el("svg:text", { x: lx, y: 12, class: "tick", fill: s.color, text: s.label }));
    lx -= 8;
  }
}

const COLORS = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

function renderPlots(v) {
  const marks = v.published.filter((p) => p.iteration).map((p) => p.iteration);
  if (!v.trainable || hist.cost.length === 0) {
    linePlot($("cost-plot"), "cost J: nothing to train", [], false, []);
    linePlot($("output-plot"), "outputs", [], false, []);
    return;
  }
  const pos = hist.cost.every((c) => c > 0);
  const mn = Math.min(...hist.cost), mx = Math.max(...hist.cost);
  const logY = pos && mx / mn > 100;
  linePlot($("cost-plot"), "cost J" + (logY ? " (log scale)" : ""), [{ y: hist.cost, color: "#1f77b4", label: "J" }], logY, marks);
  const series = [];
  const nS = v.samples, nOut = v.sizes[v.sizes.length - 1];
  const samples = nS <= 5 ? [...Array(nS).keys()] : [v.sample];
  const per = Math.min(nOut, 4);
  for (const k of samples) for (let j = 0; j < per; j++) {
    const color = COLORS[(samples.indexOf(k) * per + j) % COLORS.length];
    const label = "y_" + (j + 1) + (nS > 1 ? "[" + (k + 1) + "]" : "");
    const target = parseFloat(v.data.Y[k][j]);
    series.push({ y: hist.outputs.map((o) => o[k][j]), color, label });
    series.push({ y: hist.cost.map(() => target), color, dash: "5 4", label: "y*" + label.slice(1) });
  }
  linePlot($("output-plot"), "outputs y (solid) and targets y* (dashed)", series.slice(0, 16), false, marks);
}

function renderTables(v) {
  const s = $("tables");
  const L = v.layers.length;
  const hasD = v.layers.length > 1 && v.layers[1].d !== undefined;
  const neurons = el("table", {}, el("tr", {}, ["layer l", "neuron j", "z_j^l", "a_j^l", hasD ? "d_j^l = ∂J_s/∂z_j^l" : null].filter(Boolean).map((h) => el("th", {}, math(h)))));
  for (const layer of v.layers) {
    const l = layer.l;
    const act = l === 1 ? "input" : JSON.stringify(layer.activation).replace(/"/g, "");
    layer.z.forEach((z, j) => {
      const tr = el("tr", {}, el("td", { text: j === 0 ? l + " (" + act + ")" : "" }), el("td", { text: String(j + 1) }),
        numCell(nameZ("z", l, j), z, l === 1 ? "x" : "z"), numCell(nameZ("a", l, j), layer.a[j], l === 1 ? "x" : "a"));
      if (l > 1) tr.lastChild.dataset.s = act;
      if (hasD) tr.append(l === 1 ? el("td", { text: "" }) : numCell(nameZ("d", l, j), layer.d[j], l === L ? "d_out" : "d"));
      neurons.append(tr);
    });
  }
  const mean = v.samples > 1 && v.layers.length > 1 && v.layers[1].mean_gw !== undefined;
  const heads = ["parameter", "value", hasD ? "∂J_s/∂p (this sample)" : null, mean ? "∂J/∂p (mean over " + v.samples + " samples)" : null].filter(Boolean);
  const weights = el("table", {}, el("tr", {}, heads.map((h) => el("th", { text: h }))));
  for (const layer of v.layers.slice(1)) {
    const l = layer.l;
    layer.w.forEach((row, i) => row.forEach((w, j) => {
      const name = layer.w_names[i][j];
      const tr = el("tr", {}, el("td", {}, math(name)), numCell(name, w, "w"));
      if (hasD) tr.append(numCell("dJ/d" + name, layer.gw[i][j], "gw"));
      if (mean) tr.append(numCell("mean dJ/d" + name, layer.mean_gw[i][j], "mean"));
      weights.append(tr);
    }));
    if (layer.b) layer.b.forEach((b, j) => {
      const name = "b^" + l + "_" + (j + 1);
      const tr = el("tr", {}, el("td", {}, math(name)), numCell(name, b, "b"));
      if (hasD) tr.append(numCell("dJ/d" + name, layer.gb[j], "gb"));
      if (mean) tr.append(numCell("mean dJ/d" + name, layer.mean_gb[j], "mean"));
      weights.append(tr);
    });
  }
  const out = el("table", {}, el("tr", {}, ["j", "y_j", v.y_star ? "y*_j" : null].filter(Boolean).map((h) => el("th", {}, math(h)))),
    v.y.map((y, j) => el("tr", {}, el("td", { text: String(j + 1) }), numCell("y_" + (j + 1), y, "y"),
      v.y_star ? numCell("y*_" + (j + 1), v.y_star[j]) : null)));
  const costs = v.J_sample === null ? null : el("p", {}, "this sample's cost J_s = ",
    el("span", { "data-name": "J_s", "data-value": v.J_sample, "data-f": "J_sample", text: v.J_sample }),
    v.samples > 1 ? "; the mean over the samples J = " : "; J = ",
    el("span", { "data-name": "J", "data-value": v.J, "data-f": "J", text: v.J }));
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
    el("td", { class: "num" }, v.data.outputs[k].map((y, j) => el("span", { "data-name": "y_" + (j + 1) + "[" + (k + 1) + "]", "data-value": y, text: (j ? ", " : "") + y })))));
  s.replaceChildren(el("h2", { text: "The samples" + (v.samples > 1 ? " (click one to show it in the tables)" : "") }),
    el("table", {}, el("tr", {}, heads.map((h) => el("th", { text: h }))), rows));
}

// ---------------------------------------------------------------------------------------------
// actions

async function act(f) {
  if (busy) return;
  setBusy(true);
  let error = null;
  try { await f(); } catch (e) { error = e; }
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
  if (!(iterations >= 0) || !(sample >= 0)) { fail("iterations and sample: expected whole numbers (sample from 1)"); return; }
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
}

start().catch(fail);
