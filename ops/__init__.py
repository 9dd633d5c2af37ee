"""Operating the project: the Airflow environment, `make demo` and `make up`."""
