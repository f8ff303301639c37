"""Steps for measuring purenet's live heap on MicroPython (driven by interpreters/heap_micropython.mjs).

Why a driver: in the WebAssembly port, ``gc.collect()`` does not collect during a call from
JavaScript; it only marks a collection as pending, which runs when control returns to the top
level (the port cannot scan WebAssembly locals for roots, so it collects only when there are
none; inside one call the heap just grows, garbage included). So a live-heap figure needs
``gc.collect()`` in one top-level call and ``gc.mem_alloc()`` in the next. The driver calls the
functions below one top-level call at a time and measures between them:

1. ``import_core()``: the modules training needs (purenet.network and purenet.training, which
   import activations, losses, backprop, matrix and portable; not papers, the command line, the
   file formats or plotting);
2. ``build_002()``: ``002``'s 2-4-3-2-4 network (``init_network``, sigmoid, with biases, seed 3:
   the sizes and seed of ``papers.BIASES_AND_ACTIVATIONS``) and its sample;
3. ``epoch_002()`` x 100: one epoch of ``train`` each (one sample, h = 0.1, plain updates,
   half_squared_error), the same as one 100-epoch call since nothing is shuffled;
4. ``build_xor()`` and ``epoch_xor()`` x 100: a 2-8-1 sigmoid network on XOR, mini-batches of 2
   in order, h = 0.5.

Inside an epoch, wrappers on ``purenet.training._snapshot`` and ``_apply_update`` keep the
epoch's snapshot and the last batch's gradients alive in ``STASH`` until the next step, so the
figure measured after an epoch also counts what is live in the middle of one (parameters,
snapshot, gradients; the old and new parameter floats both, so it over-counts slightly). Not
counted: the one-sample forward trace and deltas inside ``_gradient`` (a few lists the size
of a layer).

``python tests/heap.py`` anywhere just says to use the driver.
"""
import gc

LIMIT = 64 * 1024
STASH = []
STATE = {}


def mem():
    """Bytes allocated on the heap now (live only if a top-level collection just ran)."""
    return gc.mem_alloc()


def import_core():
    import purenet.network
    import purenet.training
    training = purenet.training
    orig_snapshot = training._snapshot
    orig_update = training._apply_update

    def _snapshot(net, snap=None):
        snap = orig_snapshot(net, snap)
        del STASH[:]
        STASH.append(snap)
        return snap

    def apply_update(net, gw, gb, *args):
        if len(STASH) > 1:
            del STASH[1:]
        STASH.append(gw)
        STASH.append(gb)
        return orig_update(net, gw, gb, *args)

    training._snapshot = _snapshot
    training._apply_update = apply_update


def build_002():
    from purenet.network import init_network
    STATE["net"] = init_network([2, 4, 3, 2, 4], "sigmoid", bias=True, seed=3)
    STATE["X"] = [[0.2, 0.5]]
    STATE["Y"] = [[0.8, 0.1, 0.5, 0.7]]


def epoch_002():
    from purenet.training import train
    train(STATE["net"], STATE["X"], STATE["Y"], "half_squared_error", 0.1, 1)


def build_xor():
    from purenet.network import init_network
    STATE.clear()
    del STASH[:]
    STATE["net"] = init_network([2, 8, 1], "sigmoid", bias=True, seed=7)
    STATE["X"] = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    STATE["Y"] = [[0.0], [1.0], [1.0], [0.0]]


def epoch_xor():
    from purenet.training import train
    train(STATE["net"], STATE["X"], STATE["Y"], "half_squared_error", 0.5, 1, batch_size=2)


if __name__ == "__main__":
    print("run: node interpreters/heap_micropython.mjs (gc.collect() only acts between top-level "
          "calls in the WebAssembly port)")
