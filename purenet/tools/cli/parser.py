"""The parser of every verb (``build_parser``): options, their types (``argtypes.py``), help texts.

One function builds each verb (``add_init``, ..., ``add_web``), a few more the options verbs
share. A usage error is one line (the usage itself is ``--help``'s); a help text that stdout could
not take is remembered (argparse drops the error) for ``cli.main`` to report. Only argparse's
public interface is used: its subclass here overrides ``print_help``, ``print_usage``, ``exit``,
``error`` and ``parse_known_args``.
"""

import argparse
import os
import re
import sys
import textwrap

from ... import __version__
from ...activations import ACTIVATIONS
from ...losses import LOSSES, get_loss
from ...updates import UPDATES
from ..files.jsontext import MAX_FILE_SIZE
from ..verifier.engines import ENGINE_NAMES
from ..verifier.gradcheck import ATOL, RTOL
from .argtypes import (
    MAX_JOBS,
    MAX_SEED,
    activation_specs,
    below_one,
    beta_pair,
    byte_size,
    fd_step,
    integer,
    layer_sizes,
    non_negative_float,
    positive_float,
    unit_interval,
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
from .stdio import write_text
from .train import cmd_train

# ---------------------------------------------------------------------------------------------
# negative numbers as values

# Option values that are a negative number in any float spelling (-inf, -1e5, -.5): argparse
# reads an argument that starts with "-" as an option unless it looks like -1 or -.5, so
# ``--learning-rate -1e-3`` would be "expected one argument". Such an argument is marked (a NUL
# byte before it, which no argument can hold) so that argparse takes it as a value, and unmarked
# wherever its text is read: by the option's type, in the parsed result and in error messages.
# The option's own type then says what is wrong with the number.
NEGATIVE_NUMBER = re.compile(r"^-(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\Z|^-(inf|infinity|nan)\Z", re.IGNORECASE)
MARK = "\0"


def unmark(text):
    """An argument as it was given (``MARK`` taken off)."""
    return text[len(MARK):] if isinstance(text, str) and text.startswith(MARK) else text


def _unmarked(value):
    """A parsed value with every argument in it as given (a list of them: ``nargs``)."""
    if isinstance(value, list):
        return [_unmarked(v) for v in value]
    return unmark(value)


def reading_marked(parse):
    """The type function ``parse`` for an argument that may be marked; a ValueError or TypeError
    says what argparse itself would (``invalid int value: '-1e5'``)."""
    def read(text):
        text = unmark(text)
        try:
            return parse(text)
        except (TypeError, ValueError) as e:
            if isinstance(e, argparse.ArgumentTypeError):
                raise
            raise argparse.ArgumentTypeError("invalid %s value: %r"
                                             % (getattr(parse, "__name__", repr(parse)), text))
    read.__name__ = getattr(parse, "__name__", "read")
    return read


# ---------------------------------------------------------------------------------------------
# the parser class

class Parser(argparse.ArgumentParser):
    """argparse with a usage error as one line (the usage itself is ``--help``'s), a help text
    that stdout could not take remembered (argparse drops the error) for ``main`` to report, the
    options of the parser kept in ``options``, and negative numbers read as values."""

    write_error = None

    def __init__(self, *args, **kwargs):
        self.options = []
        super().__init__(*args, **kwargs)

    def add_argument(self, *names, **kwargs):
        """argparse's ``add_argument``, with the type reading a marked negative number; the action
        is kept in ``options`` (so are those of the groups, below)."""
        return self._kept(super().add_argument, names, kwargs)

    def add_argument_group(self, *args, **kwargs):
        return self._keeping(super().add_argument_group(*args, **kwargs))

    def add_mutually_exclusive_group(self, **kwargs):
        return self._keeping(super().add_mutually_exclusive_group(**kwargs))

    def _keeping(self, group):
        """The group, its ``add_argument`` keeping the actions in this parser's ``options``."""
        add = group.add_argument
        group.add_argument = lambda *names, **kwargs: self._kept(add, names, kwargs)
        return group

    def _kept(self, add, names, kwargs):
        if kwargs.get("type") is not None:
            kwargs["type"] = reading_marked(kwargs["type"])
        action = add(*names, **kwargs)
        self.options.append(action)
        return action

    def parse_known_args(self, args=None, namespace=None):
        if args is None:
            args = sys.argv[1:]
        marked = [MARK + a if NEGATIVE_NUMBER.match(a) else a for a in args]
        namespace, extras = super().parse_known_args(marked, namespace)
        for name, value in list(vars(namespace).items()):
            setattr(namespace, name, _unmarked(value))
        return namespace, _unmarked(extras)

    def print_help(self, file=None):
        _say(self.format_help(), "stdout" if file is None else file)

    def print_usage(self, file=None):
        _say(self.format_usage(), "stdout" if file is None else file)

    def exit(self, status=0, message=None):
        if message:
            _say(message, "stderr")
        sys.exit(status)

    def error(self, message):
        message = message.replace(repr(MARK)[1:-1], "").replace(MARK, "")
        self.exit(EXIT_USAGE, "%s: %s\n" % (self.prog, message.splitlines()[0] if message else "usage error"))


class Version(argparse.Action):
    """``--version``: print the version on stdout and exit (argparse's own, through ``stdio``)."""

    def __init__(self, option_strings, version, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help=None):
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)
        self.version = version

    def __call__(self, parser, namespace, values, option_string=None):
        _say(self.version + "\n", "stdout")
        parser.exit()


