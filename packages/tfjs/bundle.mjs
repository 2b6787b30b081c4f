// Bundles @trims/tfjs with the client side of TrIMS (client, protocol,
// protobufjs, the framework loader, the native addon's JavaScript) into one
// file. A short-lived process pays Node's module system per file: 57 files
// cost 23-35 ms to require, one costs a third of that. The framework
// (@tensorflow/*) stays outside: the application owns it, one copy per
// process; so does set-up (diagnostics only, loaded on a failure). The
// addon's .node file is found by package name at run time.
// Our own packages go in from their TypeScript sources, not from tsc's
// CommonJS: esbuild then joins their modules in one scope, where tsc's
// output would make every import of a package copy its exports (tens of
// property definitions per import, per process).
// Run after `tsc --build` (the root `npm run build` does both).
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'dist', 'bundle');
const root = path.resolve(here, '..', '..');

/** @trims/<name> -> its src/index.ts (the packages the client side is made of). */
const SOURCES = {
  '@trims/client': 'packages/client',
  '@trims/protocol': 'packages/protocol',
  '@trims/tensorflow': 'packages/tensorflow',
  '@trims/native-cuda': 'native-cuda',
};
const fromSources = {
  name: 'workspace-sources',
  setup(build) {
    build.onResolve({ filter: /^@trims\/[\w-]+$/ }, ({ path: name }) =>
      SOURCES[name] === undefined
        ? undefined
        : { path: path.join(root, SOURCES[name], 'src', 'index.ts') },
    );
  },
};

/** Both outputs: CommonJS for Node 20; less to parse (names are kept, so stack traces still read). */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  tsconfig: path.join(here, 'tsconfig.json'),
};

const result = await esbuild.build({
  ...common,
  absWorkingDir: root, // inputs.json names files from the repository root
  entryPoints: { 'trims-tfjs': path.join(here, 'src', 'index.ts') },
  outdir: out,
  sourcemap: 'linked',
  external: ['@tensorflow/*', '@trims/setup', '@trims/setup/*', '@trims/native-cuda/package.json'],
  metafile: true,
  plugins: [fromSources],
});
// The entry: the bundle compiled with this user's code cache (src/compile-cache.ts),
// its exports named one by one so that ESM's import { ... } finds them.
const names = await esbuild.build({
  entryPoints: [path.join(here, 'src', 'index.ts')],
  format: 'esm',
  metafile: true,
  write: false,
  logLevel: 'warning',
});
const { exports } = Object.values(names.metafile.outputs)[0];
// The code cache is keyed by this hash: V8 itself checks only the source's length.
const sourceHash = createHash('sha256')
  .update(fs.readFileSync(path.join(out, 'trims-tfjs.js')))
  .digest('hex');
await esbuild.build({
  stdin: {
    contents: [
      "const { requireWithCompileCache } = require('./compile-cache');",
      "const bundle = requireWithCompileCache(require('node:path').join(__dirname, 'trims-tfjs.js'),",
      `  '${sourceHash}',`,
      '  (loaded) => loaded.loadStats().shared > 0); // warm: it ran a load the daemon served',
      ...exports.map((name) => `exports.${name} = bundle.${name};`),
    ].join('\n'),
    resolveDir: path.join(here, 'src'),
    sourcefile: 'index.js',
    loader: 'js',
  },
  ...common,
  outfile: path.join(out, 'index.js'),
});
// What went in, for the test that keeps the daemon's modules out of client processes.
fs.writeFileSync(
  path.join(out, 'inputs.json'),
  JSON.stringify(Object.keys(result.metafile.inputs)),
);
