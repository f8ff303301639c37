"""Gradient descent: plain and normalized updates; batch, stochastic and mini-batch in one loop.

Updates (``002``), for every weight and bias p with learning rate h:

- ``"plain"``:      p ← p − h ∂J/∂p                       (``002``'s single-weight example on;
  ``001`` §6 writes p' = p − ∂E/∂p, i.e. h = 1)
- ``"normalized"``: p ← p − h (∂J/∂p) / ‖∇J‖,  ‖∇J‖ = √(Σ over all weights and biases of (∂J/∂p)²)
  (``002``'s multiple-output example). A zero gradient leaves the parameters as they are.

``002``'s last example: "loop over the number of epochs, then loop over the number of batches and
then, finally, loop over the number of samples in each batch." One batch of all n samples is batch
gradient descent (BGD), batches of one sample are stochastic gradient descent (SGD), anything
between is mini-batch (MBGD). Each batch's gradient is the mean over its samples.
"""

import math

from .backprop import _cost, _gradient
from .bits import Random, finite
from .checks import as_float, describe, finite_number
from .losses import LossDomainError
from .network import _forward, check_data


class TrainingDiverged(ValueError):
    """The cost or a parameter became NaN or infinite, or an output left the loss's domain (a
    cross-entropy output outside [0, 1]); the network is left at the last good epoch.

    ``epoch``: the epoch in which it happened; ``cost``: the cost then (None when the loss could
    not be evaluated); ``reason``: what happened, in words ("the cost became inf")."""

    def __init__(self, epoch, cost, reason=None):
        self.epoch = epoch
        self.cost = cost
        if reason is None:
            reason = ("the cost became %r" % (cost,) if not finite(cost)
                      else "a weight or bias became infinite or NaN")
        self.reason = reason
        super().__init__("%s in epoch %d; the network was restored to the end of epoch %d: "
                         "try a smaller learning rate" % (self.reason, epoch, epoch - 1))


def _step_size(learning_rate):
    """h as a plain float: a positive finite int or float (a float subclass such as NumPy's
    float64 becomes a float, so the weights stay floats); ValueError otherwise."""
    if (isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float))
            or not finite_number(learning_rate) or not learning_rate > 0.0):
        raise ValueError("learning rate must be a positive finite number (an int or a float), got %s"
                         % (describe(learning_rate),))
    return as_float(learning_rate)


def gradient_norm(gw, gb):
    """‖∇J‖ = √(Σ (∂J/∂p)²) over every weight, then every bias, layer by layer."""
    total = 0.0
    for l in range(2, len(gw)):
        for g_i in gw[l]:
            for g in g_i:
                total += g * g
        if gb[l] is not None:
            for g in gb[l]:
                total += g * g
    return math.sqrt(total)


def apply_update(net, gw, gb, learning_rate, update="plain"):
    """One gradient-descent step on net, in place: w_ij^l ← w_ij^l − h ∂J/∂w_ij^l (and b_j^l)."""
    _apply_update(net, gw, gb, _step_size(learning_rate), update)


def _apply_update(net, gw, gb, learning_rate, update):
    """``apply_update`` for a learning rate already checked (``train`` checks it once)."""
    if update == "plain":
        h = learning_rate
    elif update == "normalized":
        norm = gradient_norm(gw, gb)
        if norm == 0.0:
            return
        h = learning_rate / norm
    else:
        raise ValueError("unknown update %r; known: plain, normalized" % (update,))
    for l in range(2, net.L + 1):
        w_l, g_l = net.w[l], gw[l]
        for i in range(len(w_l)):
            w_i, g_i = w_l[i], g_l[i]
            for j in range(len(w_i)):
                w_i[j] -= h * g_i[j]                   # w_ij^l ← w_ij^l − h ∂J/∂w_ij^l
        if net.b[l] is not None:
            b_l, gb_l = net.b[l], gb[l]
            for j in range(len(b_l)):
                b_l[j] -= h * gb_l[j]                  # b_j^l ← b_j^l − h ∂J/∂b_j^l


