"""The encrypted site database: engine, keys, users, audit trail, clinical models and services."""
