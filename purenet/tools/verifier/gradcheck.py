"""The verifier: analytic gradients against central finite differences, parameter by parameter.

The core never imports this module (it runs on every interpreter all the same). For every weight
w_ij^l and bias b_j^l (``002``'s notation, layer 1 = input) it compares the analytic ∂J/∂p of a
gradient engine (by default the core's ``backprop.gradient``) with the central difference

    ∂J/∂p ≈ (J(p + h) − J(p − h)) / 2h,

where J = (1/n) Σ_s J_s is the mean cost over the samples (``001`` §5) evaluated by the core's
forward pass. The reasoning behind every number below is in ``docs/verifier.md``; in short:

- **Step.** The central difference has truncation error (h²/6)·J'''(p) and rounding error about
  ε·|J|/h (ε = 2⁻⁵² ≈ 2.2e-16, the spacing of doubles near 1). Their sum is smallest near
  h = ε^(1/3) ≈ 6.06e-6, where both are ~ε^(2/3) ≈ 4e-11 (times the scale of J and J'''). So by
  default h = ε^(1/3)·max(1, |p|) for each parameter p (``STEP_FACTOR``), unless the caller fixes
  h. The quotient divides by (p + h) − (p − h) as actually represented, not by 2h.
- **Tolerance.** A parameter passes when |analytic − numeric| ≤ max(rtol·max(|analytic|,
  |numeric|), atol·max(1, |J|)): relative for ordinary gradients, absolute (scaled by the cost,
  as the rounding error is) for gradients near zero, where a relative error means nothing.
  Defaults ``RTOL`` = 1e-5 and ``ATOL`` = 1e-8: over the whole test grid (7,680 networks,
  298,377 parameters) the worst error is 13 times below this, and a real mistake (a wrong sign,
  a lost factor, a swapped index) gives a relative error near 1, 10⁵ times above it.
- **Single precision.** Where floats are IEEE singles (``bits.DIGITS == 24``, MicroPython on most
  boards) ε = 2⁻²³: h = 2^(−23/3)·max(1, |p|) ≈ 4.9e-3, ``RTOL`` = 1e-2, ``ATOL`` = 1e-3; the whole
  grid, run on the float32 build, passes 18 times below them (docs/verifier.md, "Where floats are
  single").
- **Kinks.** ReLU, step and piecewise-linear activations are not differentiable at their
  ``kinks`` (the step jumps there). When the perturbation ±h moves some z_j^l, in any layer and
  for any sample, across, onto or off a kink (its side of the kink differs between p − h, p and
  p + h), the difference quotient straddles it and means nothing: the parameter is reported
  "not comparable (kink at z^l_j)", neither pass nor fail.

Three entry points, all returning a ``Report``:

- ``verify(net, X, Y, loss)``: every parameter, 2P forward passes over the data (P parameters),
  each recomputing only what its parameter changes (``incremental.py``): layer l's z_j^l, a
  rank-one update of layer l + 1, full products from layer l + 2 on; ``jobs=N`` splits the
  parameters across N processes (``parallel.py``, host only), with the same report;
- ``verify_fast(net, X, Y, loss, seed)``: one random direction v from purenet's seeded PRNG,
  ∇J·v against (J(θ + hv) − J(θ − hv)) / 2h: 2 forward passes whatever P is;
- ``verify_gradients(net, X, Y, loss, their_gw, their_gb)``: another implementation's gradient,
  against finite differences and against purenet's backprop, naming every parameter that differs.

``compare_engines(net, X, Y, loss)`` puts, for every parameter, the three engines (backprop, ``002``'s
matrix form, ``001``'s recursion) and the finite difference side by side. The reports and their
tables are in ``reports.py``.
"""

import math

from ...bits import DIGITS, Random, finite
from ...checks import count
from ...losses import get_loss
from ...network import _forward, check_data, entry, parameters, set_entry
from .engines import ENGINE_NAMES, get_engine
from .incremental import Perturbations, View
from .reports import FAIL, PASS, Comparison, Report, not_comparable

