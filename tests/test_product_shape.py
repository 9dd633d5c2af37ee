"""The product's shape (docs/architecture.md "Layers and packages"): the simulator is an outside
system no product module imports, the product runs and passes its own tests without it, module names
are unique, and the production lock is the development lock less the simulator and dev tools."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections import Counter

from tests.conftest import ROOT

PRODUCT = ("credit", "dags")
OUTSIDE = ("credit_simulator", "faker", "tests", "bench")
PACKAGES = ("credit", "dags", "ops", "bench", "simulator")
UNIT_TESTS = ("tests/core", "tests/ingest", "tests/gate", "tests/orchestration", "tests/publish/test_spreadsheets.py")


def imports_of(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):  # inside functions too: a lazy import is still an import
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_no_product_module_imports_the_simulator() -> None:
    bad = {
        str(path.relative_to(ROOT)): sorted(m for m in imports_of(path) if m.split(".")[0] in OUTSIDE)
        for package in PRODUCT
        for path in (ROOT / package).rglob("*.py")
    }
    bad = {k: v for k, v in bad.items() if v}
    assert not bad, f"product modules importing what a deployment does not have: {bad}"


def test_the_import_walk_can_fail(tmp_path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from credit_simulator.uploader import upload\n")
    assert "credit_simulator.uploader" in imports_of(probe)


def test_no_two_modules_share_a_name() -> None:
    names = Counter(
        p.stem for package in PACKAGES for p in (ROOT / package).rglob("*.py") if p.stem not in {"__init__", "__main__"}
    )
    assert not [n for n, c in names.items() if c > 1], names.most_common(5)
    tests = Counter(p.stem for p in (ROOT / "tests").rglob("test_*.py"))
    assert not [n for n, c in tests.items() if c > 1], tests.most_common(5)


def test_tests_mirror_the_packages() -> None:
    for package in ("core", "ingest", "gate", "orchestration", "warehouse", "publish"):
        assert (ROOT / "credit" / package).is_dir() and list((ROOT / "tests" / package).glob("test_*.py")), package


def _without_simulator(args: list[str], timeout: int) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def test_the_dags_import_with_the_simulator_absent(tmp_path) -> None:
    code = (
        "import sys; from tests.without_simulator import HideSimulator; sys.meta_path.insert(0, HideSimulator())\n"
        "from airflow.dag_processing.dagbag import DagBag\n"
        f"bag = DagBag(dag_folder={str(ROOT / 'dags')!r})\n"
        "assert not bag.import_errors, bag.import_errors\n"
        "assert len(bag.dag_ids) >= 12, bag.dag_ids\n"
        "import importlib\n"
        "try:\n    importlib.import_module('credit_simulator')\nexcept ModuleNotFoundError:\n    print('hidden')\n"
    )
    proc = _without_simulator(["-c", code], timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert "hidden" in proc.stdout


def test_the_products_unit_tests_pass_with_the_simulator_absent() -> None:
    # faker registers a pytest plugin of its own: a deployment has neither
    args = [
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:faker",
        "-p",
        "tests.without_simulator",
        "-p",
        "no:cacheprovider",
        *UNIT_TESTS,
    ]
    proc = _without_simulator(args, timeout=1200)
    tail = proc.stdout[-3000:]
    assert proc.returncode == 0, tail + proc.stderr[-2000:]
    passed = int(re.search(r"(\d+) passed", tail)[1])
    assert passed >= 50, tail  # the product's own tests ran, not an empty selection
    assert "deselected" in tail  # and the ones that need the simulator were set apart


def locked(path) -> dict[str, str]:
    return dict(re.findall(r"^([a-z0-9][a-z0-9_.-]*)==(\S+) \\", path.read_text(), re.MULTILINE))


def test_the_production_lock_is_the_dev_lock_without_simulator_and_dev_tools() -> None:
    dev, prod = locked(ROOT / "requirements.lock"), locked(ROOT / "requirements-prod.lock")
    assert prod and set(prod) < set(dev)
    assert {k: dev[k] for k in prod} == prod, "the same versions in both"
    assert not {"faker", "pytest", "ruff", "playwright"} & set(prod)


def test_the_production_image_ships_no_simulator() -> None:
    """The Dockerfile's default (last) target is the product alone; the simulator has its own target."""
    stages = re.split(r"^FROM ", (ROOT / "Dockerfile").read_text(), flags=re.MULTILINE)[1:]
    names = [s.split("\n", 1)[0].split(" AS ")[-1].strip() for s in stages]
    assert names[-1] == "production" and "simulator" in names
    base = stages[names.index("base")]
    assert "simulator" not in base.replace("# ", "").split("COPY --chown=airflow:0 pyproject.toml")[1]
    assert "requirements-prod.lock" in base
