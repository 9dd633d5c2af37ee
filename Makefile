# Commerce Credit Data Centre. Needs only Python 3.11 and make; everything else is installed here.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPARK_DIST := .spark
UV_VERSION := 0.13.8
SCALE ?= S

export CREDIT_DATA_DIR ?= $(CURDIR)/data
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export GX_ANALYTICS_ENABLED := False

.PHONY: help install demo test browser java up spark serve bench suites contract lint format lock clean

help:
	@echo "make demo   install, run every DAG through Airflow for the last 3 days, print a summary"
	@echo "make test   install and run the whole test suite"
	@echo "make up     serve the Airflow UI on http://localhost:8080 (login printed)"
	@echo "make spark  a local Spark Thrift Server on 127.0.0.1:10000 for the Spark engine (docs/engines.md)"
	@echo "make serve  the two platforms and the credit-check API on http://localhost:8700 (after make demo)"
	@echo "make bench  the pipeline at scale, stage by stage, against the budget (SCALE=S|M, default S)"
	@echo "make suites rebuild the GX suites in expectations/ from credit/ingest/catalog.py"
	@echo "make contract  rewrite docs/contract.md from the dbt project's YAML"
	@echo "make lint   ruff (with Airflow's AIR rules); dbt-bouncer and sqlfluff on the dbt project (after make demo)"
	@echo "make lock   re-resolve requirements.lock and requirements-prod.lock from pyproject.toml"

# The environment: a venv with uv, then exactly the locked set (hashes checked), then the project.
# Compiled to bytecode once here: where PYTHONDONTWRITEBYTECODE is set, Python would otherwise compile
# every module again in every process (each Airflow task, each dbt run, each test's subprocess).
$(STAMP): requirements.lock requirements-spark.lock pyproject.toml simulator/pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version.split()[0]'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --python $(BIN)/python --require-hashes --compile-bytecode requirements.lock
	# Spark (the pyspark distribution: its bin/ and jars/) beside the venv, not in it: make spark runs
	# its Thrift server, and no library of ours imports it (GX would, and change how it validates)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes --no-deps --target $(SPARK_DIST) -r requirements-spark.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e . -e ./simulator
	$(BIN)/python -m compileall -q credit dags ops bench simulator/credit_simulator >/dev/null
	touch $@

install: $(STAMP)

# CREDIT_ENGINE=spark make demo builds on a local Spark, which needs Java 17 (docs/engines.md)
demo: $(STAMP) $(if $(filter spark Spark SPARK,$(CREDIT_ENGINE)),java)
	$(BIN)/python -m ops.demo --days $${DAYS:-3}

# On every core (-n auto), module by module; tests/conftest.py keeps the modules that share a big
# fixture on one worker. The slowest tests are listed at the end (the suite's own profile).
test: $(STAMP) browser java
	$(BIN)/python -m pytest -n auto --dist loadscope --durations=20

# Debian's chromium (and a CJK font, or Chinese renders as boxes) for the browser tests; never a browser download. Installed when we may
# (root with apt-get); otherwise those tests skip with the reason, and under CI=true they fail.
browser:
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium and a CJK font (fonts-wqy-microhei) for the browser tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-wqy-microhei >/dev/null \
	      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	           --no-install-recommends chromium fonts-wqy-microhei >/dev/null; } \
	      || echo "could not install chromium: browser tests will skip (and fail under CI=true)"; \
	  else echo "chromium not found and not root: browser tests will skip (apt-get install chromium)"; fi; }

# Java 17 for Spark (make spark, the cross-engine test) from Debian's packages, the same way.
java:
	@{ command -v java >/dev/null 2>&1 && java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])'; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's Java 17 (openjdk-17-jre-headless) for Spark"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-17-jre-headless >/dev/null \
	      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	           --no-install-recommends openjdk-17-jre-headless >/dev/null; } \
	      || echo "could not install Java 17: Spark tests will skip (and fail under CI=true)"; \
	  else echo "Java 17 not found and not root: Spark tests will skip (apt-get install openjdk-17-jre-headless)"; fi; }

up: $(STAMP)
	$(BIN)/python -m ops.up

spark: $(STAMP) java
	$(BIN)/python -m ops.spark

serve: $(STAMP)
	$(BIN)/python -m credit.platforms

bench: $(STAMP) $(if $(filter spark Spark SPARK,$(CREDIT_ENGINE)),java)
	$(BIN)/python -m bench.scale --scale $(SCALE)

suites: $(STAMP)
	$(BIN)/python -m credit.gate.suites

contract: $(STAMP)
	$(BIN)/python -m credit.warehouse.contract_doc

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m ops.dbt_lint

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# requirements.lock: what `make install` puts in the venv (the product, the simulator's and dev tools);
# requirements-prod.lock: the production image's subset, the same versions, no simulator, no dev tools.
lock:
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -c requirements.lock -o requirements-prod.lock
	echo 'pyspark>=4.1,<5' | $(BIN)/uv pip compile - --python-version 3.11 --generate-hashes -o requirements-spark.lock

clean:
	rm -rf $(CREDIT_DATA_DIR) .pytest_cache .ruff_cache
