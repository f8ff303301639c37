"""``train``'s progress on stderr: a few lines on a pipe or a file, one live line on a terminal.

- With ``--progress-every N``: the line ``epoch k/N  cost J`` (J by ``repr``) after every N-th
  epoch and after the last, wherever stderr goes.
- Without it, stderr not a terminal (a pipe, a file, a log): the same line about 20 times over the
  run, every ⌈epochs/20⌉ epochs and after the last (every epoch for 20 epochs or fewer).
- Without it, stderr a terminal: one live line redrawn in place (a carriage return, at most ten
  times a second) with the epoch, the cost, the epochs per second and the time left; the last
  epoch's line stays, as on a pipe.

Host-only; the streams are ``stdio``'s.
"""

import time

from .stdio import end_live, live, message, stderr_is_terminal

LINES = 20           # progress lines over a run, about, when stderr is not a terminal
REDRAW = 0.1         # seconds between two redraws of the live line, at least


def default_every(epochs):
    """⌈epochs / LINES⌉ (at least 1): a line every so many epochs gives at most LINES lines."""
    return max(1, -(-epochs // LINES))


def duration(seconds):
    """A time for a human: ``0.4 s``, ``12 s``, ``3 min 20 s``, ``2 h 05 min``."""
    if seconds < 10:
        return "%.1f s" % seconds
    s = int(round(seconds))
    if s < 60:
        return "%d s" % s
    if s < 3600:
        return "%d min %02d s" % (s // 60, s % 60)
    return "%d h %02d min" % (s // 3600, s % 3600 // 60)


def rate(per_second):
    """Epochs per second for a human: three significant digits, whole numbers from 100 on."""
    return "%d" % round(per_second) if per_second >= 100 else "%.3g" % per_second


def line(epoch, epochs, J):
    """The progress line of ``epoch`` (the format tests and readers rely on)."""
    return "epoch %d/%d  cost %r" % (epoch, epochs, J)


class Progress:
    """``update(epoch, J)`` after every epoch, ``close()`` when training has ended (module
    docstring). ``terminal``: draw the live line (default: when stderr is a terminal and ``every``
    is None); ``clock``: seconds, monotonic."""

    def __init__(self, epochs, every=None, terminal=None, clock=time.monotonic):
        self.epochs = epochs
        if terminal is None:
            terminal = every is None and stderr_is_terminal()
        self.terminal = terminal
        self.every = every if every is not None else default_every(epochs)
        self.clock = clock
        self.start = clock()
        self.drawn = None                     # when the live line was last drawn

    def update(self, epoch, J):
        if epoch == self.epochs:
            message(line(epoch, self.epochs, J))
        elif self.terminal:
            now = self.clock()
            if self.drawn is None or now - self.drawn >= REDRAW:
                self.drawn = now
                live(self.live_text(epoch, J, now - self.start))
        elif epoch % self.every == 0:
            message(line(epoch, self.epochs, J))

    def live_text(self, epoch, J, elapsed):
        """``epoch k/N  cost J  R epochs/s  T left``: the rate over the run so far."""
        text = line(epoch, self.epochs, J)
        if elapsed > 0:
            per_second = epoch / elapsed
            left = (self.epochs - epoch) / per_second
            text += "  %s epochs/s  %s left" % (rate(per_second), duration(left))
        return text

    def close(self):
        """Keep a live line that is still shown (training stopped before its last epoch)."""
        end_live()