def _say(text, to):
    """``stdio.write_text``, with what stdout could not take kept in ``Parser.write_error``."""
    e = write_text(text, to)
    if e is not None:
        Parser.write_error = e


# ---------------------------------------------------------------------------------------------
# options that verbs share

def _add_model_data(p, data_help="the data file: {\"inputs\": [[...], ...], \"targets\": [[...], ...]}"):
    p.add_argument("model", metavar="MODEL", help="the model file (docs/formats.md); - for standard input")
    p.add_argument("data", metavar="DATA", help=data_help + "; - for standard input (not both)")
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


def _add_update_options(p):
    """train's update and its options (torch.optim's names and defaults; docs/updates.md)."""
    p.add_argument("--update", choices=UPDATES, default=None,
                   help="plain: p - h dJ/dp (the default); normalized: p - h (dJ/dp)/|grad J|; "
                        "momentum, nesterov: torch.optim.SGD's; adam, adamw: torch.optim.Adam's, "
                        "AdamW's (with --resume: the state's update)")
    p.add_argument("--momentum", type=below_one, metavar="MU",
                   help="momentum and nesterov: v <- MU v + (1 - D) g (default 0; nesterov needs MU > 0)")
    p.add_argument("--dampening", type=unit_interval, metavar="D",
                   help="momentum: the D in v <- MU v + (1 - D) g (default 0)")
    p.add_argument("--weight-decay", type=non_negative_float, metavar="L",
                   help="momentum, nesterov, adam: g <- g + L p; adamw: p <- p (1 - h L) "
                        "(default 0; adamw 0.01)")
    p.add_argument("--betas", type=beta_pair, metavar="B1,B2",
                   help="adam, adamw: the decay rates of m and v (default 0.9,0.999)")
    p.add_argument("--eps", type=positive_float, metavar="E",
                   help="adam, adamw: the E in m_hat / (sqrt(v_hat) + E) (default 1e-8)")
    p.add_argument("--state", metavar="STATE.json",
                   help="write the update's state (buffers, step count, shuffle) here whenever the "
                        "model is saved (default for momentum, nesterov, adam, adamw: TRAINED.state.json)")
    p.add_argument("--resume", metavar="STATE.json",
                   help="continue the run that wrote this state, from MODEL (the model it saved): "
                        "--epochs counts all epochs, the state's included")


def _wrap(text):
    return textwrap.fill(text, 78)


def _verb(sub, name, help, description, func, epilog=EXIT_CODES):
    """A verb's parser, its description wrapped to 78 columns, the exit codes as its epilog."""
    p = sub.add_parser(name, help=help, formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog=epilog, description=_wrap(description))
    if func is not None:
        p.set_defaults(func=func)
    return p


def program_name():
    """``purenet`` when run as the installed command, else ``python -m purenet``."""
    return "purenet" if os.path.basename(sys.argv[0] or "") == "purenet" else "python -m purenet"


# ---------------------------------------------------------------------------------------------
# the verbs

def build_parser(prog=None):
    """The argparse parser of every verb; ``parser.verbs`` maps each verb to its parser."""
    parser = Parser(
        prog=prog or program_name(), formatter_class=argparse.RawDescriptionHelpFormatter,
        description="purenet: fully connected networks trained by backpropagation, in pure Python.\n"
                    "Without arguments, prints the papers' numbers recomputed.",
        epilog=EXIT_CODES + "\n\nformats: docs/formats.md; every verb: docs/cli.md")
    parser.add_argument("--version", action=Version, version="purenet " + __version__,
                        help="print purenet's version and exit")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    sub.required = True
    for add in (add_init, add_forward, add_grad, add_train, add_check, add_vectors, add_convert, add_web,
                add_conform):
        add(sub)
    parser.verbs = sub.choices
    return parser


