"""Confirms the emulator race and its fix: `pipenv run python bench/emulator_race.py [--rounds 60]`.

Terraform revokes a group's rules in parallel on destroy. On moto's plain server each revoke rewrites
the group's rule list from a copy read before the others finished, so a revoked rule can come back.
Both servers run with a 1 µs thread switch interval, which makes the interleaving common enough to see
in seconds; our server (ops/emulator/server.py) serializes requests and should show no error.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import boto3  # noqa: E402
import botocore.config  # noqa: E402

from deploy.settings import ROOT  # noqa: E402
from ops.emulator import process as emulator

SERVERS = {
    "moto.server (threaded)": "from moto import server; main = server.main",
    "ops.emulator.server": "from ops.emulator.server import main",
}


def start(prelude: str, port: int) -> subprocess.Popen:
    code = f"import sys; sys.setswitchinterval(1e-6); {prelude}; main(['-H', '127.0.0.1', '-p', '{port}'])"
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    for _ in range(100):
        if emulator.is_ready(f"http://127.0.0.1:{port}"):
            return process
        time.sleep(0.1)
    process.kill()
    raise SystemExit(f"server on {port} did not start")


def race(port: int, rounds: int) -> dict[str, int]:
    ec2 = boto3.client("ec2", endpoint_url=f"http://127.0.0.1:{port}", region_name="ap-southeast-1",
                       aws_access_key_id="test", aws_secret_access_key="test",
                       config=botocore.config.Config(retries={"max_attempts": 1}, max_pool_connections=20))
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    errors: dict[str, int] = {}

    def revoke(group: str, rule: str) -> None:
        try:
            ec2.revoke_security_group_ingress(GroupId=group, SecurityGroupRuleIds=[rule])
        except Exception as error:  # counted, not raised: the point is how often it happens
            code = getattr(error, "response", {}).get("Error", {}).get("Code", type(error).__name__)
            errors[code] = errors.get(code, 0) + 1

    for i in range(rounds):
        group = ec2.create_security_group(GroupName=f"race-{i}", Description="race", VpcId=vpc)["GroupId"]
        rules = [ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{
            "IpProtocol": "tcp", "FromPort": port_, "ToPort": port_, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
        )["SecurityGroupRules"][0]["SecurityGroupRuleId"] for port_ in range(80, 90)]
        threads = [threading.Thread(target=revoke, args=(group, rule)) for rule in rules]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        left = [r for r in ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])[
            "SecurityGroupRules"] if not r["IsEgress"]]
        if left:
            errors["revoked rules that came back"] = errors.get("revoked rules that came back", 0) + len(left)
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    print(f"{args.rounds} rounds of 10 parallel revokes per server")
    for name, prelude in SERVERS.items():
        port = emulator.free_port()
        process = start(prelude, port)
        try:
            errors = race(port, args.rounds)
        finally:
            process.terminate()
            process.wait()
        print(f"  {name:<24} {sum(errors.values()):>4} errors {errors or ''}")


if __name__ == "__main__":
    main()
