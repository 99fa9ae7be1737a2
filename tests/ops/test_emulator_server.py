"""The emulator as served (ops/emulator/server.py): AWS's errors where moto failed, persistent HTTP/1.1
connections, the journal of error answers, injected faults. Each test talks HTTP to a real server process."""
import http.client
import json
import os
import subprocess
import sys
import time

import boto3
import botocore.config
import pytest
from botocore.exceptions import ClientError
from werkzeug.test import Client

from deploy.settings import ROOT
from ops.emulator import answers
from ops.emulator import process as emulator


def _client(url: str, service: str = "ec2"):
    return boto3.client(service, endpoint_url=url, region_name="ap-southeast-1", aws_access_key_id="test",
                        aws_secret_access_key="test", config=botocore.config.Config(retries={"max_attempts": 1}))


@pytest.fixture(scope="module")
def served():
    port = emulator.free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETWORK_")}
    env["NETWORK_EMULATOR_FAULTS"] = "CreateInternetGateway=503"
    journal = emulator.journal_file(port)
    process = subprocess.Popen([sys.executable, "-m", "ops.emulator.server", "-p", str(port), "--journal",
                                str(journal)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not emulator.is_ready(url):
            assert process.poll() is None and time.monotonic() < deadline, "the emulator did not start"
            time.sleep(0.1)
        yield url, port, journal
    finally:
        process.terminate()
        process.wait(timeout=10)
        journal.unlink(missing_ok=True)


def test_replacing_an_acl_association_that_does_not_exist_is_awss_not_found_not_a_500(served):
    url, _, _ = served
    ec2 = _client(url)
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    with pytest.raises(ClientError) as raised:
        ec2.replace_network_acl_association(AssociationId="aclassoc-0123456789abcdef0", NetworkAclId=acl)
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert raised.value.response["Error"]["Code"] == "InvalidAssociationID.NotFound"


def test_moto_alone_answers_that_request_with_a_500():
    """The difference the fix makes: moto's own handler (kept as fixes._replace_network_acl_association)
    raises StopIteration, which reached werkzeug as an HTML 500 that the SDK retries."""
    from moto.ec2.models.network_acls import NetworkAclBackend

    from ops.emulator import fixes

    backend = NetworkAclBackend.__new__(NetworkAclBackend)
    backend.network_acls = {}
    with pytest.raises(StopIteration):
        fixes._replace_network_acl_association(backend, "aclassoc-0123456789abcdef0", "acl-1")


def _wrapped(raising: BaseException):
    from ops.emulator.server import Application

    def moto_app(environ, start_response):
        raise raising
    return Application(moto_app, answers.Journal(None))


@pytest.mark.parametrize("headers, service, shape", [
    ({"Authorization": "AWS4-HMAC-SHA256 Credential=test/20261206/ap-southeast-1/ec2/aws4_request"}, "ec2",
     "<Response><Errors><Error><Code>InvalidRequest</Code>"),
    ({"Authorization": "AWS4-HMAC-SHA256 Credential=test/20261206/ap-southeast-1/s3/aws4_request"}, "s3",
     "<Error><Code>InvalidRequest</Code>"),
    ({"Authorization": "AWS4-HMAC-SHA256 Credential=test/20261206/us-east-1/sts/aws4_request"}, "sts",
     "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidRequest</Code>"),
    ({"X-Amz-Target": "Logs_20140328.CreateLogGroup"}, "logs", '{"__type": "InvalidRequest"'),
])
def test_an_exception_in_moto_is_a_400_in_the_services_own_error_shape_naming_it(headers, service, shape):
    response = Client(_wrapped(KeyError("rtb-123"))).post("/", data="Action=DoThing&Version=1", headers=headers)
    assert response.status_code == 400
    assert response.get_data(as_text=True).startswith(shape)
    assert "KeyError" in response.get_data(as_text=True) and "<html" not in response.get_data(as_text=True).lower()


def test_connections_stay_open_between_requests(served):
    """HTTP/1.1 keep-alive: werkzeug's development server closed every connection after one response."""
    url, port, _ = served
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for _ in range(3):
        connection.request("GET", "/moto-api/")
        response = connection.getresponse()
        response.read()
        assert response.status == 200
        assert response.getheader("Connection", "").lower() != "close"
    connection.close()


def test_error_answers_are_journaled_and_injected_faults_answer_5xx(served):
    url, _, journal = served
    ec2 = _client(url)
    with pytest.raises(ClientError) as raised:
        ec2.create_internet_gateway()
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503
    with pytest.raises(ClientError):
        ec2.delete_vpc(VpcId="vpc-00000000000000000")
    entries = answers.recent(journal, limit=10)
    assert {"action": "CreateInternetGateway", "status": 503, "code": "InternalError"}.items() <= \
        next(e for e in entries if e["action"] == "CreateInternetGateway").items()
    deleted = next(e for e in entries if e["action"] == "DeleteVpc")
    assert deleted["status"] == 400 and deleted["code"] == "InvalidVpcID.NotFound"
    assert "DeleteVpc → 400 InvalidVpcID.NotFound" in answers.describe(deleted)
    assert all(json.loads(line) for line in journal.read_text().splitlines())


def test_a_deleted_subnet_leaves_no_network_acl_association(served):
    """On AWS the association goes with the subnet; moto kept it, so a replaced subnet showed up twice."""
    url, _, _ = served
    ec2 = _client(url)
    vpc = ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.8.1.0/24")["Subnet"]["SubnetId"]

    def associated() -> set[str]:
        acls = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["NetworkAcls"]
        return {a["SubnetId"] for acl in acls for a in acl["Associations"]}
    assert subnet in associated()
    ec2.delete_subnet(SubnetId=subnet)
    assert subnet not in associated()


def test_a_subnet_cidr_reservation_keeps_its_description(served):
    """moto never read it, so the provider saw "" and planned a replacement (description forces one)."""
    url, _, _ = served
    ec2 = _client(url)
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.0.0/24")["Subnet"]["SubnetId"]
    made = ec2.create_subnet_cidr_reservation(SubnetId=subnet, Cidr="10.9.0.64/26", ReservationType="prefix",
                                              Description="kept for prefixes")["SubnetCidrReservation"]
    assert made["Description"] == "kept for prefixes"
    (listed,) = ec2.get_subnet_cidr_reservations(SubnetId=subnet)["SubnetIpv4CidrReservations"]
    assert listed["Description"] == "kept for prefixes" and listed["ReservationType"] == "prefix"
