"""The warehouse: one dbt build into a private DuckDB file, tested, then swapped in atomically."""
