'use strict';
// `node -r @trims/tfjs/register app.js`: the hooks of register(), installed on load, sharing
// the bundle (one copy of the hooks' state per process). A file at the package's root, not an
// "exports" entry: the package has none, since resolving "exports" costs a short-lived
// process about 2 ms the first time (Node loads its ESM resolver for it).
require('./dist/bundle/index.js').register();
