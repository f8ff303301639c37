"""What a board runs: purenet's trainings in a fixed heap (MicroPython; any Python runs it too).

    micropython -X heapsize=64k -m on_board xor        (from a folder holding purenet/ and this file,
    micropython -X heapsize=64k -m on_board 002         as .py source or as .mpy files)
    micropython -m on_board values                     (every number CI compares across precisions)

``xor``: a 2-8-1 network (sigmoid, biases, ``init_network`` seed 7) trained on XOR for 10,000
epochs, mini-batches of 2 in order, half squared error, h = 0.5, recording the cost every 1,000
epochs. ``002``: ``002``'s 2-4-3-2-4 network (sigmoid, biases, seed 3) on its sample x = (0.2, 0.5),
y* = (0.8, 0.1, 0.5, 0.7), 100 epochs, h = 0.1, the cost every 10. Each prints its recorded costs
and final outputs (``repr``), the float precision, ``gc.mem_alloc()`` after a collection, and
exits 1 (an uncaught AssertionError) unless the network learned: XOR's outputs on the right side
of 0.5 and within 0.1 of the targets; 002's cost falling at every record, to below 0.02 (it is
0.0175 in doubles and singles alike, from 0.117). A MemoryError in a heap that is too
small also exits 1. ``interpreters/board.py`` (on the host) builds the folders, runs these in fixed
heaps and finds the smallest heap that passes.

``xor-adam``: the same XOR network trained with Adam (``purenet/updates.py``, torch.optim's defaults)
for 1,000 epochs, h = 0.02, mini-batches of 2 in order: the updates' module and their state (two
buffers shaped like the network, and their rollback snapshot) on top of what ``xor`` needs; the
same checks of the outputs.

``values``: one line per number, ``name repr``: the final cost and outputs of both trainings and
every number of ``python -m purenet``'s table (``papers.reproduce()``), so that the host can say
how far single-precision results land from the double ones.

``papers``, ``stdio``, ``model``: the emulated ARM boards' other runs (``on_board_checks.py``,
imported only for them). A board has no ``-m``: ``interpreters/armboard.py`` runs a three-line
``main.py`` that calls ``main(sys.argv[1:])``.
"""
import gc
import sys

from purenet.bits import DIGITS
from purenet.network import _forward, init_network
from purenet.training import train

XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [[0.0], [1.0], [1.0], [0.0]]


def xor_network(epochs=10000, record_every=1000):
    """The 2-8-1 XOR network after its training; returns (net, history)."""
    net = init_network([2, 8, 1], "sigmoid", bias=True, seed=7)
    history = train(net, XOR_X, XOR_Y, "half_squared_error", 0.5, epochs, batch_size=2,
                    record_every=record_every)
    return net, history


def xor(epochs=10000, record_every=1000):
    """The 2-8-1 XOR training; returns (history, outputs)."""
    net, history = xor_network(epochs, record_every)
    return history, [_forward(net, x).output[0] for x in XOR_X]


def xor_adam(epochs=1000, record_every=100):
    """The 2-8-1 XOR training with Adam; returns (history, outputs)."""
    net = init_network([2, 8, 1], "sigmoid", bias=True, seed=7)
    history = train(net, XOR_X, XOR_Y, "half_squared_error", 0.02, epochs, batch_size=2,
                    record_every=record_every, update="adam")
    return history, [_forward(net, x).output[0] for x in XOR_X]


def net_002(epochs=100, record_every=10):
    """002's 2-4-3-2-4 network on its one sample; returns (history, outputs)."""
    net = init_network([2, 4, 3, 2, 4], "sigmoid", bias=True, seed=3)
    history = train(net, [[0.2, 0.5]], [[0.8, 0.1, 0.5, 0.7]], "half_squared_error", 0.1, epochs,
                    record_every=record_every)
    return history, _forward(net, [0.2, 0.5]).output


def report(name, history, outputs):
    gc.collect()
    print("%s: %d-bit floats, heap in use after training %d bytes" % (
        name, DIGITS, gc.mem_alloc() if hasattr(gc, "mem_alloc") else -1))
    for k in range(len(history["cost"])):
        print("  J after epoch %d = %r" % (history["epoch"][k], history["cost"][k]))
    print("  outputs %s" % " ".join([repr(y) for y in outputs]))


def values():
    from purenet.papers import reproduce
    history, outputs = xor()
    print("xor.J %r" % history["cost"][-1])
    for k in range(4):
        print("xor.y%d %r" % (k + 1, outputs[k]))
    history, outputs = net_002()
    print("002.J %r" % history["cost"][-1])
    for k in range(4):
        print("002.y%d %r" % (k + 1, outputs[k]))
    for r in reproduce():
        print("papers.%s:%s %r" % (r["source"].replace(" ", "_"), r["quantity"].replace(" ", "_"),
                                   r["purenet"]))


def main(argv):
    what = argv[0] if argv else "xor"
    if what in ("xor", "xor-adam"):
        history, outputs = xor() if what == "xor" else xor_adam()
        report("xor 2-8-1, 10,000 epochs" if what == "xor" else "xor 2-8-1 with adam, 1,000 epochs",
               history, outputs)
        for k in range(4):
            assert (outputs[k] > 0.5) == (XOR_Y[k][0] > 0.5), outputs
            assert abs(outputs[k] - XOR_Y[k][0]) < 0.1, outputs
    elif what == "002":
        history, outputs = net_002()
        report("002 2-4-3-2-4, 100 epochs", history, outputs)
        J = history["cost"]
        assert J[-1] < 0.02 and all(J[k + 1] < J[k] for k in range(len(J) - 1)), J
    elif what == "values":
        values()
    elif what in ("papers", "stdio", "model"):
        import on_board_checks  # only here: a training's heap holds none of its code
        getattr(on_board_checks, what)(*argv[1:])
    else:
        raise SystemExit("on_board.py: unknown run %r (xor, xor-adam, 002, values, papers, stdio, "
                         "model)" % what)


if __name__ == "__main__":        # micropython -m on_board RUN (a board: main.py calls main)
    main(sys.argv[1:])
