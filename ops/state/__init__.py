"""The remote state: its bucket, its locks, its history and what it holds."""