if DIGITS == 24:        # IEEE singles (MicroPython on most boards): ε = 2^−23 (docs/verifier.md)
    STEP_FACTOR = math.ldexp(10568984, -31)   # ε^(1/3) = 2^(−23/3) = 0.0049215667, the nearest single
    RTOL = 1e-2
    ATOL = 1e-3
else:                   # IEEE doubles: ε = 2^−52
    STEP_FACTOR = 6.0554544523933395e-06    # ε^(1/3) = 2^(−52/3), ε = 2^−52, correctly rounded
    RTOL = 1e-5
    ATOL = 1e-8


# ---------------------------------------------------------------------------------------------
# costs, kinks, tolerances

def _traces(net, X):
    return [_forward(net, x) for x in X]


def _cost(net, traces, Y, loss):
    """J = (1/n) Σ_s J_s from the forward traces (softmax costs use z^L, as the core's do)."""
    J = 0.0
    for k in range(len(traces)):
        J += loss.value(traces[k].a[net.L], Y[k], traces[k].z[net.L], net.s[net.L])
    return J / len(traces)


def _side(z, k):
    return 0 if z == k else (1 if z > k else -1)


def find_kink(net, minus, base, plus, start=2):
    """The first z_j^l, as (name, sample, exact), that the perturbation moves across, onto or off
    a kink of its activation: its side of the kink (below, on, above) is not the same at the three
    points p − h, p, p + h (``minus``, ``base``, ``plus``: for every sample, its z^l by layer l as
    in a trace). None when no z_j^l changes side. ``exact`` is True when z_j^l at p itself is on
    the kink (the analytic derivative is then a convention, relu'(0) = 0 in purenet). Layers
    before ``start`` are not looked at (a parameter of layer l moves nothing before it).

    A z_j^l that sits on a kink but does not move at all (the parameter does not reach it) is not
    a kink for that parameter: J is smooth along the perturbation, and ∂z_j^l/∂p = 0 makes the
    convention for s'(z_j^l) irrelevant to ∂J/∂p."""
    for l in range(start, net.L + 1):
        kinks = net.s[l].kinks
        if not kinks:
            continue
        for k in range(len(base)):
            zm, z0, zp = minus[k][l], base[k][l], plus[k][l]
            for j in range(len(z0)):
                for c in kinks:
                    s0 = _side(z0[j], c)
                    if _side(zm[j], c) != s0 or _side(zp[j], c) != s0:
                        return "z^%d_%d" % (l, j + 1), k, s0 == 0
    return None


def tolerance(analytic, numeric, J, rtol, atol):
    """max(rtol·max(|analytic|, |numeric|), atol·max(1, |J|)): the allowed |analytic − numeric|."""
    r = rtol * max(abs(analytic), abs(numeric))
    a = atol * max(1.0, abs(J))
    return r if r > a else a


def relative_error(x, y):
    """|x − y| / max(|x|, |y|), and 0.0 when both are 0."""
    m = max(abs(x), abs(y))
    return abs(x - y) / m if m > 0.0 else 0.0


def _engine_name(engine):
    if engine is None:
        return "backprop"
    if isinstance(engine, str):
        return engine
    return getattr(engine, "__module__", "?") + "." + getattr(engine, "__name__", "?")


# ---------------------------------------------------------------------------------------------
# full mode

def _step_text(h):
    if h is None:
        return "auto, per parameter: h = eps^(1/3)*max(1, |p|) = %r*max(1, |p|)" % STEP_FACTOR
    return "fixed by the caller: h = %r" % h


def _check_args(net, X, Y, loss, h, rtol, atol, jobs=1):
    loss = check_data(net, X, Y, loss)
    if h is not None and not (h > 0.0 and finite(h)):
        raise ValueError("step h must be a positive finite number, got %r" % (h,))
    if not rtol >= 0.0 or not atol >= 0.0:
        raise ValueError("tolerances must be non-negative, got rtol=%r atol=%r" % (rtol, atol))
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError("jobs must be a whole number of processes, at least 1, got %r" % (jobs,))
    return loss


