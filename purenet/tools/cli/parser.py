"""The parser of every verb (``build_parser``): options, their types (``argtypes.py``), help texts.

A usage error is one line (the usage itself is ``--help``'s); a help text that stdout could not
take is remembered (argparse drops the error) for ``cli.main`` to report.
"""

import argparse
import os
import re
import sys
import textwrap

from ... import __version__
from ...activations import ACTIVATIONS
from ...losses import LOSSES, get_loss
from ..files.jsontext import MAX_FILE_SIZE
from ..verifier.engines import ENGINE_NAMES
from ..verifier.gradcheck import ATOL, RTOL
from .argtypes import (
    MAX_JOBS,
    MAX_SEED,
    activation_specs,
    byte_size,
    fd_step,
    integer,
    layer_sizes,
    non_negative_float,
    positive_float,
    whole_number,
)
from .commands import (
    EXIT_CODES,
    EXIT_USAGE,
    MAX_CHECK_COST,
    MAX_PARAMETERS,
    cmd_check,
    cmd_convert,
    cmd_forward,
    cmd_grad,
    cmd_init,
    cmd_vectors,
    cmd_web,
)
from .stdio import silence
from .train import cmd_train

# ---------------------------------------------------------------------------------------------
# the parser

def _add_model_data(p, data_help="the data file: {\"inputs\": [[...], ...], \"targets\": [[...], ...]}"):
    p.add_argument("model", metavar="MODEL", help="the model file (docs/formats.md)")
    p.add_argument("data", metavar="DATA", help=data_help)
    _add_max_file_size(p)


def _add_max_file_size(p):
    p.add_argument("--max-file-size", type=byte_size, default=MAX_FILE_SIZE, metavar="SIZE",
                   help="refuse files read larger than this (default 32M; K, M, G = powers of 1024)")


def _loss(text):
    try:
        return get_loss(text).name
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e))


def _add_loss(p):
    p.add_argument("--loss", required=True, type=_loss, metavar="NAME",
                   help="the per-sample cost, averaged over the samples: %s" % ", ".join(sorted(LOSSES)))


def _wrap(text):
    return textwrap.fill(text, 78)


class Parser(argparse.ArgumentParser):
    """argparse with a usage error as one line (the usage itself is ``--help``'s), and a help text
    that stdout could not take remembered (argparse drops the error) for ``main`` to report."""

    write_error = None

    def _print_message(self, message, file=None):
        if not message:
            return
        file = file or sys.stderr
        try:
            file.write(message)
            file.flush()
        except BrokenPipeError:           # the reader stopped early: its choice
            silence(file)
        except (OSError, ValueError, AttributeError) as e:
            silence(file)
            if file is sys.stdout:
                Parser.write_error = e

    def error(self, message):
        self.exit(EXIT_USAGE, "%s: %s\n" % (self.prog, message.splitlines()[0] if message else "usage error"))


def program_name():
    """``purenet`` when run as the installed command, else ``python -m purenet``."""
    return "purenet" if os.path.basename(sys.argv[0] or "") == "purenet" else "python -m purenet"


