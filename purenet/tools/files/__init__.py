"""The model, data and gradient files (``docs/formats.md``), and the weight files of PyTorch.

- ``dicts``: a parsed file (a dict) to a Network, data or a gradient and back, every value
  checked with a one-line message naming the place; no I/O, so the web page ships it;
- ``jsontext``: JSON text in (within a size limit, duplicate keys refused) and out (numbers by
  ``float``'s own repr, so a saved model reads back bit for bit);
- ``outputs``: every output checked before any work, written atomically, under a folder lock;
- ``tensors``: safetensors and ``.npz`` containers, standard library only;
- ``pytorch``: a Network as the tensors of PyTorch's ``nn.Sequential`` (``convert``);
- ``state``: the optimizer state file that ``train`` writes beside the model and resumes from.

This module reads and writes the JSON files: ``load_model``, ``save_model``, ``load_data``,
``load_gradients``, ``write_json_atomic``, and re-exports the dict conversions. It may import the
core and its own modules; ``tensors`` and ``pytorch`` are imported only by their callers.
Host-only (CPython, PyPy, Pyodide); the core never imports it.
"""

from .dicts import (  # noqa: F401  (the files' public surface)
    MODEL_FORMAT,
    MODEL_VERSION,
    data_from_dict,
    data_to_dict,
    gradients_from_dict,
    gradients_to_dict,
    layer_activations,
    model_from_dict,
    model_to_dict,
)
from .jsontext import (  # noqa: F401
    MAX_FILE_SIZE,
    STDIN,
    FileFormatError,
    FileTooLarge,
    dumps,
    file_name,
    parse_json,
    read_json,
)
from .outputs import write_text_atomic


def write_json_atomic(path, obj):
    """Write ``dumps(obj)`` to path atomically (``outputs.write_text_atomic``: a temporary file in
    the same folder, flushed and fsynced, then renamed over path; a symlink is written through, a
    device refused). A crash leaves either the old file or the new one, never half of one. The
    text is built before anything is written (so NaN never reaches disk)."""
    write_text_atomic(path, dumps(obj))


def load_model(path, max_bytes=None):
    """Read a model file (``-``: standard input) into a Network; FileFormatError (one line, naming
    file and place)."""
    return model_from_dict(read_json(path, max_bytes), where=file_name(path))


def save_model(path, net):
    """Write net as a model file, atomically (``write_json_atomic``)."""
    write_json_atomic(path, model_to_dict(net))


def load_data(path, net=None, need_targets=True, loss=None, max_bytes=None):
    """Read a data file: (X, Y), lists of samples (``data_from_dict``; with ``net``, the sample
    lengths are checked against its input and output layers, with ``loss`` the targets against
    its domain)."""
    return data_from_dict(read_json(path, max_bytes), where=file_name(path), net=net,
                          need_targets=need_targets, loss=loss)


def load_gradients(path, net, max_bytes=None):
    """Read a gradient file (``grad``'s output, or another implementation's) for net: (J, gw, gb)."""
    return gradients_from_dict(read_json(path, max_bytes), net, where=file_name(path))
