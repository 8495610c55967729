import type { Resource, PlanView } from "./plan-view";

/** The outcome of one control on one resource. */
export interface Finding {
  readonly control: string;
  readonly resource: string;
  readonly pass: boolean;
  /** Why it passes or fails, in a sentence a reviewer can act on. */
  readonly why: string;
  /**
   * What must still happen after apply that no plan can show (a step inside the service): such a
   * finding is reported as MANUAL, never as a pass.
   */
  readonly afterApply?: string;
}

export interface Rule {
  /** AWS Foundational Security Best Practices id where one exists (e.g. `S3.5`), else `Gitana.<name>`. */
  readonly id: string;
  readonly title: string;
  check(view: PlanView): Finding[];
}

/**
 * A rule that judges each resource of `resources(view)` on its own. With `afterApply`, what the
 * plan can show is necessary but not enough: a resource that passes is MANUAL until that is done.
 */
export function perResource(
  id: string,
  title: string,
  resources: (view: PlanView) => Resource[],
  judge: (resource: Resource, view: PlanView) => string | undefined,
  passWhy: string,
  afterApply?: string,
): Rule {
  return {
    id,
    title,
    check: (view) =>
      resources(view).map((resource) => {
        const problem = judge(resource, view);
        return {
          control: id,
          resource: resource.address,
          pass: problem === undefined,
          why: problem ?? passWhy,
          ...(problem === undefined && afterApply ? { afterApply } : {}),
        };
      }),
  };
}

/** A rule about the stack as a whole (something must exist). */
export function stackWide(
  id: string,
  title: string,
  judge: (view: PlanView) => string | undefined,
  passWhy: string,
): Rule {
  return {
    id,
    title,
    check: (view) => {
      const problem = judge(view);
      return [
        { control: id, resource: "(stack)", pass: problem === undefined, why: problem ?? passWhy },
      ];
    },
  };
}

/**
 * A judge for "keeps at least `minimum` days": reads `attribute` (AWS's `awsDefault` when the
 * plan leaves it unset) and names what it found, e.g. "backup retention is 1 days".
 */
export function keepsAtLeastDays(
  attribute: string,
  awsDefault: number,
  minimum: number,
  what: string,
): (resource: Resource) => string | undefined {
  return (resource) => {
    const days = resource.attrs[attribute] ?? awsDefault;
    return Number(days) >= minimum ? undefined : `${what} is ${String(days)} days`;
  };
}
