"""Checks of the live resources: verify against the configuration, orphans, what a destroy left."""
