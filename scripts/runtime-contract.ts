/** `npm run runtime-contract`: writes docs/runtime-contract.md from the contract in code. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runtimeContractMarkdown } from "../modules/ecs/runtime-contract-doc";
import { runCommand } from "./lib/cli";

const spec = {
  command: "runtime-contract",
  summary:
    "Rewrites docs/runtime-contract.md (what each Gitana component gets at run time) from the contract in code.",
} as const;

runCommand(spec, () => {
  const file = join(__dirname, "..", "docs", "runtime-contract.md");
  writeFileSync(file, runtimeContractMarkdown());
  console.log("docs/runtime-contract.md");
});
