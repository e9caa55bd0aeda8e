"""Koe's warehouse: a DuckDB file with raw, core and marts layers. The only package that opens connections."""

from warehouse.connection import connect, query, read
from warehouse.migrate import apply_migrations
from warehouse.settings import cache_dir, published_dir, warehouse_path

__all__ = ["apply_migrations", "cache_dir", "connect", "published_dir", "query", "read", "warehouse_path"]
