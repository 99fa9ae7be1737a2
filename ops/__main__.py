"""``python -m ops <command>``: the same as ``bin/net <command>`` without the install step."""
import sys

from .cli import main

sys.exit(main())
