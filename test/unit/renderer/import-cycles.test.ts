// The renderer's modules form no import cycle (type-only imports count: a cycle of types still ties two
// files together). Imports are read with TypeScript's own pre-processor, so comments and strings do not count.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../../renderer/src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The code of a file: a component's `<script>` blocks, or the whole `.ts` file. */
function codeOf(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (!path.endsWith('.svelte')) return text;
  return [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

/** A relative specifier as the file it names (`./x.js` is `x.ts` or `x.svelte.ts`), if inside the renderer. */
function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.svelte.ts')];
  const hit = candidates.find((c) => c.startsWith(ROOT) && existsSync(c) && /\.(ts|svelte)$/.test(c));
  return hit ?? null;
}

function importGraph(files: string[]): Map<string, string[]> {
  return new Map(
    files.map((f) => [
      f,
      ts
        .preProcessFile(codeOf(f), true, true)
        .importedFiles.map((i) => resolveImport(f, i.fileName))
        .filter((x): x is string => x !== null),
    ]),
  );
}

/**
 * Every cycle's files: the strongly connected components of more than one file (Tarjan). A component that
 * imports itself is how Svelte draws a tree recursively, not a cycle between modules.
 */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(relative(ROOT, w));
    } while (w !== v);
    if (component.length > 1) out.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('renderer import graph', () => {
  const graph = importGraph(sources(ROOT));

  it('reads the imports it should, and would see a cycle (the check is not vacuous)', () => {
    const compute = join(ROOT, 'lib/layout/compute.ts');
    const hostRow = join(ROOT, 'lib/layout/host-row.ts');
    expect(graph.get(compute)).toContain(hostRow);
    expect(graph.get(join(ROOT, 'App.svelte'))).toContain(join(ROOT, 'lib/draw/Topology.svelte'));
    const withBackEdge = new Map([...graph, [hostRow, [...(graph.get(hostRow) ?? []), compute]]]);
    expect(cycles(withBackEdge)).toContainEqual(
      expect.arrayContaining(['lib/layout/compute.ts', 'lib/layout/host-row.ts']),
    );
  });

  it('has no cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });
});
