"""The conformance vectors: the files another implementation checks itself against (``docs/vectors.md``).

- ``one_step``: one forward pass, gradient and update per case, and ``write_vectors``, which
  writes the whole suite;
- ``invalid``: the files a reader must refuse, each with the reason;
- ``training``: whole training runs (epochs, batches, updates) with their costs;
- ``updates``: training runs with momentum, Nesterov, Adam and AdamW, and their state;
- ``schemas``: the JSON Schemas of every file;
- ``common``: what they share (the format names, the tolerance, the conventions and flags, the
  seeded building blocks).

They import the core, the verifier's engines and ``files``; the output is byte for byte the same
on every run.
"""
