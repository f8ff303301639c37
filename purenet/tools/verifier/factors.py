"""One constant factor between another gradient and the finite differences, and what it means.

A gradient that is off by the same factor c in every entry, theirs = c · numeric, is almost
always one of a few slips in the cost it differentiates, J = (1/N) Σ_s J_s with J_s summed over
the n^L outputs (``docs/verifier.md``):

- c = 2 or ½: the ½ of half_squared_error left out (their J_s is Σ_j (y_j − y*_j)²) or applied
  twice;
- c = 1/n^L or n^L: a loss averaged over the outputs as well as over the samples (PyTorch's
  ``MSELoss()``, whose default ``reduction="mean"`` divides by N·n^L, checked as
  ``squared_error``), or multiplied by their number;
- c = N or 1/N: a sum over the samples instead of their mean, or the mean taken twice.

``constant_factor(report, n_outputs)`` finds c among these when every comparable entry of a
``verify_gradients`` report fits it within the check's own tolerance and 1 does not.
"""

from .gradcheck import tolerance


def _candidates(n_outputs, n_samples):
    """[(c, c as text, what c is, what it usually means)] for c = 2, ½, n^L, 1/n^L, N, 1/N (c = 1
    left out, equal values merged)."""
    found = []
    for c, text, what, means in (
            (2.0, "2", "", "the 1/2 of half_squared_error left out (a sum of squares differentiated)"),
            (0.5, "1/2", "", "the 1/2 of half_squared_error applied twice"),
            (1.0 / n_outputs, "1/%d" % n_outputs, "the number of outputs",
             "a loss averaged over the outputs as well as over the samples"),
            (float(n_outputs), "%d" % n_outputs, "the number of outputs",
             "a loss multiplied by the number of outputs"),
            (float(n_samples), "%d" % n_samples, "the number of samples",
             "a sum over the samples instead of their mean"),
            (1.0 / n_samples, "1/%d" % n_samples, "the number of samples",
             "the mean over the samples taken twice")):
        if c == 1.0:
            continue
        for k, (c2, text2, what2, means2) in enumerate(found):
            if c2 == c:
                found[k] = (c, text2, " and ".join(w for w in (what2, what) if w), means2 + ", or " + means)
                break
        else:
            found.append((c, text, what, means))
    return found


def _fits(rows, c, J, rtol, atol):
    """Whether theirs / c passes against the finite difference in every row (rows: the
    comparable rows, each with "theirs" and "numeric")."""
    for r in rows:
        corrected = r["theirs"] / c
        if abs(corrected - r["numeric"]) > tolerance(corrected, r["numeric"], J, rtol, atol):
            return False
    return True


def constant_factor(report, n_outputs):
    """(c, one line) when theirs = c · the finite difference in every comparable entry of a
    ``verify_gradients`` report, for one c of the module docstring, and the entries do not
    already agree; else None. Entries where both are within the tolerance of 0 say nothing of c
    and are skipped; at least one entry must say something."""
    rows = [r for r in report.rows if r.get("kind") != "cost" and r.get("numeric") is not None
            and not r["status"].startswith("not comparable")]
    J, rtol, atol = report.J, report.rtol, report.atol
    rows = [r for r in rows if abs(r["theirs"]) > tolerance(r["theirs"], 0.0, J, rtol, atol)
            or abs(r["numeric"]) > tolerance(r["numeric"], 0.0, J, rtol, atol)]
    if not rows or _fits(rows, 1.0, J, rtol, atol):
        return None
    for c, text, what, means in _candidates(n_outputs, report.n_samples):
        if _fits(rows, c, J, rtol, atol):
            n = text[2:] if text.startswith("1/") else text
            return c, ("theirs = %s times the finite difference in every entry%s: usually %s"
                       % (text, " (%s is %s)" % (n, what) if what else "", means))
    return None
