from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from credit.core import config
from credit.ingest.catalog import SOURCES
from credit.orchestration import ingest_tasks as tasks
from credit.warehouse.build import build_and_publish

ROOT = Path(__file__).resolve().parent.parent


SIMULATOR_FIXTURES = frozenset({"region", "uploaded", "sim"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that need the simulator (outside the product) are marked `simulator`: those whose module
    uses it, and those that take a fixture that starts it or uploads its drops."""
    sources: dict[str, str] = {}
    for item in items:
        path = str(item.fspath)
        if path not in sources:  # read each module once, not once per test
            sources[path] = Path(path).read_text(encoding="utf-8")
        source = sources[path]
        if "credit_simulator" in source or "tests.simulated" in source or "simulated." in source:
            item.add_marker(pytest.mark.simulator)
        elif SIMULATOR_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.simulator)


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`make test` runs `-n auto --dist loadscope`: xdist's scope is the module (a module's fixtures are
    made once), widened here to every module that uses the same session fixture (the built region,
    the demo run through Airflow), directly or through another fixture, so each is built once, not
    once per worker. The controller sees node ids only, so the test sources say which they use."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    groups = _shared_fixture_groups(ROOT / "tests")

    class BySharedFixture(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return groups.get(module, module)

    return BySharedFixture(config, log)


def _shared_fixture_groups(tests: Path) -> dict[str, str]:
    """Module path (as in node ids) -> the shared fixture its tests use, for the modules that use one."""
    import ast

    def functions(path: Path) -> list[ast.FunctionDef]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]

    def takes(nodes: list[ast.FunctionDef]) -> dict[str, set[str]]:
        return {node.name: {a.arg for a in node.args.args} for node in nodes}

    def session_scoped(node: ast.FunctionDef) -> bool:
        return any(
            isinstance(kw.value, ast.Constant) and (kw.arg, kw.value.value) == ("scope", "session")
            for d in node.decorator_list
            if isinstance(d, ast.Call)
            for kw in d.keywords
        )

    fixtures: dict[str, set[str]] = {}  # every conftest function: what it takes
    shared: list[str] = []  # the session fixtures
    for conftest in sorted(tests.rglob("conftest.py")):
        nodes = functions(conftest)
        fixtures.update(takes(nodes))
        shared += [node.name for node in nodes if session_scoped(node)]

    groups = {}
    for module in tests.rglob("test_*.py"):
        own = takes(functions(module))
        known = {**fixtures, **own}
        used: set[str] = set().union(*own.values())
        while True:  # and what the fixtures they take take, to the end
            wider = used.union(*(known.get(name, set()) for name in used))
            if wider == used:
                break
            used = wider
        if uses := [name for name in shared if name in used]:
            groups[module.relative_to(tests.parent).as_posix()] = uses[0]
    return groups


def pytest_configure(config: pytest.Config) -> None:
    """Airflow imported by tests must not touch the user's ~/airflow: give it a private home."""
    import tempfile

    os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="credit-airflow-"))
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(ROOT / "dags"))
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("AIRFLOW__LOGGING__NAMESPACE_LEVELS", "great_expectations=WARNING httpx=WARNING")


DAY = dt.date(2026, 11, 20)
SEED = 20260401


REGION_DAYS = [DAY - dt.timedelta(days=n) for n in (2, 1, 0)]


def _ingest_day(day: dt.date) -> None:
    from tests import simulated

    simulated.upload(config.settings().inbox, day)
    for source in SOURCES:
        for batch in tasks.fetch(source.id, day):
            tasks.run_gate(batch["source"], batch["dataset"], dt.date.fromisoformat(batch["day"]))


HISTORY_DECLARED = ",".join(
    f"{key}=2020-01-01"
    for key in ("gov_penalties.penalties", "gov_lists.list_entries", "commitments.commitments", "ecommerce.violations")
)


