"""`python -m credit.platforms` (make serve): the two platforms on CREDIT_PLATFORM_HOST:PORT.

One process: FastAPI's worker threads share one read-only connection per published file
(credit/warehouse/published.py), which is what DuckDB wants of readers.
"""

from __future__ import annotations

import argparse

import uvicorn

from credit.core import config
from credit.platforms.app import create_app


def main(argv: list[str] | None = None) -> None:
    cfg = config.settings()
    parser = argparse.ArgumentParser(prog="python -m credit.platforms", description=__doc__)
    parser.add_argument("--host", default=cfg.platform_host)
    parser.add_argument("--port", type=int, default=cfg.platform_port)
    args = parser.parse_args(argv)
    print(f"公众服务平台 http://{args.host}:{args.port}/  ·  行政监管平台 /supervision/  ·  API /api/docs", flush=True)
    uvicorn.run(create_app(cfg), host=args.host, port=args.port, log_level="info", access_log=False)


if __name__ == "__main__":
    main()
