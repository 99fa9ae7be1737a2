"""Runs terraform and the cdktf CLI for a synthesized stack, with the project's CLI config."""
