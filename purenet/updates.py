"""The updates frameworks train with, beside plain and normalized descent: momentum, Nesterov, Adam, AdamW.

Each is one loop over every weight w_ij^l and bias b_j^l with its equation, as ``torch.optim``
writes it (``SGD``, ``SGD(nesterov=True)``, ``Adam``, ``AdamW``), so that purenet can referee the
frameworks that train with them. g = ∂J/∂p is the batch's mean gradient, h the learning rate, t
the number of the step (1 for the first), L the weight decay; every buffer is shaped like the
network (``state["buffers"][name] = [w, b]`` with ``w[l][i][j]`` beside w_ij^l and ``b[l][j]``
beside b_j^l, None for l < 2 and for a layer without biases):

- ``"momentum"`` (Polyak 1964, "Some methods of speeding up the convergence of iteration
  methods", as PyTorch writes it): g ← g + L·p; v ← g at t = 1, else v ← μ·v + (1 − d)·g;
  p ← p − h·v. Buffer ``momentum_buffer``.
- ``"nesterov"`` (Sutskever, Martens, Dahl & Hinton 2013, "On the importance of initialization
  and momentum in deep learning", eq. 3–4, as PyTorch writes it): v as for momentum with d = 0,
  then p ← p − h·(g + μ·v). Buffer ``momentum_buffer``.
- ``"adam"`` (Kingma & Ba 2015, "Adam: a method for stochastic optimization", Algorithm 1):
  g ← g + L·p; m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; m and v start at 0;
  p ← p − (h / (1 − β1^t))·m / (√v / √(1 − β2^t) + ε), i.e. p ← p − h·m̂/(√v̂ + ε) with
  m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t). Buffers ``exp_avg`` (m) and ``exp_avg_sq`` (v).
- ``"adamw"`` (Loshchilov & Hutter 2019, "Decoupled weight decay regularization", Algorithm 2,
  as PyTorch writes it): p ← p·(1 − h·L), then the Adam step with no L·p in g.

Other conventions (classical momentum, Keras's ε̂, ONNX's Adam) and how far they differ:
``docs/updates.md``. β^t is computed by repeated squaring (multiplications only) and √ is
``math.sqrt`` (correctly rounded), so every interpreter gives the same bits.

The state (plain data, what ``train(..., state=...)`` keeps and the command line writes):
``{"update": name, "step": t, "epoch": epochs done, "buffers": {...}, "shuffle": None or
{"seed", "state", "order"}}``.
"""

import math

from .checks import as_float, describe, finite_number

STATEFUL = ("momentum", "nesterov", "adam", "adamw")
UPDATES = ("plain", "normalized") + STATEFUL
BUFFERS = {"plain": (), "normalized": (), "momentum": ("momentum_buffer",),
           "nesterov": ("momentum_buffer",), "adam": ("exp_avg", "exp_avg_sq"),
           "adamw": ("exp_avg", "exp_avg_sq")}
# the options each update uses (an option given to another update is an error)
USES = {"plain": (), "normalized": (), "momentum": ("momentum", "dampening", "weight_decay"),
        "nesterov": ("momentum", "weight_decay"), "adam": ("weight_decay", "betas", "eps"),
        "adamw": ("weight_decay", "betas", "eps")}
DEFAULTS = {"momentum": 0.0, "dampening": 0.0, "weight_decay": None, "betas": (0.9, 0.999), "eps": 1e-8}
ADAMW_WEIGHT_DECAY = 1e-2            # torch.optim.AdamW's default; 0 for every other update


def _number(name, value, low, high, high_open=True, low_open=False):
    """value as a float in [low, high) (or the bounds given); ValueError naming the option."""
    ok = (not isinstance(value, bool) and isinstance(value, (int, float)) and finite_number(value))
    if ok:
        value = as_float(value)
        ok = (value > low if low_open else value >= low) and (
            high is None or (value < high if high_open else value <= high))
    if not ok:
        where = "%s%s, %s%s" % ("(" if low_open else "[", low, "inf" if high is None else high,
                                ")" if high_open or high is None else "]")
        raise ValueError("%s must be a finite number in %s, got %s" % (name, where, describe(value)))
    return value


