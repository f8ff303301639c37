"""``purenet conform``: runs the conformance vectors against another implementation and reports per
case, per part and per convention family (``docs/conformance.md``; the protocol an adapter speaks:
``docs/conformance-protocol.md``).

- ``protocol``: the messages (start, hello, run, result, stop), the numbers' encoding (NaN and
  ±inf as strings) and the structural check of every answer;
- ``schemas``: the JSON Schema of every message and of the ``--json`` report;
- ``suite``: the cases (read from a vectors folder), their families, ``--only``, and whether a
  case is expressible with the adapter's declared capabilities;
- ``runner``: the two kinds of adapter (a Python object in process, a program speaking JSON lines
  with a per-case timeout) and the run that goes on past a crash, a hang or garbage;
- ``compare``: each part of an answer against the expected values, with the file's tolerance;
- ``diagnose``: the known signatures of a divergence (a mean over outputs, the ½, clips and clamps,
  kink conventions, Σt = 1, the cost recorded before the step);
- ``report``: the table on stdout and the JSON report;
- ``command``: the verb itself (options, exit codes).

They import the core, ``files``, ``vectors.schemas`` (the draft's URI) and ``cli``'s UsageError and
message (``command``); nothing imports them but ``cli.parser``. The adapters of real frameworks are
scripts of the repository (``conformance/adapters/``), never imported by the package.
"""
