/**
 * Terraform's plan of a synthesized stack (`terraform show -json <planfile>`), the parts the
 * tools read: what will change, and the values after provider defaults.
 */

import type { Mode } from "./resources";

export interface PlanJson {
  resource_changes?: PlanJsonChange[];
  planned_values?: { root_module?: { resources?: PlanJsonResource[] } };
  /** Data sources Terraform could read while planning are here, not in planned_values. */
  prior_state?: { values?: { root_module?: { resources?: PlanJsonResource[] } } };
}

export interface PlanJsonChange {
  address: string;
  type: string;
  mode: Mode;
  previous_address?: string;
  action_reason?: string;
  change: { actions: string[]; replace_paths?: unknown[][] };
}

export interface PlanJsonResource {
  address: string;
  mode: Mode;
  type: string;
  name: string;
  index?: unknown;
  values?: Record<string, unknown>;
}