def options(update, momentum=0.0, dampening=0.0, weight_decay=None, betas=(0.9, 0.999), eps=1e-8):
    """The checked options of ``update`` as a dict; ValueError naming the first bad one: an unknown
    update, a value out of range (β in [0, 1), ε > 0, L ≥ 0, μ in [0, 1), d in [0, 1]), an option
    that the update does not use, dampening with Nesterov, Nesterov without momentum."""
    if update not in UPDATES:
        raise ValueError("unknown update %r; known: %s" % (update, ", ".join(UPDATES)))
    given = {"momentum": momentum, "dampening": dampening, "weight_decay": weight_decay,
             "betas": betas, "eps": eps}
    for name in ("momentum", "dampening", "weight_decay", "betas", "eps"):
        value = given[name]
        if name == "betas" and isinstance(value, list):
            value = tuple(value)
        if name not in USES[update] and value != DEFAULTS[name]:
            if name == "dampening" and update == "nesterov":
                raise ValueError("dampening must be 0 with the nesterov update (Nesterov momentum "
                                 "has no dampening), got %s" % describe(dampening))
            raise ValueError("%s is not used by the %s update (used: %s)"
                             % (name, update, ", ".join(USES[update]) or "none"))
    out = {"update": update}
    if update in ("momentum", "nesterov"):
        out["momentum"] = _number("momentum", momentum, 0.0, 1.0)
        out["dampening"] = _number("dampening", dampening, 0.0, 1.0, high_open=False)
        if update == "nesterov" and out["momentum"] == 0.0:
            raise ValueError("momentum must be in (0, 1) for the nesterov update, got 0.0")
        if update == "momentum" and out["momentum"] == 0.0 and out["dampening"] != 0.0:
            raise ValueError("dampening is not used without momentum (momentum is 0.0)")
    if update in STATEFUL:
        default = ADAMW_WEIGHT_DECAY if update == "adamw" else 0.0
        out["weight_decay"] = _number("weight_decay", default if weight_decay is None else weight_decay,
                                      0.0, None)
    if update in ("adam", "adamw"):
        if isinstance(betas, (str, bytes)) or not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError("betas must be two numbers (beta1, beta2), got %s" % describe(betas))
        out["betas"] = (_number("beta1", betas[0], 0.0, 1.0), _number("beta2", betas[1], 0.0, 1.0))
        out["eps"] = _number("eps", eps, 0.0, None, low_open=True)
    return out


def zeros_like(net):
    """[w, b] shaped like (net.w, net.b), every entry 0.0."""
    return [[None, None] + [[[0.0] * len(row) for row in net.w[l]] for l in range(2, net.L + 1)],
            [None, None] + [None if net.b[l] is None else [0.0] * len(net.b[l])
                            for l in range(2, net.L + 1)]]


def new_state(net, update):
    """The state before the first step: step 0, epoch 0, every buffer 0.0 (a momentum buffer is
    set to the first gradient at step 1, PyTorch's rule), no shuffle recorded."""
    return {"update": update, "step": 0, "epoch": 0,
            "buffers": dict((name, zeros_like(net)) for name in BUFFERS[update]), "shuffle": None}


def _same_shape(a, b):
    if a is None or b is None:
        return a is None and b is None
    if not isinstance(a, list) or len(a) != len(b):
        return False
    for k in range(len(a)):
        if isinstance(b[k], list) and not _same_shape(a[k], b[k]):
            return False
    return True


def begin(net, state, update, rng=None, order=None, shuffle_seed=None):
    """Fill an empty ``state`` dict for ``update``, or check that a state from an earlier run fits
    (the same update, buffers shaped like net; ValueError otherwise) and put the shuffle where it
    left it: the generator ``rng``'s state and the ``order`` of its last epoch."""
    if not state:
        state.update(new_state(net, update))
        return state
    if state.get("update") != update:
        raise ValueError("the state is of the %r update, not %r: continue with the same update"
                         % (state.get("update"), update))
    shape = zeros_like(net)
    for name in BUFFERS[update]:
        if not _same_shape(state["buffers"].get(name), shape):
            raise ValueError("the state's %s is not shaped like the network" % name)
    shuffle = state.get("shuffle")
    if rng is not None and shuffle is not None:
        if shuffle["seed"] != shuffle_seed or sorted(shuffle["order"]) != order:
            raise ValueError("the state was shuffled with seed %r over %d samples; continue with "
                             "the same seed and data" % (shuffle["seed"], len(shuffle["order"])))
        rng.state = shuffle["state"]
        order[:] = shuffle["order"]
    return state


def commit(state, rng, order, shuffle_seed):
    """After a completed epoch: count it, and keep the shuffle's position."""
    state["epoch"] += 1
    if rng is not None:
        state["shuffle"] = {"seed": shuffle_seed, "state": rng.state, "order": order[:]}


def snapshot(state, snap=None):
    """The state's step and buffers now (references to the same floats), for rolling back an
    epoch; refilled in place when given the previous snapshot."""
    if snap is None:
        snap = {"step": 0, "buffers": {}}
        for name in state["buffers"]:
            w, b = state["buffers"][name]
            snap["buffers"][name] = [[None if r is None else [x[:] for x in r] for r in w],
                                     [None if r is None else r[:] for r in b]]
    else:
        _copy(state, snap)
    snap["step"] = state["step"]
    return snap


