"""The deployment layer: one validated configuration in, synthesized stacks out.

``schema`` (the typed configuration) → ``validation`` → ``loader`` (defaults, ``environments/*.toml``,
``NETWORK_*``) → ``props`` (configuration to construct props) → ``stack``/``app`` (synth and its cache).
It imports ``modules`` and never the operator layer (``ops``).
"""
