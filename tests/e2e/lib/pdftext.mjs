// The text of a PDF lgsec made with cairo (the printable documents), page by page, for the tests:
// objects read by their numbers, FlateDecode streams inflated, each font's ToUnicode CMap applied to
// the hex strings of Tj/TJ (cairo writes 2-byte Identity-H codes, wrapping long strings), a new line at every text
// positioning (Tm, Td, T*), so each of pango's laid-out lines is one line here. Not a general PDF
// reader: it fails loudly (throws) on what cairo does not write.
import { inflateSync } from "node:zlib";

function objects(pdf) {
  const s = pdf.toString("latin1");
  const bodies = new Map();
  for (const m of s.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) bodies.set(Number(m[1]), m[2]);
  const out = new Map();
  for (const [n, body] of bodies) {
    const st = /stream\r?\n/.exec(body);
    let data = null;
    if (st) {
      // the stream is exactly /Length bytes (direct, or an object holding the number): compressed data
      // may itself end in a byte that looks like the line end before "endstream"
      const dict = body.slice(0, st.index);
      const len = /\/Length\s+(\d+)(\s+0\s+R)?/.exec(dict);
      if (!len) throw new Error(`object ${n}: a stream without /Length`);
      const size = len[2] ? Number(bodies.get(Number(len[1])).trim()) : Number(len[1]);
      const start = st.index + st[0].length;
      const raw = Buffer.from(body.slice(start, start + size), "latin1");
      data = /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw;
    }
    out.set(n, { dict: st ? body.slice(0, st.index) : body, data });
  }
  return out;
}

const ref = (dict, key) => {
  const m = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : null;
};

/** code (hex) → text of a ToUnicode CMap. */
function cmap(text) {
  const map = new Map();
  const utf16 = (hex) => String.fromCharCode(...hex.match(/.{4}/g).map((h) => parseInt(h, 16)));
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(m[1].toLowerCase(), utf16(m[2]));
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      const lo = parseInt(m[1], 16), hi = parseInt(m[2], 16), dst = parseInt(m[3], 16);
      for (let c = lo; c <= hi; c++) map.set(c.toString(16).padStart(m[1].length, "0"), String.fromCharCode(dst + c - lo));
    }
  return map;
}

/** The text of each page, in page order. */
export function pdfText(pdf) {
  const objs = objects(pdf);
  const root = [...objs.values()].find((o) => /\/Type\s*\/Pages\b/.test(o.dict));
  if (!root) throw new Error("no page tree");
  const kids = /\/Kids\s*\[([^\]]*)\]/.exec(root.dict)[1].match(/\d+(?= 0 R)/g).map(Number);
  return kids.map((n) => {
    const page = objs.get(n);
    const resources = objs.get(ref(page.dict, "Resources"))?.dict ?? page.dict;
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? "";
    const fonts = new Map();
    for (const m of fontDict.matchAll(/\/([\w-]+)\s+(\d+) 0 R/g)) {
      const tu = ref(objs.get(Number(m[2])).dict, "ToUnicode");
      fonts.set(m[1], tu ? cmap(objs.get(tu).data.toString("latin1")) : new Map());
    }
    const content = objs.get(ref(page.dict, "Contents")).data.toString("latin1");
    let font = new Map();
    let out = "";
    for (const m of content.matchAll(/\/([\w-]+)\s+[\d.]+\s+Tf|<([0-9a-fA-F\s]*)>|\b(Tm|Td|TD|T\*|ET)\b/g)) {
      if (m[1]) font = fonts.get(m[1]) ?? new Map();
      else if (m[2] !== undefined) for (const code of m[2].replace(/\s+/g, "").match(/.{4}/g) ?? []) out += font.get(code.toLowerCase()) ?? "\ufffd";
      else if (!out.endsWith("\n")) out += "\n";
    }
    return out;
  });
}