def _copy(src, dst):
    for name in dst["buffers"]:
        w_from, b_from = src["buffers"][name]
        w_to, b_to = dst["buffers"][name]
        for l in range(2, len(w_to)):
            for i in range(len(w_to[l])):
                w_to[l][i][:] = w_from[l][i]
            if b_to[l] is not None:
                b_to[l][:] = b_from[l]


def restore(state, snap):
    """Put a snapshot's step and buffers back into the state's own lists."""
    _copy(snap, state)
    state["step"] = snap["step"]


def restore_surely(state, snap):
    """``restore``, again if an interrupt lands inside it: the restore always completes."""
    while True:
        try:
            restore(state, snap)
            return
        except BaseException:
            pass


def power(x, n):
    """x^n for an integer n ≥ 0 by repeated squaring: multiplications only, the same bits on
    every interpreter (``x ** n`` may call the C library's pow)."""
    result = 1.0
    while n > 0:
        if n & 1:
            result *= x
        x *= x
        n >>= 1
    return result


def _each_row(net, gw, gb, buffers, row_step, args):
    """row_step(p, g, buffer rows..., *args) for every weight row w_i^l (w_ij^l over j), then the
    biases b^l of the layer, layer by layer."""
    for l in range(2, net.L + 1):
        for i in range(len(net.w[l])):
            row_step(net.w[l][i], gw[l][i], [buf[0][l][i] for buf in buffers], *args)
        if net.b[l] is not None:
            row_step(net.b[l], gb[l], [buf[1][l] for buf in buffers], *args)


def _momentum_row(p, g, bufs, h, first, mu, one_minus_d, L, nesterov):
    """Polyak's heavy ball and Sutskever et al.'s Nesterov step, as torch.optim.SGD writes them:
    g ← g + L·p; v ← g (t = 1) or v ← μ·v + (1 − d)·g; p ← p − h·v (momentum) or
    p ← p − h·(g + μ·v) (nesterov)."""
    v = bufs[0]
    for j in range(len(p)):
        g_j = g[j] + L * p[j] if L != 0.0 else g[j]      # L2 in the gradient: g + L·p
        if first:
            v_j = g_j                                    # v ← g at the first step
        else:
            v_j = mu * v[j] + one_minus_d * g_j          # v ← μ·v + (1 − d)·g
        v[j] = v_j
        if nesterov:
            g_j = g_j + mu * v_j                         # the look-ahead g + μ·v
        else:
            g_j = v_j
        p[j] -= h * g_j                                  # p ← p − h·(v or g + μ·v)


def _adam_row(p, g, bufs, step_size, c2, b1, b2, eps, L, decay):
    """Kingma & Ba's Algorithm 1 as torch.optim.Adam writes it (AdamW: p ← p·(1 − h·L) first):
    m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; p ← p − (h/(1 − β1^t))·m/(√v/√(1 − β2^t) + ε)."""
    m, v = bufs
    for j in range(len(p)):
        if decay != 1.0:
            p[j] *= decay                                # AdamW: p ← p·(1 − h·L)
        g_j = g[j] + L * p[j] if L != 0.0 else g[j]      # Adam's L2 in the gradient: g + L·p
        m_j = b1 * m[j] + (1.0 - b1) * g_j               # m ← β1·m + (1 − β1)·g
        v_j = b2 * v[j] + (1.0 - b2) * (g_j * g_j)       # v ← β2·v + (1 − β2)·g²
        m[j] = m_j
        v[j] = v_j
        p[j] -= step_size * (m_j / (math.sqrt(v_j) / c2 + eps))   # p ← p − h·m̂/(√v̂ + ε)


def step(net, gw, gb, h, state, opts):
    """One step of ``opts["update"]`` (a stateful one) on net and the state's buffers, in place;
    ``state["step"]`` is t, the number of this step (the caller counts it up first)."""
    update, t = opts["update"], state["step"]
    names = BUFFERS[update]
    buffers = [state["buffers"][name] for name in names]
    if update in ("momentum", "nesterov"):
        mu = opts["momentum"]
        _each_row(net, gw, gb, buffers, _momentum_row,
                  (h, t == 1, mu, 1.0 - opts["dampening"], opts["weight_decay"], update == "nesterov"))
        return
    b1, b2 = opts["betas"]
    L = opts["weight_decay"]
    step_size = h / (1.0 - power(b1, t))                 # h / (1 − β1^t)
    c2 = math.sqrt(1.0 - power(b2, t))                   # √(1 − β2^t)
    if update == "adamw":
        _each_row(net, gw, gb, buffers, _adam_row, (step_size, c2, b1, b2, opts["eps"], 0.0, 1.0 - h * L))
    else:
        _each_row(net, gw, gb, buffers, _adam_row, (step_size, c2, b1, b2, opts["eps"], L, 1.0))
