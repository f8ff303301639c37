"""Each number of the page with its equation from ``002``, the same equation with every symbol
replaced by the value the page shows (its ``repr``), and the result:

    d^3_1 = w^4_11 d^4_1 · s′(z^3_1) = 0.1 × -0.79 × 1.0 = -0.07900000000000001

and the walk through one iteration that ``002`` makes (``steps``): the forward pass layer by
layer, the cost, the output delta, the recursion back to layer 2, the gradient, the update.

The numbers are written in the order purenet's code combines them (sums left to right, the bias
last, the derivative last), so that for z, every d (the output's closed forms too), the gradient
and its mean, the squared-error costs, J and the update, evaluating the written numbers as Python
gives the result bit for bit (``tests/host/test_web_explain.py``); the activations and the
cross-entropies' logarithms are written as calls. ``×`` multiplies, ``−`` subtracts (a ``-`` is
a value's sign), ``²`` squares.

A *state* is the dict ``session.Session.state()`` builds: net, trace (this sample's forward pass),
d (its deltas or None), gw/gb (its gradient), mean (J, gw, gb over all samples or None), loss, X, Y,
k (the sample), h, update, batch, J (the mean cost).
"""

from ...activations import get_activation
from ...backprop import accumulate, deltas, gradient, sample_cost
from ...network import forward, param_name, zero_gradients
from ...training import gradient_norm

MAX_TERMS = 17          # longer sums (the means over many samples) show their first and last terms
SOFTMAX = get_activation("softmax")


def qname(kind, l, j):
    """z^l_j, a^l_j, d^l_j by 0-based j, in the form ``param_name`` gives a bias (b^2_1)."""
    return "%s^%d_%d" % (kind, l, j + 1)


def _entry(name, symbols, numbers, value):
    value = repr(value)
    text = "%s = %s = %s" % (name, symbols, numbers)
    return {"name": name, "equation": symbols, "numbers": numbers, "value": value,
            "text": text if numbers == value else text + " = " + value}


def _sum(terms):
    if len(terms) > MAX_TERMS:
        terms = terms[:MAX_TERMS - 2] + ["…"] + terms[-1:]
    return " + ".join(terms)


def _s(net, l):
    """The activation's name, with its parameters if it has any: sigmoid, sigmoid[beta=2.0]."""
    spec = net.s[l].spec()
    if isinstance(spec, str):
        return spec
    params = ", ".join("%s=%r" % (k, spec[k]) for k in sorted(spec) if k != "name")
    return "%s[%s]" % (spec["name"], params)


def z_entry(st, l, j):
    """z_j^l = Σ_i w_ij^l a_i^{l−1} + b_j^l (002)."""
    net, a = st["net"], st["trace"].a
    if l == 1:
        return _entry(qname("z", 1, j), "x_%d" % (j + 1), repr(a[1][j]), st["trace"].z[1][j])
    sym = ["%s %s" % (param_name("w", l, i, j), qname("a", l - 1, i)) for i in range(len(a[l - 1]))]
    num = ["%r × %r" % (net.w[l][i][j], a[l - 1][i]) for i in range(len(a[l - 1]))]
    if net.b[l] is not None:
        sym.append(param_name("b", l, j))
        num.append(repr(net.b[l][j]))
    return _entry(qname("z", l, j), _sum(sym), _sum(num), st["trace"].z[l][j])


def a_entry(st, l, j):
    """a_j^l = s(z_j^l) (002); a^1 = x."""
    trace = st["trace"]
    if l == 1:
        return _entry(qname("a", 1, j), "x_%d" % (j + 1), repr(trace.a[1][j]), trace.a[1][j])
    s = _s(st["net"], l)
    if st["net"].s[l].elementwise:
        return _entry(qname("a", l, j), "s(%s)" % qname("z", l, j),
                      "%s(%r)" % (s, trace.z[l][j]), trace.a[l][j])
    return _entry(qname("a", l, j), "s(z^%d)_%d" % (l, j + 1),
                  "%s([%s])_%d" % (s, ", ".join(repr(v) for v in trace.z[l]), j + 1), trace.a[l][j])


