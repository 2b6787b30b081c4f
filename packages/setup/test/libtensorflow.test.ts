import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { SetupError } from '../src';
import { addLinkerNames } from '../src/libtensorflow/deps-layout';
import { provisionFromDirectory } from '../src/libtensorflow/from-directory';
import { parseRequirement } from '../src/libtensorflow/from-wheel';
import { provisionLibtensorflow, requestFromEnv } from '../src/libtensorflow/provision';

function temp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'trims-setup-test-'));
}

function touch(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
}

describe('@trims/setup: libtensorflow', () => {
  it('parses pip requirements and names a bad one', () => {
    expect(parseRequirement('tensorflow-cpu==2.21.0')).to.deep.equal({
      name: 'tensorflow-cpu',
      version: '2.21.0',
    });
    expect(() => parseRequirement('tensorflow>=2')).to.throw(
      /"tensorflow>=2" is not of the form name==version/,
    );
  });

  it("links a wheel's libtensorflow_cc under the name the binding links against", () => {
    const lib = temp();
    touch(path.join(lib, 'libtensorflow_cc.so.2'));
    touch(path.join(lib, 'libtensorflow_framework.so.2'));
    addLinkerNames(lib);
    expect(fs.readlinkSync(path.join(lib, 'libtensorflow.so'))).to.equal('libtensorflow_cc.so.2');
    expect(fs.readlinkSync(path.join(lib, 'libtensorflow_framework.so'))).to.equal(
      'libtensorflow_framework.so.2',
    );
  });

  it('leaves an archive layout as it is and names what is missing', () => {
    const lib = temp();
    touch(path.join(lib, 'libtensorflow.so'));
    touch(path.join(lib, 'libtensorflow_framework.so'));
    addLinkerNames(lib);
    expect(fs.lstatSync(path.join(lib, 'libtensorflow.so')).isSymbolicLink()).to.equal(false);
    const empty = temp();
    touch(path.join(empty, 'libtensorflow.so.2'));
    expect(() => addLinkerNames(empty)).to.throw(/no library for libtensorflow_framework\.so/);
  });

  it('uses a directory the user names, by links, and refuses one without the C API', () => {
    const user = temp();
    touch(path.join(user, 'include', 'tensorflow', 'c', 'c_api.h'));
    touch(path.join(user, 'lib', 'libtensorflow.so.2.9.1'));
    touch(path.join(user, 'lib', 'libtensorflow_framework.so.2.9.1'));
    const deps = temp();
    provisionFromDirectory(user, deps);
    expect(fs.readlinkSync(path.join(deps, 'include'))).to.equal(path.join(user, 'include'));
    expect(fs.readdirSync(path.join(deps, 'lib')).sort()).to.deep.equal([
      'libtensorflow.so',
      'libtensorflow.so.2.9.1',
      'libtensorflow_framework.so',
      'libtensorflow_framework.so.2.9.1',
    ]);
    expect(() => provisionFromDirectory(temp(), temp())).to.throw(/c_api\.h is missing/);
    expect(() => provisionFromDirectory('/nonexistent/tf', temp())).to.throw(/does not exist/);
  });

  it('rejects an unknown TRIMS_LIBTENSORFLOW_ORIGIN with the accepted values', () => {
    let caught: unknown;
    try {
      requestFromEnv({ TRIMS_LIBTENSORFLOW_ORIGIN: 'ftp' });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(SetupError);
    expect((caught as SetupError).explain())
      .to.match(/step "libtensorflow"/)
      .and.match(/directory, archive, wheel/);
  });

  it('when every origin fails, says why for each and what to set', async () => {
    const request = {
      ...requestFromEnv({}),
      archiveUrl: 'http://127.0.0.1:9/libtensorflow.tar.gz', // discard port: refused at once
      python: '/nonexistent/python3',
      cacheDir: temp(),
    };
    let caught: unknown;
    try {
      await provisionLibtensorflow(request, () => undefined);
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(SetupError);
    const text = (caught as SetupError).explain();
    expect(text).to.contain('archive http://127.0.0.1:9/libtensorflow.tar.gz: unreachable');
    expect(text).to.contain('wheel tensorflow-cpu==2.21.0');
    expect(text).to.contain('TRIMS_LIBTENSORFLOW_DIR');
    expect(text).to.contain('TRIMS_LIBTENSORFLOW_URL');
    expect(text).to.contain('TRIMS_PYTHON');
  });
});
