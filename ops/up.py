"""`make up`: the embedded Airflow stack (API server + UI, scheduler, DAG processor, triggerer)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ops.airflow_env import ADMIN_USER, ROOT, admin_password, airflow_env


def main() -> int:
    data_dir = Path(os.environ.get("CREDIT_DATA_DIR", ROOT / "data")).resolve()
    env = airflow_env(data_dir)
    password = admin_password(data_dir)
    from ingest import config
    from ops import simulator

    httpd, conn_env = simulator.start(config.settings().seed)
    env.update(conn_env)  # the API sources' Airflow connections point at the bundled simulator
    airflow = str(Path(sys.executable).with_name("airflow"))
    subprocess.run([airflow, "db", "migrate"], env=env, check=True, stdout=subprocess.DEVNULL)
    port = env["AIRFLOW__API__PORT"]
    print(
        f"\nAirflow UI: http://localhost:{port}   login: {ADMIN_USER} / {password}\n"
        f"(password kept in {data_dir / 'airflow' / 'passwords.json'}; Ctrl-C stops every component)\n"
        f"simulator API on http://127.0.0.1:{httpd.server_address[1]}\n",
        flush=True,
    )
    try:
        return subprocess.call([airflow, "standalone"], env=env, cwd=ROOT)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
