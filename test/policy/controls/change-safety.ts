import type { Control } from "./control";
import { resource, planOfChanges } from "../fixtures";

/** Plans against a deployed state (more cases in ../change-safety.test.ts). */
export const changeSafetyControls: Record<string, Control> = {
  "Gitana.ChangeSafety": {
    passes: [
      [
        "an in-place update of a protected cluster",
        () =>
          planOfChanges([resource("aws_docdb_cluster", "db", {}, { preventDestroy: true })], {
            address: "aws_docdb_cluster.db",
            type: "aws_docdb_cluster",
            actions: ["update"],
            replacePaths: [],
          }),
      ],
    ],
    fails: [
      [
        "a protected cluster replaced",
        () =>
          planOfChanges([resource("aws_docdb_cluster", "db", {}, { preventDestroy: true })], {
            address: "aws_docdb_cluster.db",
            type: "aws_docdb_cluster",
            actions: ["delete", "create"],
            replacePaths: ["master_username"],
          }),
        "would be replaced: changing master_username forces it",
      ],
    ],
  },
};
