import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ASSETS_DIR } from "../paths";

/**
 * The diagram's font, embedded in every SVG so it renders alike everywhere. Graphviz sizes each
 * box for the font it is told (it carries metrics for DejaVu Sans); a viewer that draws the labels
 * in another font (Helvetica is missing on many Linux machines, which then substitute a wider
 * font) overflows them. DejaVu Sans is embedded as an @font-face, which browsers (GitHub, IDE
 * previews) use on any OS; renderers that ignore @font-face, such as librsvg, find it installed
 * on nearly every Linux desktop, where it is fontconfig's default sans-serif.
 *
 * The embedded files are subsets of DejaVu Sans 2.37 (Bitstream Vera licence, with the DejaVu
 * changes in the public domain: assets/fonts/DejaVu-LICENSE.txt) to the characters below, made
 * with fontTools (Debian's python3-fonttools):
 *
 *   python3 -m fontTools.subset /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
 *     --unicodes=<FONT_UNICODES> --layout-features='' --flavor=woff \
 *     --output-file=assets/fonts/DejaVuSans-diagram.woff
 *
 * (and DejaVuSans-Bold.ttf to DejaVuSans-Bold-diagram.woff). test/diagram checks that every
 * character a diagram draws is in the subset.
 */
export const FONT = "DejaVu Sans";

/** The characters of the subsets, as fontTools' --unicodes takes them. */
export const FONT_UNICODES =
  "U+0020-007E,U+00A0,U+00B7,U+00D7,U+2013,U+2014,U+2026,U+2192,U+2501,U+254D";

/** Whether the embedded subsets can draw `char`. */
export function inFontSubset(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return FONT_UNICODES.split(",").some((range) => {
    const [from, to = from] = range.split("-").map((u) => parseInt(u.replace("U+", ""), 16));
    return code >= from && code <= to;
  });
}

const FONTS_DIR = join(ASSETS_DIR, "fonts");

function woff(file: string): string {
  return readFileSync(join(FONTS_DIR, file)).toString("base64");
}

/** `svg` with the font's regular and bold faces embedded right after its opening tag. */
export function withEmbeddedFont(svg: string): string {
  const faces = [
    ["normal", "DejaVuSans-diagram.woff"],
    ["bold", "DejaVuSans-Bold-diagram.woff"],
  ]
    .map(
      ([weight, file]) =>
        `@font-face{font-family:"${FONT}";font-weight:${weight};src:url(data:font/woff;base64,${woff(file)}) format("woff")}`,
    )
    .join("\n");
  const open = /<svg\b[^>]*>/.exec(svg);
  if (!open) throw new Error("Graphviz returned no <svg> element");
  const at = open.index + open[0].length;
  return `${svg.slice(0, at)}\n<style>\n${faces}\n</style>${svg.slice(at)}`;
}
