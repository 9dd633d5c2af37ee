"""Alerts on failure (credit/orchestration/alerts.py): off by default; with CREDIT_ALERT_WEBHOOK set,
a failed task POSTs one JSON message there, its reason scrubbed of personal numbers."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import SimpleNamespace

import pendulum
import pytest

from credit.orchestration import alerts


def context(reason: str) -> dict:
    ti = SimpleNamespace(
        dag_id="ingest_gov_licenses", task_id="gate", map_index=0, run_id="scheduled__x", try_number=1, log_url="u"
    )
    return {
        "ti": ti,
        "dag_run": SimpleNamespace(run_id="scheduled__x"),
        "data_interval_start": pendulum.datetime(2026, 11, 19, 16, tz="UTC"),
        "exception": RuntimeError(reason),
    }


@pytest.fixture
def webhook():
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/alerts", received
    server.shutdown()


def test_no_alert_is_sent_unless_a_webhook_is_configured(webhook, monkeypatch) -> None:
    monkeypatch.delenv("CREDIT_ALERT_WEBHOOK", raising=False)
    _, received = webhook
    alerts.on_failure(context("BLOCKED"))
    assert received == []


def test_a_failed_task_posts_its_alert_with_the_reason_scrubbed(webhook, monkeypatch) -> None:
    url, received = webhook
    monkeypatch.setenv("CREDIT_ALERT_WEBHOOK", url)
    alerts.on_failure(context("Batch x BLOCKED: clerk 13812345678 wrote it"))
    (body,) = received
    assert body["dag_id"] == "ingest_gov_licenses" and body["task_id"] == "gate"
    assert "BLOCKED" in body["reason"] and "13812345678" not in body["reason"] and "138****5678" in body["reason"]


def test_an_alert_that_cannot_be_sent_does_not_raise(monkeypatch) -> None:
    monkeypatch.setenv("CREDIT_ALERT_WEBHOOK", "http://127.0.0.1:9/nowhere")
    alerts.on_failure(context("BLOCKED"))  # logged, never raised: the failure it reports stands
