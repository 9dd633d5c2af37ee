# The production image: Python 3.11 with exactly the locked dependencies (hash-checked), the project
# installed on top. No _PIP_ADDITIONAL_REQUIREMENTS: what runs is what the lock file says.
# Two targets: `production` (the default, last) ships the centre only; `simulator` adds the simulator
# for a trial (`docker compose --profile simulator up`): an outside system, never in the product image.
FROM python:3.11-slim-bookworm AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    AIRFLOW_HOME=/opt/airflow \
    CREDIT_DATA_DIR=/opt/credit/data \
    DBT_SEND_ANONYMOUS_USAGE_STATS=False \
    GX_ANALYTICS_ENABLED=False

RUN apt-get update \
 && apt-get install -y --no-install-recommends curl tini \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 50000 --gid 0 airflow \
 && mkdir -p /opt/airflow /opt/credit/data \
 && chown -R airflow:0 /opt/airflow /opt/credit

WORKDIR /opt/credit
COPY requirements-prod.lock ./
# --compile-bytecode: with PYTHONDONTWRITEBYTECODE set, a module without a shipped .pyc is compiled
# again in every process (every task, every dbt run): ~3 s of CPU a process (docs/architecture.md "Scale")
RUN pip install --no-cache-dir uv==0.13.8 \
 && uv pip sync --system --require-hashes --no-cache --compile-bytecode requirements-prod.lock

COPY --chown=airflow:0 pyproject.toml README.md ./
COPY --chown=airflow:0 credit ./credit
COPY --chown=airflow:0 ops ./ops
COPY --chown=airflow:0 docs ./docs
COPY --chown=airflow:0 dags ./dags
COPY --chown=airflow:0 dbt_project ./dbt_project
COPY --chown=airflow:0 expectations ./expectations
# editable: the code finds dbt_project/, expectations/ and the seeds beside it, under /opt/credit
RUN uv pip install --system --no-deps --no-cache -e . \
 && python -m compileall -q credit dags ops \
 && python -c "import credit, airflow, dbt, great_expectations, duckdb"

USER airflow
ENV AIRFLOW__CORE__DAGS_FOLDER=/opt/credit/dags
ENTRYPOINT ["/usr/bin/tini", "--", "airflow"]
CMD ["version"]

FROM base AS simulator
USER root
COPY --chown=airflow:0 simulator ./simulator
RUN uv pip install --system --no-cache faker==40.54.0 && uv pip install --system --no-deps --no-cache -e ./simulator
USER airflow
ENTRYPOINT ["/usr/bin/tini", "--", "python", "-m", "credit_simulator"]
CMD ["--help"]

FROM base AS production
