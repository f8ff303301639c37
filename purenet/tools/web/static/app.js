// The page: asks the worker (purenet in Pyodide) for the state and draws it. No arithmetic on the
// numbers happens here: every value shown is the Python repr the worker sent, carried in
// data-value, under the paper's name in data-name (z^2_1, a^3_2, d^3_1, w^3_12, dJ/dw^3_12, J, y_1):
// every name comes from the worker (view.layers[].names, view.names), none is built here. Hovering
// or focusing a number shows its equation with its numbers (the worker's "explain") in #tip
// (role="tooltip"); the plots' ticks come from the worker too (view.plots, the rule of plot.py).
// The URL query sets the view: ?example=002_1_2_2_1&iterations=10 (&sample=K, &activation=, &batch=,
// &step=N: one iteration step by step, at step N), or ?custom=1&sizes=2,3,1&activation=tanh,sigmoid&...
// for a network of one's own.

import { $, el, linePlot, math, numCell, renderNetwork, renderTables } from "./draw.js";

const main = $("app");

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

const MAX_ITERATIONS = 100000;   // session.MAX_ITERATIONS: the most the page trains
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
  const u = v.update_state;           // momentum, nesterov, adam, adamw: options, t, the equation
  if (u) facts.push(Object.entries(u.options).map(([k, x]) => k + " = " + x).join(", "), "t = " + u.step,
                    u.equation);
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

function renderPlots(v) {
  const p = v.plots;
  if (!p || hist.cost.length === 0) {
    linePlot($("cost-plot"), $("cost-legend"), null, [], []);
    linePlot($("output-plot"), $("output-legend"), null, [], []);
    return;
  }
  linePlot($("cost-plot"), $("cost-legend"), p.cost, [{ y: hist.cost, color: p.cost.series[0].color, label: p.cost.series[0].label }], p.marks, p.marks_label);
  const series = [];
  for (const s of p.outputs.series) {
    const target = parseFloat(s.target);
    series.push({ y: hist.outputs.map((o) => o[s.k][s.j]), color: s.color, label: s.label });
    series.push({ y: hist.cost.map(() => target), color: s.color, dash: "5 4", label: s.target_label + " = " + s.target });
  }
  linePlot($("output-plot"), $("output-legend"), p.outputs, series, p.marks, p.marks_label);
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
  if (iterations > MAX_ITERATIONS) { fail("iterations: at most " + MAX_ITERATIONS + " on this page, got " + q.get("iterations").slice(0, 20)); return; }
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
