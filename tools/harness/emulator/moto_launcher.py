"""
Starts moto's server (the AWS emulator of `npm run rehearse`) with the patches below applied.

Test harness only: nothing here changes what users deploy. Each patch closes one place where
moto 5.2.1 answers differently from AWS for a request this project makes; GAPS lists what the
emulator cannot prove at all. `--list` prints both as JSON (the rehearsal's summary reports them).

Usage: python3 moto_launcher.py --workdir DIR [--list]
  Writes DIR/ca.pem (the CA terraform is told to trust) and serves HTTPS on a free loopback port,
  printing `moto-ready https://127.0.0.1:<port>` once the server socket is bound.
  MOTO_ACCOUNT_ID in the environment makes moto answer as that account.
"""

import argparse
import datetime
import ipaddress
import json
import os
import socket
import sys

# Every patch: what AWS does, what moto 5.2.1 did, and the function that closes the gap.
PATCHES = []


def patch(id, service, aws, moto):
    def register(fn):
        PATCHES.append({"id": id, "service": service, "aws": aws, "moto": moto, "apply": fn})
        return fn

    return register


# What no patch can make the emulator prove; reported by every rehearsal.
GAPS = [
    {
        "service": "iam",
        "what": "IAM authorization",
        "why": "moto accepts any credentials and does not evaluate identity policies by default, "
        "so a missing permission of a task or deploy role is not found here",
    },
    {
        "service": "ecs",
        "what": "containers running",
        "why": "ECS services are recorded, no task starts: images, health checks, Gitana's "
        "start-up and its connections to DocumentDB/OpenSearch are not exercised",
    },
    {
        "service": "docdb",
        "what": "DocumentDB engine semantics",
        "why": "the cluster is an RDS record (patched to accept engine docdb): no TLS parameter "
        "effect, no managed secret rotation, no endpoint to connect to",
    },
    {
        "service": "opensearch",
        "what": "OpenSearch domain behaviour",
        "why": "the domain is a record: fine-grained access control, VPC placement and "
        "encryption settings are stored, not enforced",
    },
    {
        "service": "elbv2/acm/route53",
        "what": "traffic and certificates",
        "why": "no load balancer serves requests; certificate validation by DNS is not performed",
    },
    {
        "service": "kms",
        "what": "key policies",
        "why": "key policies are stored, not evaluated: a service denied by a key policy on AWS "
        "still encrypts here",
    },
    {
        "service": "timing",
        "what": "create and delete durations",
        "why": "resources appear at once: the tens of minutes DocumentDB and OpenSearch take on "
        "AWS (and their timeouts) are not rehearsed",
    },
]


@patch(
    "s3-logging-wildcard-principal",
    "s3",
    "PutBucketLogging accepts a target bucket whose policy has statements with "
    '`"Principal": "*"` (e.g. a TLS-only deny) beside the statement allowing logging.s3.amazonaws.com',
    "raised AttributeError ('str' object has no attribute 'get') on such a statement: HTTP 500",
)
def _s3_logging_wildcard_principal():
    from moto.s3.models import FakeBucket

    original = FakeBucket._log_permissions_enabled_policy

    def tolerant(target_bucket, target_prefix):
        policy = target_bucket.policy
        if not policy:
            return original(target_bucket, target_prefix)
        document = json.loads(policy.decode())
        statements = document.get("Statement", [])
        if isinstance(statements, dict):
            statements = [statements]
        # Statements whose principal is not a {"Service": ...} map cannot grant log delivery.
        document["Statement"] = [s for s in statements if isinstance(s.get("Principal"), dict)]
        saved = target_bucket.policy
        target_bucket.policy = json.dumps(document).encode()
        try:
            return original(target_bucket, target_prefix)
        finally:
            target_bucket.policy = saved

    FakeBucket._log_permissions_enabled_policy = staticmethod(tolerant)


