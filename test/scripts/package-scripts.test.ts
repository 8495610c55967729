import { readFileSync } from "node:fs";
import { join } from "node:path";

const { scripts } = JSON.parse(
  readFileSync(join(__dirname, "..", "..", "package.json"), "utf8"),
) as {
  scripts: Record<string, string>;
};

test.each(Object.entries(scripts).filter(([, command]) => /\bcdktf\b/.test(command)))(
  "npm run %s turns off the checkpoint call of the cdktf CLI",
  (_name, command) => {
    expect(command).toMatch(/^CHECKPOINT_DISABLE=1 cdktf\b/);
  },
);
