import { z } from "zod";
import { CONTROL_IDS } from "../facts/controls";

/**
 * Controls of the security baseline an env accepts failing, each with a written reason that every
 * `npm run check` report prints. prod has none.
 */
export const suppressionsSchema = z
  .array(
    z.strictObject({
      /** The control's id, as `npm run check` prints it (e.g. `ELB.6`). */
      control: z
        .string({ error: "must be a control id" })
        .refine((id) => CONTROL_IDS.includes(id), {
          error: (issue) =>
            `is not a control of the policy check; known: ${CONTROL_IDS.join(", ")} (got ${String(issue.input)})`,
        }),
      /** Why this env accepts the failure; printed with every report. */
      reason: z
        .string({ error: "must say why this env accepts the failure" })
        .trim()
        .min(20, { error: "must say why this env accepts the failure, in at least 20 characters" }),
      /** Only findings on this resource: its exact address, or a construct path inside the stack
       * (`gitana/compute/api`) covering it and what is under it (see policy `suppressionCovers`).
       * @default - every resource */
      resource: z
        .string()
        .min(1, { error: "must not be empty; omit it to cover every resource" })
        .optional(),
    }),
    { error: "must be a list of { control, reason } objects" },
  )
  .default([]);
