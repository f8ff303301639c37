"""The axes of every plot purenet draws: one rule for ``plot.py``'s SVG files and the web page.

- a linear axis has its ticks at whole multiples of a step of 1, 2 or 5 × 10^k, the first at or
  below the data, the last at or above; an axis of iterations keeps the step a whole number;
- a log axis has its ticks at powers of ten (every second, third, ... power when the data span
  many decades);
- a cost axis starts at 0 where the loss cannot be negative (``from_zero``), unless it is a log
  axis; the page puts the cost on a log axis when every cost is > 0 and they span more than a
  factor of 100 (``prefers_log``);
- each tick label is ``<text class="tick" data-axis="x|y" data-scale="linear|log"
  data-value="REPR">LABEL</text>`` (``tick_text``), ``data-value`` the tick's exact value.

Imports only ``math`` and the core's ``bits``, so that the page (Pyodide) can ship it.
"""

import math

from ..bits import finite

__all__ = ["nice_ticks", "log_ticks", "tick_label", "axis", "prefers_log", "tick_text", "escape"]


def escape(text):
    """Return ``text`` safe to put inside an XML element or a double-quoted attribute.

    ``&`` must go first, or the ``&`` of the other entities would be escaped again.
    """
    text = str(text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def nice_step(raw, integer=False):
    """The smallest of 1, 2 or 5 times a power of ten that is >= ``raw`` (> 0); with ``integer``,
    at least 1 (an axis of iterations or epochs)."""
    if integer:
        raw = max(raw, 1.0)
    exponent = math.floor(math.log10(raw))
    base = 10.0 ** exponent
    for m in (1.0, 2.0, 5.0):
        if m * base >= raw * (1 - 1e-12):
            return m * base
    return 10.0 * base


def _widen(lo, hi):
    """Give an empty range [v, v] some width so that it can have ticks."""
    if lo < hi:
        return lo, hi
    pad = abs(lo) * 0.1 if lo != 0 else 1.0
    return lo - pad, hi + pad


def _clean(value, step):
    """Round ``value`` to the decimals ``step`` needs (0.30000000000000004 -> 0.3)."""
    decimals = max(0, -math.floor(math.log10(step)) + 2)
    value = round(value, decimals)
    return 0.0 if value == 0 else value


def nice_ticks(lo, hi, count=6, integer=False):
    """Round tick values, the first <= ``lo``, the last >= ``hi``: whole multiples of a step of
    1, 2 or 5 times a power of ten, chosen so that about ``count`` ticks span the data. Each tick
    is an integer times the step (no error accumulates along the axis).

    >>> nice_ticks(0.0, 1.9)
    [0.0, 0.5, 1.0, 1.5, 2.0]
    """
    lo, hi = _widen(float(lo), float(hi))
    if not finite(hi - lo):
        raise ValueError("the range [%r, %r] is too wide to draw (try log_y=True)" % (lo, hi))
    step = nice_step((hi - lo) / max(count - 1, 1), integer)
    k0 = math.floor(lo / step + 1e-9)
    k1 = math.ceil(hi / step - 1e-9)
    ticks = [_clean(k * step, step) for k in range(k0, k1 + 1)]
    if ticks[0] > lo:                    # guard the ends against a last-bit rounding of k * step
        ticks.insert(0, _clean((k0 - 1) * step, step))
    if ticks[-1] < hi:
        ticks.append(_clean((k1 + 1) * step, step))
    return ticks


def log_ticks(lo, hi, max_ticks=8):
    """Powers of ten for a log axis, the first <= ``lo``, the last >= ``hi`` (both > 0).

    When the data span many decades, every second (third, ...) power is kept so that there are
    at most about ``max_ticks`` labels, counted from the decade of ``lo``: the axis starts at most
    one decade below the data (a cost from 0.24 to 1e122 does not get an axis from 1e-18).
    """
    e0 = math.floor(math.log10(lo) + 1e-12)
    e1 = math.ceil(math.log10(hi) - 1e-12)
    if e1 <= e0:
        e1 = e0 + 1
    stride = max(1, math.ceil((e1 - e0) / (max_ticks - 1)))
    exps = list(range(e0, e1 + 1, stride))
    if exps[-1] < e1:
        exps.append(exps[-1] + stride)
    return [10.0 ** e for e in exps if -307 <= e <= 308]  # powers a double can hold


def tick_label(value, step, log):
    """A short label for a tick: ``0.5``, ``1000``, ``1e-05``; ``step`` is the linear axis's step
    (None on a log axis)."""
    if value == 0:
        return "0"
    if log:
        exponent = round(math.log10(value))
        if -3 <= exponent <= 4:
            return "%.*f" % (max(0, -exponent), value)
        return "1e%d" % exponent
    if 1e-4 <= abs(value) < 1e6 and step >= 1e-6:
        return "%.*f" % (max(0, -math.floor(math.log10(step) + 1e-9)), value)
    return "%.3g" % value


def axis(lo, hi, log=False, from_zero=False, integer=False, count=6):
    """One axis for data from ``lo`` to ``hi``: {"scale": "linear" | "log", "lo", "hi" (the range
    drawn: the ticks' and the data's), "ticks": [{"value", "label"}]}. ``from_zero``: the range
    includes 0 (a cost of a loss that cannot be negative; ignored on a log axis)."""
    lo, hi = float(lo), float(hi)
    if log:
        values, step = log_ticks(lo, hi), None
    else:
        if from_zero:
            lo, hi = min(lo, 0.0), max(hi, 0.0)
        values = nice_ticks(lo, hi, count=count, integer=integer)
        step = values[1] - values[0]
    return {"scale": "log" if log else "linear", "lo": min(values[0], lo), "hi": max(values[-1], hi),
            "ticks": [{"value": v, "label": tick_label(v, step, log)} for v in values]}


def prefers_log(lo, hi):
    """True when values from ``lo`` to ``hi`` (a cost) read better on a log axis: all > 0 and
    spanning more than a factor of 100."""
    return lo > 0 and finite(hi) and hi / lo > 100


def tick_text(name, scale, tick, x, y, anchor):
    """The SVG ``<text>`` of one tick label (``name`` "x" or "y"; ``tick`` from ``axis``)."""
    return ('<text class="tick" data-axis="%s" data-scale="%s" data-value="%r" x="%.2f" y="%.2f" '
            'text-anchor="%s">%s</text>' % (name, scale, tick["value"], x, y, anchor,
                                            escape(tick["label"])))
