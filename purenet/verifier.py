"""The verifier: analytic gradients against central finite differences, parameter by parameter.

The core never imports this module. For every weight w_ij^l and bias b_j^l (``002``'s notation,
layer 1 = input) it compares the analytic ∂J/∂p of a gradient engine (by default the core's
``backprop.gradient``) with the central difference

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
  298,377 parameters) the worst error is 13 times below this, and a real mistake (a wrong sign, a lost factor, a swapped
  index) gives a relative error near 1, 10⁵ times above it.
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
matrix form, ``001``'s recursion) and the finite difference side by side; ``grid_case(k)`` builds
test network k of the test grid, so ``python -m purenet.verifier K`` shows that table for it.
"""

from .activations import get_activation
from .engines import ENGINE_NAMES, check_data, get_engine
from .losses import get_loss
from .network import Network, feed_forward, param_name
from .portable import Random

EPS = 2.0 ** -52                        # machine epsilon of IEEE double precision
STEP_FACTOR = 6.0554544523933395e-06    # ε^(1/3) = 2^(−52/3), correctly rounded
RTOL = 1e-5
ATOL = 1e-8

PASS = "pass"
FAIL = "FAIL"


def not_comparable(kink):
    """The status of a parameter whose perturbation crosses a kink: "not comparable (kink at z^l_j)"."""
    return "not comparable (kink at %s)" % kink


# ---------------------------------------------------------------------------------------------
# parameters, costs, kinks

def parameters(net):
    """Every parameter as (name, kind, l, i, j): layer by layer, the weights w_ij^l row by row,
    then the biases b_j^l (for a bias i is None). Indices are 0-based, names the papers'."""
    out = []
    for l in range(2, net.L + 1):
        w = net.w[l]
        for i in range(len(w)):
            for j in range(len(w[0])):
                out.append((param_name("w", l, i, j), "w", l, i, j))
        if net.b[l] is not None:
            for j in range(len(net.b[l])):
                out.append((param_name("b", l, j), "b", l, None, j))
    return out


def _get(net, kind, l, i, j):
    return net.w[l][i][j] if kind == "w" else net.b[l][j]


def _set(net, kind, l, i, j, value):
    if kind == "w":
        net.w[l][i][j] = value
    else:
        net.b[l][j] = value


def _traces(net, X):
    return [feed_forward(net, x) for x in X]


def _cost(net, traces, Y, loss):
    """J = (1/n) Σ_s J_s from the forward traces (softmax costs use z^L, as the core's do)."""
    J = 0.0
    for k in range(len(traces)):
        J += loss.value(traces[k].a[net.L], Y[k], traces[k].z[net.L])
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
# the report

