"""Every path the project derives from its own location, computed once."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS_DIR = ROOT / "environments"
PROVIDER_LOCK = ROOT / "terraform" / ".terraform.lock.hcl"
DEFAULT_OUTDIR = ROOT / "cdktf.out"
EMULATOR_DIR = ROOT / ".emulator"
TERRAFORM_CLI_DIR = ROOT / ".terraform-cli"
CDKTF_BIN = ROOT / "node_modules" / ".bin" / "cdktf"
CHECKOV_BIN = ROOT / "tools" / "checkov" / ".venv" / "bin" / "checkov"
CHECKOV_CONFIG = ROOT / ".checkov.yaml"
#: The packages whose source the synthesized JSON depends on (the synth cache hashes them).
SOURCE_PACKAGES = ("modules", "deploy")