@pytest.fixture(scope="session")
def region(tmp_path_factory: pytest.TempPathFactory) -> Iterator[config.Settings]:
    """Three days of every source through the gates, built day by day as the schedule would (shared by
    the warehouse tests: build once, read many times, never written by a test)."""
    from tests import simulated

    root = tmp_path_factory.mktemp("region") / "data"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CREDIT_DATA_DIR", str(root))
        mp.setenv("CREDIT_PII_KEY", "test-key-not-a-secret")
        # the simulated departments declare that their first delivery carried their records since
        # 2020, so the rules that need years of history hold here (the demo declares nothing and
        # shows "insufficient history": tests/stack)
        mp.setenv("CREDIT_HISTORY_FROM", HISTORY_DECLARED)
        httpd, env = simulated.start_api(SEED)
        for key, value in env.items():
            mp.setenv(key, value)
        try:
            cfg = config.settings()
            for day in REGION_DAYS:
                _ingest_day(day)
                build_and_publish(cfg)
        finally:
            httpd.shutdown()
    yield cfg  # the environment is restored: tests pass `cfg` (or set it themselves)


def copy_region(region: config.Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the region's inbox, lake and warehouse as CREDIT_DATA_DIR, with the region's
    settings, for a test that builds on from it."""
    import shutil

    root = tmp_path / "data"
    for part in ("inbox", "lake", "warehouse"):
        shutil.copytree(region.data_dir / part, root / part)
    monkeypatch.setenv("CREDIT_DATA_DIR", str(root))
    monkeypatch.setenv("CREDIT_HISTORY_FROM", HISTORY_DECLARED)  # what the region declared
    monkeypatch.setenv("CREDIT_PII_KEY", "test-key-not-a-secret")
    return root


def published(cfg: config.Settings):
    """The published warehouse, opened read-only as an analyst would."""
    import duckdb

    return duckdb.connect(str(cfg.published_warehouse), read_only=True)


def assert_populated(cfg: config.Settings, tables: tuple[str, ...]) -> None:
    with published(cfg) as con:
        for table in tables:
            assert con.execute(f"select count(*) from {table}").fetchone()[0] > 0, table


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private CREDIT_DATA_DIR with a fixed test PII key; its inbox is empty until a test uploads."""
    root = tmp_path / "data"
    monkeypatch.setenv("CREDIT_DATA_DIR", str(root))
    monkeypatch.setenv("CREDIT_PII_KEY", "test-key-not-a-secret")
    return root


@pytest.fixture
def cfg(data_dir: Path) -> config.Settings:
    return config.settings()


@pytest.fixture
def uploaded(cfg: config.Settings) -> config.Settings:
    """`cfg` with the simulator's uploads of DAY (every file source) in its inbox."""
    from tests import simulated

    simulated.upload(cfg.inbox, DAY)
    return cfg


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def chromium() -> str:
    """Debian's chromium for the browser tests (`make browser` installs it): skipped where it is
    truly absent, a failure under CI=true."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if under_ci():
            pytest.fail("CI=true but Debian's chromium is missing: `make test` installs it (make browser)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return found


def java() -> str:
    """Java 17 for the Spark tests (`make test` installs Debian's openjdk-17-jre-headless: make java):
    skipped where it is truly absent, a failure under CI=true."""
    from ops.spark import SparkUnavailable, java_executable

    try:
        return java_executable()
    except SparkUnavailable as e:
        if under_ci():
            pytest.fail(f"CI=true but Spark cannot run: {e}")
        pytest.skip(str(e))


def write_penalty_csv(
    path: Path,
    records: list[dict[str, object]],
    *,
    encoding: str = "gbk",
    headers: str = "header",
    rename: dict[str, str] | None = None,
) -> Path:
    """A penalty drop file from simulator-shaped records (column -> value), as a bureau would send it."""
    import csv
    import io

    from credit.ingest.layouts import PENALTY_FIELDS

    rename = rename or {}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([rename.get(getattr(f, headers), getattr(f, headers)) for f in PENALTY_FIELDS])
    for rec in records:
        writer.writerow(["" if rec.get(f.column) is None else str(rec.get(f.column, "")) for f in PENALTY_FIELDS])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path
