"""The simulator's command line: it plays every bureau, market and platform from outside the centre.

python -m credit_simulator serve  --port 8765 --token T     the API sources over HTTP
python -m credit_simulator upload --inbox data/inbox --day 2026-11-20 [--days 3]
                                                          the file sources' uploads, day by day
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

DEFAULT_SEED = 20260401


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="credit_simulator", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser(
        "serve", help="serve the API sources (e-commerce, raters, 12312, household); its options: serve --help"
    )
    up = sub.add_parser("upload", help="upload the file sources' drops into an inbox")
    up.add_argument("--inbox", type=Path, required=True, help="the centre's inbox folder")
    up.add_argument("--day", type=dt.date.fromisoformat, default=None, help="the (last) day (default: yesterday)")
    up.add_argument("--follow", action="store_true", help="keep running: upload each day once it has ended")
    up.add_argument("--every", type=float, default=60, help="with --follow: seconds between looks at the clock")
    up.add_argument("--days", type=int, default=1, help="upload this many days ending with --day")
    up.add_argument("--seed", type=int, default=DEFAULT_SEED)
    up.add_argument("--scale", type=float, default=1.0)
    up.add_argument("--source", action="append", default=None, help="only this source (repeatable)")
    up.add_argument(
        "--template-change-on",
        type=dt.date.fromisoformat,
        default=None,
        help="on this day the licence bureau uploads with a changed template (a renamed column)",
    )
    up.add_argument(
        "--fault",
        action="append",
        default=[],
        choices=["pii_in_text"],
        help="every day: pii_in_text = personal numbers typed into every free-text column",
    )
    args, rest = parser.parse_known_args(argv)
    if args.command == "serve":  # the server's own options (credit_simulator/server.py)
        from credit_simulator import server

        return server.main(rest)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    from credit_simulator.uploader import FILE_SOURCES, TEMPLATE_CHANGE, upload

    def upload_days(last: dt.date, days: int) -> None:
        for n in range(days - 1, -1, -1):
            day = last - dt.timedelta(days=n)
            faults = [*args.fault, *([TEMPLATE_CHANGE] if day == args.template_change_on else [])]
            sources = args.source or list(FILE_SOURCES)
            if args.follow:  # an uploader sends each day once: a day already in the inbox is not sent again
                sources = [s for s in sources if not any((args.inbox / s / day.isoformat()).glob("*"))]
            files = upload(args.inbox, args.seed, day, args.scale, sources, faults) if sources else []
            print(f"{day}: uploaded {len(files)} files" + (f" ({', '.join(faults)})" if faults else ""), flush=True)

    last = args.day or yesterday()
    upload_days(last, args.days)
    while args.follow:
        time.sleep(args.every)
        if (due := yesterday()) > last:
            upload_days(due, (due - last).days)
            last = due
    return 0


def yesterday() -> dt.date:
    """The last Beijing day that has ended: what a bureau uploads today."""
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=8)).date() - dt.timedelta(days=1)


if __name__ == "__main__":
    sys.exit(main())