def y_entry(st, j):
    L = st["net"].L
    return _entry("y_%d" % (j + 1), qname("a", L, j), repr(st["trace"].a[L][j]), st["trace"].a[L][j])


def _loss_gradient(st, j):
    """∂J/∂y_j written out for the squared errors, else its value (symbols, numbers)."""
    y, t, name = st["trace"].output[j], st["Y"][st["k"]][j], st["loss"].name
    if name == "half_squared_error":
        return "(y_%d − y*_%d)" % (j + 1, j + 1), "(%r − %r)" % (y, t)
    if name == "squared_error":
        return "2 (y_%d − y*_%d)" % (j + 1, j + 1), "2.0 × (%r − %r)" % (y, t)
    return "∂J/∂y_%d" % (j + 1), repr(st["loss"].gradient(st["trace"].output, st["Y"][st["k"]])[j])


def d_out_entry(st, j):
    """d_j^L = ∂J/∂y_j · s'(z_j^L) (002), or the closed form purenet uses for the pair."""
    net, trace, loss = st["net"], st["trace"], st["loss"]
    L, s = net.L, net.s[net.L]
    z, y, t = trace.z[L], trace.output, st["Y"][st["k"]]
    name, value = qname("d", L, j), st["d"][L][j]
    if loss.name == "cross_entropy" and s.name == "sigmoid":
        return _entry(name, "β ((1 − y*_%d) y_%d − y*_%d s(−z^%d_%d))" % (j + 1, j + 1, j + 1, L, j + 1),
                      "%r × ((1.0 − %r) × %r − %r × %r)" % (s.beta, t[j], y[j], t[j], s.complement(z[j])),
                      value)
    if loss.name == "cross_entropy" and s.name == "gaussian":
        return _entry(name, "(z^%d_%d − μ)/σ² · (y*_%d − (1 − y*_%d) y_%d/(1 − y_%d))"
                      % (L, j + 1, j + 1, j + 1, j + 1, j + 1),
                      "(%r − %r)/%r² × (%r − (1.0 − %r) × (%r/(1.0 − %r)))"
                      % (z[j], s.mu, s.sigma, t[j], t[j], y[j], y[j]), value)
    if loss.name == "cross_entropy" and s.name == "softmax":
        return _softmax_cross_entropy(L, j, z, y, t, value)
    if loss.name == "categorical_cross_entropy" and s.name == "softmax":
        return _entry(name, "y_%d Σ_k y*_k − y*_%d" % (j + 1, j + 1),
                      "%r × (%s) − %r" % (y[j], _sum([repr(v) for v in t]), t[j]), value)
    if not s.elementwise:
        g = loss.gradient(y, t)
        return _entry(name, "y_%d (g_%d − Σ_k g_k y_k), g = ∂J/∂y" % (j + 1, j + 1),
                      "%r × (%r − (%s))" % (y[j], g[j], _sum(["%r × %r" % (g[k], y[k])
                                                                for k in range(len(y))])), value)
    gs, gn = _loss_gradient(st, j)
    return _entry(name, "%s · s′(%s)" % (gs, qname("z", L, j)),
                  "%s × %r" % (gn, s.derivative(z[j], y[j])), value)


def _softmax_cross_entropy(L, i, z, y, t, value):
    """d_i^L = −y*_i (1 − y_i) + (1 − y*_i) y_i + Σ_{j≠i} [y*_j y_i − (1 − y*_j) y_j q_i^(j)], with
    1 − y_i = Σ_{k≠i} y_k and q^(j) the softmax of z without class j (``backprop.output_delta``)."""
    others = [k for k in range(len(y)) if k != i]
    rest = _sum([repr(y[k]) for k in others])
    num = ["-%r × (%s)" % (t[i], rest), "(1.0 − %r) × %r" % (t[i], y[i])]
    for j in others:
        q = SOFTMAX.apply([z[k] for k in range(len(z)) if k != j])      # q^(j), class j left out
        num.append("(%r × %r − (1.0 − %r) × %r × %r)" % (t[j], y[i], t[j], y[j], q[i if i < j else i - 1]))
    n = i + 1
    sym = ("−y*_%d (1 − y_%d) + (1 − y*_%d) y_%d + Σ_{j≠%d} [y*_j y_%d − (1 − y*_j) y_j q_%d^(j)], "
           "q^(j) = s(z^%d without class j)" % (n, n, n, n, n, n, n, L))
    return _entry(qname("d", L, i), sym, " + ".join(num), value)