def parameters_finite(net):
    """True when every weight and bias is a finite number (a finite cost does not prove it:
    ReLU maps −inf to 0, so infinite weights can hide behind a finite cost)."""
    for l in range(2, net.L + 1):
        for w_i in net.w[l]:
            for w in w_i:
                if not finite(w):
                    return False
        if net.b[l] is not None:
            for b in net.b[l]:
                if not finite(b):
                    return False
    return True


def _copy_values(w_from, b_from, w_to, b_to):
    """Copy every weight and bias value from one set of lists into another of the same shape, in
    place (``row[:] = ...`` allocates nothing)."""
    for l in range(2, len(w_to)):
        rows_from, rows_to = w_from[l], w_to[l]
        for i in range(len(rows_to)):
            rows_to[i][:] = rows_from[i]
        if b_to[l] is not None:
            b_to[l][:] = b_from[l]


def _snapshot(net, snap=None):
    """The parameters' values now, for rolling back an epoch: lists shaped like (net.w, net.b)
    that hold the same float objects (nothing is copied but references). Given the previous
    epoch's snapshot, it is refilled in place, so that training allocates no new snapshot lists
    per epoch."""
    if snap is None:
        return ([[row[:] for row in net.w[l]] if l > 1 else None for l in range(net.L + 1)],
                [net.b[l][:] if l > 1 and net.b[l] is not None else None for l in range(net.L + 1)])
    _copy_values(net.w, net.b, snap[0], snap[1])
    return snap


def _restore(net, snap):
    """Put the snapshot's values back into the network's own lists (their identity is kept)."""
    _copy_values(snap[0], snap[1], net.w, net.b)


def _restore_surely(net, snap):
    """``_restore``, again if an interrupt lands inside it: the restore always completes."""
    while True:
        try:
            _restore(net, snap)
            return
        except BaseException:           # a second KeyboardInterrupt: restore again, then let the
            pass                        # first exception propagate


def _optimizer(update, momentum, dampening, weight_decay, betas, eps, state):
    """None for plain or normalized descent with no option and no state (the core that a board
    trains with then never imports ``updates``); else ``updates``' checked options."""
    if (update in ("plain", "normalized") and state is None and momentum == 0.0 and dampening == 0.0
            and weight_decay is None and isinstance(betas, (tuple, list)) and tuple(betas) == (0.9, 0.999)
            and eps == 1e-8):
        return None
    from . import updates
    return updates.options(update, momentum, dampening, weight_decay, betas, eps)