class Report:
    """The result of a check. ``rows``: one dict per parameter (or per direction in fast mode);
    ``passed``: True when every comparable row passes; ``format()``: a readable table;
    ``to_json()``: the same as a plain dict (numbers as floats, no objects)."""

    def __init__(self, mode, loss, J, rows, step, rtol, atol, engine, n_samples, forward_passes,
                 extra=None):
        self.mode = mode
        self.loss = loss
        self.J = J
        self.rows = rows
        self.step = step
        self.rtol = rtol
        self.atol = atol
        self.engine = engine
        self.n_samples = n_samples
        self.forward_passes = forward_passes
        self.extra = extra or {}

    @property
    def failures(self):
        """Names of the rows that fail."""
        return [r["name"] for r in self.rows if r["status"] == FAIL]

    @property
    def not_comparable(self):
        """Names of the rows whose finite difference straddles a kink (judged by nothing)."""
        return [r["name"] for r in self.rows if r["status"].startswith("not comparable")]

    @property
    def passed(self):
        return len(self.failures) == 0

    def summary(self):
        n = len(self.rows)
        nc = len(self.not_comparable)
        bad = self.failures
        word = "directions" if self.mode == "fast" else "parameters"
        if bad:
            return "FAILED: %d of %d comparable %s fail: %s" % (len(bad), n - nc, word, ", ".join(bad))
        if n == nc:
            return "NOTHING CHECKED: all %d %s are not comparable (kinks)" % (n, word)
        k = n - nc
        text = ("PASSED: all %d comparable %s pass" % (k, word) if k != 1 else
                "PASSED: the comparable %s passes" % word[:-1])
        if nc:
            text += "; %d not comparable (kinks): %s" % (nc, ", ".join(self.not_comparable))
        return text

    def header(self):
        lines = ["purenet verifier: %s mode, loss %s, %d sample%s, J = %r"
                 % (self.mode, self.loss, self.n_samples, "" if self.n_samples == 1 else "s", self.J),
                 "analytic gradient: %s; numeric: central difference (J(p+h) - J(p-h)) / 2h" % self.engine,
                 "step: %s" % self.step,
                 "tolerance: |analytic - numeric| <= max(rtol*max(|analytic|,|numeric|), "
                 "atol*max(1,|J|)), rtol = %r, atol = %r" % (self.rtol, self.atol),
                 "forward passes over the data: %d with perturbed parameters, 1 at the "
                 "parameters as given (for the kink check), and the gradient's own"
                 % self.forward_passes]
        for key in sorted(self.extra):
            lines.append("%s: %s" % (key, self.extra[key]))
        return lines

    def columns(self):
        if self.mode == "gradients":
            return (("parameter", "name"), ("theirs", "theirs"), ("purenet", "purenet"),
                    ("numeric", "numeric"), ("rel err vs numeric", "rel_error"),
                    ("rel diff vs purenet", "purenet_rel_diff"), ("result", "status"))
        return (("parameter", "name"), ("analytic", "analytic"), ("numeric", "numeric"),
                ("abs err", "abs_error"), ("rel err", "rel_error"), ("h", "h"), ("result", "status"))

    def format(self):
        """The report as text: a header, one line per row (values in repr), a summary line."""
        cols = self.columns()
        table = [[title for title, _ in cols]]
        for r in self.rows:
            line = []
            for title, key in cols:
                v = r.get(key)
                if key in ("abs_error", "rel_error", "purenet_rel_diff"):
                    line.append("-" if v is None else "%.2e" % v)
                elif key == "status":
                    line.append(v + (" (%s)" % r["note"] if r.get("note") else ""))
                elif isinstance(v, float):
                    line.append(repr(v))
                else:
                    line.append("-" if v is None else str(v))
            table.append(line)
        return "\n".join(self.header() + [""] + _layout(table) + ["", self.summary()]) + "\n"

    def to_json(self):
        """A plain dict: mode, loss, J, step, tolerances, engine, passed, failures, rows."""
        d = {"mode": self.mode, "loss": self.loss, "J": self.J, "step": self.step,
             "rtol": self.rtol, "atol": self.atol, "engine": self.engine,
             "samples": self.n_samples, "forward_passes": self.forward_passes,
             "passed": self.passed, "failures": self.failures,
             "not_comparable": self.not_comparable, "summary": self.summary(),
             "rows": [dict(r) for r in self.rows]}
        for key in self.extra:
            d[key] = self.extra[key]
        return d


def _layout(table):
    """Left-aligned text columns, two spaces apart; a rule under the titles."""
    widths = [0] * len(table[0])
    for line in table:
        for c in range(len(line)):
            if len(line[c]) > widths[c]:
                widths[c] = len(line[c])
    out = []
    for line in table:
        out.append("  ".join(line[c] + " " * (widths[c] - len(line[c])) for c in range(len(line))).rstrip())
    total = 0
    for w in widths:
        total += w + 2
    out.insert(1, "-" * (total - 2))
    return out


# ---------------------------------------------------------------------------------------------
# full mode

def _step_text(h):
    if h is None:
        return "auto, per parameter: h = eps^(1/3)*max(1, |p|) = %r*max(1, |p|)" % STEP_FACTOR
    return "fixed by the caller: h = %r" % h


def _check_args(net, X, Y, loss, h, rtol, atol):
    loss = get_loss(loss)
    check_data(net, X, Y, loss)
    if h is not None and not (h > 0.0 and h != float("inf")):
        raise ValueError("step h must be a positive finite number, got %r" % (h,))
    if not rtol >= 0.0 or not atol >= 0.0:
        raise ValueError("tolerances must be non-negative, got rtol=%r atol=%r" % (rtol, atol))
    return loss


