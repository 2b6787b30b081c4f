// Prints the node_modules folders the device run needs (pack-for-device.sh):
// the packages named on the command line and everything they depend on, as
// node would resolve them, without the tfjs framework (no GPU build of it
// travels) and without workspace links (the packages travel as the tree).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = process.cwd();
const found = new Set();

function resolvePackage(name, from) {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === path.dirname(dir)) return undefined;
  }
}

function visit(dir) {
  if (found.has(dir)) return;
  found.add(dir);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const optional = manifest.optionalDependencies ?? {};
  for (const name of Object.keys({ ...manifest.dependencies, ...optional })) {
    if (name.startsWith('@tensorflow/') || name === '@trims/cli') continue;
    const at = resolvePackage(name, fs.realpathSync(dir));
    if (at !== undefined) visit(at);
    else if (!(name in optional))
      throw new Error(`${name}, a dependency of ${dir}, is not installed`);
  }
}

for (const name of process.argv.slice(2)) {
  const at = resolvePackage(name, root);
  if (at === undefined) throw new Error(`${name} is not installed`);
  visit(at);
}
for (const dir of [...found].sort()) {
  const relative = path.relative(root, dir);
  if (!fs.lstatSync(dir).isSymbolicLink()) console.log(relative);
}
