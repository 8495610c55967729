import {
  DnsValidatedCertificate,
  loadBalancerAlias,
  type DnsValidatedCertificateProps,
} from "../../constructs/dns";
import { TerraformOutput } from "cdktf";
import { bareStack, synthStack } from "../helpers/bare-stack";
import { address, ref, resourceOf, resourcesOf, type StackJson } from "../helpers/synth";

/** A DnsValidatedCertificate alone on a bare stack, for the api and ui hosts. */
function certificateStack(props: Partial<DnsValidatedCertificateProps> = {}): StackJson {
  const stack = bareStack();
  new DnsValidatedCertificate(stack, "certificate", {
    domainName: "cms.example.com",
    hostNames: ["api", "ui"],
    hostedZoneId: "Z0123456789",
    ...props,
  });
  return synthStack(stack);
}

/** The Terraform expression the construct reads a validation option's attribute with. */
const option = (stack: StackJson, attribute: string) =>
  `\${{ for option in ${address(stack, "aws_acm_certificate", "")}.domain_validation_options : option.domain_name => option.${attribute} }[each.value]}`;

describe("DnsValidatedCertificate", () => {
  const bare = certificateStack();

  test("covers the first host as its domain and the others as alternative names", () => {
    expect(resourceOf(bare, "aws_acm_certificate")).toMatchObject({
      domain_name: "api.cms.example.com",
      subject_alternative_names: ["ui.cms.example.com"],
    });
  });

  test("a single host has no alternative names", () => {
    expect(
      resourceOf(certificateStack({ hostNames: ["api"] }), "aws_acm_certificate")
        .subject_alternative_names,
    ).toEqual([]);
  });

  test("is validated through DNS", () => {
    expect(resourceOf(bare, "aws_acm_certificate").validation_method).toBe("DNS");
  });

  test("uses an ECDSA P-256 key", () => {
    expect(resourceOf(bare, "aws_acm_certificate").key_algorithm).toBe("EC_prime256v1");
  });

  test("is replaced by creating the new certificate before destroying the old one", () => {
    expect(resourceOf(bare, "aws_acm_certificate").lifecycle).toEqual({
      create_before_destroy: true,
    });
  });

  test("refuses an empty list of hosts", () => {
    expect(() => certificateStack({ hostNames: [] })).toThrow(
      /certificate: hostNames must name at least one host/,
    );
  });

  test("makes one validation record per host name, keyed on the names", () => {
    const [[, record]] = resourcesOf(bare, "aws_route53_record");
    expect(resourcesOf(bare, "aws_route53_record")).toHaveLength(1);
    expect(record.for_each).toEqual('${toset(["api.cms.example.com", "ui.cms.example.com"])}');
  });

  test("validation records go in the hosted zone with the name, type and value ACM asks for", () => {
    expect(resourceOf(bare, "aws_route53_record")).toMatchObject({
      zone_id: "Z0123456789",
      name: option(bare, "resource_record_name"),
      type: option(bare, "resource_record_type"),
      records: [option(bare, "resource_record_value")],
      ttl: 300,
    });
  });

  test("validation records may overwrite a record left by an earlier certificate", () => {
    expect(resourceOf(bare, "aws_route53_record").allow_overwrite).toBe(true);
  });

  test("waits for validation of its certificate through all the validation records", () => {
    const records = address(bare, "aws_route53_record", "");
    expect(resourceOf(bare, "aws_acm_certificate_validation")).toEqual({
      certificate_arn: ref(bare, "aws_acm_certificate", "", "arn"),
      validation_record_fqdns: `\${[for record in ${records} : record.fqdn]}`,
    });
  });

  test("its certificateArn is the validated one, so users wait for issuance", () => {
    const stack = bareStack();
    const certificate = new DnsValidatedCertificate(stack, "certificate", {
      domainName: "cms.example.com",
      hostNames: ["api"],
      hostedZoneId: "Z0123456789",
    });
    new TerraformOutput(stack, "arn", { value: certificate.certificateArn });
    const json = synthStack(stack);
    expect(json.output?.arn.value).toBe(
      ref(json, "aws_acm_certificate_validation", "", "certificate_arn"),
    );
  });
});

describe("loadBalancerAlias", () => {
  test("is an alias A record for the name, following the load balancer's health", () => {
    const stack = bareStack();
    loadBalancerAlias(stack, "api-alias", {
      hostedZoneId: "Z0123456789",
      recordName: "api.cms.example.com",
      loadBalancerDnsName: "api-123.eu-west-1.elb.amazonaws.com",
      loadBalancerZoneId: "Z32O12XQLNTSW2",
    });
    expect(resourceOf(synthStack(stack), "aws_route53_record")).toEqual({
      zone_id: "Z0123456789",
      name: "api.cms.example.com",
      type: "A",
      alias: {
        name: "api-123.eu-west-1.elb.amazonaws.com",
        zone_id: "Z32O12XQLNTSW2",
        evaluate_target_health: true,
      },
    });
  });
});
