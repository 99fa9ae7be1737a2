"""End-to-end tests: real terraform and the real provider against the embedded AWS emulator. Everything
here carries the ``emulator`` marker, so ``bin/net test -m "not emulator"`` stays the fast loop."""
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.emulator)
