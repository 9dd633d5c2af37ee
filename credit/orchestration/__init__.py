"""The Airflow glue: schedule, assets and task bodies the thin DAG files in dags/ call."""