def build_parser(prog=None):
    """The argparse parser of every verb."""
    fmt = argparse.RawDescriptionHelpFormatter
    parser = Parser(
        prog=prog or program_name(), formatter_class=fmt,
        description="purenet: fully connected networks trained by backpropagation, in pure Python.\n"
                    "Without arguments, prints the papers' numbers recomputed.",
        epilog=EXIT_CODES + "\n\nformats: docs/formats.md; every verb: docs/cli.md")
    parser.add_argument("--version", action="version", version="purenet " + __version__,
                        help="print purenet's version and exit")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    sub.required = True

    p = sub.add_parser("init", help="a new model with seeded Glorot-uniform weights",
                       formatter_class=fmt, epilog=EXIT_CODES,
                       description=_wrap("Write a new model file: weights Glorot-uniform from purenet's "
                                   "seeded PRNG (the same on every interpreter), biases 0."))
    p.add_argument("--sizes", required=True, type=layer_sizes, metavar="N1,N2,...",
                   help="neurons per layer, input first: 2,3,1")
    p.add_argument("--activation", required=True, type=activation_specs, metavar="NAME[,NAME...]",
                   help="one name for every layer, two for hidden,output, or one per layer 2..L "
                        "(known: %s); parameters as NAME:PARAM=VALUE, e.g. sigmoid:beta=2"
                        % ", ".join(sorted(ACTIVATIONS)))
    p.add_argument("--no-bias", action="store_true", help="no biases (as in most of 002's examples)")
    p.add_argument("--seed", type=integer(0, MAX_SEED), default=0, metavar="N",
                   help="PRNG seed, 0 to 2**64-1 (default 0)")
    p.add_argument("--out", metavar="FILE", help="write the model here (atomically) instead of stdout")
    p.add_argument("--max-parameters", type=whole_number, default=MAX_PARAMETERS, metavar="N",
                   help="refuse to build a network with more weights and biases (default %d)"
                        % MAX_PARAMETERS)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("forward", help="the outputs (and with --trace every z^l, a^l) for each input",
                       formatter_class=fmt, epilog=EXIT_CODES,
                       description=_wrap("Run the forward pass on every input of DATA and print "
                                   "{\"outputs\": [[y_1, ...], ...]}; with --trace also "
                                   "\"samples\": [{\"z\": {\"1\": z^1, ...}, \"a\": {...}}, ...] "
                                   "keyed by layer number (layer 1 = the input)."))
    _add_model_data(p, "the data file; \"targets\" may be left out")
    p.add_argument("--trace", action="store_true", help="also print every z^l and a^l")
    p.set_defaults(func=cmd_forward)

    p = sub.add_parser("grad", help="the mean cost J and its gradient, in the model's layout",
                       formatter_class=fmt, epilog=EXIT_CODES,
                       description=_wrap("Print {\"loss\": J, \"layers\": [{\"weights\": dJ/dw^l, "
                                   "\"biases\": dJ/db^l or null}, ...]}: the mean cost over the "
                                   "samples and its gradient, weights[i][j] = dJ/dw_ij^l."))
    _add_model_data(p)
    _add_loss(p)
    p.add_argument("--out", metavar="FILE", help="write the gradient here (atomically) instead of stdout")
    p.set_defaults(func=cmd_grad)

    p = sub.add_parser("train", help="gradient descent; writes the trained model",
                       formatter_class=fmt, epilog=EXIT_CODES,
                       description=_wrap("Train MODEL on DATA by gradient descent and write the trained "
                                   "model to --out (atomically). The outputs are checked before "
                                   "the first epoch. One progress line per epoch on stderr. "
                                   "Ctrl-C, SIGTERM or SIGHUP saves the model of the last "
                                   "completed epoch (exit 130, 143, 129); a NaN or infinite cost, "
                                   "or an output outside the loss's domain, stops training, saves "
                                   "the last good epoch and exits 1."))
    _add_model_data(p)
    _add_loss(p)
    p.add_argument("--learning-rate", required=True, type=positive_float, metavar="H",
                   help="the step h in p <- p - h dJ/dp")
    p.add_argument("--epochs", required=True, type=integer(0), metavar="N",
                   help="how many epochs: passes over all the samples (one update each with the "
                        "default batch)")
    p.add_argument("--batch-size", type=integer(1), metavar="K",
                   help="samples per update: all (default, batch), 1 (stochastic) or K (mini-batch)")
    p.add_argument("--update", choices=("plain", "normalized"), default="plain",
                   help="plain: p - h dJ/dp; normalized: p - h (dJ/dp)/|grad J| (default plain)")
    p.add_argument("--shuffle-seed", type=integer(0, MAX_SEED), metavar="N",
                   help="reshuffle the samples every epoch with this seed (default: in order)")
    p.add_argument("--out", required=True, metavar="TRAINED.json", help="the trained model")
    p.add_argument("--history", metavar="HISTORY.json", help="also write the cost after every epoch")
    p.add_argument("--plot", metavar="FILE.svg", help="also draw the cost against the epochs")
    p.add_argument("--progress-every", type=integer(1), default=1, metavar="N",
                   help="a progress line every N epochs (default 1; the last epoch always)")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("check", help="check gradients against central finite differences",
                       formatter_class=fmt, epilog=EXIT_CODES,
                       description=_wrap("Compare the analytic gradient with central finite "
                                   "differences for every weight and bias (2P forward passes for "
                                   "P parameters, each recomputing only what its parameter "
                                   "changes), name every parameter that fails, and mark "
                                   "those whose perturbation crosses a ReLU, step or "
                                   "piecewise-linear kink \"not comparable\" (docs/verifier.md)."))
    _add_model_data(p)
    _add_loss(p)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--fast", action="store_true",
                      help="one random direction instead of every parameter (2 forward passes)")
    mode.add_argument("--gradients", metavar="THEIRS",
                      help="verify another implementation's gradient: a .json file in grad's layout, "
                      "or a .safetensors or .npz of gradients named and shaped like the model's "
                      "tensors (convert's layout: {name: p.grad for name, p in "
                      "model.named_parameters()})")
    mode.add_argument("--engines", action="store_true",
                      help="show the three gradient engines and the finite difference side by side")
    p.add_argument("--engine", default="backprop", choices=ENGINE_NAMES,
                   help="the analytic gradient to check in full and fast mode: backprop (002's "
                   "index notation, default), matrix_form (002's math behind Python) or "
                   "recursion_001 (001 section 5)")
    p.add_argument("--seed", type=integer(-MAX_SEED, MAX_SEED), default=0, metavar="N",
                   help="seed of the random direction of --fast (default 0)")
    p.add_argument("--step", type=fd_step, default=None, metavar="H",
                   help="fixed step h in (0, 1] (default: eps^(1/3)*max(1, |p|) per parameter)")
    p.add_argument("--max-check-cost", type=whole_number, default=MAX_CHECK_COST, metavar="N",
                   help="refuse a full check (not --fast) of about more multiply-adds: two passes "
                        "over the samples per parameter, from its layer on, three with --engines "
                        "(default 1e8)")
    p.add_argument("--rtol", type=non_negative_float, default=RTOL,
                   help="relative tolerance (default %r)" % RTOL)
    p.add_argument("--atol", type=non_negative_float, default=ATOL,
                   help="absolute tolerance, times max(1, |J|) (default %r)" % ATOL)
    p.add_argument("--jobs", type=integer(1, MAX_JOBS), default=1, metavar="N",
                   help="split the per-parameter work (the finite differences, and engine "
                   "recursion_001) across N processes, 1 to %d (and no more than the parameters); "
                   "the report is the same whatever N (default 1)" % MAX_JOBS)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("vectors", help="write the conformance vectors (docs/vectors.md)",
                       formatter_class=fmt, epilog=EXIT_CODES,
                       description=_wrap("Write the conformance vectors (JSON files of cases with their "
                                   "expected forward trace, cost, gradient and updated model) into "
                                   "OUTDIR, creating it if needed. The files are deterministic and "
                                   "equal to the ones committed under vectors/."))
    p.add_argument("outdir", metavar="OUTDIR", help="the folder to write into (created if needed)")
    p.set_defaults(func=cmd_vectors)

    p = sub.add_parser("convert", help="a model between .json, .safetensors and .npz (PyTorch's names)",
                       formatter_class=fmt, epilog=EXIT_CODES,
                       description=_wrap("Convert the model in IN to OUT, each a purenet model file "
                                   "(.json), a safetensors file (.safetensors) or a NumPy archive "
                                   "(.npz), chosen by the extension. Tensors are named and laid out "
                                   "as PyTorch's nn.Sequential of Linear layers and activation "
                                   "modules names them (0.weight [out, in], 0.bias, 2.weight, ...; "
                                   "a linear activation has no module), so load_state_dict works "
                                   "with strict=True; purenet keeps the activations in the file's "
                                   "metadata. OUT is written atomically, and nothing is written if "
                                   "IN is malformed. The mapping and every error: "
                                   "docs/formats.md."))
    p.add_argument("input", metavar="IN", help="the model to read: .json, .safetensors or .npz")
    p.add_argument("output", metavar="OUT", help="the file to write: .json, .safetensors or .npz")
    p.add_argument("--activation", type=activation_specs, metavar="NAME[,NAME...]",
                   help="the activations, for a .safetensors or .npz IN that does not name them "
                   "(one from PyTorch or NumPy), in init's syntax: one name for every layer, two "
                   "for hidden,output, or one per layer; replaces the file's own")
    p.add_argument("--dtype", choices=("F64", "F32"), default=None,
                   help="the tensors' type in a .safetensors or .npz OUT: F64 (the default; every "
                   "bit kept) or F32 (each value rounded to the nearest float32)")
    _add_max_file_size(p)
    p.set_defaults(func=cmd_convert)

    p = sub.add_parser("web", help="write the static web page that runs purenet in the browser",
                       formatter_class=fmt, epilog=EXIT_CODES + "\n\nthen: python -m http.server -d OUTDIR",
                       description=_wrap("Write a static, fully offline web page into OUTDIR (created if "
                                   "needed): the worked examples of 001 and 002 (or a network of "
                                   "your own) trained step by step by purenet itself, running in "
                                   "Pyodide in the browser, with z_j^l, a_j^l, d_j^l and dJ/dw_ij^l "
                                   "in 002's notation. Serve it with any static server, e.g. "
                                   "'python -m http.server -d OUTDIR', and open the URL it prints; "
                                   "file:// URLs do not work. The Pyodide files (12.8 MiB) are "
                                   "copied from the npm package, nothing is downloaded."))
    p.add_argument("outdir", metavar="OUTDIR", help="the folder to write the site into")
    p.add_argument("--pyodide", metavar="PATH",
                   help="the folder of the npm package pyodide (default: "
                        "interpreters/node_modules/pyodide in the working folder or beside the "
                        "package, as 'bash .ci/interpreters.sh install npm' makes it)")
    p.set_defaults(func=cmd_web)
    _accept_negative_numbers(parser)
    return parser


# Options whose value may be a negative number in any float spelling (-inf, -1e5, -.5): argparse
# would read those as unknown options; this makes it read them as values, and the option's own
# type then says what is wrong with them.
_NEGATIVE_NUMBER = re.compile(r"^-(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\Z|^-(inf|infinity|nan)\Z", re.IGNORECASE)


def _accept_negative_numbers(parser):
    parser._negative_number_matcher = _NEGATIVE_NUMBER
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _accept_negative_numbers(sub)
