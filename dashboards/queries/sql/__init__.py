"""The dashboard queries' longer SQL, one statement per ``.sql`` file under ``<page>/``, loaded by name with
warehouse.sql's ``statement`` (``query("staffing/arrival_profile")`` in dashboards.queries.base)."""
