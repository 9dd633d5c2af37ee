"""Stopping what the project started: a process and all it spawned, in its own process group."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterable


def stop_groups(procs: Iterable[subprocess.Popen], grace: float = 30) -> None:
    """SIGTERM every group, wait up to `grace` seconds in all, then SIGKILL whatever is left."""
    procs = list(procs)
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def group_alive(pgid: int) -> bool:
    """Whether any process of the group is left (a zombie counts until it is reaped)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def end_group(pgid: int, grace: float = 15) -> None:
    """SIGTERM what is left of a group whose leader is gone; SIGKILL it after `grace` seconds."""
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.2)
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass
