"""A pytest plugin that runs the suite as a deployment has it: with the simulator (and its faker)
not importable. Test modules that use the simulator are not collected, tests marked `simulator`
are deselected. Used by tests/test_product_shape.py: `pytest -p tests.without_simulator ...`."""

from __future__ import annotations

import importlib.abc
import sys
from pathlib import Path

import pytest

HIDDEN = ("credit_simulator", "faker")


class HideSimulator(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in HIDDEN:
            raise ModuleNotFoundError(f"No module named {name!r} (hidden: the product runs without the simulator)")
        return None


def pytest_configure(config: pytest.Config) -> None:
    for name in [m for m in sys.modules if m.split(".")[0] in HIDDEN]:
        del sys.modules[name]
    sys.meta_path.insert(0, HideSimulator())


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if collection_path.suffix == ".py" and collection_path.name.startswith("test_"):
        text = collection_path.read_text(encoding="utf-8")
        if "credit_simulator" in text or "tests.simulated" in text or "import simulated" in text:
            return True
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    kept = [i for i in items if i.get_closest_marker("simulator") is None]
    deselected = [i for i in items if i.get_closest_marker("simulator") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
    items[:] = kept