def _analytic(engine, net, X, Y, loss, jobs=1):
    """(J, gw, gb) from the engine (None: backprop). recursion_001 works one parameter at a time,
    so with jobs > 1 its parameters are split across processes like the finite differences."""
    if jobs > 1 and engine == "recursion_001":
        from .engines.recursion_001 import gradient
        from .parallel import engine_gradient  # multiprocessing: host only, imported here only
        return engine_gradient(gradient, net, X, Y, loss, parameters(net), jobs)
    return get_engine(engine or "backprop")(net, X, Y, loss)


def finite_differences(net, X, Y, loss, h=None, only=None, jobs=1):
    """For every parameter (or those of ``only``, a sublist of ``network.parameters(net)``):
    (name, kind, l, i, j, p, h_used, numeric, kink) with kink None or (z name, sample, exact) from
    ``find_kink``. J(p ± h) comes from ``incremental.Perturbations``: the unperturbed pass of every
    sample is kept and only what the parameter changes is recomputed; the network is only read.
    ``jobs`` > 1 splits the parameters across that many processes (``parallel.py``, host only);
    the result is the same whatever ``jobs``."""
    loss = get_loss(loss)
    params = parameters(net) if only is None else only
    if jobs > 1:
        from .parallel import split  # multiprocessing: host only, imported here only
        out = []
        for part in split(finite_differences, (net, X, Y, loss, h), net, params, jobs):
            out += part
        return out
    passes = Perturbations(net, X, Y, loss)
    base = [t.z for t in passes.traces]
    out = []
    for name, kind, l, i, j in params:
        p = entry(net.w, net.b, kind, l, i, j)
        step = h if h is not None else STEP_FACTOR * max(1.0, abs(p))
        p_plus, p_minus = p + step, p - step
        keep = passes.kinks_from[l]                               # the kink rule needs the z's
        J_plus, plus = passes.cost(kind, l, i, j, p_plus - p, keep)
        J_minus, minus = passes.cost(kind, l, i, j, p_minus - p, keep)
        width = p_plus - p_minus                                  # 2h as represented
        if width == 0.0:
            raise ValueError("step h = %r is too small for %s = %r: p + h and p - h round to p; "
                             "use a larger step" % (step, name, p))
        kink = find_kink(net, minus, base, plus, l) if keep else None
        out.append((name, kind, l, i, j, p, width / 2.0, (J_plus - J_minus) / width, kink))
    return out


def _parameter_row(name, kind, l, i, j, p, step):
    """The columns every per-parameter row starts with: the name, kind, layer, the paper's
    (1-based) indices i and j (i None for a bias), the value p and the step h used."""
    return {"name": name, "kind": "weight" if kind == "w" else "bias", "layer": l,
            "i": None if i is None else i + 1, "j": j + 1, "value": p, "h": step}


def _judge(row, J, rtol, atol, kink):
    """Fill in the comparison of row["analytic"] with row["numeric"] and its status: pass or FAIL
    by ``tolerance``, or "not comparable" when the perturbation crosses a kink."""
    analytic, numeric = row["analytic"], row["numeric"]
    row["abs_error"] = abs(analytic - numeric)
    row["rel_error"] = relative_error(analytic, numeric)
    row["tolerance"] = tolerance(analytic, numeric, J, rtol, atol)
    row["kink"], row["kink_sample"] = (None, None) if kink is None else (kink[0], kink[1])
    if kink is not None:
        row["status"] = not_comparable(kink[0])
    else:
        row["status"] = PASS if row["abs_error"] <= row["tolerance"] else FAIL
    return row


