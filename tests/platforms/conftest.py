"""The two platforms on a copy of the region's published warehouse (tests must not share the
session's file: the platforms read a file that publishes replace under them)."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from credit.core import config
from credit.core.identifiers import uscc_check_char
from credit.platforms import access
from credit.platforms.app import create_app

DEPARTMENT = "淮安市市场监督管理局行政审批科"
SUPERVISOR = ("wang.inspector", "淮安市市场监督管理局信用监管科", "correct horse battery staple")


@dataclasses.dataclass
class Platforms:
    cfg: config.Settings
    client: TestClient
    keys: dict[str, str]  # scope set name -> secret
    black: str  # an entity on an active black list
    green: str  # an entity on the green channel, with no reason for caution
    unknown: str  # a well-formed USCC the centre has never seen

    def api(self, path: str, key: str = "all", **params: str):
        return self.client.get(path, params=params, headers={"Authorization": f"Bearer {self.keys[key]}"})

    def login(self) -> None:
        username, _, password = SUPERVISOR
        r = self.client.post("/supervision/login", data={"username": username, "password": password})
        assert r.status_code == 200 and "监管总览" in r.text


def copy_published(cfg: config.Settings, root: Path) -> config.Settings:
    """A data dir whose published warehouse is a copy of `cfg`'s."""
    (root / "warehouse").mkdir(parents=True)
    shutil.copy2(cfg.published_warehouse, root / "warehouse" / "credit.duckdb")
    return dataclasses.replace(cfg, data_dir=root)


@pytest.fixture(scope="module")
def platforms(region: config.Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platforms]:
    cfg = copy_published(region, tmp_path_factory.mktemp("platforms") / "data")
    path = access.access_path(cfg)
    keys = {
        name: access.add_key(DEPARTMENT, scopes, per_minute=10_000, path=path)[1]
        for name, scopes in {
            "public": ["public"],
            "check": ["check"],
            "report": ["report"],
            "all": ["public", "check", "report"],
        }.items()
    }
    access.add_user(SUPERVISOR[0], SUPERVISOR[1], SUPERVISOR[2], path=path)
    with duckdb.connect(str(cfg.published_warehouse), read_only=True) as con:
        black = con.execute(
            "select subject_key from marts.credit_list where list_type = 'black' and is_active"
            " and subject_type = 'entity' order by subject_key limit 1"
        ).fetchone()[0]
        # on the green channel with no reason for caution (a C/D grade or an early warning outranks it)
        green = con.execute(
            """select uscc from marts.green_channel g
               where grade in ('A', 'B') and not exists (select 1 from marts.early_warning w where w.uscc = g.uscc)
               order by uscc limit 1"""
        ).fetchone()[0]
    first17 = "91320800MA1UNKNWN"
    app = create_app(cfg)
    with TestClient(app) as client:
        yield Platforms(cfg, client, keys, black, green, first17 + uscc_check_char(first17))