def finite_differences(net, X, Y, loss, h=None):
    """For every parameter: (name, kind, l, i, j, p, h_used, numeric, kink) with kink None or
    (z name, sample, exact) from ``find_kink``. The network is perturbed in place and restored
    exactly (the original float is written back)."""
    loss = get_loss(loss)
    base = _traces(net, X)
    out = []
    for name, kind, l, i, j in parameters(net):
        p = _get(net, kind, l, i, j)
        step = h if h is not None else STEP_FACTOR * max(1.0, abs(p))
        p_plus, p_minus = p + step, p - step
        try:
            _set(net, kind, l, i, j, p_plus)
            plus = _traces(net, X)
            _set(net, kind, l, i, j, p_minus)
            minus = _traces(net, X)
        finally:
            _set(net, kind, l, i, j, p)
        width = p_plus - p_minus                                  # 2h as represented
        numeric = (_cost(net, plus, Y, loss) - _cost(net, minus, Y, loss)) / width
        out.append((name, kind, l, i, j, p, width / 2.0, numeric, find_kink(net, minus, base, plus)))
    return out


def _paper_indices(kind, i, j):
    return (None if i is None else i + 1), j + 1


def verify(net, X, Y, loss, h=None, rtol=RTOL, atol=ATOL, engine=None):
    """Check an engine's gradient (default: the core's backprop) against central differences for
    every weight and bias. ``h``: None for the automatic per-parameter step, or a fixed step.
    ``engine``: None, an engine name (``ENGINE_NAMES``) or a function (net, X, Y, loss) ->
    (J, gw, gb). Returns a Report with one row per parameter, in the order of ``parameters``."""
    loss = _check_args(net, X, Y, loss, h, rtol, atol)
    J, gw, gb = get_engine(engine or "backprop")(net, X, Y, loss)
    rows = []
    for name, kind, l, i, j, p, step, numeric, kink in finite_differences(net, X, Y, loss, h):
        analytic = gw[l][i][j] if kind == "w" else gb[l][j]
        pi, pj = _paper_indices(kind, i, j)
        row = {"name": name, "kind": "weight" if kind == "w" else "bias", "layer": l, "i": pi,
               "j": pj, "value": p, "h": step, "analytic": analytic, "numeric": numeric,
               "abs_error": abs(analytic - numeric), "rel_error": relative_error(analytic, numeric),
               "tolerance": tolerance(analytic, numeric, J, rtol, atol), "kink": None,
               "kink_sample": None}
        if kink is not None:
            row["kink"], row["kink_sample"] = kink[0], kink[1]
            row["status"] = not_comparable(kink[0])
        else:
            row["status"] = PASS if row["abs_error"] <= row["tolerance"] else FAIL
        rows.append(row)
    return Report("full", loss.name, J, rows, _step_text(h), rtol, atol, _engine_name(engine),
                  len(X), 2 * len(rows))


# ---------------------------------------------------------------------------------------------
# fast mode