def d_entry(st, l, j):
    """d_j^l = Σ_k w_jk^{l+1} d_k^{l+1} · s'(z_j^l) (002), l < L."""
    net, trace, d = st["net"], st["trace"], st["d"]
    if l == net.L:
        return d_out_entry(st, j)
    ks = range(len(d[l + 1]))
    sym = [" ".join((param_name("w", l + 1, j, k), qname("d", l + 1, k))) for k in ks]
    num = ["%r × %r" % (net.w[l + 1][j][k], d[l + 1][k]) for k in ks]
    sp = net.s[l].derivative(trace.z[l][j], trace.a[l][j])
    if len(sym) > 1:
        sym, num = ["(%s)" % _sum(sym)], ["(%s)" % _sum(num)]
    return _entry(qname("d", l, j), "%s · s′(%s)" % (sym[0], qname("z", l, j)),
                  "%s × %r" % (num[0], sp), d[l][j])


def gw_entry(st, l, i, j):
    """∂J_s/∂w_ij^l = d_j^l a_i^{l−1} (002), this sample."""
    name = "dJ/d" + param_name("w", l, i, j)
    return _entry(name, "%s %s" % (qname("d", l, j), qname("a", l - 1, i)),
                  "%r × %r" % (st["d"][l][j], st["trace"].a[l - 1][i]), st["gw"][l][i][j])


def gb_entry(st, l, j):
    """∂J_s/∂b_j^l = d_j^l (002), this sample."""
    return _entry("dJ/d" + param_name("b", l, j), qname("d", l, j), repr(st["d"][l][j]), st["gb"][l][j])


def _per_sample(st):
    """Each sample's forward trace and deltas (for the means over the samples), kept in st."""
    if "per_sample" not in st:
        st["per_sample"] = []
        for x, y in zip(st["X"], st["Y"]):
            trace = forward(st["net"], x)
            st["per_sample"].append((trace, deltas(st["net"], trace, y, st["loss"])))
    return st["per_sample"]


def mean_entry(st, kind, l, i, j):
    """∂J/∂p = (1/n) Σ_s ∂J_s/∂p: the products d_j^l a_i^{l−1} of every sample, summed in order."""
    p = param_name(kind, l, i if kind == "w" else j, j if kind == "w" else None)
    if kind == "w":
        terms = ["%r" % (d[l][j] * t.a[l - 1][i]) for t, d in _per_sample(st)]
        value = st["mean"][1][l][i][j]
    else:
        terms = ["%r" % d[l][j] for t, d in _per_sample(st)]
        value = st["mean"][2][l][j]
    n = len(st["X"])
    return _entry("mean dJ/d" + p, "(1/%d) Σ_s ∂J_s/∂%s" % (n, p), "(%s) / %d" % (_sum(terms), n), value)


def cost_terms(st, trace, y_star):
    """J_s of one sample: (symbols, numbers)."""
    name, y = st["loss"].name, trace.output
    n = range(len(y))
    if name in ("half_squared_error", "squared_error"):
        sq = _sum(["(%r − %r)²" % (y[j], y_star[j]) for j in n])
        if name == "squared_error":
            return "Σ_j (y_j − y*_j)²", sq
        return "½ Σ_j (y_j − y*_j)²", "0.5 × (%s)" % sq
    if name == "cross_entropy":
        return ("−Σ_j [y*_j log y_j + (1 − y*_j) log(1 − y_j)]",
                "−(%s)" % _sum(["%r × log(%r) + (1.0 − %r) × log(1.0 − %r)"
                                % (y_star[j], y[j], y_star[j], y[j]) for j in n]))
    return "−Σ_j y*_j log y_j", "−(%s)" % _sum(["%r × log(%r)" % (y_star[j], y[j]) for j in n])


def j_sample_entry(st):
    sym, num = cost_terms(st, st["trace"], st["Y"][st["k"]])
    value = sample_cost(st["net"], st["trace"], st["Y"][st["k"]], st["loss"])
    return _entry("J_s", sym, num, value)


