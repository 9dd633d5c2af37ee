"""A local Spark Thrift Server (`make spark`): Spark SQL in local mode on this machine's cores, served
over HiveServer2's Thrift protocol, the way a cluster's Spark Thrift Server or Kyuubi serves it to
dbt-spark (`method: thrift`). Everything comes from the pyspark distribution that `make install`
unpacks into .spark/ (requirements-spark.lock; its jars hold the Thrift server and Hive's metastore
client) and Java 17; nothing is downloaded at run time.

State lives under <CREDIT_DATA_DIR>/spark: the Hive metastore (embedded Derby, one server at a time),
the managed tables' warehouse directory, Spark's scratch space and the server's log. It reads the
same Parquet lake as DuckDB (docs/engines.md).

    .venv/bin/python -m ops.spark            # serve on 127.0.0.1:CREDIT_SPARK_PORT (10000) until Ctrl-C
    .venv/bin/python -m ops.spark --port 0   # any free port (printed)

`stop()` (and Ctrl-C) ends the JVM and every process it started: it runs in a process group of its
own (ops/processes.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from credit.warehouse.spark_build import SparkServer
from ops.processes import stop_groups

THRIFT_SERVER_CLASS = "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2"
DEFAULT_PORT = 10000
START_TIMEOUT_S = 180
STOP_GRACE_S = 20


class SparkUnavailable(RuntimeError):
    """What this machine lacks to run Spark (Java 17, or the pyspark package), said so an engineer can act."""


# `make install` puts the pyspark distribution here, beside the venv and not in it (Makefile SPARK_DIST)
SPARK_DIST = Path(__file__).resolve().parent.parent / ".spark" / "pyspark"


def spark_home() -> Path:
    """The Spark distribution (bin/, jars/): SPARK_HOME when set, else the pyspark package that
    `make install` unpacks into .spark/."""
    home = Path(os.environ["SPARK_HOME"]) if os.environ.get("SPARK_HOME") else SPARK_DIST
    if not (home / "bin" / "spark-submit").exists():
        raise SparkUnavailable(f"no Spark distribution at {home}: run `make install` (requirements-spark.lock)")
    return home


def java_executable() -> str:
    """Java 17 or later: JAVA_HOME's, else the one on PATH."""
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not java or not Path(java).exists():
        raise SparkUnavailable(
            "no Java found: Spark needs Java 17 (Debian: apt-get install openjdk-17-jre-headless; "
            "`make spark` installs it when run as root)"
        )
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False).stderr
    version = out.split('"')[1] if '"' in out else ""
    major = int(version.split(".")[0]) if version.split(".")[0].isdigit() else 0
    if major < 17:
        raise SparkUnavailable(f"{java} is Java {version or '?'}: Spark 4 needs Java 17 or later")
    return java


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spark_conf(state: Path, cores: int, memory: str) -> dict[str, str]:
    """The server's Spark configuration: local mode, the metastore and warehouse under `state`."""
    metastore = state / "metastore_db"
    return {
        "spark.master": f"local[{cores}]",
        "spark.app.name": "credit-centre-thrift",
        "spark.driver.memory": memory,
        "spark.sql.warehouse.dir": str(state / "warehouse"),
        "spark.local.dir": str(state / "tmp"),
        "spark.sql.catalogImplementation": "hive",
        "spark.hadoop.javax.jdo.option.ConnectionURL": f"jdbc:derby:;databaseName={metastore};create=true",
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={state}",
        # one machine: shuffles into as many partitions as there are cores, not Spark's default 200
        "spark.sql.shuffle.partitions": str(max(2, cores * 2)),
        "spark.sql.adaptive.enabled": "true",
        # a dataset's batches may differ in columns (a later layout added one): read their union, as
        # DuckDB's read_parquet(union_by_name) does
        "spark.sql.parquet.mergeSchema": "true",
        # dates and timestamps as DuckDB reads them: no calendar rebasing, the session in UTC
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.parquet.datetimeRebaseModeInRead": "CORRECTED",
        "spark.sql.parquet.int96RebaseModeInRead": "CORRECTED",
        "spark.ui.enabled": "false",
        # a query's rows go to the client a partition at a time, not gathered in the driver's heap
        # first: reading a big table whole (the engines' comparison at scale) ran out of heap
        "spark.sql.thriftServer.incrementalCollect": "true",
    }


