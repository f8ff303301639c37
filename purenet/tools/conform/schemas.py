"""The JSON Schemas (draft 2020-12) of every message of the protocol and of the ``--json`` report;
``purenet conform --schemas DIR`` writes them as ``DIR/<name>.schema.json``. The committed copies are
in ``conformance/protocol/``."""

import os

from ..files import write_json_atomic
from ..vectors.schemas import DRAFT
from .protocol import ONE_STEP_PARTS, PROTOCOL_VERSION

_NUMBER = {"oneOf": [{"type": "number"}, {"enum": ["NaN", "Infinity", "-Infinity"]}]}
_VECTOR = {"type": "array", "items": _NUMBER}
_MATRIX = {"type": "array", "items": _VECTOR}
_LAYERS = {"type": "array", "items": {"type": "object", "required": ["weights", "biases"],
                                      "properties": {"weights": _MATRIX,
                                                     "biases": {"oneOf": [_VECTOR, {"type": "null"}]}}}}
_WITH_LAYERS = {"type": "object", "required": ["layers"], "properties": {"layers": _LAYERS}}
_SEQ = {"type": "integer", "minimum": 0}
_STRINGS = {"type": "array", "items": {"type": "string"}}


def _message(kind, required=(), properties=None, title=None):
    props = {"type": {"const": kind}}
    props.update(properties or {})
    return {"$schema": DRAFT, "title": title or "purenet.conform %s message" % kind, "type": "object",
            "required": ["type"] + list(required), "properties": props}


_CAPABILITIES = {
    "type": "object",
    "properties": {
        "dtype": {"enum": ["float64", "float32"]},
        "activations": _STRINGS, "output_activations": _STRINGS,
        "losses": {"type": "object", "additionalProperties": _STRINGS},
        "activation_parameters": {"type": "boolean"}, "mixed_activations": {"type": "boolean"},
        "layers_without_biases": {"type": "boolean"},
        "parts": {"type": "array", "items": {"enum": list(ONE_STEP_PARTS)}},
        "training": {"oneOf": [{"type": "null"}, {"type": "object", "properties": {
            "updates": _STRINGS, "batching": {"type": "array", "items": {"enum": ["batch", "mini-batch",
                                                                                 "stochastic"]}},
            "shuffle": {"type": "boolean"}, "init": {"type": "boolean"},
            "parts": {"type": "array", "items": {"enum": ["initial_gradient", "cost", "models", "orders",
                                                          "diverged"]}}}}]},
        "invalid_files": {"type": "boolean"}}}

_TRACE = {"type": "array", "items": {"type": "object", "required": ["z", "a"], "properties": {
    "z": {"type": "object", "additionalProperties": _VECTOR},
    "a": {"type": "object", "additionalProperties": _VECTOR}}}}

MESSAGES = {
    "start": _message("start", ["protocol"], {"protocol": {"const": PROTOCOL_VERSION}}),
    "hello": _message("hello", ["name", "version", "protocol"], {
        "name": {"type": "string", "minLength": 1}, "version": {"type": "string", "minLength": 1},
        "variant": {"type": "string"}, "protocol": {"const": PROTOCOL_VERSION},
        "language": {"type": "string"}, "homepage": {"type": "string"},
        "versions": {"type": "object", "additionalProperties": {"type": "string"}},
        "capabilities": _CAPABILITIES}),
    "run": _message("run", ["seq", "id", "kind", "flags"], {
        "seq": _SEQ, "id": {"type": "string"}, "kind": {"enum": ["one_step", "training", "invalid"]},
        "flags": _STRINGS, "model": {"oneOf": [{"type": "object"}, {"type": "null"}]},
        "init": {"oneOf": [{"type": "object"}, {"type": "null"}]},
        "data": {"type": "object"}, "loss": {"type": "string"}, "learning_rate": {"type": "number"},
        "update": {"type": "string"}, "batch_size": {"oneOf": [{"type": "integer"}, {"type": "null"}]},
        "shuffle_seed": {"oneOf": [{"type": "integer"}, {"type": "null"}]}, "epochs": {"type": "integer"},
        "file_kind": {"enum": ["model", "data", "gradients"]}, "text": {"type": "string"},
        "base_model": {"type": "string"}}),
    "result": _message("result", ["seq"], {
        "seq": _SEQ, "outputs": _MATRIX, "trace": _TRACE, "cost": {"oneOf": [_NUMBER, _VECTOR]},
        "gradient": _WITH_LAYERS, "updated_model": _WITH_LAYERS,
        "initial_gradient": {"type": "object", "required": ["cost", "layers"],
                             "properties": {"cost": _NUMBER, "layers": _LAYERS}},
        "models": {"type": "array", "items": _WITH_LAYERS},
        "orders": {"oneOf": [{"type": "null"}, {"type": "array", "items": {
            "type": "array", "items": {"type": "integer", "minimum": 0}}}]},
        "diverged": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["epoch"],
                                                  "properties": {"epoch": {"type": "integer"}}}]},
        "accepted": {"type": "boolean"}, "place": {"type": ["string", "null"]}}),
    "not_expressible": _message("not_expressible", ["seq", "reason"],
                                {"seq": _SEQ, "reason": {"type": "string"}}),
    "error": _message("error", ["seq", "message"], {"seq": _SEQ, "message": {"type": "string"}}),
    "stop": _message("stop"),
}

_COUNTS = {"type": "object", "required": ["pass", "fail", "acceptable", "not_expressible", "error"],
           "additionalProperties": {"type": "integer", "minimum": 0}}

REPORT = {
    "$schema": DRAFT, "title": "purenet.conform.report", "type": "object",
    "required": ["format", "version", "protocol", "implementation", "vectors", "totals", "families",
                 "cases", "exit_status"],
    "properties": {
        "format": {"const": "purenet.conform.report"}, "version": {"const": 1},
        "protocol": {"const": PROTOCOL_VERSION},
        "implementation": {"type": "object", "required": ["name", "version", "variant", "capabilities"]},
        "vectors": {"type": "string"}, "totals": _COUNTS,
        "families": {"type": "object", "additionalProperties": _COUNTS},
        "exit_status": {"enum": [0, 1]},
        "cases": {"type": "array", "items": {
            "type": "object", "required": ["id", "family", "result", "status"],
            "properties": {
                "id": {"type": "string"}, "family": {"type": "string"},
                "result": {"enum": ["valid", "acceptable", "invalid"]},
                "status": {"enum": ["pass", "fail", "acceptable", "not_expressible", "error"]},
                "reason": {"type": "string"}, "error": {"type": "string"}, "stderr": {"type": "string"},
                "convention": {"type": "string"}, "diagnoses": _STRINGS, "seconds": {"type": "number"},
                "parts": {"type": "array", "items": {
                    "type": "object", "required": ["part", "status"],
                    "properties": {"part": {"type": "string"},
                                   "status": {"enum": ["pass", "fail", "missing", "shape"]},
                                   "where": {"type": "string"}, "message": {"type": "string"},
                                   "ratio": _NUMBER}}}}}}}}


def all_schemas():
    """{name: schema}: every message, then the report."""
    out = {"message-" + k: v for k, v in MESSAGES.items()}
    out["report"] = REPORT
    return out


def write_schemas(folder):
    """Write every schema as folder/<name>.schema.json; returns the paths."""
    if not os.path.isdir(folder):
        os.makedirs(folder)
    paths = []
    for name, schema in all_schemas().items():
        path = os.path.join(folder, name + ".schema.json")
        write_json_atomic(path, schema)
        paths.append(path)
    return paths
