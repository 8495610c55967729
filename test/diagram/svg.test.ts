/**
 * The committed pictures must be what `npm run diagram` draws from today's stacks: a change to
 * the stacks that changes the architecture must come with the redrawn picture.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FONT, inFontSubset } from "../../tools/diagram/fonts";
import { diagramSvg } from "../../tools/diagram/render";
import { synthShippedEnvs, writeStacks } from "../helpers/synth";

const DOCS = join(__dirname, "..", "..", "docs");

let stackDirs: Record<string, string>;

beforeAll(() => {
  stackDirs = writeStacks(synthShippedEnvs());
});

test.each(["dev", "prod"])("docs/architecture-%s.svg is up to date", (env) => {
  const file = join(DOCS, `architecture-${env}.svg`);
  const drawn = diagramSvg(env, stackDirs[env]);
  const committed = existsSync(file) ? readFileSync(file, "utf8") : "";
  const verdict =
    drawn === committed
      ? "up to date"
      : `docs/architecture-${env}.svg is out of date: run \`npm run diagram -- ${env}\``;
  expect(verdict).toBe("up to date");
});

test("the drawing is an SVG with every service and data store in it", () => {
  const svg = diagramSvg("prod", stackDirs.prod);
  expect(svg).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1].replace(/&#45;/g, "-"),
  );
  for (const text of ["api-worker", "clamav", "DocumentDB", "OpenSearch", "api.cms.example.com"]) {
    expect(texts).toContainEqual(expect.stringContaining(text));
  }
  // Reproducible: no timestamps, nothing that changes from one run to the next.
  expect(diagramSvg("prod", stackDirs.prod)).toBe(svg);
});

test.each(["dev", "prod"])(
  "the %s drawing carries its font, sized by Graphviz for that font, with every character it draws",
  (env) => {
    const svg = diagramSvg(env, stackDirs[env]);
    expect(svg).toContain(
      `@font-face{font-family:"${FONT}";font-weight:normal;src:url(data:font/woff;base64,`,
    );
    expect(svg).toContain(
      `@font-face{font-family:"${FONT}";font-weight:bold;src:url(data:font/woff;base64,`,
    );
    const families = new Set([...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]));
    expect([...families].map((f) => f.split(",")[0])).toEqual([FONT]);
    const drawn = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)]
      .map((m) =>
        m[1].replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code))),
      )
      .join("");
    expect([...new Set(drawn)].filter((char) => !inFontSubset(char))).toEqual([]);
  },
);
