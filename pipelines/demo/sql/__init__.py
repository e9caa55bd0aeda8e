"""The demo's longer SQL, one statement per ``.sql`` file, loaded by name with warehouse.sql's ``statement``."""