@dataclass
class ThriftServer:
    """A running Spark Thrift Server: its process group, port and state directory."""

    proc: subprocess.Popen
    host: str
    port: int
    state: Path

    @classmethod
    def start(
        cls,
        state: Path,
        port: int = DEFAULT_PORT,
        cores: int | None = None,
        memory: str | None = None,
        timeout: float = START_TIMEOUT_S,
    ) -> ThriftServer:
        java = java_executable()
        home = spark_home()
        port = port or free_port()
        cores = cores or os.cpu_count() or 2
        memory = memory or os.environ.get("CREDIT_SPARK_MEMORY", "4g")
        for sub in ("warehouse", "tmp"):
            (state / sub).mkdir(parents=True, exist_ok=True)
        conf = spark_conf(state, cores, memory)
        args = [str(home / "bin" / "spark-submit"), "--class", THRIFT_SERVER_CLASS]
        for key, value in conf.items():
            args += ["--conf", f"{key}={value}"]
        args += [
            "spark-internal",
            "--hiveconf",
            f"hive.server2.thrift.port={port}",
            "--hiveconf",
            "hive.server2.thrift.bind.host=127.0.0.1",
        ]
        env = dict(os.environ, SPARK_HOME=str(home), JAVA_HOME=str(Path(java).resolve().parents[1]))
        env["SPARK_LOG_DIR"] = str(state)
        log = (state / "thrift-server.log").open("ab")
        proc = subprocess.Popen(
            args,
            env=env,
            cwd=state,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        server = cls(proc=proc, host="127.0.0.1", port=port, state=state)
        try:
            server.wait_until_ready(timeout)
        except BaseException:
            server.stop()
            raise
        return server

    def wait_until_ready(self, timeout: float) -> None:
        """Until a `select 1` over Thrift answers; fails with the log's tail when the JVM exits first."""
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"the Spark Thrift Server exited ({self.proc.returncode}) before it was ready:\n{self.log_tail()}"
                )
            try:
                with socket.create_connection((self.host, self.port), timeout=1):
                    pass
                self.query("select 1")
                return
            except Exception as e:  # not listening yet, or the session not open yet
                last = e
                time.sleep(1)
        raise RuntimeError(
            f"the Spark Thrift Server did not answer within {timeout:.0f} s on {self.host}:{self.port} "
            f"({last}):\n{self.log_tail()}"
        )

    def query(self, sql: str) -> list[tuple]:
        return SparkServer(self.host, self.port).query(sql)

    def log_tail(self, lines: int = 30) -> str:
        path = self.state / "thrift-server.log"
        if not path.exists():
            return "(no log)"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        stop_groups([self.proc], grace=STOP_GRACE_S)


def main(argv: list[str] | None = None) -> int:
    from credit.core import config

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cfg = config.settings()
    parser.add_argument("--port", type=int, default=cfg.spark_port, help="0: any free port")
    parser.add_argument("--cores", type=int, default=None)
    args = parser.parse_args(argv)
    state = cfg.data_dir / "spark"
    try:
        server = ThriftServer.start(state, port=args.port, cores=args.cores)
    except SparkUnavailable as e:
        print(f"cannot start Spark: {e}", file=sys.stderr)
        return 2
    print(
        f"Spark Thrift Server on {server.host}:{server.port} (local mode; state in {state}; "
        "log thrift-server.log). Ctrl-C stops it.",
        flush=True,
    )
    stopping: list[int] = []

    def stop(signum: int, _frame: FrameType | None) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping and server.proc.poll() is None:
        time.sleep(0.5)
    code = server.proc.returncode
    server.stop()
    print("Spark Thrift Server stopped", flush=True)
    return 0 if stopping else (code or 1)


if __name__ == "__main__":
    sys.exit(main())