# The request context of every call terraform makes to the emulator: HTTPS with TLS 1.2 or newer.
TLS_REQUEST_CONTEXT = {"aws:securetransport": "true", "s3:tlsversion": "1.2"}


def _condition_holds(operator, key, expected):
    """Evaluates one condition against TLS_REQUEST_CONTEXT; None when the key is not known."""
    actual = TLS_REQUEST_CONTEXT.get(key.lower())
    if actual is None:
        return None
    values = expected if isinstance(expected, list) else [expected]
    op = operator.replace("IfExists", "")
    if op == "Bool":
        return any(str(v).lower() == actual for v in values)
    if op in ("StringEquals", "StringEqualsIgnoreCase"):
        return any(str(v).lower() == actual.lower() for v in values)
    if op in ("StringNotEquals", "StringNotEqualsIgnoreCase"):
        return all(str(v).lower() != actual.lower() for v in values)
    numeric = {
        "NumericEquals": lambda a, b: a == b,
        "NumericNotEquals": lambda a, b: a != b,
        "NumericLessThan": lambda a, b: a < b,
        "NumericLessThanEquals": lambda a, b: a <= b,
        "NumericGreaterThan": lambda a, b: a > b,
        "NumericGreaterThanEquals": lambda a, b: a >= b,
    }
    if op in numeric:
        return any(numeric[op](float(actual), float(v)) for v in values)
    return None


def _statement_applies(statement):
    """True/False when every condition is decidable for a TLS 1.2 request; None otherwise."""
    verdicts = [
        _condition_holds(operator, key, expected)
        for operator, pairs in (statement.get("Condition") or {}).items()
        for key, expected in pairs.items()
    ]
    if any(v is None for v in verdicts):
        return None
    return all(verdicts)


@patch(
    "s3-bucket-policy-conditions",
    "s3",
    "evaluates a bucket policy's conditions against the request: a deny on "
    "aws:SecureTransport=false or s3:TlsVersion<1.2 does not touch a TLS 1.2 request",
    "ignored conditions, so such a deny refused every request to the bucket, TLS or not",
)
def _s3_bucket_policy_conditions():
    from moto.iam.access_control import IAMPolicy, PermissionResult
    from moto.s3.models import FakeBucket

    def get_permission(self, action, resource):
        if self.policy is None:
            return PermissionResult.NEUTRAL
        document = json.loads(self.policy.decode())
        statements = document.get("Statement", [])
        if isinstance(statements, dict):
            statements = [statements]
        kept = []
        for statement in statements:
            applies = _statement_applies(statement)
            if applies is False:
                continue  # its condition is false for this request: AWS ignores the statement
            if applies is None:
                continue  # e.g. aws:SourceAccount of a service principal: not this caller
            kept.append({k: v for k, v in statement.items() if k != "Condition"})
        return IAMPolicy(json.dumps({**document, "Statement": kept})).is_action_permitted(
            action, resource
        )

    FakeBucket.get_permission = get_permission


@patch(
    "rds-docdb-engine",
    "docdb",
    "DocumentDB is served by the RDS API: CreateDBCluster/CreateDBInstance with Engine=docdb "
    "create a cluster listening on 27017",
    "refused the request: Engine 'docdb' is not supported",
)
def _rds_docdb_engine():
    from moto.rds import models
    from moto.rds.utils import ClusterEngine, DbInstanceEngine

    cluster_engines = ClusterEngine.list_cluster_engines
    instance_engines = DbInstanceEngine.valid_db_instance_engine
    ClusterEngine.list_cluster_engines = classmethod(
        lambda cls: sorted(cluster_engines() + ["docdb"])
    )
    DbInstanceEngine.valid_db_instance_engine = classmethod(
        lambda cls: sorted(instance_engines() + ["docdb"])
    )
    for cls_name in ("DBCluster", "DBInstance"):
        cls = getattr(models, cls_name, None)
        if cls is None:
            continue
        for name, docdb_value in (
            ("default_engine_version", "5.0.0"),
            ("default_port", 27017),
        ):
            original = cls.__dict__.get(name)
            if not isinstance(original, staticmethod):
                continue

            def wrapped(engine, *rest, _original=original.__func__, _value=docdb_value):
                return _value if engine == "docdb" else _original(engine, *rest)

            setattr(cls, name, staticmethod(wrapped))
        storage = cls.__dict__.get("default_allocated_storage")
        if isinstance(storage, staticmethod):

            def allocated(engine, storage_type, _original=storage.__func__):
                return 10 if engine == "docdb" else _original(engine, storage_type)

            cls.default_allocated_storage = staticmethod(allocated)


