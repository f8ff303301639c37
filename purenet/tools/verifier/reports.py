"""The verifier's reports: what a check found, as a table for people and a dict for programs.

``Report`` holds one row per parameter (or per direction in fast mode) with its status,
``PASS``, ``FAIL`` or ``not_comparable(kink)``; ``Comparison`` holds the three engines side by side.
Both print their rows with ``repr`` (the numbers are data) and their errors rounded (for people).
"""

from .engines import ENGINE_NAMES

PASS = "pass"
FAIL = "FAIL"


def not_comparable(kink):
    """The status of a parameter whose perturbation crosses a kink: "not comparable (kink at z^l_j)"."""
    return "not comparable (kink at %s)" % kink


class Report:
    """The result of a check. ``rows``: one dict per parameter (or per direction in fast mode);
    ``passed``: True when every comparable row passes; ``format()``: a readable table;
    ``to_json()``: the same as a plain dict (numbers as floats, no objects)."""

    def __init__(self, mode, loss, J, rows, step, rtol, atol, engine, n_samples, forward_passes,
                 extra=None):
        self.mode = mode
        self.loss = loss
        self.J = J
        self.rows = rows
        self.step = step
        self.rtol = rtol
        self.atol = atol
        self.engine = engine
        self.n_samples = n_samples
        self.forward_passes = forward_passes
        self.extra = extra or {}

    @property
    def failures(self):
        """Names of the rows that fail."""
        return [r["name"] for r in self.rows if r["status"] == FAIL]

    @property
    def not_comparable(self):
        """Names of the rows whose finite difference straddles a kink (judged by nothing)."""
        return [r["name"] for r in self.rows if r["status"].startswith("not comparable")]

    @property
    def passed(self):
        return len(self.failures) == 0

    def summary(self):
        rows = [r for r in self.rows if r.get("kind") != "cost"]     # their J is not a parameter
        n = len(rows)
        nc = len(self.not_comparable)
        bad = [r["name"] for r in rows if r["status"] == FAIL]
        word = "directions" if self.mode == "fast" else "parameters"
        cost = "their cost J differs from purenet's" if len(bad) < len(self.failures) else ""
        if bad:
            return "FAILED: %d of %d comparable %s fail: %s%s" % (
                len(bad), n - nc, word, ", ".join(bad), "; " + cost if cost else "")
        if cost:
            return "FAILED: %s; all %d comparable %s agree" % (cost, n - nc, word)
        if n == nc:
            return "NOTHING CHECKED: all %d %s are not comparable (kinks)" % (n, word)
        k = n - nc
        text = ("PASSED: all %d comparable %s pass" % (k, word) if k != 1 else
                "PASSED: the comparable %s passes" % word[:-1])
        if nc:
            text += "; %d not comparable (kinks): %s" % (nc, ", ".join(self.not_comparable))
        return text

    def header(self):
        passes = (("", "for the kink check") if self.mode == "fast" else       # full passes
                  (" (partial: from the parameter's layer on)", "kept, for those and for the kink check"))
        lines = ["purenet verifier: %s mode, loss %s, %d sample%s, J = %r"
                 % (self.mode, self.loss, self.n_samples, "" if self.n_samples == 1 else "s", self.J),
                 "analytic gradient: %s; numeric: central difference (J(p+h) - J(p-h)) / 2h" % self.engine,
                 "step: %s" % self.step,
                 "tolerance: |analytic - numeric| <= max(rtol*max(|analytic|,|numeric|), "
                 "atol*max(1,|J|)), rtol = %r, atol = %r" % (self.rtol, self.atol),
                 "forward passes over the data: %d with perturbed parameters%s, 1 at the "
                 "parameters as given (%s), and the gradient's own" % ((self.forward_passes,) + passes)]
        for key in sorted(self.extra):
            lines.append("%s: %s" % (key, self.extra[key]))
        return lines

    def columns(self):
        if self.mode == "gradients":
            return (("parameter", "name"), ("theirs", "theirs"), ("purenet", "purenet"),
                    ("numeric", "numeric"), ("rel err vs numeric", "rel_error"),
                    ("rel diff vs purenet", "purenet_rel_diff"), ("result", "status"))
        return (("parameter", "name"), ("analytic", "analytic"), ("numeric", "numeric"),
                ("abs err", "abs_error"), ("rel err", "rel_error"), ("h", "h"), ("result", "status"))

    def format(self):
        """The report as text: a header, one line per row (values in repr), a summary line."""
        cols = self.columns()
        table = [[title for title, _ in cols]]
        for r in self.rows:
            line = []
            for title, key in cols:
                v = r.get(key)
                if key in ("abs_error", "rel_error", "purenet_rel_diff"):
                    line.append("-" if v is None else "%.2e" % v)
                elif key == "status":
                    line.append(v + (" (%s)" % r["note"] if r.get("note") else ""))
                elif isinstance(v, float):
                    line.append(repr(v))
                else:
                    line.append("-" if v is None else str(v))
            table.append(line)
        return "\n".join(self.header() + [""] + _layout(table) + ["", self.summary()]) + "\n"

    def to_json(self):
        """A plain dict: mode, loss, J, step, tolerances, engine, passed, failures, rows."""
        d = {"mode": self.mode, "loss": self.loss, "J": self.J, "step": self.step,
             "rtol": self.rtol, "atol": self.atol, "engine": self.engine,
             "samples": self.n_samples, "forward_passes": self.forward_passes,
             "passed": self.passed, "failures": self.failures,
             "not_comparable": self.not_comparable, "summary": self.summary(),
             "rows": [dict(r) for r in self.rows]}
        for key in self.extra:
            d[key] = self.extra[key]
        return d


