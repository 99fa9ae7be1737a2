"""What CI needs to know: the fleet's inventory, the workflow and Atlantis files, the step outputs."""