@patch(
    "docdb-standard-storage-type",
    "docdb",
    "a DocumentDB cluster created without StorageType has standard storage, and DescribeDBClusters "
    "leaves StorageType out for it (returned only for iopt1: DocumentDB storage types; the aws "
    "provider's aws_docdb_cluster relies on it)",
    "answered StorageType gp2, RDS's default, which DocumentDB does not have: a perpetual diff",
)
def _docdb_standard_storage_type():
    from moto.rds.models import DBCluster

    init = DBCluster.__init__

    def without_rds_storage_default(self, *args, **kwargs):
        init(self, *args, **kwargs)
        if self.engine == "docdb" and kwargs.get("storage_type") is None:
            self.storage_type = None

    DBCluster.__init__ = without_rds_storage_default


@patch(
    "sqs-redrive-allow-policy",
    "sqs",
    "SetQueueAttributes keeps RedriveAllowPolicy and GetQueueAttributes returns it, asked for by "
    "name or with All",
    "dropped it from All and refused it by name (InvalidAttributeName), failing every refresh",
)
def _sqs_redrive_allow_policy():
    from moto.sqs.models import Queue

    attributes = Queue.attributes.fget

    def with_redrive_allow_policy(self):
        result = attributes(self)
        # _set_attributes stores every attribute it is given; only the read side omitted this one.
        if getattr(self, "redrive_allow_policy", None):
            result["RedriveAllowPolicy"] = self.redrive_allow_policy
        return result

    Queue.attributes = property(with_redrive_allow_policy)

    from moto.sqs.models import SQSBackend

    get_queue_attributes = SQSBackend.get_queue_attributes

    def get_with_redrive_allow_policy(self, queue_name, attribute_names):
        # Asked by name, the attribute failed moto's list of known names (InvalidAttributeName).
        others = [n for n in attribute_names if n != "RedriveAllowPolicy"]
        result = get_queue_attributes(self, queue_name, others) if others else {}
        if "RedriveAllowPolicy" in attribute_names:
            value = self.get_queue(queue_name).attributes.get("RedriveAllowPolicy")
            if value is not None:
                result["RedriveAllowPolicy"] = value
        return result

    SQSBackend.get_queue_attributes = get_with_redrive_allow_policy


@patch(
    "sqs-set-attributes-partial",
    "sqs",
    "SetQueueAttributes sets the attributes it is given and leaves the others as they are "
    "(SQS API Reference, SetQueueAttributes: 'Sets the value of one or more queue attributes')",
    "cleared the queue's Policy on every SetQueueAttributes that did not carry one, so setting a "
    "dead-letter queue's RedriveAllowPolicy deleted its TLS-only policy",
)
def _sqs_set_attributes_partial():
    from moto.sqs.models import Queue

    set_attributes = Queue._set_attributes

    def keeping_policy(self, attributes, now=None):
        kept = getattr(self, "_policy_json", None)
        set_attributes(self, attributes, now)
        if "Policy" not in attributes and kept is not None:
            self._policy_json = kept

    Queue._set_attributes = keeping_policy


