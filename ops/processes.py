"""Stopping what the project started: a process and all it spawned, in its own process group."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterable


def stop_groups(procs: Iterable[subprocess.Popen], grace: float = 30) -> None:
    """SIGTERM every process group, whether or not its leader is still alive; wait up to `grace`
    seconds in all for every member of every group to exit (reaping the leaders); then SIGKILL
    whatever is left."""
    procs = list(procs)
    for proc in procs:
        _signal_group(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        for proc in procs:
            proc.poll()  # reap a leader that has exited, or it counts as a member
        if not any(_group_alive(proc.pid) for proc in procs):
            return
        time.sleep(0.2)
    for proc in procs:
        _signal_group(proc.pid, signal.SIGKILL)
        proc.poll()


def _signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        pass


def _group_alive(pgid: int) -> bool:
    """Whether any process of the group is left (a zombie counts until it is reaped)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
