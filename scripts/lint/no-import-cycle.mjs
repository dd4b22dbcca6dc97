/**
 * ESLint rule `floorview/no-import-cycle`: no file may import itself back through others, type-only
 * imports included (a knot of types is still a knot a newcomer has to untie). The project's import
 * graph is read with TypeScript's import scanner, fast enough to run on every file: `@/` is the
 * project root (tsconfig `paths`), relative paths are relative, packages are leaves.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const EXTENSIONS = ["", ".ts", ".tsx", ".mts", ".mjs", ".js", "/index.ts", "/index.tsx"];
const ROOT = resolve(import.meta.dirname, "../..");

/** file → { mtime, imports } read from disk, kept while the file is unchanged. */
const cache = new Map();

function resolveSpecifier(from, specifier) {
  let base;
  if (specifier.startsWith("@/")) base = join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = resolve(dirname(from), specifier);
  else return null;
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    try {
      if (statSync(candidate).isFile()) return /\.(m?[jt]sx?)$/.test(candidate) ? candidate : null;
    } catch {
      // Not this one.
    }
  }
  return null;
}

function importsOf(file) {
  let mtime;
  try {
    mtime = statSync(file).mtimeMs;
  } catch {
    return [];
  }
  const hit = cache.get(file);
  if (hit && hit.mtime === mtime) return hit.imports;
  const text = readFileSync(file, "utf8");
  const imports = [...new Set(ts.preProcessFile(text, true, true).importedFiles.map((f) => resolveSpecifier(file, f.fileName)).filter(Boolean))];
  cache.set(file, { mtime, imports });
  return imports;
}

/** The shortest chain of imports from `start` back to `target`, or null. */
function pathBack(start, target) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const file = queue.shift();
    for (const next of importsOf(file)) {
      if (next === target) {
        const chain = [file];
        for (let f = previous.get(file); f; f = previous.get(f)) chain.unshift(f);
        return chain;
      }
      if (!previous.has(next)) {
        previous.set(next, file);
        queue.push(next);
      }
    }
  }
  return null;
}

const noImportCycle = {
  meta: {
    type: "problem",
    docs: { description: "Forbid import cycles, type-only imports included." },
    messages: { cycle: "Import cycle: {{chain}}." },
    schema: [],
  },
  create(context) {
    const file = resolve(context.filename);
    const name = (f) => relative(ROOT, f);
    const check = (node) => {
      if (!node.source || typeof node.source.value !== "string") return;
      const target = resolveSpecifier(file, node.source.value);
      if (!target) return;
      const chain = target === file ? [] : pathBack(target, file);
      if (chain) context.report({ node: node.source, messageId: "cycle", data: { chain: [file, ...chain, file].map(name).join(" → ") } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

export default noImportCycle;