def direction(net, seed):
    """The random direction v of fast mode: one number uniform in [−1, 1) per parameter, in the
    order of ``parameters``, drawn from ``purenet.portable.Random(seed)`` (the same on every
    interpreter). Returned padded like a gradient: (vw, vb)."""
    rng = Random(seed)
    vw, vb = [None, None], [None, None]
    for l in range(2, net.L + 1):
        vw.append([[0.0] * len(net.w[l][0]) for _ in net.w[l]])
        vb.append(None if net.b[l] is None else [0.0] * len(net.b[l]))
    for name, kind, l, i, j in parameters(net):
        if kind == "w":
            vw[l][i][j] = rng.uniform(-1.0, 1.0)
        else:
            vb[l][j] = rng.uniform(-1.0, 1.0)
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
    params = parameters(net)
    theta = [_get(net, kind, l, i, j) for name, kind, l, i, j in params]
    biggest = 1.0
    for p in theta:
        if abs(p) > biggest:
            biggest = abs(p)
    step = h if h is not None else STEP_FACTOR * biggest
    base = _traces(net, X)
    plus_vals, minus_vals = [], []
    for q in range(len(params)):
        name, kind, l, i, j = params[q]
        v = vw[l][i][j] if kind == "w" else vb[l][j]
        plus_vals.append(theta[q] + step * v)
        minus_vals.append(theta[q] - step * v)
    try:
        for q in range(len(params)):
            _set(net, *(params[q][1:] + (plus_vals[q],)))
        plus = _traces(net, X)
        for q in range(len(params)):
            _set(net, *(params[q][1:] + (minus_vals[q],)))
        minus = _traces(net, X)
    finally:
        for q in range(len(params)):
            _set(net, *(params[q][1:] + (theta[q],)))
    numeric = (_cost(net, plus, Y, loss) - _cost(net, minus, Y, loss)) / (2.0 * step)
    analytic = 0.0
    for q in range(len(params)):
        name, kind, l, i, j = params[q]
        g = gw[l][i][j] if kind == "w" else gb[l][j]
        analytic += g * ((plus_vals[q] - minus_vals[q]) / (2.0 * step))
    kink = find_kink(net, minus, base, plus)
    row = {"name": "grad J . v (seed %d)" % seed, "kind": "direction", "seed": seed,
           "h": step, "analytic": analytic, "numeric": numeric,
           "abs_error": abs(analytic - numeric), "rel_error": relative_error(analytic, numeric),
           "tolerance": tolerance(analytic, numeric, J, rtol, atol), "kink": None,
           "kink_sample": None}
    if kink is not None:
        row["kink"], row["kink_sample"] = kink[0], kink[1]
        row["status"] = not_comparable(kink[0])
    else:
        row["status"] = PASS if row["abs_error"] <= row["tolerance"] else FAIL
    step_text = ("auto: h = eps^(1/3)*max(1, max|p|) = %r" % step if h is None
                 else "fixed by the caller: h = %r" % h)
    return Report("fast", loss.name, J, [row], step_text, rtol, atol, _engine_name(engine),
                  len(X), 2, {"direction": "v_p uniform in [-1, 1), purenet.portable.Random(%d), "
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
            raise ValueError("their gradient: dJ/db^%d must have %d numbers" % (l, cols))


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
        ours = gw[l][i][j] if kind == "w" else gb[l][j]
        theirs = float(their_gw[l][i][j] if kind == "w" else their_gb[l][j])
        pi, pj = _paper_indices(kind, i, j)
        row = {"name": name, "kind": "weight" if kind == "w" else "bias", "layer": l, "i": pi,
               "j": pj, "value": p, "h": step, "theirs": theirs, "purenet": ours,
               "numeric": numeric, "abs_error": abs(theirs - numeric),
               "rel_error": relative_error(theirs, numeric),
               "purenet_abs_diff": abs(theirs - ours), "purenet_rel_diff": relative_error(theirs, ours),
               "kink": None, "kink_sample": None, "note": None, "differs_from": []}
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


def tamper(gw, gb, changes):
    """A copy of (gw, gb) with some entries changed, for mutation tests and demonstrations:
    ``changes`` maps a parameter name ("w^3_12", "b^2_1") to a function of the old value."""
    gw2 = [None if g is None else [list(r) for r in g] for g in gw]
    gb2 = [None if g is None else list(g) for g in gb]
    seen = set()
    for l in range(2, len(gw2)):
        for i in range(len(gw2[l])):
            for j in range(len(gw2[l][i])):
                name = param_name("w", l, i, j)
                if name in changes:
                    gw2[l][i][j] = changes[name](gw2[l][i][j])
                    seen.add(name)
        if gb2[l] is not None:
            for j in range(len(gb2[l])):
                name = param_name("b", l, j)
                if name in changes:
                    gb2[l][j] = changes[name](gb2[l][j])
                    seen.add(name)
    for name in changes:
        if name not in seen:
            raise ValueError("tamper: no parameter %s in this gradient" % name)
    return gw2, gb2


# ---------------------------------------------------------------------------------------------
# the three engines side by side

class Comparison:
    """For every parameter: the three engines' ∂J/∂p and the finite difference (``rows``), the
    largest relative difference between engines (``max_engine_rel_diff``) and the verdict of the
    finite-difference check of backprop (``fd_status``)."""

    def __init__(self, rows, J, loss, h):
        self.rows = rows
        self.J = J
        self.loss = loss
        self.h = h

    @property
    def max_engine_rel_diff(self):
        m = 0.0
        for r in self.rows:
            if r["engine_rel_diff"] > m:
                m = r["engine_rel_diff"]
        return m

    def format(self):
        table = [["parameter"] + list(ENGINE_NAMES) + ["finite difference", "engines rel diff",
                                                       "finite difference check"]]
        for r in self.rows:
            table.append([r["name"]] + [repr(r[e]) for e in ENGINE_NAMES]
                         + [repr(r["numeric"]), "%.1e" % r["engine_rel_diff"], r["fd_status"]])
        head = ["purenet: the three gradient engines and the central difference, side by side",
                "loss %s, J = %r; step: %s" % (self.loss, self.J, _step_text(self.h)),
                "engines: backprop = 002's index notation (purenet/backprop.py); matrix_form = 002's "
                "math behind Python; recursion_001 = 001 section 5, forward mode"]
        return "\n".join(head + [""] + _layout(table)
                         + ["", "largest relative difference between engines: %.2e"
                            % self.max_engine_rel_diff]) + "\n"

    def to_json(self):
        return {"loss": self.loss, "J": self.J, "max_engine_rel_diff": self.max_engine_rel_diff,
                "rows": [dict(r) for r in self.rows]}


def compare_engines(net, X, Y, loss, h=None, rtol=RTOL, atol=ATOL):
    """The three engines and the finite difference for every parameter, side by side."""
    report = verify(net, X, Y, loss, h, rtol, atol)
    results = {}
    for e in ENGINE_NAMES:
        results[e] = get_engine(e)(net, X, Y, loss)
    rows = []
    for r in report.rows:
        row = {"name": r["name"], "numeric": r["numeric"], "fd_status": r["status"]}
        values = []
        for e in ENGINE_NAMES:
            J, gw, gb = results[e]
            l = r["layer"]
            v = gw[l][r["i"] - 1][r["j"] - 1] if r["kind"] == "weight" else gb[l][r["j"] - 1]
            row[e] = v
            values.append(v)
        worst = 0.0
        for a in values:
            for b in values:
                d = relative_error(a, b)
                if d > worst:
                    worst = d
        row["engine_rel_diff"] = worst
        rows.append(row)
    return Comparison(rows, report.J, report.loss, h)


# ---------------------------------------------------------------------------------------------
# the test grid: every activation × every loss × biases or not × 1–4 hidden layers ×
# 1–5 neurons × 1–6 samples

GRID_ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu", "step", "piecewise_linear", "gaussian",
                    "softmax")
GRID_LOSSES = ("half_squared_error", "squared_error", "cross_entropy", "categorical_cross_entropy")
GRID_BIASES = (False, True)
GRID_HIDDEN = (1, 2, 3, 4)
GRID_NEURONS = (1, 2, 3, 4, 5)
GRID_SAMPLES = (1, 2, 3, 4, 5, 6)
GRID_SIZE = (len(GRID_ACTIVATIONS) * len(GRID_LOSSES) * len(GRID_BIASES) * len(GRID_HIDDEN)
             * len(GRID_NEURONS) * len(GRID_SAMPLES))          # 8·4·2·4·5·6 = 7680

# parameter variants, so that β, μ, σ and the piecewise-linear constants are exercised too
_VARIANTS = {
    "sigmoid": ("sigmoid", {"name": "sigmoid", "beta": 2.0}, {"name": "sigmoid", "beta": 0.5}),
    "gaussian": ("gaussian", {"name": "gaussian", "mu": 0.3, "sigma": 0.8}),
    "piecewise_linear": ("piecewise_linear",
                         {"name": "piecewise_linear", "x_min": -2.0, "x_max": 1.5},
                         {"name": "piecewise_linear", "x_min": -0.5, "x_max": 0.5,
                          "slope": 0.8, "intercept": 0.4}),
}
_ELEMENTWISE = GRID_ACTIVATIONS[:-1]


def grid_axes(index):
    """The grid coordinates of case ``index`` (0 ≤ index < GRID_SIZE): a dict with activation,
    loss, bias, hidden (layers), neurons (per hidden layer), samples. The last axis varies fastest."""
    if not 0 <= index < GRID_SIZE:
        raise ValueError("grid case %r: expected 0 <= index < %d" % (index, GRID_SIZE))
    k = index
    out = {}
    for key, axis in (("samples", GRID_SAMPLES), ("neurons", GRID_NEURONS), ("hidden", GRID_HIDDEN),
                      ("bias", GRID_BIASES), ("loss", GRID_LOSSES), ("activation", GRID_ACTIVATIONS)):
        out[key] = axis[k % len(axis)]
        k //= len(axis)
    return out


def grid_index(activation, loss, bias, hidden, neurons, samples):
    """The index of the grid case with these coordinates (the inverse of ``grid_axes``)."""
    k = 0
    for value, axis in ((activation, GRID_ACTIVATIONS), (loss, GRID_LOSSES), (bias, GRID_BIASES),
                        (hidden, GRID_HIDDEN), (neurons, GRID_NEURONS), (samples, GRID_SAMPLES)):
        k = k * len(axis) + list(axis).index(value)
    return k


def grid_sample(per_pair=4):
    """A deterministic sample of the grid: for every activation × loss pair, ``per_pair`` cases
    whose other coordinates cycle so that every value of every axis occurs (biases alternate;
    1–4 hidden layers, 1–5 neurons and 1–6 samples advance at different rates)."""
    out = []
    c = 0
    for act in GRID_ACTIVATIONS:
        for loss in GRID_LOSSES:
            for t in range(per_pair):
                out.append(grid_index(act, loss, GRID_BIASES[(c // 2 + t) % 2], GRID_HIDDEN[(c + t) % 4],
                                      GRID_NEURONS[(c + 2 * t) % 5], GRID_SAMPLES[(5 * c + t) % 6]))
            c += 1
    return out


def _variant(name, rng):
    options = _VARIANTS.get(name, (name,))
    return options[rng.randbelow(len(options))]


def grid_case(index):
    """Test network ``index`` of the grid, deterministic on every interpreter: (net, X, Y, loss, axes).

    The activation axis sets the hidden layers' activation (softmax, allowed only in the output
    layer, puts a random elementwise one there). The output layer takes the activation when the
    loss allows it: any for the squared errors; sigmoid, gaussian or softmax for cross_entropy
    (outputs in (0, 1); sigmoid otherwise); softmax for categorical_cross_entropy. The input layer
    has 1–3 neurons and the output layer ``neurons`` (at least 2 with a softmax output). Weights
    are uniform in [−1, 1), biases in [−0.5, 0.5), inputs in [−1.5, 1.5); targets in [−1, 1) for
    the squared errors, [0, 1) for cross_entropy, and one-hot or a random distribution for
    categorical_cross_entropy. All drawn from ``portable.Random(index)``."""
    ax = grid_axes(index)
    rng = Random(index)
    act, loss = ax["activation"], ax["loss"]
    hidden = []
    for _ in range(ax["hidden"]):
        name = act if act != "softmax" else _ELEMENTWISE[rng.randbelow(len(_ELEMENTWISE))]
        hidden.append(_variant(name, rng))
    if loss == "categorical_cross_entropy":
        out = "softmax"
    elif loss == "cross_entropy":
        out = act if act in ("sigmoid", "gaussian", "softmax") else "sigmoid"
    else:
        out = act
    out = _variant(out, rng)
    n_out = ax["neurons"]
    if get_activation(out).name == "softmax" and n_out < 2:
        n_out = 2
    sizes = [1 + rng.randbelow(3)] + [ax["neurons"]] * ax["hidden"] + [n_out]
    weights, biases = [], []
    for l in range(1, len(sizes)):
        weights.append([[rng.uniform(-1.0, 1.0) for _ in range(sizes[l])] for _ in range(sizes[l - 1])])
        biases.append([rng.uniform(-0.5, 0.5) for _ in range(sizes[l])] if ax["bias"] else None)
    net = Network(weights, biases, hidden + [out])
    X, Y = [], []
    for _ in range(ax["samples"]):
        X.append([rng.uniform(-1.5, 1.5) for _ in range(sizes[0])])
        if loss == "cross_entropy":
            Y.append([rng.random() for _ in range(n_out)])
        elif loss == "categorical_cross_entropy":
            if rng.random() < 0.5:
                y = [0.0] * n_out
                y[rng.randbelow(n_out)] = 1.0
            else:
                y = [rng.random() + 0.01 for _ in range(n_out)]
                t = 0.0
                for y_j in y:
                    t += y_j
                y = [y_j / t for y_j in y]
            Y.append(y)
        else:
            Y.append([rng.uniform(-1.0, 1.0) for _ in range(n_out)])
    return net, X, Y, loss, ax


# ---------------------------------------------------------------------------------------------
# the examples of docs/verifier.md

def example_2_2_2_1():
    """``002``'s 2-2-2-1 example (``papers.NET_2_2_2_1``): x = [2, 4], y* = 8, linear, no biases,
    J = ½(y − y*)²: (net, X, Y, loss)."""
    from .papers import NET_2_2_2_1 as ex
    return Network(ex["weights"], None, "linear"), [ex["x"]], [ex["y"]], "half_squared_error"


def example_sigmoid():
    """A 2-3-2 sigmoid network with biases, three samples, J = ½Σ(y − y*)²: (net, X, Y, loss)."""
    net = Network([[[0.15, -0.4, 0.8], [0.6, 0.25, -0.35]],
                   [[0.5, -0.9], [-0.3, 0.45], [0.7, 0.2]]],
                  [[0.1, -0.2, 0.05], [0.3, -0.1]], "sigmoid")
    X = [[0.5, -1.0], [1.5, 0.25], [-0.75, 0.8]]
    Y = [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]
    return net, X, Y, "half_squared_error"


def example_reports():
    """The reports shown in docs/verifier.md, as (title, text) pairs."""
    out = []
    net, X, Y, loss = example_2_2_2_1()
    out.append(("002's 2-2-2-1 network, full mode", verify(net, X, Y, loss).format()))
    net, X, Y, loss = example_sigmoid()
    out.append(("a 2-3-2 sigmoid network with biases, full mode", verify(net, X, Y, loss).format()))
    out.append(("the same, fast mode (seed 0)", verify_fast(net, X, Y, loss, seed=0).format()))
    J, gw, gb = get_engine("backprop")(net, X, Y, loss)
    gw2, gb2 = tamper(gw, gb, {"w^3_12": lambda g: gw[3][1][0], "w^3_21": lambda g: gw[3][0][1],
                               "b^2_2": lambda g: -g})
    out.append(("the same, another implementation's gradient with w^3_12/w^3_21 swapped and the "
                "sign of b^2_2 flipped", verify_gradients(net, X, Y, loss, gw2, gb2, their_J=J).format()))
    relu = Network([[[1.0, -0.5]], [[0.5], [0.25]]], [[-1.0, 0.75], None], ["relu", "linear"])
    out.append(("a ReLU network whose z^2_1 sits on the kink",
                verify(relu, [[1.0]], [[2.0]], "half_squared_error").format()))
    net, X, Y, loss = example_2_2_2_1()
    out.append(("002's 2-2-2-1 network, the three engines side by side",
                compare_engines(net, X, Y, loss).format()))
    return out


def examples_markdown():
    """The "Example reports" section of docs/verifier.md: each report under a heading, with the
    code that produced it (``tests/host/test_verifier_docs.py`` checks the page against this)."""
    code = [
        "net, X, Y, loss = example_2_2_2_1()      # purenet.papers.NET_2_2_2_1\n"
        "print(verify(net, X, Y, loss).format())",
        "net, X, Y, loss = example_sigmoid()\nprint(verify(net, X, Y, loss).format())",
        "print(verify_fast(net, X, Y, loss, seed=0).format())",
        "J, gw, gb = gradient(net, X, Y, loss)\n"
        "theirs = tamper(gw, gb, {\"w^3_12\": lambda g: gw[3][1][0], \"w^3_21\": lambda g: gw[3][0][1],\n"
        "                         \"b^2_2\": lambda g: -g})\n"
        "print(verify_gradients(net, X, Y, loss, *theirs, their_J=J).format())",
        "relu = Network([[[1.0, -0.5]], [[0.5], [0.25]]], [[-1.0, 0.75], None], [\"relu\", \"linear\"])\n"
        "print(verify(relu, [[1.0]], [[2.0]], \"half_squared_error\").format())",
        "net, X, Y, loss = example_2_2_2_1()\nprint(compare_engines(net, X, Y, loss).format())",
    ]
    out = []
    reports = example_reports()
    for k in range(len(reports)):
        title, text = reports[k]
        out.append("### %s\n\n```python\n%s\n```\n\n```\n%s```\n" % (title[0].upper() + title[1:],
                                                                   code[k], text))
    return "\n".join(out)


def main(argv=None):
    """``python -m purenet.verifier [K ...]``: the engines side by side for grid case K (default 0);
    ``python -m purenet.verifier --examples``: the reports of docs/verifier.md."""
    import sys
    args = sys.argv[1:] if argv is None else argv
    if args == ["--examples"]:
        sys.stdout.write(examples_markdown())
        return 0
    for a in args or ["0"]:
        net, X, Y, loss, ax = grid_case(int(a))
        sys.stdout.write("grid case %s: %r\n%r\n" % (a, ax, net))
        sys.stdout.write(compare_engines(net, X, Y, loss).format())
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main())