@patch(
    "sqs-redrive-policy-json",
    "sqs",
    "GetQueueAttributes returns RedrivePolicy as the compact JSON it was set with (the aws "
    "provider compares it as a string, with no JSON-equivalence suppression, and shows no diff "
    "on AWS)",
    "re-serialized it with a space after every ',' and ':', a perpetual whitespace diff",
)
def _sqs_redrive_policy_json():
    from moto.sqs.models import Queue

    attributes = Queue.attributes.fget

    def compact_redrive_policy(self):
        result = attributes(self)
        if self.redrive_policy:
            result["RedrivePolicy"] = json.dumps(self.redrive_policy, separators=(",", ":"))
        return result

    Queue.attributes = property(compact_redrive_policy)


@patch(
    "application-autoscaling-tags",
    "application-autoscaling",
    "keeps the Tags of RegisterScalableTarget and answers ListTagsForResource, TagResource and "
    "UntagResource for scalable targets",
    "did not implement ListTagsForResource (HTTP 500), so the provider retried until its timeout",
)
def _application_autoscaling_tags():
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse

    tags_by_arn = {}
    register = ApplicationAutoScalingResponse.register_scalable_target

    def register_with_tags(self):
        body = register(self)
        arn = json.loads(body)["ScalableTargetARN"]
        tags_by_arn.setdefault(arn, {}).update(self._get_param("Tags") or {})
        return body

    def list_tags_for_resource(self):
        return json.dumps({"Tags": tags_by_arn.get(self._get_param("ResourceARN"), {})})

    def tag_resource(self):
        tags_by_arn.setdefault(self._get_param("ResourceARN"), {}).update(
            self._get_param("Tags") or {}
        )
        return json.dumps({})

    def untag_resource(self):
        tags = tags_by_arn.get(self._get_param("ResourceARN"), {})
        for key in self._get_param("TagKeys") or []:
            tags.pop(key, None)
        return json.dumps({})

    ApplicationAutoScalingResponse.register_scalable_target = register_with_tags
    ApplicationAutoScalingResponse.list_tags_for_resource = list_tags_for_resource
    ApplicationAutoScalingResponse.tag_resource = tag_resource
    ApplicationAutoScalingResponse.untag_resource = untag_resource


@patch(
    "stepfunctions-validate-definition",
    "stepfunctions",
    "ValidateStateMachineDefinition checks an Amazon States Language definition and answers "
    "OK or FAIL with diagnostics (the aws provider calls it before creating a state machine)",
    "did not implement it (HTTP 500, retried by the provider until its timeout)",
)
def _stepfunctions_validate_definition():
    from moto.stepfunctions.responses import StepFunctionResponse

    def validate_state_machine_definition(self):
        # Only what can be judged without AWS's ASL validator: a JSON object naming its states.
        try:
            definition = json.loads(self._get_param("definition") or "")
            ok = isinstance(definition, dict) and "StartAt" in definition and "States" in definition
        except ValueError:
            ok = False
        diagnostics = [] if ok else [
            {"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED",
             "message": "not a JSON object with StartAt and States", "location": "/"}
        ]
        return json.dumps({"result": "OK" if ok else "FAIL", "diagnostics": diagnostics})

    StepFunctionResponse.validate_state_machine_definition = validate_state_machine_definition


@patch(
    "stepfunctions-list-versions",
    "stepfunctions",
    "ListStateMachineVersions lists the published versions of a state machine (the aws provider "
    "reads them after every create and refresh)",
    "did not implement it (HTTP 500, retried by the provider until its timeout)",
)
def _stepfunctions_list_versions():
    from moto.stepfunctions.responses import StepFunctionResponse

    def list_state_machine_versions(self):
        machine = self.stepfunction_backend.describe_state_machine(
            self._get_param("stateMachineArn")
        )
        versions = [
            {"stateMachineVersionArn": v.arn, "creationDate": getattr(v, "creation_date", None)}
            for v in sorted(machine.versions.values(), key=lambda v: v.version, reverse=True)
        ]
        return json.dumps({"stateMachineVersions": versions})

    StepFunctionResponse.list_state_machine_versions = list_state_machine_versions


