"""The API sources: two e-commerce platforms, third-party raters, 12312 complaints, household service.

Connections (host, port, bearer token as password) are Airflow Connections:
  credit_ecommerce_platform_a, credit_ecommerce_platform_b, credit_raters, credit_12312, credit_household
"""

from __future__ import annotations

from credit.ingest.catalog import CONNECTIONS, source
from credit.ingest.sources.http_api import Api, ApiSource, cursor_pages, offset_pages, page_no_pages, page_number_pages

A, B = CONNECTIONS["ecommerce"]
_A_PAGES = cursor_pages("data", "next_cursor", limit=200)
_B_PAGES = page_number_pages(limit=100)

ECOMMERCE = ApiSource(
    source("ecommerce"),
    {
        "shops": (
            Api(A, "/platform-a/v2/shops", _A_PAGES, {"platform": "A"}),
            Api(B, "/platform-b/open/malls", _B_PAGES, {"platform": "B"}),
        ),
        "reviews": (
            Api(A, "/platform-a/v2/reviews", _A_PAGES, {"platform": "A"}),
            Api(B, "/platform-b/open/comments", _B_PAGES, {"platform": "B"}),
        ),
        "disputes": (
            Api(A, "/platform-a/v2/disputes", _A_PAGES, {"platform": "A"}),
            Api(B, "/platform-b/open/refunds", _B_PAGES, {"platform": "B"}),
        ),
        "violations": (
            Api(A, "/platform-a/v2/violations", _A_PAGES, {"platform": "A"}),
            Api(B, "/platform-b/open/punishments", _B_PAGES, {"platform": "B"}),
        ),
    },
)
RATERS = ApiSource(
    source("raters"), {"ratings": (Api(CONNECTIONS["raters"][0], "/raters/v1/ratings", offset_pages(limit=500), {}),)}
)
COMPLAINTS = ApiSource(
    source("complaints_12312"),
    {"complaints": (Api(CONNECTIONS["complaints_12312"][0], "/12312/api/complaints", page_no_pages(limit=200), {}),)},
)
HOUSEHOLD = ApiSource(
    source("household"),
    {
        "companies": (
            Api(CONNECTIONS["household"][0], "/household/api/companies", cursor_pages("data", "next", limit=200), {}),
        ),
        "workers": (
            Api(CONNECTIONS["household"][0], "/household/api/workers", cursor_pages("data", "next", limit=200), {}),
        ),
    },
)

CONNECTION_IDS = tuple(c for conns in CONNECTIONS.values() for c in conns)
