"""The simulator, for tests: it plays the sources from outside, as in the demo.

Tests that use it are set apart (tests/conftest.py marks them `simulator`); the product's own tests
run without it installed (tests/test_product_shape.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ops.simulator_process import connection_env

SEED = 20260401


def start_api(seed: int = SEED, scale: float = 1.0):
    """The simulator's HTTP server on a free port (a thread of this process) and the AIRFLOW_CONN_*
    variables that reach it."""
    import secrets

    from credit_simulator.server import serve

    token = secrets.token_urlsafe(16)
    httpd = serve(0, seed, token, scale)
    host, bound = httpd.server_address[:2]
    return httpd, connection_env(host, bound, token)


def upload(inbox: Path, day: dt.date, sources: list[str] | None = None, seed: int = SEED, **kw) -> list[Path]:
    """The file sources' uploads for `day`, written into `inbox` as the bureaus' uploaders would."""
    from credit_simulator.uploader import upload as sim_upload

    return sim_upload(inbox, seed, day, sources=sources, **kw)


def yesterday() -> dt.date:
    """The day a run without a logical date loads (the last Beijing day that has ended)."""
    from credit_simulator.__main__ import yesterday as last_ended

    return last_ended()
