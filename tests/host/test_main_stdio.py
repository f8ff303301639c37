"""``python -m purenet``'s table (``purenet/__main__.py``'s ``report``) on streams like a board's:
a stdout without ``flush``, one that fails with EPIPE or ENOSPC, none at all. The same runs on
the emulated ARM boards are in ``test_arm_boards.py``; these run on CPython."""
import io
import os
import sys

from purenet import __main__ as m

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                "interpreters"))
from on_board_checks import Failing  # noqa: E402  (the boards' failing writer, the same here)


class NoFlush:
    """A stdout with ``write`` only, as MicroPython's ARM ports have."""

    def __init__(self):
        self.text = io.StringIO()

    def write(self, s):
        return self.text.write(s)


def test_a_stdout_without_flush_gets_the_whole_table_and_exit_0():
    out = NoFlush()
    assert m.report(out) == 0
    assert "25 of 25 numbers match." in out.text.getvalue()


def test_failing_streams_give_the_documented_statuses(capsys):
    assert m.report(Failing(32)) == 0                     # EPIPE: the reader stopped, say nothing
    assert capsys.readouterr().err == ""
    assert m.report(Failing(28)) == 1                     # ENOSPC: one line on stderr
    assert capsys.readouterr().err == "purenet: cannot write to stdout: write failed\n"
    assert m.report(None) == 1
    assert capsys.readouterr().err == "purenet: cannot write to stdout: it is closed\n"
