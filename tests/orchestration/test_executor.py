"""The embedded stack's executor preloads what the task processes import (credit/orchestration/executor.py)."""

from __future__ import annotations

import ast
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from credit.orchestration.executor import TASK_MODULES, preload
from ops.airflow_env import airflow_env

ROOT = Path(__file__).resolve().parents[2]


def imports_inside_functions(path: Path) -> set[str]:
    """The modules a DAG file imports inside its functions (the task bodies' lazy imports)."""
    found: set[str] = set()
    for fn in ast.walk(ast.parse(path.read_text())):
        if not isinstance(fn, ast.FunctionDef):
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return found


def test_every_project_module_a_task_body_imports_is_preloaded() -> None:
    lazy = set().union(*(imports_inside_functions(p) for p in (ROOT / "dags").glob("*.py")))
    ours = {m for m in lazy if m.startswith("credit.")}
    assert ours, "the DAG files import the project lazily inside their task bodies"
    # a package counts when one of its modules is preloaded (`from credit.gate import batches`)
    missing = {m for m in ours if not any(t == m or t.startswith(m + ".") for t in TASK_MODULES)}
    assert missing == set(), f"add to TASK_MODULES: {sorted(missing)}"


def test_every_preloaded_module_imports() -> None:
    code = "from credit.orchestration.executor import preload; import sys; sys.exit(len(preload()))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]


def test_a_module_that_fails_to_preload_is_named_and_left_to_its_task(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="credit.orchestration.executor"):
        assert preload(("json", "credit.no_such_module")) == ["credit.no_such_module"]
    assert "not preloaded for the tasks: credit.no_such_module" in caplog.text


def test_the_embedded_stack_runs_the_preloading_local_executor(tmp_path: Path) -> None:
    """What Airflow's own loader makes of the configured executor, in the embedded stack's environment."""
    env = airflow_env(tmp_path / "data", base=dict(os.environ))
    code = (
        "from airflow.executors.executor_loader import ExecutorLoader\n"
        "from airflow.executors.local_executor import LocalExecutor\n"
        "from credit.orchestration.executor import PreloadedLocalExecutor\n"
        "cls = type(ExecutorLoader.get_default_executor())\n"
        "assert cls is PreloadedLocalExecutor and issubclass(cls, LocalExecutor), cls\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