def j_entry(st):
    """J = (1/n) Σ_s J_s, the mean over the n samples."""
    terms = [repr(sample_cost(st["net"], forward(st["net"], x), y, st["loss"]))
             for x, y in zip(st["X"], st["Y"])]
    n = len(terms)
    if n == 1:
        return _entry("J", "J_s", terms[0], st["J"])
    return _entry("J", "(1/%d) Σ_s J_s" % n, "(%s) / %d" % (_sum(terms), n), st["J"])


def next_gradient(st):
    """The gradient the next update uses: over the first batch of the next iteration (samples
    in order), and the step h or h/‖∇J‖ (normalized update); (gw, gb, step, step text), kept in st."""
    if "next" not in st:
        st["next"] = _next_gradient(st)
    return st["next"]


def _next_gradient(st):
    b = st["batch"] or len(st["X"])
    _, gw, gb = gradient(st["net"], st["X"][:b], st["Y"][:b], st["loss"])
    if st["update"] == "normalized":
        norm = gradient_norm(gw, gb)
        step = st["h"] / norm if norm else 0.0
        return gw, gb, step, "h/‖∇J‖"
    return gw, gb, st["h"], "h"


def update_entry(st, kind, l, i, j):
    """w_ij^l ← w_ij^l − h ∂J/∂w_ij^l (002): the value after the next update."""
    gw, gb, step, hs = next_gradient(st)
    net = st["net"]
    p = param_name(kind, l, i, j) if kind == "w" else param_name("b", l, j)
    now, g = (net.w[l][i][j], gw[l][i][j]) if kind == "w" else (net.b[l][j], gb[l][j])
    new = now - step * g if step else now
    e = _entry(p, "%s − %s ∂J/∂%s" % (p, hs, p), "%r − %r × %r" % (now, step, g), new)
    e["text"] = "%s ← %s = %s = %s  (the next update)" % (p, e["equation"], e["numbers"], e["value"])
    e["now"] = repr(now)
    return e


def explain(st, name):
    """The entry for one data-name of the page, or None for a name it does not explain."""
    spec = index(st).get(name)
    if spec is None:
        return None
    kind, args = spec[0], spec[1:]
    if kind in ("w", "b"):
        return update_entry(st, kind, *args) if st["d"] is not None else None
    return {"z": z_entry, "a": a_entry, "y": y_entry, "d": d_entry, "gw": gw_entry, "gb": gb_entry,
            "mean": mean_entry, "J_s": j_sample_entry, "J": j_entry}[kind](st, *args)


def index(st):
    """{data-name: (kind, indices...)} of every number the page shows for this state."""
    net, out = st["net"], {}
    trainable = st["Y"] is not None
    for l in range(1, net.L + 1):
        for j in range(len(st["trace"].z[l])):
            out[qname("z", l, j)] = ("z", l, j)
            out[qname("a", l, j)] = ("a", l, j)
            if l > 1 and st["d"] is not None:
                out[qname("d", l, j)] = ("d", l, j)
    for l in range(2, net.L + 1):
        for i in range(len(net.w[l])):
            for j in range(len(net.w[l][0])):
                p = param_name("w", l, i, j)
                out[p] = ("w", l, i, j)
                if st["d"] is not None:
                    out["dJ/d" + p] = ("gw", l, i, j)
                if st["mean"] is not None:
                    out["mean dJ/d" + p] = ("mean", "w", l, i, j)
        if net.b[l] is not None:
            for j in range(len(net.b[l])):
                p = param_name("b", l, j)
                out[p] = ("b", l, None, j)
                if st["d"] is not None:
                    out["dJ/d" + p] = ("gb", l, j)
                if st["mean"] is not None:
                    out["mean dJ/d" + p] = ("mean", "b", l, None, j)
    for j in range(len(st["trace"].output)):
        out["y_%d" % (j + 1)] = ("y", j)
    if trainable:
        out["J"] = ("J",)
        out["J_s"] = ("J_s",)
    return out


