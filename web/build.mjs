// Bundles the UI into OUTDIR (default dist/): app.js (Preact + TypeScript via esbuild), index.html
// and app.css. meson runs this and embeds OUTDIR into the lgsec binary (src/core/embed.h).
import { build } from "esbuild";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const outdir = process.argv[2] ?? join(here, "dist");
const stamp = process.argv[3];

await mkdir(outdir, { recursive: true });
await build({
  entryPoints: [join(here, "src/main.tsx")],
  bundle: true,
  minify: true,
  format: "esm",
  target: ["chrome109", "edge109"],
  jsx: "automatic",
  jsxImportSource: "preact",
  outfile: join(outdir, "app.js"),
  logLevel: "warning",
  legalComments: "none",
});
await copyFile(join(here, "src/index.html"), join(outdir, "index.html"));
await copyFile(join(here, "src/app.css"), join(outdir, "app.css"));
await copyFile(join(here, "src/favicon.svg"), join(outdir, "favicon.svg"));
if (stamp) await writeFile(stamp, "built\n");
