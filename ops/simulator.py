"""Start the bundled simulator's HTTP server and point the API connections at it."""

from __future__ import annotations

import json
import secrets

from ingest.simulator.server import serve
from ingest.sources.apis import CONNECTION_IDS


def start(seed: int, port: int = 0, scale: float = 1.0):
    """The server (on a background thread) and the AIRFLOW_CONN_* variables that reach it."""
    token = secrets.token_urlsafe(16)
    httpd = serve(port, seed, token, scale)
    host, bound = httpd.server_address[:2]
    conn = json.dumps({"conn_type": "http", "host": host, "port": bound, "schema": "http", "password": token})
    env = {f"AIRFLOW_CONN_{cid.upper()}": conn for cid in CONNECTION_IDS}
    return httpd, env
