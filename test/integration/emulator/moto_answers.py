"""
What moto answers, in-process (boto3 against moto's mock, no server, no terraform), for the
requests behind the rehearsal's drift patches. test/emulator-patches.test.ts runs it twice: with
the launcher's patches (the answers must be AWS's) and without (moto 5.2.1's own answers, so a
patch that no longer changes anything is noticed).

Usage: python3 moto_answers.py patched|unpatched  -> one JSON object on stdout
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "tools", "harness", "emulator"))

import moto_launcher  # noqa: E402

REGION = "eu-west-1"


def ecs_service(boto3):
    ec2 = boto3.client("ec2", region_name=REGION)
    ecs = boto3.client("ecs", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="api", Description="api", VpcId=vpc)["GroupId"]
    ecs.create_cluster(clusterName="gitana")
    ecs.register_task_definition(
        family="api",
        containerDefinitions=[{"name": "api", "image": "cloudcms/api"}],
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
    )
    ecs.create_service(
        cluster="gitana",
        serviceName="api",
        taskDefinition="api",
        desiredCount=1,
        capacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 1}],
        enableECSManagedTags=True,
        enableExecuteCommand=True,
        propagateTags="SERVICE",
        networkConfiguration={
            "awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [group]}
        },
    )
    service = ecs.describe_services(cluster="gitana", services=["api"])["services"][0]
    return {
        "launchType": service.get("launchType"),
        "capacityProviderStrategy": service.get("capacityProviderStrategy"),
        "enableECSManagedTags": service.get("enableECSManagedTags"),
        "enableExecuteCommand": service.get("enableExecuteCommand"),
    }


def group_rule_description(boto3):
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    api = ec2.create_security_group(GroupName="api", Description="api", VpcId=vpc)["GroupId"]
    db = ec2.create_security_group(GroupName="db", Description="db", VpcId=vpc)["GroupId"]
    rule = ec2.authorize_security_group_ingress(
        GroupId=db,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 27017,
                "ToPort": 27017,
                "UserIdGroupPairs": [{"GroupId": api, "Description": "api to port 27017"}],
            }
        ],
    )["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    described = ec2.describe_security_group_rules(SecurityGroupRuleIds=[rule])
    return described["SecurityGroupRules"][0].get("Description")


def sqs_queues(boto3):
    sqs = boto3.client("sqs", region_name=REGION)
    dlq = sqs.create_queue(QueueName="notifications-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 5}, separators=(",", ":"))
    queue = sqs.create_queue(QueueName="notifications", Attributes={"RedrivePolicy": redrive})[
        "QueueUrl"
    ]
    tls_only = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "sqs:*",
                "Resource": dlq_arn,
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ],
    }
    sqs.set_queue_attributes(QueueUrl=dlq, Attributes={"Policy": json.dumps(tls_only)})
    sqs.set_queue_attributes(
        QueueUrl=dlq,
        Attributes={"RedriveAllowPolicy": json.dumps({"redrivePermission": "allowAll"})},
    )
    dlq_attributes = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["All"])["Attributes"]
    queue_attributes = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])[
        "Attributes"
    ]
    return {
        "dlqPolicyKept": "Policy" in dlq_attributes,
        "redrivePolicy": queue_attributes["RedrivePolicy"],
        "redrivePolicySent": redrive,
    }


def docdb_storage_type(boto3):
    docdb = boto3.client("docdb", region_name=REGION)
    docdb.create_db_cluster(
        DBClusterIdentifier="gitana",
        Engine="docdb",
        MasterUsername="gitana",
        MasterUserPassword="not-a-real-password",
        StorageEncrypted=True,
    )
    cluster = docdb.describe_db_clusters(DBClusterIdentifier="gitana")["DBClusters"][0]
    return cluster.get("StorageType")


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode not in ("patched", "unpatched"):
        sys.exit("usage: moto_answers.py patched|unpatched")
    # Without the docdb engine patch moto refuses the cluster: that one is always on.
    always = {"rds-docdb-engine"}
    for patch in moto_launcher.PATCHES:
        if mode == "patched" or patch["id"] in always:
            patch["apply"]()
    import boto3
    from moto import mock_aws

    answers = {}
    for name, scenario in (
        ("ecsService", ecs_service),
        ("groupRuleDescription", group_rule_description),
        ("sqs", sqs_queues),
        ("docdbStorageType", docdb_storage_type),
    ):
        with mock_aws():
            answers[name] = scenario(boto3)
    print(json.dumps(answers))


if __name__ == "__main__":
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    main()
