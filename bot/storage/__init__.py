"""Persistence: tables, engine and migrations, and the store the rest of the code goes through."""
