"""The operator layer: the CLI and everything that runs Terraform or talks to AWS (emulator, Terraform
runner and CLI config, state bootstrap, verify, clean-up, cost). It imports ``deploy`` and ``modules``;
nothing imports it."""
