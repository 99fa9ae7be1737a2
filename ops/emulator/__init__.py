"""The embedded AWS emulator: moto's server mode on loopback, and the process that runs it."""