def train(net, X, Y, loss, learning_rate, epochs, batch_size=None, update="plain",
          shuffle_seed=None, record_outputs=False, history=None, on_epoch=None, record_every=1,
          momentum=0.0, dampening=0.0, weight_decay=None, betas=(0.9, 0.999), eps=1e-8, state=None):
    """Train net in place by gradient descent and return the history.

    ``update``: ``"plain"``, ``"normalized"`` (above), or ``"momentum"``, ``"nesterov"``, ``"adam"``,
    ``"adamw"`` with ``momentum``, ``dampening``, ``weight_decay`` (None: 0, for adamw 0.01),
    ``betas``, ``eps``: torch.optim's; equations, defaults and checks in ``updates.py``. ``state``:
    a dict that keeps the update's buffers, step count, epochs and shuffle after every completed
    epoch; an earlier call's state continues that run (the same bits as one longer run).

    ``batch_size``: None (all samples: BGD), 1 (SGD) or k (MBGD; the last batch may be smaller).
    Samples are taken in order, or reshuffled every epoch with ``Random(shuffle_seed)``.

    The history is a dict: ``"cost"[k]`` is the mean cost over all samples with the parameters
    after k epochs (k = 0 is the initial network), and with ``record_outputs``, ``"outputs"[k]``
    the outputs for every sample. For BGD an epoch is one iteration, as in ``002``'s plots. Pass
    your own dict as ``history`` to keep what was recorded if training is interrupted.

    ``record_every=K`` records only after epoch 0, every K-th epoch and the last one, and then
    also ``"epoch"[k]``, the epoch that ``"cost"[k]`` follows: memory that does not grow with
    the epochs (10,000 epochs with K = 1,000 keep 11 costs), which a board with a fixed heap needs.

    ``on_epoch(epoch, cost)`` is called after every epoch. If the cost or a parameter becomes NaN
    or infinite, the parameters of the last finite epoch are restored and ``TrainingDiverged`` is raised; on
    KeyboardInterrupt (or any error) in the middle of an epoch the parameters of the last completed
    epoch are restored and the exception propagates. An output that leaves the loss's domain during
    an epoch (``losses.LossDomainError``: a cross-entropy output outside [0, 1]) is divergence too.
    """
    loss = check_data(net, X, Y, loss)
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 0:
        raise ValueError("epochs must be a non-negative integer, got %r" % (epochs,))
    learning_rate = _step_size(learning_rate)
    Y = [[as_float(t) for t in y] for y in Y]    # plain floats, whatever float subclass came in
    opts = _optimizer(update, momentum, dampening, weight_decay, betas, eps, state)
    if isinstance(record_every, bool) or not isinstance(record_every, int) or record_every < 1:
        raise ValueError("record_every must be a positive integer, got %r" % (record_every,))
    n = len(X)
    if batch_size is None:
        batch_size = n
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError("batch size must be a positive integer, got %r" % (batch_size,))
    rng = Random(shuffle_seed) if shuffle_seed is not None else None
    order = list(range(n))
    if opts is not None:
        from . import updates
        state = updates.begin(net, {} if state is None else state, update, rng, order, shuffle_seed)

    if history is None:
        history = {}
    costs = history.setdefault("cost", [])
    outputs = history.setdefault("outputs", []) if record_outputs else None
    epochs_recorded = history.setdefault("epoch", []) if record_every != 1 else None

    def record(epoch, J):
        costs.append(J)
        if outputs is not None:
            outputs.append([_forward(net, x).output for x in X])
        if epochs_recorded is not None:
            epochs_recorded.append(epoch)

    J = _cost(net, X, Y, loss)
    if not finite(J):
        raise ValueError("the initial cost is %r: check the data and the loss" % (J,))
    record(0, J)
    snap = state_snap = None
    for epoch in range(1, epochs + 1):
        snap = _snapshot(net, snap)
        if state is not None:
            state_snap = updates.snapshot(state, state_snap)
        try:
            if rng is not None:
                rng.shuffle(order)
            try:
                for start in range(0, n, batch_size):                   # loop over batches
                    batch = order[start:start + batch_size]             # the samples of the batch
                    _, gw, gb = _gradient(net, [X[k] for k in batch], [Y[k] for k in batch], loss)
                    if state is not None:
                        state["step"] += 1                      # t, the number of this step
                    if opts is None or update in ("plain", "normalized"):
                        _apply_update(net, gw, gb, learning_rate, update)
                    else:
                        updates.step(net, gw, gb, learning_rate, state, opts)
                J = _cost(net, X, Y, loss)
            except LossDomainError as e:        # an output left the loss's domain
                raise TrainingDiverged(epoch, None, str(e))
            if not finite(J) or not parameters_finite(net):
                raise TrainingDiverged(epoch, J)
        except BaseException:                    # divergence, KeyboardInterrupt, an error mid-epoch
            _restore_surely(net, snap)
            if state is not None:
                updates.restore_surely(state, state_snap)
            raise
        if state is not None:
            updates.commit(state, rng, order, shuffle_seed)
        if epoch % record_every == 0 or epoch == epochs:
            record(epoch, J)
        if on_epoch is not None:
            on_epoch(epoch, J)
    return history
