"""Alerts on failure: a hook point for mail or a webhook, configured and off by default.

Every task of the centre's DAGs calls `on_failure` when it fails (a blocked batch, a source down
after its retries, a failed build). With `CREDIT_ALERT_WEBHOOK` set, it POSTs one JSON message
there (a chat bot, an incident tool, a mail gateway); without it, it does nothing more than the task
log already says. Mail through Airflow's own SMTP settings works as well (`email` in a DAG's
default_args). The message carries no personal data: the reason is scrubbed
(docs/architecture.md "Personal data"). A failing alert is logged, never raised: it must not hide
the failure it reports.
"""

from __future__ import annotations

import logging
from typing import Any

from credit.core import config
from credit.core.scrub import scrub

log = logging.getLogger(__name__)


def message(context: dict[str, Any]) -> dict[str, object]:
    """The alert's JSON body, from an Airflow task context."""
    ti = context.get("ti") or context.get("task_instance")
    run = context.get("dag_run")
    interval = context.get("data_interval_start")
    exception = context.get("exception")
    return {
        "dag_id": getattr(ti, "dag_id", None),
        "task_id": getattr(ti, "task_id", None),
        "map_index": getattr(ti, "map_index", None),
        "run_id": getattr(run, "run_id", None) or getattr(ti, "run_id", None),
        "data_interval_start": interval.isoformat() if interval is not None else None,
        "try_number": getattr(ti, "try_number", None),
        "reason": scrub(str(exception))[:4000] if exception is not None else None,
        "log_url": getattr(ti, "log_url", None),
    }


def on_failure(context: dict[str, Any]) -> None:
    """Airflow's on_failure_callback: POST the failure to the configured webhook, if any."""
    url = config.settings().alert_webhook
    if not url:
        return
    import httpx

    body = message(context)
    try:
        httpx.post(url, json=body, timeout=10).raise_for_status()
        log.info("alert sent for %s.%s", body["dag_id"], body["task_id"])
    except httpx.HTTPError as exc:
        log.warning("the alert to the configured webhook failed (%s); the failure stands as logged", exc)
