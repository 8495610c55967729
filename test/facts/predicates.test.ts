import { MAX_NAME_BASE_LENGTH } from "../../config/schema";
import { REGION_PATTERN } from "../../facts/aws-env";
import { scalingRangeProblem } from "../../facts/fargate";
import {
  OPENSEARCH_DOMAIN_NAME_MAX_LENGTH,
  openSearchDomainName,
  spreadsOverZones,
} from "../../facts/opensearch";

// Each rule is written once here and used by both config (user input) and constructs (props).

describe("scalingRangeProblem", () => {
  test("accepts a minimum up to the maximum", () => {
    expect(scalingRangeProblem(2, 2)).toBeUndefined();
    expect(scalingRangeProblem(0, 1)).toBeUndefined();
  });
  test("names the maximum a larger minimum exceeds", () => {
    expect(scalingRangeProblem(3, 2)).toBe("must not exceed maxCount (2)");
  });
});

describe("spreadsOverZones", () => {
  test.each([1, 3, 6, 9])("%i data nodes fit three zones", (nodes) => {
    expect(spreadsOverZones(nodes, 3)).toBe(true);
  });
  test.each([2, 4, 5, 7])("%i data nodes do not", (nodes) => {
    expect(spreadsOverZones(nodes, 3)).toBe(false);
  });
});

test("the OpenSearch domain of the longest name base config allows stays within AWS's 28", () => {
  expect(OPENSEARCH_DOMAIN_NAME_MAX_LENGTH).toBe(28);
  const longest = openSearchDomainName("a".repeat(MAX_NAME_BASE_LENGTH));
  expect(longest.length).toBeLessThanOrEqual(OPENSEARCH_DOMAIN_NAME_MAX_LENGTH);
});

describe("REGION_PATTERN", () => {
  test.each(["eu-west-1", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1", "cn-north-1"])(
    "accepts %s",
    (region) => expect(REGION_PATTERN.test(region)).toBe(true),
  );
  test.each(["mars", "eu-west", "EU-WEST-1", "eu-west-1a"])("refuses %s", (region) =>
    expect(REGION_PATTERN.test(region)).toBe(false),
  );
});
