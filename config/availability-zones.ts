/**
 * The Availability Zone names of each region, so a config naming one that does not exist (say
 * eu-west-1d) fails at synth rather than at apply. An AZ name is the region code and a letter.
 *
 * Source: AWS, "AWS Availability Zones" (AWS Regions and Availability Zones guide,
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html),
 * which lists each region's AZ IDs; checked 2026-12-02. The page gives AZ IDs (euw1-az1), not the
 * letters an account sees: in the oldest regions AWS maps letters to AZs per account, and a few
 * letters exist only in older accounts (noted below). The letters here are the ones `aws ec2
 * describe-availability-zones` shows to accounts created today; what a given account sees is the
 * final word. A region missing from this table is not checked beyond its name pattern.
 *
 * To add or correct a region: `aws ec2 describe-availability-zones --region <region>
 * --query 'AvailabilityZones[?ZoneType==`availability-zone`].ZoneName'`, then update AS_OF.
 */
export const AVAILABILITY_ZONES_AS_OF = "2026-12-02";

const LETTERS: Readonly<Record<string, string>> = {
  "us-east-1": "abcdef",
  "us-east-2": "abc",
  // Three AZs exist; each account sees two of them (which two differs per account).
  "us-west-1": "abc",
  "us-west-2": "abcd",
  // cac1-az3 does not exist: the letters are a, b and d.
  "ca-central-1": "abd",
  "ca-west-1": "abc",
  "sa-east-1": "abc",
  "eu-west-1": "abc",
  "eu-west-2": "abc",
  "eu-west-3": "abc",
  "eu-central-1": "abc",
  "eu-central-2": "abc",
  "eu-north-1": "abc",
  "eu-south-1": "abc",
  "eu-south-2": "abc",
  "ap-south-1": "abc",
  "ap-south-2": "abc",
  // ap-northeast-1b is offered to some older accounts only.
  "ap-northeast-1": "abcd",
  "ap-northeast-2": "abcd",
  "ap-northeast-3": "abc",
  "ap-southeast-1": "abc",
  "ap-southeast-2": "abc",
  "ap-southeast-3": "abc",
  "ap-southeast-4": "abc",
  "ap-east-1": "abc",
  "af-south-1": "abc",
  "me-south-1": "abc",
  "me-central-1": "abc",
  "il-central-1": "abc",
};

/** The AZ names of `region`, or undefined when the table does not know the region. */
export function availabilityZonesOf(region: string): string[] | undefined {
  const letters = LETTERS[region];
  return letters === undefined ? undefined : [...letters].map((letter) => `${region}${letter}`);
}