@patch(
    "ec2-group-rule-description",
    "ec2",
    "DescribeSecurityGroupRules returns the Description of every rule, a rule that references "
    "another security group included (EC2 API Reference, SecurityGroupRule)",
    "kept the description of a group-referencing rule but answered it only for CIDR rules: "
    "a perpetual diff on every aws_vpc_security_group_*_rule between two groups",
)
def _ec2_group_rule_description():
    from moto.ec2.models.security_groups import SecurityGroupRule

    SecurityGroupRule.description = property(
        lambda self: self.ip_range.get("Description") or self.source_group.get("Description")
    )


# CreateService parameters moto 5.2.1 reads itself; every other one it dropped.
ECS_SERVICE_PARAMS_MOTO_KEEPS = {
    "cluster", "serviceName", "taskDefinition", "desiredCount", "loadBalancers",
    "schedulingStrategy", "serviceRegistries", "tags", "deploymentController", "launchType",
    "platformVersion", "propagateTags", "networkConfiguration", "role", "clientToken",
}


@patch(
    "ecs-service-settings",
    "ecs",
    "DescribeServices returns what CreateService was given: capacityProviderStrategy, "
    "enableECSManagedTags, enableExecuteCommand, deploymentConfiguration, "
    "healthCheckGracePeriodSeconds, availabilityZoneRebalancing...; launchType is omitted when "
    "the service was created with a capacity provider strategy (ECS API Reference, Service)",
    "dropped those settings and answered launchType EC2 for a service created with a capacity "
    "provider strategy: a perpetual diff on every aws_ecs_service",
)
def _ecs_service_settings():
    from botocore import xform_name
    from moto.ecs.responses import EC2ContainerServiceResponse as ECSResponse

    create_service = ECSResponse.create_service

    def create_keeping_settings(self):
        result = create_service(self)
        service = self.ecs_backend._get_service(
            self._get_param("cluster", "default"), self._get_param("serviceName")
        )
        for name, value in self._get_params().items():
            if name not in ECS_SERVICE_PARAMS_MOTO_KEEPS and value is not None:
                setattr(service, xform_name(name), value)
        if self._get_param("capacityProviderStrategy") and not self._get_param("launchType"):
            service.launch_type = None
            for deployment in service.deployments:
                deployment["launchType"] = None
        return result

    ECSResponse.create_service = create_keeping_settings


def write_tls_material(workdir):
    """A throw-away CA and a server certificate for 127.0.0.1/localhost signed by it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    lifetime = datetime.timedelta(days=2)

    def name(cn):
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("gitana rehearsal emulator CA"))
        .issuer_name(name("gitana rehearsal emulator CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + lifetime)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name("127.0.0.1"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + lifetime)
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    paths = {name: os.path.join(workdir, name) for name in ("ca.pem", "server.pem", "server.key")}
    with open(paths["ca.pem"], "wb") as f:
        f.write(ca.public_bytes(pem))
    with open(paths["server.pem"], "wb") as f:
        f.write(cert.public_bytes(pem))
    with open(paths["server.key"], "wb") as f:
        f.write(
            key.private_bytes(
                pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    return paths


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    if args.list:
        listed = [{k: v for k, v in p.items() if k != "apply"} for p in PATCHES]
        print(json.dumps({"patches": listed, "gaps": GAPS}))
        return
    import moto

    if moto.__version__ != "5.2.1":
        # The patches replace moto internals of 5.2.1: on another version, review them first.
        sys.exit(f"the rehearsal's moto patches are written for moto 5.2.1, found {moto.__version__}")
    for p in PATCHES:
        p["apply"]()
    tls = write_tls_material(args.workdir)
    port = free_port()
    from moto.server import main as moto_main

    print(f"moto-ready https://127.0.0.1:{port}", flush=True)
    moto_main(["-H", "127.0.0.1", "-p", str(port), "-c", tls["server.pem"], "-k", tls["server.key"]])


if __name__ == "__main__":
    main()
