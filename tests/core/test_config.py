"""One configuration module (docs/architecture.md "Configuration"): every setting the product reads
is read in credit/core/config.py, and the README's configuration table lists exactly those settings
with their defaults; the layout table matches the tree."""

from __future__ import annotations

import ast
import datetime as dt
import re
import subprocess

import pytest

from credit.core import config
from tests.conftest import ROOT

PRODUCT = [ROOT / "credit", ROOT / "dags"]
CONFIG = ROOT / "credit" / "core" / "config.py"


def product_modules() -> list:
    return sorted(p for root in PRODUCT for p in root.rglob("*.py") if p != CONFIG)


def environment_reads(path) -> list[str]:
    """`os.environ.get(...)`, `os.environ[...]`, `os.getenv(...)` reads in a module (writes are fine)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = ast.unparse(node.func)
            if target in {"os.environ.get", "os.getenv", "environ.get"}:
                found.append(f"{where}:{node.lineno}: {ast.unparse(node)[:80]}")
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, ast.Load)
            and ast.unparse(node.value) == "os.environ"
        ):
            found.append(f"{where}:{node.lineno}: {ast.unparse(node)[:80]}")
    return found


def readme_table(heading: str) -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("|---")]
    return [[c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows[1:]]


def test_no_product_module_reads_the_environment_outside_config() -> None:
    reads = [r for path in product_modules() for r in environment_reads(path)]
    assert not reads, "read settings through credit.core.config:\n" + "\n".join(reads)


def test_the_environment_check_can_fail(tmp_path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text('import os\nx = os.environ.get("CREDIT_X")\ny = os.environ["Y"]\nos.environ["Z"] = "1"\n')
    assert len(environment_reads(probe)) == 2  # two reads; the write is not one


def test_the_readme_lists_every_setting_with_its_default() -> None:
    listed = {row[0].strip("`"): row[1] for row in readme_table("Configuration")}
    declared = {v.name: f"`{v.default}`" if v.default is not None else "(none)" for v in config.VARIABLES}
    assert listed == declared


def test_an_undeclared_setting_cannot_be_read() -> None:
    with pytest.raises(KeyError, match="not a declared setting"):
        config._env("CREDIT_SOMETHING_ELSE")


def test_defaults_are_production_ones(monkeypatch) -> None:
    for v in config.VARIABLES:
        monkeypatch.delenv(v.name, raising=False)
    cfg = config.settings()
    assert cfg.data_dir.name == "data" and not cfg.dbt_fail_fast
    assert cfg.engine == "duckdb", "the embedded engine is the default; Spark is chosen"
    assert not hasattr(cfg, "simulator"), "the product has no simulator switch"


def test_the_readme_layout_table_matches_the_tree() -> None:
    paths = [p for row in readme_table("Layout") for p in re.findall(r"`([^`]+)`", row[0])]
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert not missing, f"README names paths that do not exist: {missing}"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True).stdout.split("\0")
    top = {t.split("/", 1)[0] for t in tracked if "/" in t and not t.startswith(".")}
    named = {p.rstrip("/").split("/", 1)[0] for p in paths}
    assert top <= named, f"folders the README's layout table does not name: {sorted(top - named)}"


def test_history_declarations_are_read_per_dataset() -> None:
    declared = config.parse_history_from("gov_penalties.penalties=2021-01-01, gov_lists.list_entries=2022-03-31,")
    assert declared == {
        "gov_penalties.penalties": dt.date(2021, 1, 1),
        "gov_lists.list_entries": dt.date(2022, 3, 31),
    }
    assert config.parse_history_from(None) == {}


@pytest.mark.parametrize("value", ["gov_penalties=2021-01-01", "gov_penalties.penalties=2021-02-30", "x.y=21-1-1"])
def test_a_malformed_history_declaration_is_refused_with_its_form(value: str) -> None:
    with pytest.raises(ValueError, match=r"source\.dataset=YYYY-MM-DD"):
        config.parse_history_from(value)


def test_the_engine_is_duckdb_or_spark(monkeypatch) -> None:
    monkeypatch.setenv("CREDIT_ENGINE", "Spark")
    assert config.settings().engine == "spark"
    monkeypatch.setenv("CREDIT_ENGINE", "postgres")
    with pytest.raises(ValueError, match="CREDIT_ENGINE: 'postgres' is not an engine of the centre; choose one of"):
        config.settings()
