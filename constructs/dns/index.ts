import { Construct } from "constructs";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { TerraformIterator, Token } from "cdktf";

export interface DnsValidatedCertificateProps {
  /** The domain, e.g. `cms.example.com`. */
  readonly domainName: string;
  /** Host names under the domain the certificate covers: `api` gives api.cms.example.com. */
  readonly hostNames: readonly string[];
  /** The public hosted zone that answers for the domain. */
  readonly hostedZoneId: string;
}

/**
 * An ACM certificate for `<host>.<domain>` of every host, validated through DNS records in the
 * hosted zone. `certificateArn` resolves only once ACM has issued it, so a listener that uses it
 * is never created with a pending certificate. ACM renews it as long as the records stay.
 */
export class DnsValidatedCertificate extends Construct {
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    if (props.hostNames.length === 0)
      throw new Error(`${this.node.path}: hostNames must name at least one host`);
    const [first, ...others] = props.hostNames.map((host) => `${host}.${props.domainName}`);
    const certificate = new AcmCertificate(this, "certificate", {
      domainName: first,
      subjectAlternativeNames: others,
      validationMethod: "DNS",
      keyAlgorithm: "EC_prime256v1",
      lifecycle: { createBeforeDestroy: true },
    });
    // One record per host name. The keys are the names themselves, known at plan time; keying on
    // domain_validation_options instead fails to plan ("keys ... cannot be determined until apply").
    const hosts = TerraformIterator.fromList([first, ...others]);
    const option = (attribute: string) =>
      `\${{ for option in ${certificate.fqn}.domain_validation_options : option.domain_name => option.${attribute} }[each.value]}`;
    const records = new Route53Record(this, "validation-record", {
      forEach: hosts,
      zoneId: props.hostedZoneId,
      name: option("resource_record_name"),
      type: option("resource_record_type"),
      records: [option("resource_record_value")],
      ttl: 300,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, "validation", {
      certificateArn: certificate.arn,
      validationRecordFqdns: Token.asList(`\${[for record in ${records.fqn} : record.fqdn]}`),
    });
    this.certificateArn = validation.certificateArn;
  }
}

export interface LoadBalancerAliasProps {
  readonly hostedZoneId: string;
  /** Full record name, e.g. `api.cms.example.com`. */
  readonly recordName: string;
  readonly loadBalancerDnsName: string;
  readonly loadBalancerZoneId: string;
}

/** An alias A record pointing a name at a load balancer (free of charge, follows its IPs). */
export function loadBalancerAlias(
  scope: Construct,
  id: string,
  props: LoadBalancerAliasProps,
): Route53Record {
  return new Route53Record(scope, id, {
    zoneId: props.hostedZoneId,
    name: props.recordName,
    type: "A",
    alias: {
      name: props.loadBalancerDnsName,
      zoneId: props.loadBalancerZoneId,
      evaluateTargetHealth: true,
    },
  });
}
