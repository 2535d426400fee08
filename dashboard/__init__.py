"""The read side: a Streamlit dashboard over the marts of the served DuckDB file."""
