// The import boundaries of Netlens as a local ESLint rule (`netlens/layers`), so a wrong-way import
// fails the lint instead of quietly pulling Node code into the browser bundle (docs/architecture.md):
// - src/model/** runs in Node and the browser: it imports only src/model and zod.
// - src/api/contract.ts is bundled by the renderer too: only src/model and zod.
// - renderer/src/** imports from src/ only src/model and src/api/contract.ts, and no Node built-in.
// - src/** never imports electron/ or the `electron` package (it runs and is tested in plain Node).
import { builtinModules } from 'node:module';
import path from 'node:path';

const root = path.dirname(new URL(import.meta.url).pathname);
const builtins = new Set(builtinModules);

const inside = (file, folder) => file === folder || file.startsWith(`${folder}/`);

/** Repo-relative path an import names, with a `.js` specifier mapped to its `.ts` source; null for packages. */
function target(fromFile, spec) {
  if (!spec.startsWith('.')) return null;
  const resolved = path
    .relative(root, path.resolve(path.dirname(fromFile), spec))
    .split(path.sep)
    .join('/');
  return resolved.endsWith('.js') ? `${resolved.slice(0, -3)}.ts` : resolved;
}

const isNodeBuiltin = (spec) => spec.startsWith('node:') || builtins.has(spec.split('/')[0]);

/** Why this import crosses a boundary, or null when it may stay. */
export function violation(file, spec) {
  const to = target(path.join(root, file), spec);
  const shared = (t) => inside(t, 'src/model');
  if (inside(file, 'src/model') || file === 'src/api/contract.ts') {
    if (to === null) return spec === 'zod' ? null : `${spec} (only zod may be imported here)`;
    return shared(to) ? null : to;
  }
  if (inside(file, 'renderer')) {
    if (to === null) return isNodeBuiltin(spec) || spec === 'electron' ? spec : null;
    if (inside(to, 'src')) return shared(to) || to === 'src/api/contract.ts' ? null : to;
    return inside(to, 'electron') ? to : null;
  }
  if (inside(file, 'src')) {
    if (to === null) return spec === 'electron' || spec.startsWith('electron/') ? spec : null;
    return inside(to, 'electron') || inside(to, 'renderer') ? to : null;
  }
  return null;
}

const RULES = {
  'src/model': 'src/model runs in Node and the browser: it may import only src/model and zod',
  'src/api/contract.ts': 'the API contract is bundled by the renderer: it may import only src/model and zod',
  renderer: 'the renderer may import from src/ only src/model and src/api/contract.ts, and no Node module',
  src: 'src/ runs in plain Node: it may not import electron/, renderer/ or the electron package',
};

function ruleFor(file) {
  if (inside(file, 'src/model')) return RULES['src/model'];
  if (file === 'src/api/contract.ts') return RULES['src/api/contract.ts'];
  if (inside(file, 'renderer')) return RULES.renderer;
  return RULES.src;
}

const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'Netlens import boundaries (see docs/architecture.md)' },
    schema: [],
    messages: { crossed: '{{rule}} (imports {{what}})' },
  },
  create(context) {
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string') return;
      const what = violation(file, spec);
      if (what !== null)
        context.report({ node: node.source, messageId: 'crossed', data: { rule: ruleFor(file), what } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { layers } };