def add_init(sub):
    p = _verb(sub, "init", "a new model with seeded Glorot-uniform weights",
              "Write a new model file: weights Glorot-uniform from purenet's seeded PRNG (the same on "
              "every interpreter), biases 0.", cmd_init)
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
    return p


def add_forward(sub):
    p = _verb(sub, "forward", "the outputs (and with --trace every z^l, a^l) for each input",
              "Run the forward pass on every input of DATA and print {\"outputs\": [[y_1, ...], ...]}; "
              "with --trace also \"samples\": [{\"z\": {\"1\": z^1, ...}, \"a\": {...}}, ...] keyed by "
              "layer number (layer 1 = the input).", cmd_forward)
    _add_model_data(p, "the data file; \"targets\" may be left out")
    p.add_argument("--trace", action="store_true", help="also print every z^l and a^l")
    return p


def add_grad(sub):
    p = _verb(sub, "grad", "the mean cost J and its gradient, in the model's layout",
              "Print {\"loss\": J, \"layers\": [{\"weights\": dJ/dw^l, \"biases\": dJ/db^l or null}, "
              "...]}: the mean cost over the samples and its gradient, weights[i][j] = dJ/dw_ij^l.",
              cmd_grad)
    _add_model_data(p)
    _add_loss(p)
    p.add_argument("--out", metavar="FILE", help="write the gradient here (atomically) instead of stdout")
    return p


def add_train(sub):
    p = _verb(sub, "train", "gradient descent; writes the trained model",
              "Train MODEL on DATA by gradient descent and write the trained model to --out "
              "(atomically). The outputs are checked before the first epoch. Progress on stderr: "
              "about 20 lines over the run, or one live line on a terminal. Ctrl-C, SIGTERM or SIGHUP "
              "saves the model of the last completed epoch (exit 130, 143, 129); a NaN or infinite "
              "cost, or an output outside the loss's domain, stops training, saves the last good "
              "epoch and exits 1.", cmd_train)
    _add_model_data(p)
    _add_loss(p)
    p.add_argument("--learning-rate", required=True, type=positive_float, metavar="H",
                   help="the step h in p <- p - h dJ/dp")
    p.add_argument("--epochs", required=True, type=integer(0), metavar="N",
                   help="how many epochs: passes over all the samples (one update each with the "
                        "default batch)")
    p.add_argument("--batch-size", type=integer(1), metavar="K",
                   help="samples per update: all (default, batch), 1 (stochastic) or K (mini-batch)")
    _add_update_options(p)
    p.add_argument("--shuffle-seed", type=integer(0, MAX_SEED), metavar="N",
                   help="reshuffle the samples every epoch with this seed (default: in order)")
    p.add_argument("--out", required=True, metavar="TRAINED.json", help="the trained model")
    p.add_argument("--history", metavar="HISTORY.json", help="also write the cost after every epoch")
    p.add_argument("--plot", metavar="FILE.svg",
                   help="also draw the cost against the epochs, as SVG (a name ending in .svg)")
    p.add_argument("--progress-every", type=integer(1), default=None, metavar="N",
                   help="a progress line every N epochs and after the last (default: about 20 "
                        "lines, every ceil(epochs/20); on a terminal one live line redrawn in place)")
    return p


def add_check(sub):
    p = _verb(sub, "check", "check gradients against central finite differences",
              "Compare the analytic gradient with central finite differences for every weight and bias "
              "(2P forward passes for P parameters, each recomputing only what its parameter changes), "
              "name every parameter that fails, and mark those whose perturbation crosses a ReLU, step "
              "or piecewise-linear kink \"not comparable\" (docs/verifier.md).", cmd_check)
    _add_model_data(p)
    _add_loss(p)
    _add_check_modes(p)
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
    return p