def verify(net, X, Y, loss, h=None, rtol=RTOL, atol=ATOL, engine=None, only=None, jobs=1):
    """Check an engine's gradient (default: the core's backprop) against central differences for
    every weight and bias. ``h``: None for the automatic per-parameter step, or a fixed step.
    ``engine``: None, an engine name (``ENGINE_NAMES``) or a function (net, X, Y, loss) ->
    (J, gw, gb). ``only``: check just these parameters (a sublist of ``network.parameters(net)``).
    ``jobs``: processes to split the parameters across (host only when > 1; the same report).
    Returns a Report with one row per parameter, in the order of ``parameters``."""
    loss = _check_args(net, X, Y, loss, h, rtol, atol, jobs)
    J, gw, gb = _analytic(engine, net, X, Y, loss, jobs)
    rows = []
    for name, kind, l, i, j, p, step, numeric, kink in finite_differences(net, X, Y, loss, h, only,
                                                                          jobs):
        row = _parameter_row(name, kind, l, i, j, p, step)
        row["analytic"] = entry(gw, gb, kind, l, i, j)
        row["numeric"] = numeric
        rows.append(_judge(row, J, rtol, atol, kink))
    return Report("full", loss.name, J, rows, _step_text(h), rtol, atol, _engine_name(engine),
                  len(X), 2 * len(rows))


# ---------------------------------------------------------------------------------------------
# fast mode

def direction(net, seed):
    """The random direction v of fast mode: one number uniform in [−1, 1) per parameter, in the
    order of ``parameters``, drawn from ``purenet.bits.Random(seed)`` (the same on every
    interpreter). Returned padded like a gradient: (vw, vb)."""
    rng = Random(seed)
    vw, vb = [None, None], [None, None]
    for l in range(2, net.L + 1):                       # parameters' order, without the names
        vw.append([[rng.uniform(-1.0, 1.0) for _ in row] for row in net.w[l]])
        vb.append(None if net.b[l] is None else [rng.uniform(-1.0, 1.0) for _ in net.b[l]])
    return vw, vb


def verify_fast(net, X, Y, loss, seed=0, h=None, rtol=RTOL, atol=ATOL, engine=None, jobs=1):
    """Directional check in O(1) forward passes: with v = ``direction(net, seed)``,

        analytic = ∇J·v,   numeric = (J(θ + hv) − J(θ − hv)) / 2h,

    h = ε^(1/3)·max(1, max_p |p|) unless fixed. The analytic side uses the step each parameter
    actually took, Δ_p = fl(p + h v_p) − fl(p − h v_p), so ∇J·v = Σ_p ∂J/∂p · Δ_p / 2h. A wrong
    gradient component g_p passes only if its error is orthogonal to v, which for a random v has
    probability 0; but fast mode cannot say which parameter is wrong: use ``verify`` for that.
    θ ± hv are new lists (the network is only read), built and summed layer by layer in the order
    of ``parameters``. ``jobs`` > 1 splits engine recursion_001's parameters across processes."""
    loss = _check_args(net, X, Y, loss, h, rtol, atol, jobs)
    J, gw, gb = _analytic(engine, net, X, Y, loss, jobs)
    vw, vb = direction(net, seed)
    biggest, count = 1.0, 0
    for l in range(2, net.L + 1):
        for row in net.w[l] + ([net.b[l]] if net.b[l] is not None else []):
            count += len(row)
            for p in row:
                if abs(p) > biggest:
                    biggest = abs(p)
    step = h if h is not None else STEP_FACTOR * biggest
    moved = []
    for sign in (1.0, -1.0):                         # θ + hv, then θ − hv
        w, b = [None, None], [None, None]
        for l in range(2, net.L + 1):
            w.append([[p + sign * (step * v) for p, v in zip(row, v_row)]
                      for row, v_row in zip(net.w[l], vw[l])])
            b.append(None if net.b[l] is None else [p + sign * (step * v)
                                                    for p, v in zip(net.b[l], vb[l])])
        moved.append(View(net.L, w, b, net.s))
    base, plus, minus = _traces(net, X), _traces(moved[0], X), _traces(moved[1], X)
    numeric = (_cost(net, plus, Y, loss) - _cost(net, minus, Y, loss)) / (2.0 * step)
    analytic = 0.0
    for l in range(2, net.L + 1):
        rows = [(gw[l], moved[0].w[l], moved[1].w[l])]
        if net.b[l] is not None:
            rows.append(([gb[l]], [moved[0].b[l]], [moved[1].b[l]]))
        for g, p_plus, p_minus in rows:
            for i in range(len(g)):
                for j in range(len(g[i])):
                    analytic += g[i][j] * ((p_plus[i][j] - p_minus[i][j]) / (2.0 * step))
    row = {"name": "grad J . v (seed %d)" % seed, "kind": "direction", "seed": seed,
           "h": step, "analytic": analytic, "numeric": numeric}
    _judge(row, J, rtol, atol, find_kink(net, [t.z for t in minus], [t.z for t in base],
                                         [t.z for t in plus]))
    step_text = ("auto: h = eps^(1/3)*max(1, max|p|) = %r" % step if h is None
                 else "fixed by the caller: h = %r" % h)
    return Report("fast", loss.name, J, [row], step_text, rtol, atol, _engine_name(engine),
                  len(X), 2, {"direction": "v_p uniform in [-1, 1), purenet.bits.Random(%d), "
                              "%d parameters" % (seed, count)})


