import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const FIXTURE = path.join(__dirname, 'fixtures', 'modules-loaded.js');

/** A package's directory as require.cache names its files (symlinks resolved). */
function packageDir(name: string, from = __dirname): string {
  return fs.realpathSync(path.dirname(require.resolve(`${name}/package.json`, { paths: [from] })));
}

/** The files a fresh process adds to require.cache when it loads these, after the framework. */
function modulesLoadedBy(...specifiers: string[]): string[] {
  const result = spawnSync(process.execPath, [FIXTURE, ...specifiers], {
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  expect(result.status, result.stderr).to.equal(0);
  return JSON.parse(result.stdout) as string[];
}

describe('@trims/tfjs: what importing it loads', function () {
  const server = packageDir('@trims/server');
  // What only the daemon, set-up or diagnostics need: none of it belongs in a client process.
  const forbidden: Record<string, string> = {
    '@trims/setup': packageDir('@trims/setup'),
    '@trims/server': server,
    pino: packageDir('pino', server),
    'prom-client': packageDir('prom-client', server),
    tar: packageDir('tar', packageDir('@trims/setup')),
    '@mapbox/node-pre-gyp': packageDir('@mapbox/node-pre-gyp', packageDir('@trims/setup')),
  };

  for (const specifier of ['@trims/tfjs', '@trims/tfjs/register']) {
    it(`require('${specifier}') loads neither set-up, the server, pino nor prom-client`, () => {
      const loaded = modulesLoadedBy(specifier);
      const ours = loaded.filter((file) =>
        file.includes(`${path.sep}tfjs${path.sep}dist${path.sep}`),
      );
      expect(ours.length, 'the fixture loaded @trims/tfjs').to.be.greaterThan(0);
      for (const [name, dir] of Object.entries(forbidden)) {
        const inside = loaded.filter((file) => file.startsWith(dir + path.sep));
        expect(inside, `${specifier} pulled in ${name}`).to.deep.equal([]);
      }
    });
  }

  it('loads one bundle (and the addon), which carries neither set-up, the server, pino nor prom-client', () => {
    const loaded = modulesLoadedBy('@trims/tfjs/register');
    const ours = loaded.filter((file) => !file.includes(`${path.sep}@tensorflow${path.sep}`));
    // The bundle itself (trims-tfjs.js) is compiled by the entry (index.js, which carries
    // the code cache's loader), not through require.
    expect(ours.map((file) => path.basename(file)).sort()).to.deep.equal([
      'index.js',
      'register.js',
      'trims_native.node',
    ]);
    // What esbuild put in the bundle (written beside it by bundle.mjs).
    const bundle = path.join(packageDir('@trims/tfjs'), 'dist', 'bundle');
    const inputs = (
      JSON.parse(fs.readFileSync(path.join(bundle, 'inputs.json'), 'utf8')) as string[]
    ).map((input) => fs.realpathSync(path.resolve(packageDir('@trims/tfjs'), '..', '..', input)));
    expect(inputs.some((input) => input.includes(`${path.sep}client${path.sep}`))).to.equal(true);
    for (const [name, dir] of Object.entries(forbidden)) {
      const inside = inputs.filter((file) => file.startsWith(dir + path.sep));
      expect(inside, `the bundle carries ${name}`).to.deep.equal([]);
    }
  });
});
