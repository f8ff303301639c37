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
- **Kinks.** ReLU, step and piecewise-linear activations are not differentiable at their
  ``kinks`` (the step jumps there). When the perturbation ±h moves some z_j^l, in any layer and
  for any sample, across, onto or off a kink (its side of the kink differs between p − h, p and
  p + h), the difference quotient straddles it and means nothing: the parameter is reported
  "not comparable (kink at z^l_j)", neither pass nor fail.

Three entry points, all returning a ``Report``:

- ``verify(net, X, Y, loss)``: every parameter, 2P forward passes over the data (P parameters);
- ``verify_fast(net, X, Y, loss, seed)``: one random direction v from purenet's seeded PRNG,
  ∇J·v against (J(θ + hv) − J(θ − hv)) / 2h: 2 forward passes whatever P is;
- ``verify_gradients(net, X, Y, loss, their_gw, their_gb)``: another implementation's gradient,
  against finite differences and against purenet's backprop, naming every parameter that differs.

``compare_engines(net, X, Y, loss)`` puts, for every parameter, the three engines (backprop, ``002``'s
matrix form, ``001``'s recursion) and the finite difference side by side. The reports and their
tables are in ``reports.py``.
"""

from ..bits import Random, finite
from ..losses import get_loss
from ..matrix import count
from ..network import _forward, check_data, entry, parameters, set_entry, zero_gradients
from .engines import ENGINE_NAMES, get_engine
from .reports import FAIL, PASS, Comparison, Report, not_comparable

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


def find_kink(net, minus, base, plus):
    """The first z_j^l, as (name, sample, exact), that the perturbation moves across, onto or off
    a kink of its activation: its side of the kink (below, on, above) is not the same at the three
    points p − h, p, p + h (``minus``, ``base``, ``plus``: the forward traces of every sample
    there). None when no z_j^l changes side. ``exact`` is True when z_j^l at p itself is on the
    kink (the analytic derivative is then a convention, relu'(0) = 0 in purenet).

    A z_j^l that sits on a kink but does not move at all (the parameter does not reach it) is not
    a kink for that parameter: J is smooth along the perturbation, and ∂z_j^l/∂p = 0 makes the
    convention for s'(z_j^l) irrelevant to ∂J/∂p."""
    for l in range(2, net.L + 1):
        kinks = net.s[l].kinks
        if not kinks:
            continue
        for k in range(len(base)):
            zm, z0, zp = minus[k].z[l], base[k].z[l], plus[k].z[l]
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


def _check_args(net, X, Y, loss, h, rtol, atol):
    loss = check_data(net, X, Y, loss)
    if h is not None and not (h > 0.0 and finite(h)):
        raise ValueError("step h must be a positive finite number, got %r" % (h,))
    if not rtol >= 0.0 or not atol >= 0.0:
        raise ValueError("tolerances must be non-negative, got rtol=%r atol=%r" % (rtol, atol))
    return loss


def finite_differences(net, X, Y, loss, h=None, only=None):
    """For every parameter (or those of ``only``, a sublist of ``network.parameters(net)``):
    (name, kind, l, i, j, p, h_used, numeric, kink) with kink None or (z name, sample, exact) from
    ``find_kink``. The network is perturbed in place and restored exactly (the original float is
    written back)."""
    loss = get_loss(loss)
    base = _traces(net, X)
    out = []
    for name, kind, l, i, j in parameters(net) if only is None else only:
        p = entry(net.w, net.b, kind, l, i, j)
        step = h if h is not None else STEP_FACTOR * max(1.0, abs(p))
        p_plus, p_minus = p + step, p - step
        try:
            set_entry(net.w, net.b, kind, l, i, j, p_plus)
            plus = _traces(net, X)
            set_entry(net.w, net.b, kind, l, i, j, p_minus)
            minus = _traces(net, X)
        finally:
            set_entry(net.w, net.b, kind, l, i, j, p)
        width = p_plus - p_minus                                  # 2h as represented
        if width == 0.0:
            raise ValueError("step h = %r is too small for %s = %r: p + h and p - h round to p; "
                             "use a larger step" % (step, name, p))
        numeric = (_cost(net, plus, Y, loss) - _cost(net, minus, Y, loss)) / width
        out.append((name, kind, l, i, j, p, width / 2.0, numeric, find_kink(net, minus, base, plus)))
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


def verify(net, X, Y, loss, h=None, rtol=RTOL, atol=ATOL, engine=None, only=None):
    """Check an engine's gradient (default: the core's backprop) against central differences for
    every weight and bias. ``h``: None for the automatic per-parameter step, or a fixed step.
    ``engine``: None, an engine name (``ENGINE_NAMES``) or a function (net, X, Y, loss) ->
    (J, gw, gb). ``only``: check just these parameters (a sublist of ``network.parameters(net)``).
    Returns a Report with one row per parameter, in the order of ``parameters``."""
    loss = _check_args(net, X, Y, loss, h, rtol, atol)
    J, gw, gb = get_engine(engine or "backprop")(net, X, Y, loss)
    rows = []
    for name, kind, l, i, j, p, step, numeric, kink in finite_differences(net, X, Y, loss, h, only):
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
    vw, vb = zero_gradients(net)
    for name, kind, l, i, j in parameters(net):
        set_entry(vw, vb, kind, l, i, j, rng.uniform(-1.0, 1.0))
    return vw, vb


def verify_fast(net, X, Y, loss, seed=0, h=None, rtol=RTOL, atol=ATOL, engine=None):
    """Directional check in O(1) forward passes: with v = ``direction(net, seed)``,

        analytic = ∇J·v,   numeric = (J(θ + hv) − J(θ − hv)) / 2h,

    h = ε^(1/3)·max(1, max_p |p|) unless fixed. The analytic side uses the step each parameter
    actually took, Δ_p = fl(p + h v_p) − fl(p − h v_p), so ∇J·v = Σ_p ∂J/∂p · Δ_p / 2h. A wrong
    gradient component g_p passes only if its error is orthogonal to v, which for a random v has
    probability 0; but fast mode cannot say which parameter is wrong: use ``verify`` for that."""
    loss = _check_args(net, X, Y, loss, h, rtol, atol)
    J, gw, gb = get_engine(engine or "backprop")(net, X, Y, loss)
    vw, vb = direction(net, seed)
    params = [q[1:] for q in parameters(net)]                    # (kind, l, i, j)
    theta = [entry(net.w, net.b, *q) for q in params]
    biggest = 1.0
    for p in theta:
        if abs(p) > biggest:
            biggest = abs(p)
    step = h if h is not None else STEP_FACTOR * biggest
    base = _traces(net, X)
    plus_vals = [theta[k] + step * entry(vw, vb, *params[k]) for k in range(len(params))]
    minus_vals = [theta[k] - step * entry(vw, vb, *params[k]) for k in range(len(params))]
    try:
        for k in range(len(params)):
            set_entry(net.w, net.b, *(params[k] + (plus_vals[k],)))
        plus = _traces(net, X)
        for k in range(len(params)):
            set_entry(net.w, net.b, *(params[k] + (minus_vals[k],)))
        minus = _traces(net, X)
    finally:
        for k in range(len(params)):
            set_entry(net.w, net.b, *(params[k] + (theta[k],)))
    numeric = (_cost(net, plus, Y, loss) - _cost(net, minus, Y, loss)) / (2.0 * step)
    analytic = 0.0
    for k in range(len(params)):
        analytic += entry(gw, gb, *params[k]) * ((plus_vals[k] - minus_vals[k]) / (2.0 * step))
    row = {"name": "grad J . v (seed %d)" % seed, "kind": "direction", "seed": seed,
           "h": step, "analytic": analytic, "numeric": numeric}
    _judge(row, J, rtol, atol, find_kink(net, minus, base, plus))
    step_text = ("auto: h = eps^(1/3)*max(1, max|p|) = %r" % step if h is None
                 else "fixed by the caller: h = %r" % h)
    return Report("fast", loss.name, J, [row], step_text, rtol, atol, _engine_name(engine),
                  len(X), 2, {"direction": "v_p uniform in [-1, 1), purenet.bits.Random(%d), "
                              "%d parameters" % (seed, len(params))})


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
                     their_J=None):
    """Check another implementation's gradient (padded like ``backprop.gradient``: their_gw[l][i][j]
    = their ∂J/∂w_ij^l, their_gb[l][j] = their ∂J/∂b_j^l) against central differences and against
    purenet's backprop, with the same tolerance rule for both. A row passes when theirs agrees with
    both; its ``status`` is FAIL otherwise and ``differs_from`` names what it disagrees with.
    Where the perturbation straddles a kink, finite differences are not used: if z_j^l sits
    exactly on the kink the derivative is a convention and the row is "not comparable"; otherwise
    it is judged against purenet alone (``note`` says so). ``their_J``: their cost, if known,
    compared with purenet's J (``extra["their J"]``)."""
    loss = _check_args(net, X, Y, loss, h, rtol, atol)
    check_gradient_layout(net, their_gw, their_gb)
    J, gw, gb = get_engine("backprop")(net, X, Y, loss)
    rows = []
    for name, kind, l, i, j, p, step, numeric, kink in finite_differences(net, X, Y, loss, h):
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

def compare_engines(net, X, Y, loss, h=None, rtol=RTOL, atol=ATOL):
    """The three engines and the finite difference for every parameter, side by side."""
    report = verify(net, X, Y, loss, h, rtol, atol)
    results = [get_engine(e)(net, X, Y, loss) for e in ENGINE_NAMES]
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