# ---------------------------------------------------------------------------------------------
# another implementation's gradient

def check_gradient_layout(net, gw, gb):
    """Raise ValueError, naming the layer, unless (gw, gb) is shaped like the network and padded
    like ``backprop.gradient`` (gw[l] for l = 2 … L; gb[l] None exactly where b^l is None)."""
    if not isinstance(gw, (list, tuple)) or not isinstance(gb, (list, tuple)):
        raise ValueError("their gradient: expected padded lists gw, gb (index = layer number)")
    if len(gw) != net.L + 1 or len(gb) != net.L + 1:
        raise ValueError("their gradient: expected layers 2..%d (lists of length %d), got %d and %d"
                         % (net.L, net.L + 1, len(gw), len(gb)))
    for l in range(2, net.L + 1):
        rows, cols = len(net.w[l]), len(net.w[l][0])
        g = gw[l]
        if not isinstance(g, (list, tuple)) or len(g) != rows or any(
                not isinstance(r, (list, tuple)) or len(r) != cols for r in g):
            raise ValueError("their gradient: dJ/dw^%d must be %d x %d like w^%d" % (l, rows, cols, l))
        if (net.b[l] is None) != (gb[l] is None):
            raise ValueError("their gradient: layer %d %s biases but the model %s" % (
                l, "has no" if gb[l] is None else "has", "has" if net.b[l] is not None else "has none"))
        if gb[l] is not None and len(gb[l]) != cols:
            raise ValueError("their gradient: dJ/db^%d must have %s" % (l, count(cols, "number")))


