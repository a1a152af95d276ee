// poppler-utils as the tests' independent reader of the PDFs lgsec prints: pdftotext gives the text
// (a second opinion next to lib/pdftext.mjs, which only reads what cairo writes), pdftoppm a PNG of
// a page for the browser test log. Both are Debian's poppler-utils (scripts/install-deps.sh); when
// missing, the tests fail saying so rather than skip.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function run(tool, args) {
  try {
    return execFileSync(tool, args, { maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    if (e.code === "ENOENT")
      throw new Error(`${tool} is not installed: the PDF tests need Debian's poppler-utils (scripts/install-deps.sh installs it)`);
    throw new Error(`${tool} ${args.join(" ")} failed: ${e.stderr?.toString() || e.message}`);
  }
}

function withFile(bytes, fn) {
  const dir = mkdtempSync(join(tmpdir(), "lgsec-pdf-"));
  try {
    const file = join(dir, "in.pdf");
    writeFileSync(file, bytes);
    return fn(dir, file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of each page through `pdftotext -layout` (lines kept as laid out), in page order. */
export function popplerText(bytes) {
  const text = withFile(bytes, (_dir, file) => run("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"]).toString("utf8"));
  const pages = text.split("\f");
  if (pages.length > 1 && pages.at(-1).trim() === "") pages.pop(); // pdftotext ends every page with a form feed
  return pages;
}

/** The text of the whole PDF with runs of blanks (layout columns) collapsed to one space per line. */
export function popplerLines(bytes) {
  return popplerText(bytes).join("\n").split("\n").map((l) => l.replace(/\s+/g, " ").trim()).filter(Boolean).join("\n");
}

/**
 * Renders page `page` (1-based) at 60 dpi into `dir`/`name` (a .png) and returns the PNG's path;
 * dir defaults to the browser test log ($LGSEC_TEST_LOG_DIR, else /tmp as the screenshots do).
 */
export function pagePng(bytes, page, name, dir = process.env.LGSEC_TEST_LOG_DIR ?? "/tmp") {
  const out = join(dir, name.endsWith(".png") ? name : `${name}.png`);
  const png = withFile(bytes, (tmp, file) => {
    run("pdftoppm", ["-png", "-r", "60", "-f", String(page), "-l", String(page), "-singlefile", file, join(tmp, "page")]);
    try {
      return readFileSync(join(tmp, "page.png"));
    } catch {
      throw new Error(`pdftoppm wrote no PNG for page ${page} (does the PDF have that page?)`);
    }
  });
  if (png.subarray(1, 4).toString("latin1") !== "PNG") throw new Error(`pdftoppm wrote something other than a PNG for page ${page}`);
  writeFileSync(out, png);
  return out;
}