def _add_check_modes(p):
    """check's modes, one at most: --fast, --gradients, --engines; and --engine."""
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--fast", action="store_true",
                      help="one random direction instead of every parameter (2 forward passes)")
    mode.add_argument("--gradients", metavar="THEIRS",
                      help="verify another implementation's gradient: a .json file in grad's layout "
                      "(- for standard input), or a .safetensors or .npz of gradients named and "
                      "shaped like the model's tensors (convert's layout: {name: p.grad for name, p "
                      "in model.named_parameters()}); one constant factor in every entry (2, the "
                      "number of outputs or of samples) is named with its usual cause")
    mode.add_argument("--engines", action="store_true",
                      help="show the three gradient engines and the finite difference side by side")
    p.add_argument("--engine", default="backprop", choices=ENGINE_NAMES,
                   help="the analytic gradient to check in full and fast mode: backprop (002's "
                   "index notation, default), matrix_form (002's math behind Python) or "
                   "recursion_001 (001 section 5)")


def add_vectors(sub):
    p = _verb(sub, "vectors", "write the conformance vectors (docs/vectors.md)",
              "Write the conformance vectors (JSON files of cases with their expected forward trace, "
              "cost, gradient and updated model) into OUTDIR, creating it if needed. The files are "
              "deterministic and equal to the ones committed under vectors/.", cmd_vectors)
    p.add_argument("outdir", metavar="OUTDIR", help="the folder to write into (created if needed)")
    return p


def add_convert(sub):
    p = _verb(sub, "convert", "a model between .json, .safetensors and .npz (PyTorch's names)",
              "Convert the model in IN to OUT, each a purenet model file (.json), a safetensors file "
              "(.safetensors) or a NumPy archive (.npz), chosen by the extension. Tensors are named and "
              "laid out as PyTorch's nn.Sequential of Linear layers and activation modules names them "
              "(0.weight [out, in], 0.bias, 2.weight, ...; a linear activation has no module), so "
              "load_state_dict works with strict=True; purenet keeps the activations in the file's "
              "metadata. OUT is written atomically, and nothing is written if IN is malformed. The "
              "mapping and every error: docs/formats.md.", cmd_convert)
    p.add_argument("input", metavar="IN", help="the model to read: .json, .safetensors or .npz; - for a "
                   ".json model on standard input")
    p.add_argument("output", metavar="OUT", help="the file to write: .json, .safetensors or .npz")
    p.add_argument("--activation", type=activation_specs, metavar="NAME[,NAME...]",
                   help="the activations, for a .safetensors or .npz IN that does not name them "
                   "(one from PyTorch or NumPy), in init's syntax: one name for every layer, two "
                   "for hidden,output, or one per layer; replaces the file's own")
    p.add_argument("--dtype", choices=("F64", "F32"), default=None,
                   help="the tensors' type in a .safetensors or .npz OUT: F64 (the default; every "
                   "bit kept) or F32 (each value rounded to the nearest float32)")
    _add_max_file_size(p)
    return p


def add_web(sub):
    p = _verb(sub, "web", "write the static web page that runs purenet in the browser",
              "Write a static, fully offline web page into OUTDIR (created if needed): the worked "
              "examples of 001 and 002 (or a network of your own) trained step by step by purenet "
              "itself, running in Pyodide in the browser, with z_j^l, a_j^l, d_j^l and dJ/dw_ij^l in "
              "002's notation. Serve it with any static server, e.g. 'python -m http.server -d "
              "OUTDIR', and open the URL it prints; file:// URLs do not work. The Pyodide files "
              "(12.8 MiB) are copied from the npm package, nothing is downloaded.", cmd_web,
              epilog=EXIT_CODES + "\n\nthen: python -m http.server -d OUTDIR")
    p.add_argument("outdir", metavar="OUTDIR", help="the folder to write the site into")
    p.add_argument("--pyodide", metavar="PATH",
                   help="the folder of the npm package pyodide (default: "
                        "interpreters/node_modules/pyodide in the working folder or beside the "
                        "package, as 'bash .ci/interpreters.sh install npm' makes it)")
    return p


def add_conform(sub):
    """The verb conform (its options and its function: ``conform.command.add_arguments``)."""
    from ..conform.command import add_arguments
    p = _verb(sub, "conform", "run the conformance vectors against another implementation",
              "Run every conformance vector against an implementation, through a Python adapter "
              "(--adapter MODULE:OBJECT) or a program speaking JSON lines (-- CMD ARGS...), and report "
              "per case, part and convention family, with the known signatures of each divergence named "
              "(docs/conformance.md). Exit 0 when every expressible case passes, 1 when one fails, 2 for "
              "bad usage.", None)
    add_arguments(p)
    return p