def sample_gradient(net, trace, d):
    """This sample's (gw, gb): d_j^l a_i^{l−1} and d_j^l added into zeros, as training does."""
    gw, gb = zero_gradients(net)
    accumulate(net, trace, d, gw, gb)
    return gw, gb


FORWARD = "z_j^l = Σ_i w_ij^l a_i^{l−1} + b_j^l,  a_j^l = s(z_j^l)"
OUTPUT_DELTA = "d_j^L = ∂J/∂z_j^L = ∂J/∂y_j · s′(z_j^L)"
DELTA = "d_j^l = Σ_k w_jk^{l+1} d_k^{l+1} · s′(z_j^l)"
GRADIENT = "∂J_s/∂w_ij^l = d_j^l a_i^{l−1},  ∂J_s/∂b_j^l = d_j^l"
MEAN = "∂J/∂p = (1/n) Σ_s ∂J_s/∂p"
UPDATE = "w_ij^l ← w_ij^l − h ∂J/∂w_ij^l,  b_j^l ← b_j^l − h ∂J/∂b_j^l"


def _weights(net, l):
    return [param_name("w", l, i, j) for i in range(len(net.w[l])) for j in range(len(net.w[l][0]))]


def _params(net):
    """(kind, l, i, j) of every weight and bias, layer by layer."""
    out = []
    for l in range(2, net.L + 1):
        out += [("w", l, i, j) for i in range(len(net.w[l])) for j in range(len(net.w[l][0]))]
        if net.b[l] is not None:
            out += [("b", l, None, j) for j in range(len(net.b[l]))]
    return out


def steps(st):
    """One iteration as 002 walks it, for this sample: [{"n" (from 1), "kind" ("forward", "cost",
    "output delta", "delta", "gradient", "mean", "update"), "l", "title", "equation" (002's),
    "names" (the data-names it computes), "edges" (the weights it uses), "neurons" (the a^l_j of
    the layer it works on), "lines" (each quantity's equation with its numbers)}]. Only the
    forward pass where there is no target."""
    net, L, out = st["net"], st["net"].L, []

    def add(kind, l, title, equation, entries, edges):
        neurons = [] if l is None else [qname("a", l, j) for j in range(len(st["trace"].a[l]))]
        out.append({"n": len(out) + 1, "kind": kind, "l": l, "title": title, "equation": equation,
                    "names": [e["name"] for e in entries], "edges": edges, "neurons": neurons,
                    "lines": [e["text"] for e in entries]})
    for l in range(2, L + 1):
        entries = []
        for j in range(len(net.w[l][0])):
            entries += [z_entry(st, l, j), a_entry(st, l, j)]
        add("forward", l, "the forward pass, layer %d" % l, FORWARD, entries, _weights(net, l))
    if st["d"] is None:
        return out
    add("cost", L, "this sample's cost", "J_s = " + cost_terms(st, st["trace"], st["Y"][st["k"]])[0],
        [j_sample_entry(st)], [])
    add("output delta", L, "the output delta, layer %d" % L, OUTPUT_DELTA,
        [d_entry(st, L, j) for j in range(len(st["d"][L]))], [])
    for l in range(L - 1, 1, -1):
        add("delta", l, "the recursion back to layer %d" % l, DELTA,
            [d_entry(st, l, j) for j in range(len(st["d"][l]))], _weights(net, l + 1))
    params = _params(net)
    grads = [gw_entry(st, l, i, j) if kind == "w" else gb_entry(st, l, j) for kind, l, i, j in params]
    every = [w for l in range(2, L + 1) for w in _weights(net, l)]
    add("gradient", None, "the gradient of this sample", GRADIENT, grads, every)
    if st["mean"] is not None:
        add("mean", None, "the mean over the %d samples" % len(st["X"]), MEAN,
            [mean_entry(st, kind, l, i, j) for kind, l, i, j in params], every)
    b = st["batch"] or len(st["X"])
    title = "the update"
    if b < len(st["X"]):
        title += " (the first of the next iteration: samples 1–%d)" % b
    equation = UPDATE + ("  (normalized: h/‖∇J‖ for h)" if st["update"] == "normalized" else "")
    add("update", None, title, equation, [update_entry(st, kind, l, i, j) for kind, l, i, j in params], every)
    return out
