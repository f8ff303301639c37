"""JSON Schemas (draft 2020-12) of the three kinds of vector file, written beside them as
``vectors/schema/<kind>.schema.json``: ``vectors`` (the one-step files, ``"purenet.vectors"``),
``invalid`` (``"purenet.vectors.invalid"``), ``training`` (``"purenet.vectors.training"``) and
``updates`` (``"purenet.vectors.updates"``: training runs with the stateful updates).

They fix the structure (keys, types, the values of ``result``, non-empty lists); what a schema
cannot say (shapes that chain, a flag explained in ``notes``) ``tests/host/test_vector_schemas.py``
checks as well.
"""

DRAFT = "https://json-schema.org/draft/2020-12/schema"

_NUMBER = {"type": "number"}
_NUMBERS = {"type": "array", "items": _NUMBER, "minItems": 1}
_MATRIX = {"type": "array", "items": _NUMBERS, "minItems": 1}
_LOSS = {"enum": ["half_squared_error", "squared_error", "cross_entropy", "categorical_cross_entropy"]}
_ACTIVATION_NAME = {"enum": ["linear", "sigmoid", "tanh", "relu", "step", "piecewise_linear", "gaussian",
                             "softmax"]}
_TOLERANCE = {"type": "object", "required": ["relative", "absolute"], "additionalProperties": False,
              "properties": {"relative": _NUMBER, "absolute": _NUMBER}}
_FLAGS = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1, "uniqueItems": True}
_NOTES = {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string", "minLength": 1}}
_ID = {"type": "string", "pattern": "^[a-z_]+-[0-9]{3}$"}

_DEFS = {
    "activation": {"oneOf": [
        _ACTIVATION_NAME,
        {"type": "object", "required": ["name"], "additionalProperties": False,
         "properties": {"name": _ACTIVATION_NAME, "beta": _NUMBER, "mu": _NUMBER, "sigma": _NUMBER,
                        "x_min": _NUMBER, "x_max": _NUMBER, "slope": _NUMBER, "intercept": _NUMBER}}]},
    "model": {"type": "object", "required": ["format", "version", "layers"], "additionalProperties": False,
              "properties": {"format": {"const": "purenet.model"}, "version": {"const": 1},
                             "layers": {"type": "array", "minItems": 1, "items": {
                                 "type": "object", "required": ["activation", "weights", "biases"],
                                 "additionalProperties": False,
                                 "properties": {"activation": {"$ref": "#/$defs/activation"},
                                                "weights": _MATRIX,
                                                "biases": {"oneOf": [_NUMBERS, {"type": "null"}]}}}}}},
    "data": {"type": "object", "required": ["inputs", "targets"], "additionalProperties": False,
             "properties": {"inputs": _MATRIX, "targets": _MATRIX}},
    "gradient_layers": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["weights", "biases"], "additionalProperties": False,
        "properties": {"weights": _MATRIX, "biases": {"oneOf": [_NUMBERS, {"type": "null"}]}}}},
}


def _file(fmt, case, header_extra=(), required_extra=()):
    header = {"format": {"const": fmt}, "version": {"const": 1}, "group": {"type": "string"},
              "description": {"type": "string"}, "generator": {"type": "string"}, "notes": _NOTES,
              "number_of_cases": {"type": "integer", "minimum": 1},
              "cases": {"type": "array", "minItems": 1, "items": case}}
    for k, v in header_extra:
        header[k] = v
    return {"$schema": DRAFT, "title": fmt, "type": "object",
            "required": ["format", "version", "group", "description", "generator", "notes",
                         "number_of_cases", "cases"] + list(required_extra),
            "additionalProperties": False, "properties": header, "$defs": _DEFS}


_COMMON = (("tolerance", _TOLERANCE), ("tolerance_note", {"type": "string"}),
           ("conventions", {"type": "string"}))
_COMMON_KEYS = ("tolerance", "tolerance_note", "conventions")

_ONE_STEP_CASE = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "comment", "flags", "result", "model", "data", "loss", "learning_rate", "expected"],
    "properties": {
        "id": _ID, "comment": {"type": "string", "minLength": 1}, "flags": _FLAGS,
        "result": {"enum": ["valid", "acceptable"]},
        "model": {"$ref": "#/$defs/model"}, "data": {"$ref": "#/$defs/data"}, "loss": _LOSS,
        "learning_rate": {"type": "number", "exclusiveMinimum": 0},
        "expected": {"type": "object", "additionalProperties": False,
                     "required": ["outputs", "trace", "cost", "gradient", "updated_model"],
                     "properties": {
                         "outputs": _MATRIX,
                         "trace": {"type": "array", "minItems": 1, "items": {
                             "type": "object", "required": ["z", "a"], "additionalProperties": False,
                             "properties": {"z": {"type": "object", "additionalProperties": _NUMBERS},
                                            "a": {"type": "object", "additionalProperties": _NUMBERS}}}},
                         "cost": _NUMBER,
                         "gradient": {"type": "object", "required": ["layers"], "additionalProperties": False,
                                      "properties": {"layers": {"$ref": "#/$defs/gradient_layers"}}},
                         "updated_model": {"$ref": "#/$defs/model"}}}}}

