"""Progress of a run: a bar for people at a terminal, plain lines for programs that watch."""

from __future__ import annotations

import sys
from typing import Literal

from tqdm import tqdm

Mode = Literal["bar", "lines", "none"]


class Progress:
    """Steps of a run. In 'lines' mode prints `progress <done>/<total> <label>` on stdout,
    which the dashboard's first start reads to draw its own progress bar."""

    def __init__(self, total: int, mode: Mode = "bar") -> None:
        self.total = total
        self.done = 0
        self.mode = mode
        self._bar = tqdm(total=total, unit="step", file=sys.stderr, dynamic_ncols=True) if mode == "bar" else None

    def step(self, label: str) -> None:
        """Announce the step that starts now."""
        if self._bar is not None:
            self._bar.set_description_str(label)
        elif self.mode == "lines":
            print(f"progress {self.done}/{self.total} {label}", flush=True)

    def advance(self) -> None:
        self.done += 1
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self.mode == "lines":
            print(f"progress {self.total}/{self.total} done", flush=True)


def items(iterable, total: int | None, label: str, mode: Mode):  # noqa: ANN001, ANN201
    """Wrap a long per-record loop in a bar (only when a person is watching)."""
    if mode != "bar":
        return iterable
    return tqdm(iterable, total=total, desc=label, unit="rec", file=sys.stderr, leave=False)
