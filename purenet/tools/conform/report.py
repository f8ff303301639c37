"""What ``purenet conform`` prints: a table per convention family and the failing cases with their
diagnoses (``table``), or the JSON report (``as_json``, schema ``schemas.REPORT``)."""

from .protocol import PROTOCOL_VERSION, encode
from .suite import FAMILIES

STATUSES = ("pass", "fail", "acceptable", "not_expressible", "error")


def counts(records):
    """{family: {status: n}} in the table's order, families without cases left out."""
    out = {}
    for fam in FAMILIES + tuple(sorted(set(r["family"] for r in records) - set(FAMILIES))):
        rows = [r for r in records if r["family"] == fam]
        if rows:
            out[fam] = {s: sum(1 for r in rows if r["status"] == s) for s in STATUSES}
    return out


def totals(records):
    return {s: sum(1 for r in records if r["status"] == s) for s in STATUSES}


def exit_status(records):
    """0 when every expressible case passed (an acceptable one with another convention counts),
    1 when one failed or erred."""
    return 1 if any(r["status"] in ("fail", "error") for r in records) else 0


def _where(part):
    if part["status"] == "fail" and "expected" in part:
        where = (" " + part["where"]) if part.get("where") else ""
        text = "%s%s: expected %r, got %r" % (part["part"], where, part["expected"], part["got"])
        return text if len(text) < 160 else text[:157] + "..."
    return "%s: %s" % (part["part"], part.get("message", part["status"]))


def table(hello, records):
    """The readable report (lines)."""
    lines = ["%s %s%s (protocol %d)" % (hello["name"], hello["version"],
                                        (", variant " + hello["variant"]) if hello.get("variant") else "",
                                        PROTOCOL_VERSION), ""]
    head = "%-30s %5s %5s %6s %6s %6s" % ("family", "pass", "fail", "accept", "n/e", "error")
    lines += [head, "-" * len(head)]
    for fam, c in counts(records).items():
        lines.append("%-30s %5d %5d %6d %6d %6d" % (fam, c["pass"], c["fail"], c["acceptable"],
                                                    c["not_expressible"], c["error"]))
    t = totals(records)
    lines.append("-" * len(head))
    lines.append("%-30s %5d %5d %6d %6d %6d" % ("all", t["pass"], t["fail"], t["acceptable"],
                                                t["not_expressible"], t["error"]))
    shown = [r for r in records if r["status"] in ("fail", "error", "acceptable")]
    if shown:
        lines += ["", "cases that did not pass:"]
    for r in shown:
        if r["status"] == "acceptable":
            lines.append("  %s  acceptable: follows %s" % (r["id"], r["convention"]))
            continue
        if r["status"] == "error":
            lines.append("  %s  error: %s" % (r["id"], r["error"]))
            if r.get("stderr"):
                lines.append("      stderr: %s" % r["stderr"].strip().splitlines()[-1][:150])
            continue
        bad = [p for p in r["parts"] if p["status"] != "pass"]
        lines.append("  %s  %s%s" % (r["id"], "(acceptable) " if r["result"] == "acceptable" else "",
                                     _where(bad[0])))
        if len(bad) > 1:
            lines.append("      also: %s" % ", ".join(p["part"] for p in bad[1:]))
        for d in r.get("diagnoses", []):
            lines.append("      diagnosis: %s" % d)
    return lines


def as_json(hello, records, vectors):
    """The --json report (``schemas.REPORT``)."""
    return encode({"format": "purenet.conform.report", "version": 1, "protocol": PROTOCOL_VERSION,
                   "implementation": hello, "vectors": vectors, "totals": totals(records),
                   "families": counts(records), "cases": records, "exit_status": exit_status(records)})