_INVALID_CASE = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "comment", "flags", "kind", "text", "result", "error"],
    "properties": {"id": _ID, "comment": {"type": "string", "minLength": 1}, "flags": _FLAGS,
                   "kind": {"enum": ["model", "data", "gradients"]}, "text": {"type": "string"},
                   "result": {"const": "invalid"}, "error": {"type": "string", "minLength": 1}}}

_TRAINING_CASE = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "comment", "flags", "result", "model", "init", "data", "loss", "learning_rate",
                 "update", "batch_size", "shuffle_seed", "epochs", "expected"],
    "properties": {
        "id": _ID, "comment": {"type": "string", "minLength": 1}, "flags": _FLAGS,
        "result": {"enum": ["valid", "acceptable"]},
        "model": {"oneOf": [{"$ref": "#/$defs/model"}, {"type": "null"}]},
        "init": {"oneOf": [{"type": "null"}, {
            "type": "object", "required": ["sizes", "activations", "bias", "seed"],
            "additionalProperties": False,
            "properties": {"sizes": {"type": "array", "minItems": 2,
                                     "items": {"type": "integer", "minimum": 1}},
                           "activations": {"type": "array", "minItems": 1,
                                           "items": {"$ref": "#/$defs/activation"}},
                           "bias": {"type": "boolean"}, "seed": {"type": "integer"}}}]},
        "data": {"$ref": "#/$defs/data"}, "loss": _LOSS,
        "learning_rate": {"type": "number", "exclusiveMinimum": 0},
        "update": {"enum": ["plain", "normalized"]},
        "batch_size": {"oneOf": [{"type": "null"}, {"type": "integer", "minimum": 1}]},
        "shuffle_seed": {"oneOf": [{"type": "null"}, {"type": "integer"}]},
        "epochs": {"type": "integer", "minimum": 0},
        "tolerance": _TOLERANCE,
        "expected": {"type": "object", "additionalProperties": False,
                     "required": ["initial_gradient", "cost", "orders", "models", "diverged"],
                     "properties": {
                         "initial_gradient": {"type": "object", "required": ["cost", "layers"],
                                              "additionalProperties": False,
                                              "properties": {"cost": _NUMBER,
                                                             "layers": {"$ref": "#/$defs/gradient_layers"}}},
                         "cost": _NUMBERS,
                         "orders": {"oneOf": [{"type": "null"}, {"type": "array", "items": {
                             "type": "array", "items": {"type": "integer", "minimum": 0}}}]},
                         "models": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/model"}},
                         "diverged": {"oneOf": [{"type": "null"}, {
                             "type": "object", "required": ["epoch"], "additionalProperties": False,
                             "properties": {"epoch": {"type": "integer", "minimum": 1}}}]}}}}}

def _updates_case():
    """A training case with the update's options in full and the state after every epoch."""
    import copy
    case = copy.deepcopy(_TRAINING_CASE)
    case["required"] = case["required"] + ["options"]
    props = case["properties"]
    props["update"] = {"enum": ["momentum", "nesterov", "adam", "adamw"]}
    props["options"] = {"type": "object", "additionalProperties": False,
                        "properties": {"momentum": _NUMBER, "dampening": _NUMBER, "weight_decay": _NUMBER,
                                       "betas": {"type": "array", "items": _NUMBER, "minItems": 2,
                                                 "maxItems": 2},
                                       "eps": {"type": "number", "exclusiveMinimum": 0}}}
    expected = props["expected"]
    expected["required"] = expected["required"] + ["states"]
    expected["properties"]["states"] = {"type": "array", "items": {
        "type": "object", "required": ["step", "buffers"], "additionalProperties": False,
        "properties": {"step": {"type": "integer", "minimum": 1},
                       "buffers": {"type": "object", "minProperties": 1, "additionalProperties": {
                           "type": "object", "required": ["layers"], "additionalProperties": False,
                           "properties": {"layers": {"$ref": "#/$defs/gradient_layers"}}}}}}}
    return case


SCHEMAS = {
    "vectors": _file("purenet.vectors", _ONE_STEP_CASE, _COMMON, _COMMON_KEYS),
    "invalid": _file("purenet.vectors.invalid", _INVALID_CASE, (("base_model", {"type": "string"}),),
                     ("base_model",)),
    "training": _file("purenet.vectors.training", _TRAINING_CASE,
                      _COMMON + (("rules", {"type": "object", "additionalProperties": {"type": "string"}}),),
                      _COMMON_KEYS + ("rules",)),
    "updates": _file("purenet.vectors.updates", _updates_case(),
                     _COMMON + (("rules", {"type": "object", "additionalProperties": {"type": "string"}}),),
                     _COMMON_KEYS + ("rules",)),
}

# which schema each file format follows
SCHEMA_OF_FORMAT = {"purenet.vectors": "vectors", "purenet.vectors.invalid": "invalid",
                    "purenet.vectors.training": "training", "purenet.vectors.updates": "updates"}