def verify_gradients(net, X, Y, loss, their_gw, their_gb, h=None, rtol=RTOL, atol=ATOL,
                     their_J=None, jobs=1):
    """Check another implementation's gradient (padded like ``backprop.gradient``: their_gw[l][i][j]
    = their ∂J/∂w_ij^l, their_gb[l][j] = their ∂J/∂b_j^l) against central differences and against
    purenet's backprop, with the same tolerance rule for both. A row passes when theirs agrees with
    both; its ``status`` is FAIL otherwise and ``differs_from`` names what it disagrees with.
    Where the perturbation straddles a kink, finite differences are not used: if z_j^l sits
    exactly on the kink the derivative is a convention and the row is "not comparable"; otherwise
    it is judged against purenet alone (``note`` says so). ``their_J``: their cost, if known,
    compared with purenet's J (``extra["their J"]``). ``jobs``: as in ``verify``."""
    loss = _check_args(net, X, Y, loss, h, rtol, atol, jobs)
    check_gradient_layout(net, their_gw, their_gb)
    J, gw, gb = _analytic("backprop", net, X, Y, loss)
    rows = []
    for name, kind, l, i, j, p, step, numeric, kink in finite_differences(net, X, Y, loss, h,
                                                                          None, jobs):
        ours = entry(gw, gb, kind, l, i, j)
        theirs = float(entry(their_gw, their_gb, kind, l, i, j))
        row = _parameter_row(name, kind, l, i, j, p, step)
        row.update({"theirs": theirs, "purenet": ours, "numeric": numeric,
                    "abs_error": abs(theirs - numeric), "rel_error": relative_error(theirs, numeric),
                    "purenet_abs_diff": abs(theirs - ours),
                    "purenet_rel_diff": relative_error(theirs, ours),
                    "kink": None, "kink_sample": None, "note": None, "differs_from": []})
        bad = []
        if abs(theirs - ours) > tolerance(theirs, ours, J, rtol, atol):
            bad.append("purenet")
        if kink is None:
            if abs(theirs - numeric) > tolerance(theirs, numeric, J, rtol, atol):
                bad.append("finite differences")
        else:
            row["kink"], row["kink_sample"] = kink[0], kink[1]
            row["note"] = "no finite difference: kink at %s" % kink[0]
        row["differs_from"] = bad
        if kink is not None and kink[2]:
            row["status"] = not_comparable(kink[0])
            if bad:
                row["note"] = "differs from purenet's convention there"
        elif bad:
            row["status"] = FAIL
            row["note"] = "differs from " + " and ".join(bad) + (
                "" if kink is None else "; no finite difference: kink at %s" % kink[0])
        else:
            row["status"] = PASS
        rows.append(row)
    extra = {}
    if their_J is not None:
        ok = abs(their_J - J) <= tolerance(their_J, J, J, rtol, atol)
        extra["their J"] = "%r (purenet %r): %s" % (their_J, J, "agrees" if ok else "DIFFERS")
    report = Report("gradients", loss.name, J, rows, _step_text(h), rtol, atol,
                    "theirs, against purenet's backprop and finite differences", len(X),
                    2 * len(rows), extra)
    if their_J is not None and not ok:
        report.rows.append({"name": "J", "kind": "cost", "theirs": float(their_J), "purenet": J,
                            "numeric": None, "abs_error": None, "rel_error": None,
                            "purenet_abs_diff": abs(their_J - J),
                            "purenet_rel_diff": relative_error(their_J, J), "status": FAIL,
                            "note": "their cost differs from purenet's", "kink": None,
                            "kink_sample": None, "differs_from": ["purenet"]})
    return report


def tamper(net, gw, gb, changes):
    """A copy of net's gradient (gw, gb) with some entries changed, for mutation tests and
    demonstrations: ``changes`` maps a parameter name ("w^3_12", "b^2_1") to a function of the old
    value."""
    gw2 = [None if g is None else [list(r) for r in g] for g in gw]
    gb2 = [None if g is None else list(g) for g in gb]
    names = []
    for name, kind, l, i, j in parameters(net):
        names.append(name)
        if name in changes:
            set_entry(gw2, gb2, kind, l, i, j, changes[name](entry(gw2, gb2, kind, l, i, j)))
    for name in changes:
        if name not in names:
            raise ValueError("tamper: no parameter %s in this gradient" % name)
    return gw2, gb2


# ---------------------------------------------------------------------------------------------
# the three engines side by side

def compare_engines(net, X, Y, loss, h=None, rtol=RTOL, atol=ATOL, jobs=1):
    """The three engines and the finite difference for every parameter, side by side. ``jobs``:
    as in ``verify`` (the finite differences and recursion_001 are split)."""
    report = verify(net, X, Y, loss, h, rtol, atol, jobs=jobs)
    results = [_analytic(e, net, X, Y, loss, jobs) for e in ENGINE_NAMES]
    rows = []
    for r, (name, kind, l, i, j) in zip(report.rows, parameters(net)):
        row = {"name": name, "numeric": r["numeric"], "fd_status": r["status"]}
        values = []
        for e, (J, gw, gb) in zip(ENGINE_NAMES, results):
            row[e] = entry(gw, gb, kind, l, i, j)
            values.append(row[e])
        worst = 0.0
        for a in values:
            for b in values:
                d = relative_error(a, b)
                if d > worst:
                    worst = d
        row["engine_rel_diff"] = worst
        rows.append(row)
    return Comparison(rows, report.J, report.loss, _step_text(h))
