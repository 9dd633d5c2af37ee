"""`credit`: the centre's command line (ingest and gate a day, build, summary, exports, the quarterly
report, and an entity's credit report). File drops come from the bureaus, never from here."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def main(argv: list[str] | None = None) -> int:
    from credit.ingest.catalog import SOURCES

    sources = [s.id for s in SOURCES]
    parser = argparse.ArgumentParser(prog="credit", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="fetch and gate one source for one day, without Airflow")
    p.add_argument("source", choices=sources)
    p.add_argument("day", type=_day)
    p = sub.add_parser("build", help="dbt build into a private file and publish it atomically")
    p.add_argument("--as-of", type=_day, default=None)
    p.add_argument("--full-refresh", action="store_true", help="rebuild the whole score history from the lake")
    p.add_argument("--docs", action="store_true", help="also write dbt docs to <data>/docs/dbt/index.html")
    sub.add_parser("summary", help="print what the published warehouse holds")
    sub.add_parser("export", help="write the day's exports (CSV/XLSX, overview.html) from the published warehouse")
    sub.add_parser("push", help="write the day's push to the provincial credit platform (national layout)")
    p = sub.add_parser("quarterly", help="write a quarter's joint reward/punishment report (XLSX)")
    p.add_argument("day", type=_day, help="any day in the quarter")
    p = sub.add_parser("report", help="an entity's credit report (HTML and JSON) from the published warehouse")
    p.add_argument("uscc")
    p.add_argument("--as-of", type=_day, default=None, help="the day to report (default: the latest scored day)")
    p.add_argument("--out", type=Path, default=None, help="folder for the files (default: <data>/exports/reports)")
    p.add_argument("--purpose", default="", help="what the report is for (printed on it)")
    p.add_argument(
        "--issue", action="store_true", help="give it a number and a verification code (the platforms' ledger)"
    )
    p = sub.add_parser("platform-key", help="a department's API key for the credit-check API (shown once)")
    p.add_argument("department", help="the department, as the query log names it (e.g. 市场监督管理局行政审批科)")
    p.add_argument("--scope", action="append", choices=["public", "check", "report"], required=True)
    p.add_argument("--per-minute", type=int, default=120, help="rate limit of the key (calls a minute)")
    p = sub.add_parser("platform-user", help="a supervisor's login to the supervision platform")
    p.add_argument("username")
    p.add_argument("department")
    p.add_argument("--password", default=None, help="(default: asked for; never in shell history)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from credit.core import config

    cfg = config.settings()
    if args.command == "ingest":
        from credit.ingest.sources.file_exchange import NotArrived
        from credit.orchestration import ingest_tasks as tasks

        try:
            batches = tasks.fetch(args.source, args.day)
        except NotArrived as exc:
            print(exc, file=sys.stderr)
            return 3
        verdicts = [tasks.run_gate(b["source"], b["dataset"], dt.date.fromisoformat(b["day"])) for b in batches]
        tasks.render_docs(verdicts)
        if message := tasks.verdicts_message(verdicts):
            print(message, file=sys.stderr)
            return 2
    elif args.command == "build":
        from credit.warehouse.build import BuildFailed, build_and_publish

        try:
            build_and_publish(cfg, args.as_of, args.full_refresh, args.docs)
        except BuildFailed as exc:
            print(exc, file=sys.stderr)
            return 1
    elif args.command == "summary":
        from credit.warehouse.summary import render, summarise

        print(render(summarise(cfg)))
    elif args.command == "export":
        from credit.publish.daily_exports import export_day

        print(export_day(cfg))
    elif args.command == "push":
        from credit.publish.provincial import push_day

        print(push_day(cfg))
    elif args.command == "quarterly":
        from credit.publish.quarterly import write_quarter

        print(write_quarter(args.day, cfg))
    elif args.command == "report":
        from credit.publish import credit_report as report

        try:
            rep = report.load(args.uscc, args.as_of, cfg, purpose=args.purpose)
        except report.ReportError as exc:
            print(exc, file=sys.stderr)
            return 1
        if args.issue:  # numbered, with a verification code, in the platforms' ledger
            from credit.platforms.ledger import Ledger, ledger_path

            ledger = Ledger(ledger_path(cfg))
            number, _ = ledger.issue(rep, region=cfg.region, valid_days=cfg.report_valid_days)
            rep = ledger.report(number=number) or rep
        for path in report.write(rep, args.out or cfg.exports / "reports"):
            print(path)
        print(f"{rep['uscc']} {rep['identity']['name']}: {rep['grade_label']}，信用分 {rep['score']}（{rep['as_of']}）")
    elif args.command == "platform-key":
        from credit.platforms import access

        key_id, secret = access.add_key(args.department, args.scope, args.per_minute, access.access_path(cfg))
        print(f"key {key_id} for {args.department} ({', '.join(args.scope)}); shown once, keep it:\n{secret}")
    elif args.command == "platform-user":
        import getpass

        from credit.platforms import access

        password = args.password or getpass.getpass(f"password for {args.username}: ")
        access.add_user(args.username, args.department, password, access.access_path(cfg))
        print(f"supervision user {args.username} ({args.department}) saved")
    return 0


if __name__ == "__main__":
    sys.exit(main())
