"""``train``'s update options and its state file: checked before any work, written with the model.

``resolve(args, net, n)`` reads ``--resume`` (the state file, ``purenet.tools.files.state``),
settles the update (``--update``, else the state's, else plain) and its options (the command
line's, else the state's, else torch.optim's defaults), refuses in one line naming the option an
option the update does not use, dampening with Nesterov, Nesterov without momentum, a state of
another update or shape, and ``--epochs`` fewer than the state has done; and says where the state
is written (``--state``, by default ``TRAINED.state.json`` beside ``--out`` for the updates with
buffers). Nothing is read or written here but ``--resume``.
"""

import copy

from ... import updates
from .. import files
from ..files import outputs
from ..files.state import state_from_dict, state_to_dict
from .commands import UsageError

FLAGS = {"momentum": "--momentum", "dampening": "--dampening", "weight_decay": "--weight-decay",
         "betas": "--betas", "eps": "--eps"}


class Plan:
    """What ``train`` runs with: ``update``, ``options`` (train's keyword arguments), ``state``
    (the dict train keeps, or None), ``first`` (the epochs the state has done), ``state_path``."""

    def __init__(self, update, options, state, first, state_path):
        self.update = update
        self.options = options
        self.state = state
        self.first = first
        self.state_path = state_path

    def used(self, learning_rate):
        """The options the update used, for the state file and the history."""
        out = {"learning_rate": learning_rate}
        for name in updates.USES[self.update]:
            out[name] = self.options[name]
        return out

    def state_dict(self, state, learning_rate, net):
        return state_to_dict(state, self.used(learning_rate), net)


def _flag_message(text):
    """updates.options' message with the option's command-line name."""
    name, rest = text.split(" ", 1)
    if name in ("beta1", "beta2"):
        return "--betas: %s %s" % (name, rest)
    return "%s %s" % (FLAGS.get(name, name), rest)


def default_state_path(out):
    return (out[:-5] if out.endswith(".json") else out) + ".state.json"


def resolve(args, net, n_samples):
    """The Plan of args (module docstring); UsageError (exit 2) naming the option."""
    state, recorded = None, {}
    if args.resume is not None:
        d = files.read_json(args.resume, getattr(args, "max_file_size", None))
        state, recorded = state_from_dict(d, net, n_samples, where=args.resume)
    update = args.update or (state["update"] if state else "plain")
    if state is not None and state["update"] != update:
        raise UsageError("--update %s: the state %s is of the %s update; continue with --update %s"
                         % (update, args.resume, state["update"], state["update"]))
    given = {}
    for name, flag in FLAGS.items():
        value = getattr(args, name)
        if value is None:
            continue
        if name not in updates.USES[update]:
            if name == "dampening" and update == "nesterov":
                raise UsageError("--dampening: Nesterov momentum has no dampening (torch.optim's "
                                 "rule); leave --dampening out with --update nesterov")
            uses = [FLAGS[k] for k in updates.USES[update]]
            raise UsageError("%s is not used by the %s update (%s)" % (
                flag, update, "it uses " + ", ".join(uses) if uses else "it takes no options"))
        given[name] = value
    for name in updates.USES[update]:
        if name not in given and name in recorded:
            given[name] = recorded[name]
    try:
        opts = updates.options(update, **given)
    except ValueError as e:
        raise UsageError(_flag_message(str(e)))
    shuffle = state.get("shuffle") if state else None
    if shuffle is not None and shuffle["seed"] != args.shuffle_seed:
        raise UsageError("--shuffle-seed: the state %s was reshuffled with seed %d; continue with "
                         "--shuffle-seed %d" % (args.resume, shuffle["seed"], shuffle["seed"]))
    first = state["epoch"] if state else 0
    if args.epochs < first:
        raise UsageError("--epochs %d: the state %s has done %d epochs already (--epochs counts them)"
                         % (args.epochs, args.resume, first))
    path = args.state
    if path is None and update in updates.STATEFUL:
        path = default_state_path(args.out)
    if state is None and path is not None:
        state = updates.new_state(net, update)
    options = dict((k, v) for k, v in opts.items() if k != "update")
    return Plan(update, options, state, first, path)


def state_size_bound(plan, args, net):
    """The most bytes the state file can take: its text now with every number at its widest."""
    text = files.dumps(plan.state_dict(plan.state, args.learning_rate, net))
    numbers = text.count(",") + text.count("[") + 8
    return len(text) + numbers * outputs.LONGEST_NUMBER + 64


def snapshot(state):
    return None if state is None else copy.deepcopy(state)
