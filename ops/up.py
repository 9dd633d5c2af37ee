"""`make up`: the embedded Airflow stack (API server + UI, scheduler, DAG processor, triggerer)."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from types import FrameType

from ops.airflow_env import ADMIN_USER, airflow_env
from ops.stack import Embedded, migrate


def main() -> int:
    from credit.core import config
    from ops import simulator_process

    data_dir = config.settings().data_dir
    env = airflow_env(data_dir)
    # A trial stack: the simulator plays every source from outside (its uploaders drop files into
    # the inbox day by day; its server answers the API sources' connections).
    uploader = simulator_process.follow_uploads(config.settings().inbox)
    sim = simulator_process.start_server()
    env.update(sim.connection_env())
    migrate(env)
    stack = Embedded.start(env, data_dir)
    print(
        f"\nAirflow UI: http://localhost:{env['AIRFLOW__API__PORT']}   login: {ADMIN_USER} / {stack.password}\n"
        f"(password kept in {data_dir / 'airflow' / 'passwords.json'}; Ctrl-C stops every component)\n"
        "The DAGs are active: each ingest DAG loads the day that ended at 00:00 Beijing time, and\n"
        "build_warehouse runs when their assets update (and daily at 06:00 for anything it missed).\n"
        f"simulator: API on http://{sim.host}:{sim.port}; the last 3 days' file drops are in "
        f"{config.settings().inbox}, and each new day's follows once it has ended\n",
        flush=True,
    )
    stopping: list[int] = []

    def stop(signum: int, _frame: FrameType | None) -> None:
        if not stopping:
            print(f"\n{signal.Signals(signum).name}: stopping every Airflow component", flush=True)
            stopping.append(signum)
            with contextlib.suppress(ProcessLookupError):  # the group may be gone already
                os.killpg(stack.proc.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    returncode = stack.proc.wait()
    stack.stop()  # what standalone left of its group
    uploader.terminate()
    sim.stop()
    return 0 if stopping else returncode


if __name__ == "__main__":
    sys.exit(main())
