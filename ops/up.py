"""`make up`: the embedded Airflow stack (API server + UI, scheduler, DAG processor, triggerer)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType

from ops.airflow_env import ADMIN_USER, ROOT, admin_password, airflow_env
from ops.processes import stop_groups

STOP_GRACE_S = 15  # what the components get to stop cleanly before SIGKILL


def main() -> int:
    from credit.core import config
    from ops import simulator_process

    data_dir = config.settings().data_dir
    env = airflow_env(data_dir)
    password = admin_password(data_dir)
    # A trial stack: the simulator plays every source from outside (its uploaders drop files into
    # the inbox day by day; its server answers the API sources' connections).
    uploader = simulator_process.follow_uploads(config.settings().inbox)
    sim = simulator_process.start_server()
    env.update(sim.connection_env())
    airflow = str(Path(sys.executable).with_name("airflow"))
    subprocess.run([airflow, "db", "migrate"], env=env, check=True, stdout=subprocess.DEVNULL)
    port = env["AIRFLOW__API__PORT"]
    print(
        f"\nAirflow UI: http://localhost:{port}   login: {ADMIN_USER} / {password}\n"
        f"(password kept in {data_dir / 'airflow' / 'passwords.json'}; Ctrl-C stops every component)\n"
        f"simulator: API on http://{sim.host}:{sim.port}; the last 3 days' file drops are in "
        f"{config.settings().inbox}, and each new day's follows once it has ended\n",
        flush=True,
    )
    # `airflow standalone` passes neither SIGTERM nor SIGINT on to all of its components (a
    # scheduler and a LocalExecutor worker outlive it), so it runs in a process group of its
    # own: Ctrl-C or a SIGTERM here stops that group, and nothing of it outlives this process.
    proc = subprocess.Popen([airflow, "standalone"], env=env, cwd=ROOT, start_new_session=True)
    stopping: list[int] = []

    def stop(signum: int, _frame: FrameType | None) -> None:
        if not stopping:
            print(f"\n{signal.Signals(signum).name}: stopping every Airflow component", flush=True)
            stopping.append(signum)
            with contextlib.suppress(ProcessLookupError):  # the group may be gone already
                os.killpg(proc.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    returncode = proc.wait()
    stop_groups([proc], grace=STOP_GRACE_S)  # what standalone left of its group
    uploader.terminate()
    sim.stop()
    return 0 if stopping else returncode


if __name__ == "__main__":
    sys.exit(main())