def _layout(table):
    """Left-aligned text columns, two spaces apart; a rule under the titles."""
    widths = [0] * len(table[0])
    for line in table:
        for c in range(len(line)):
            if len(line[c]) > widths[c]:
                widths[c] = len(line[c])
    out = []
    for line in table:
        out.append("  ".join(line[c] + " " * (widths[c] - len(line[c])) for c in range(len(line))).rstrip())
    out.insert(1, "-" * len(out[0]))                       # as wide as the titles
    return out


class Comparison:
    """For every parameter: the three engines' ∂J/∂p and the finite difference (``rows``), the
    largest relative difference between engines (``max_engine_rel_diff``) and the verdict of the
    finite-difference check of backprop (``fd_status``)."""

    def __init__(self, rows, J, loss, step):
        self.rows = rows
        self.J = J
        self.loss = loss
        self.step = step

    @property
    def max_engine_rel_diff(self):
        m = 0.0
        for r in self.rows:
            if r["engine_rel_diff"] > m:
                m = r["engine_rel_diff"]
        return m

    def format(self):
        table = [["parameter"] + list(ENGINE_NAMES) + ["finite difference", "engines rel diff",
                                                       "finite difference check"]]
        for r in self.rows:
            table.append([r["name"]] + [repr(r[e]) for e in ENGINE_NAMES]
                         + [repr(r["numeric"]), "%.1e" % r["engine_rel_diff"], r["fd_status"]])
        head = ["purenet: the three gradient engines and the central difference, side by side",
                "loss %s, J = %r; step: %s" % (self.loss, self.J, self.step),
                "engines: backprop = 002's index notation (purenet/backprop.py); matrix_form = 002's "
                "math behind Python; recursion_001 = 001 section 5, forward mode"]
        return "\n".join(head + [""] + _layout(table)
                         + ["", "largest relative difference between engines: %.2e"
                            % self.max_engine_rel_diff]) + "\n"

    def to_json(self):
        return {"loss": self.loss, "J": self.J, "max_engine_rel_diff": self.max_engine_rel_diff,
                "rows": [dict(r) for r in self.rows]}
