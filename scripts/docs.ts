/**
 * `npm run docs`: writes the generated references, each checked for staleness by `npm test`:
 * docs/configuration.md (the env schema), docs/outputs.md (the stacks' outputs) and
 * docs/runtime-contract.md (what Gitana needs at run time).
 */
import { runCommand } from "../tools/cli";
import { writeReferences } from "../tools/docs/write";

const spec = {
  command: "docs",
  summary:
    "Rewrites the generated references: docs/configuration.md, docs/outputs.md and docs/runtime-contract.md.",
} as const;

runCommand(spec, () => {
  for (const file of writeReferences()) console.log(`docs/${file}`);
});
