/**
 * Isolation between tenants, attacked as a hostile tenant would: a daemon
 * in its own account (README, "System-wide deployment": no root privilege
 * to hide a permission the design forgot), two unprivileged users in the
 * socket's group, a loopback origin, and every move made by a real process
 * of that user through the public client. Needs root (to create the
 * users); otherwise it says why and skips.
 */
import { expect } from 'chai';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { generateModel } from '@trims/models';
import { ask, Daemon, GatedOrigin, OriginArea, outputOf } from '@trims/testing';

import type { TenantTask } from './fixtures/tenant';

const TENANT = path.join(__dirname, 'fixtures', 'tenant.js');
const TRIMS = path.resolve(__dirname, '..', '..', '..', 'cli', 'bin', 'trims.js');
const GROUP = 'trims-iso';
const USERS = ['trims-iso-a', 'trims-iso-b'] as const;
/** The daemon's account, its primary group the socket's. */
const DAEMON_USER = 'trims-iso-daemon';
/** Its uid, which tenants trust (TRIMS_DAEMON_UID): set by ensureUsers. */
let daemonUid = '';
type User = (typeof USERS)[number];
const RACE_SECONDS = 10;

interface Outcome {
  ok: boolean;
  code?: string;
  message?: string;
  sha?: string;
  digest?: string;
  [key: string]: unknown;
}

function sh(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.error}`);
  return result.stdout.trim();
}

function ensureUsers(): Record<User, number> {
  if (spawnSync('getent', ['group', GROUP]).status !== 0) sh('groupadd', [GROUP]);
  const uids = {} as Record<User, number>;
  for (const user of USERS) {
    if (spawnSync('id', ['-u', user]).status !== 0) sh('useradd', ['-M', '-N', '-G', GROUP, user]);
    uids[user] = Number(sh('id', ['-u', user]));
  }
  if (spawnSync('id', ['-u', DAEMON_USER]).status !== 0)
    sh('useradd', ['-M', '-N', '-g', GROUP, DAEMON_USER]);
  daemonUid = sh('id', ['-u', DAEMON_USER]);
  return uids;
}

/**
 * A tenant's process: `runuser` to the user, a bare environment, one JSON
 * line back. Asynchronous: the origin answering it lives in this process.
 */
async function asUser(
  user: User,
  task: TenantTask,
  env: Record<string, string> = {},
): Promise<{ outcome: Outcome; stderr: string }> {
  const child = spawn(
    'runuser',
    ['-u', user, '--', process.execPath, TENANT, JSON.stringify(task)],
    {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        TF_CPP_MIN_LOG_LEVEL: '2',
        TRIMS_DAEMON_UID: daemonUid,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const { status, stdout, stderr } = await outputOf(child);
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return { outcome: JSON.parse(line) as Outcome, stderr };
  } catch {
    throw new Error(`tenant ${user} printed no outcome (exit ${status}):\n${stderr}`);
  }
}

/** A long-running process of the user, in its own process group (stopped as a group, by its id). */
function asUserAsync(user: User, command: string[]): ChildProcess {
  return spawn('runuser', ['-u', user, '--', ...command], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
}

function stopGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

const PUBLIC = { 'cache-control': 'public, max-age=600' };
const BEARER = { header: 'authorization', valid: ['Bearer alpha', 'Bearer beta'] };

/**
 * The origin's areas: /public/ and /poison/ (shareable for 10 minutes),
 * /private/ (two valid bearer tokens), /apikey/ (two valid X-Api-Key
 * values, no caching headers), /vary/ (public, but one representation per
 * Authorization), /bad/ (a body that is a password file, not JSON); /hop/
 * redirects to another origin's /public/.
 */
const AREAS: Record<string, OriginArea> = {
  public: { caching: PUBLIC },
  poison: { caching: PUBLIC },
  private: { gate: BEARER },
  apikey: { gate: { header: 'x-api-key', valid: ['alpha-key', 'beta-key'] } },
  vary: { gate: BEARER, caching: { ...PUBLIC, vary: 'Authorization' } },
  bad: { body: 'root:x:0:0:root:/root:/bin/bash\n' },
};

describe('isolation between tenants (a daemon in its own account, two unprivileged users, real processes)', function () {
  this.timeout(300_000);
  let uids: Record<User, number>;
  let base: string;
  let daemon: Daemon;
  let origin: GatedOrigin;
  let other: GatedOrigin;
  let socket: string;
  let inputShape: number[];
  const model = (dir: string): string => path.join(dir, 'squeezenet1_1');
  const daemonFlags = (): string[] => [
    '--allow-root',
    base,
    '--group-access',
    '--host-budget',
    '24MiB',
  ];

  before(async function () {
    if (process.getuid?.() !== 0) {
      console.log(
        `    isolation suite skipped: it creates users and runs clients as them, which needs root (running as uid ${process.getuid?.()})`,
      );
      this.skip();
    }
    uids = ensureUsers();
    base = fs.mkdtempSync('/tmp/trims-iso-');
    fs.chmodSync(base, 0o755);
    const generate = (dir: string, seed: number): void => {
      inputShape = generateModel('squeezenet1_1', dir, { seed }).inputShape;
    };
    for (const [dir, seed] of [
      ['public', 1],
      ['public-2', 2],
      ['public-3', 3],
      ['public-4', 4],
      ['public-5', 5],
      ['a-private', 7],
      ['a-files', 8],
      ['a-own', 9],
      ['twin-of-a-own', 9], // the same model as a-own, where anyone may read it
      ['poison', 666],
    ] as const)
      generate(path.join(base, dir), seed);
    spawnSync('chmod', ['-R', 'a+rX', base]);
    sh('chown', ['-R', `${USERS[0]}:`, path.join(base, 'a-private')]);
    fs.chmodSync(path.join(base, 'a-private'), 0o700);
    sh('chown', ['-R', `${USERS[0]}:`, path.join(base, 'a-own')]);
    fs.chmodSync(path.join(base, 'a-own'), 0o700);
    // the usual layout: a directory anyone may search, files only their owner reads
    sh('chown', ['-R', `${USERS[0]}:`, path.join(base, 'a-files')]);
    for (const file of fs.readdirSync(model(path.join(base, 'a-files'))))
      fs.chmodSync(path.join(model(path.join(base, 'a-files')), file), 0o600);
    fs.mkdirSync(path.join(base, 'b-home'), { mode: 0o755 });
    sh('chown', [`${USERS[1]}:`, path.join(base, 'b-home')]);
    // the socket's directory: the daemon's, the tenants' group may enter, nobody else may write
    const run = path.join(base, 'run');
    fs.mkdirSync(run, { mode: 0o750 });
    other = await new GatedOrigin(base, AREAS).start();
    origin = await new GatedOrigin(base, AREAS, {
      to: () => `http://127.0.0.1:${other.port}`,
      area: 'public',
    }).start();
    daemon = await Daemon.start(daemonFlags(), { dir: run, user: DAEMON_USER });
    socket = daemon.socketPath;
  });

  after(async () => {
    await daemon?.stop();
    await origin?.close();
    await other?.close();
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  const predict = (user: User, task: Partial<TenantTask>, env?: Record<string, string>) =>
    asUser(user, { action: 'predict', socket, inputShape, ...task } as TenantTask, {
      TRIMS_SOCKET: socket,
      ...env,
    });
  const open = async (user: User, task: Partial<TenantTask>): Promise<Outcome> =>
    (await asUser(user, { action: 'open', socket, ...task } as TenantTask)).outcome;
  const stats = async (): Promise<{ fetches: number; conversions: number; hits: number }> =>
    (await ask(daemon, 'stats', {})).reply as {
      fetches: number;
      conversions: number;
      hits: number;
    };

  it('honest sharing: two users loading one public model get bit-identical outputs from one cached copy', async () => {
    const reference = (
      await asUser('trims-iso-a', {
        action: 'predict',
        plain: true,
        url: `file://${model(path.join(base, 'public'))}/model.json`,
        inputShape,
      })
    ).outcome;
    expect(reference.ok, reference.message).to.equal(true);
    for (const url of [
      `file://${model(path.join(base, 'public'))}/model.json`,
      origin.url('public/public/squeezenet1_1/model.json'),
    ]) {
      const before = await stats();
      const a = (await predict('trims-iso-a', { url })).outcome;
      const b = (await predict('trims-iso-b', { url })).outcome;
      expect(a.ok, a.message).to.equal(true);
      expect(b.ok, b.message).to.equal(true);
      expect(a.sha).to.equal(reference.sha);
      expect(b.sha).to.equal(a.sha);
      const after = await stats();
      expect(after.fetches - before.fetches, url).to.be.at.most(1); // one copy (a file of a known digest may add none)
      expect(after.hits - before.hits, `${url}: the second user's load is a hit`).to.equal(1);
    }
    expect((await stats()).conversions).to.equal(1); // both URLs lead to the same stored model
  });

  it("HTTP credentials: a hit is lent only after the origin answered this user's own conditional request", async () => {
    const url = origin.url('private/a-private/squeezenet1_1/model.json');
    const a = (await predict('trims-iso-a', { url, headers: { authorization: 'Bearer alpha' } }))
      .outcome;
    expect(a.ok, a.message).to.equal(true);
    const fetches = (await stats()).fetches;
    const full = (): number =>
      origin.seen.filter((s) => s.status === 200 && s.path.startsWith('/private/')).length;
    const fullBefore = full();
    for (const headers of [{}, { authorization: 'Bearer wrong' }] as Array<
      Record<string, string>
    >) {
      const b = await open('trims-iso-b', { url, headers });
      expect(b.ok).to.equal(false);
      expect(b.code).to.equal('ACCESS_DENIED');
      expect(b.message).to.match(/the origin refused this request \(HTTP 401\)/);
    }
    expect(origin.seen.filter((s) => s.conditional && s.status === 401)).to.have.length.at.least(2);
    const seenBefore = origin.seen.length;
    const b = await open('trims-iso-b', { url, headers: { authorization: 'Bearer beta' } });
    expect(b.ok, b.message).to.equal(true);
    const asked = origin.seen.slice(seenBefore);
    expect(asked.length).to.be.greaterThan(0);
    expect(
      asked.every(
        (s) => s.conditional && s.status === 304 && s.headers.authorization === 'Bearer beta',
      ),
    ).to.equal(true);
    expect(full()).to.equal(fullBefore); // shared, not fetched again
    const again = await open('trims-iso-b', { url, headers: { authorization: 'Bearer beta' } });
    expect(again.ok, again.message).to.equal(true); // each Open asks again, and 304 again
    expect(origin.seen.slice(seenBefore).every((s) => s.conditional && s.status === 304)).to.equal(
      true,
    );
    expect(full()).to.equal(fullBefore);
    expect((await stats()).fetches).to.equal(fetches);
  });

  it("HTTP credentials in any header, or a Vary on Authorization: lent only on the origin's answer to this user's own headers", async () => {
    for (const [area, header, [mine, theirs]] of [
      ['apikey', 'x-api-key', ['alpha-key', 'beta-key']], // no Cache-Control
      ['vary', 'authorization', ['Bearer alpha', 'Bearer beta']], // public, max-age=600, Vary: Authorization
    ] as const) {
      const url = origin.url(`${area}/a-private/squeezenet1_1/model.json`);
      const a = await open('trims-iso-a', { url, headers: { [header]: mine } });
      expect(a.ok, `${area}: ${a.message}`).to.equal(true);
      const full = (): number =>
        origin.seen.filter((s) => s.status === 200 && s.path.startsWith(`/${area}/`)).length;
      const fullBefore = full();
      const deniedBefore = origin.seen.filter((s) => s.status === 401).length;
      const b = await open('trims-iso-b', { url, headers: {} });
      expect(b.ok, `${area}: B without credentials was lent A's model`).to.equal(false);
      expect(b.code).to.equal('ACCESS_DENIED');
      expect(b.message).to.match(/the origin refused this request \(HTTP 401\)/);
      expect(origin.seen.filter((s) => s.status === 401).length).to.be.greaterThan(deniedBefore);
      const seenBefore = origin.seen.length;
      const own = await open('trims-iso-b', { url, headers: { [header]: theirs } });
      expect(own.ok, `${area}: ${own.message}`).to.equal(true);
      expect(own.digest).to.equal(a.digest);
      const asked = origin.seen.slice(seenBefore);
      expect(asked.length).to.be.greaterThan(0);
      expect(
        asked.every((s) => s.conditional && s.status === 304 && s.headers[header] === theirs),
      ).to.equal(true);
      expect(full(), `${area}: shared, not fetched again`).to.equal(fullBefore);
    }
  });

  it("file://: a user cannot load another user's 0600 model, with or without a modified client", async () => {
    const url = `file://${model(path.join(base, 'a-private'))}/model.json`;
    const a = await open('trims-iso-a', { url });
    expect(a.ok, a.message).to.equal(true);
    const viaClient = (await predict('trims-iso-b', { url })).outcome;
    expect(viaClient.ok).to.equal(false);
    expect(viaClient.code).to.equal('ACCESS_DENIED');
    expect(viaClient.message).to.match(/cannot open .*model\.json \(EACCES\)/);
    const raw = await open('trims-iso-b', { url, raw: true });
    expect(raw.code).to.equal('BAD_REQUEST');
    expect(raw.message).to.match(/needs its files attached/);
    const own = model(path.join(base, 'public-2'));
    const spoofed = await open('trims-iso-b', {
      url,
      fdsOf: [`${own}/model.json`, `${own}/group1-shard1of2.bin`, `${own}/group1-shard2of2.bin`],
    });
    expect(spoofed.ok, spoofed.message).to.equal(true);
    expect(spoofed.digest).to.not.equal(a.digest); // the fds are the model, not the URL
  });

  it('file://: an fd opened O_PATH (search permission only, no read) is no proof of reading', async () => {
    const dir = model(path.join(base, 'a-files'));
    const url = `file://${dir}/model.json`;
    const a = await open('trims-iso-a', { url });
    expect(a.ok, a.message).to.equal(true); // cached: a hit would read nothing through the fds
    const files = [
      `${dir}/model.json`,
      `${dir}/group1-shard1of2.bin`,
      `${dir}/group1-shard2of2.bin`,
    ];
    const O_PATH = 0o10000000; // Linux; node:fs does not export it
    const viaPath = await open('trims-iso-b', { url, fdsOf: files, fdFlags: O_PATH });
    expect(viaPath.ok).to.equal(false);
    expect(viaPath.code).to.equal('ACCESS_DENIED');
    expect(viaPath.message).to.match(/model\.json was attached on an fd not open for reading/);
  });

  it("one model reached by two tenants' own URLs: each is shown only its own URLs, references and hits", async () => {
    const mine = `file://${model(path.join(base, 'a-own'))}/model.json`;
    const twin = `file://${model(path.join(base, 'twin-of-a-own'))}/model.json`;
    const a = await open('trims-iso-a', { url: mine });
    const b = await open('trims-iso-b', { url: twin });
    expect([a.ok, b.ok]).to.deep.equal([true, true]);
    expect(b.digest).to.equal(a.digest); // one cached copy
    await open('trims-iso-a', { url: mine }); // a's second use: a hit
    type Listed = {
      digest: string;
      urls: string[];
      refs: number;
      hits: number;
      pinned: boolean;
      lastUsedMs: string;
    };
    const seen = async (user: User): Promise<Listed | undefined> =>
      ((await asUser(user, { action: 'list', socket })).outcome.models as Listed[]).find(
        (m) => m.digest === a.digest,
      );
    const byB = await seen('trims-iso-b');
    expect(byB?.urls).to.deep.equal([twin]); // not a's private path
    expect([byB?.refs ?? 0, byB?.hits ?? 0]).to.deep.equal([0, 0]); // not a's use (0: left out on the wire)
    expect((await seen('trims-iso-a'))?.urls).to.deep.equal([mine]);
    const byRoot = ((await ask(daemon, 'list', {})).reply as { models: Listed[] }).models.find(
      (m) => m.digest === a.digest,
    );
    expect(byRoot?.urls).to.include.members([mine, twin]);
    expect(byRoot?.hits).to.equal(1); // a's
    // b cannot name it by a's URL either
    const evict = (await asUser('trims-iso-b', { action: 'evict', socket, url: mine })).outcome;
    expect(evict.code).to.equal('NOT_FOUND');
    // nor see when a uses it, or that a pinned it
    await new Promise((resolve) => setTimeout(resolve, 20));
    const pin = await asUser('trims-iso-a', { action: 'preload', socket, url: mine, pin: true });
    expect(pin.outcome.ok).to.equal(true);
    const later = await seen('trims-iso-b');
    expect(later?.lastUsedMs).to.equal(byB?.lastUsedMs);
    expect(later?.pinned ?? false).to.equal(false);
    expect((await seen('trims-iso-a'))?.pinned).to.equal(true);
    // root administers everything, though the daemon runs as another account: a's pin goes with it
    const evicted = (await ask(daemon, 'evict', { digest: a.digest })).reply as {
      evicted: string[];
    };
    expect(evicted.evicted).to.deep.equal([a.digest]);
  });

  it(`TOCTOU: swapping a directory for symlinks while opening for ${RACE_SECONDS} s wins nothing`, async () => {
    const home = path.join(base, 'b-home');
    const real = path.join(home, 'real');
    fs.cpSync(model(path.join(base, 'public-3')), real, { recursive: true });
    // the first shard is named "shadow": through a symlink to /etc it would be /etc/shadow
    fs.renameSync(path.join(real, 'group1-shard1of2.bin'), path.join(real, 'shadow'));
    const json = JSON.parse(fs.readFileSync(path.join(real, 'model.json'), 'utf8'));
    json.weightsManifest[0].paths[0] = 'shadow';
    fs.writeFileSync(path.join(real, 'model.json'), JSON.stringify(json));
    fs.symlinkSync('/etc', path.join(home, 'to-etc'));
    fs.symlinkSync(model(path.join(base, 'a-private')), path.join(home, 'to-a'));
    sh('chown', ['-R', '-h', `${USERS[1]}:`, home]);
    const secrets = [
      ...(fs.existsSync('/etc/shadow') ? [fs.readFileSync('/etc/shadow').subarray(0, 24)] : []),
      fs
        .readFileSync(`${model(path.join(base, 'a-private'))}/group1-shard1of2.bin`)
        .subarray(4096, 4160),
    ].map((b) => b.toString('hex'));
    const swapper = asUserAsync('trims-iso-b', [
      'bash',
      '-c',
      `cd ${home} && while :; do for t in real to-etc real to-a; do mv -T $t m && mv -T m $t; done; done`,
    ]);
    swapper.stderr!.resume(); // a rename that lost a race is reported there, and harmless
    try {
      const result = (
        await asUser('trims-iso-b', {
          action: 'race',
          socket,
          url: `file://${home}/m/model.json`,
          seconds: RACE_SECONDS,
          secrets,
        })
      ).outcome as Outcome & {
        attempts: number;
        served: number;
        wins: number;
        errors: Record<string, number>;
      };
      console.log(
        `      race: ${result.attempts} opens in ${RACE_SECONDS} s, ${result.served} served (the honest model), ${result.wins} wins, refused: ${JSON.stringify(result.errors)}`,
      );
      expect(result.ok).to.equal(true);
      expect(result.wins).to.equal(0);
      expect(result.attempts).to.be.greaterThan(50);
      expect(result.errors.BAD_REQUEST ?? 0).to.be.greaterThan(0); // every raw open
      expect((result.errors.ACCESS_DENIED ?? 0) + (result.errors.NOT_FOUND ?? 0)).to.be.greaterThan(
        0,
      ); // the swaps were hit
    } finally {
      stopGroup(swapper, 'SIGKILL');
    }
  });

  it('cache poisoning: another weightPathPrefix is another model; a tenant cannot evict or replace what others get', async () => {
    const url = origin.url('public/public-4/squeezenet1_1/model.json');
    const honest = (await predict('trims-iso-a', { url })).outcome;
    expect(honest.ok, honest.message).to.equal(true);
    const unseen = (await asUser('trims-iso-b', { action: 'evict', socket, url })).outcome;
    expect(unseen.code).to.equal('NOT_FOUND'); // b never used it: he does not even see it
    expect((await open('trims-iso-b', { url })).ok).to.equal(true);
    const evict = (await asUser('trims-iso-b', { action: 'evict', socket, url })).outcome;
    expect(evict.ok, evict.message).to.equal(true);
    expect(evict.evicted).to.deep.equal([]); // a uses it too
    expect(evict.kept).to.have.length(1);
    const poisoned = await open('trims-iso-b', {
      url,
      prefix: origin.url('public/poison/squeezenet1_1/'),
    });
    expect(poisoned.ok, poisoned.message).to.equal(true);
    const again = (await predict('trims-iso-a', { url })).outcome;
    expect(again.sha).to.equal(honest.sha);
    await ask(daemon, 'evict', { all: true }); // root may; then b goes first with his prefix
    expect(
      (await open('trims-iso-b', { url, prefix: origin.url('public/poison/squeezenet1_1/') })).ok,
    ).to.equal(true);
    expect((await predict('trims-iso-a', { url })).outcome.sha).to.equal(honest.sha);
  });

  it('socket squatting: a client talks only to a daemon of a trusted uid, in a directory nobody else controls', async () => {
    const victim = uids['trims-iso-a'];
    const squatted = `/tmp/trims-${victim}`;
    fs.rmSync(squatted, { recursive: true, force: true });
    const fake = asUserAsync('trims-iso-b', [
      'bash',
      '-c',
      `mkdir -m 0777 ${squatted} && exec ${process.execPath} ${TENANT} '${JSON.stringify({ action: 'fake-daemon', socket: `${squatted}/trims.sock` })}'`,
    ]);
    let heard = '';
    fake.stdout!.on('data', (chunk: Buffer) => (heard += chunk.toString()));
    try {
      for (let i = 0; i < 100 && !heard.includes('listening'); i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(heard).to.contain('listening');
      const url = origin.url('private/a-private/squeezenet1_1/model.json'); // her token must not reach the squatter
      const secret = { authorization: 'Bearer alpha' };
      const strict = (
        await asUser('trims-iso-a', {
          action: 'predict',
          url,
          headers: secret,
          inputShape,
        })
      ).outcome;
      expect(strict.ok).to.equal(false);
      expect(strict.code).to.equal('UNTRUSTED_DAEMON');
      expect(strict.message).to.match(new RegExp(`runs as uid ${uids['trims-iso-b']}, not one of`));
      const lenient = await asUser('trims-iso-a', {
        action: 'predict',
        url,
        headers: secret,
        inputShape,
        strict: false,
      });
      expect(lenient.outcome.ok, lenient.outcome.message).to.equal(true); // loaded privately
      expect(lenient.stderr).to.match(/not trusting .*trims\.sock/);
      expect(heard).to.not.contain('got'); // not one byte reached the squatter
    } finally {
      stopGroup(fake, 'SIGTERM');
      fs.rmSync(squatted, { recursive: true, force: true });
    }
  });

  it('credentials do not follow a redirect to another origin', async () => {
    const url = origin.url('hop/public-5/squeezenet1_1/model.json');
    const before = other.seen.length;
    const result = await open('trims-iso-a', {
      url,
      headers: { authorization: 'Bearer alpha', cookie: 'session=alpha' },
    });
    expect(result.ok, result.message).to.equal(true);
    const hopped = origin.seen.filter((s) => s.path.startsWith('/hop/'));
    expect(hopped.every((s) => s.headers.authorization === 'Bearer alpha')).to.equal(true); // same origin: sent
    const arrived = other.seen.slice(before);
    expect(arrived.length).to.be.greaterThan(0);
    expect(
      arrived.every((s) => s.headers.authorization === undefined && s.headers.cookie === undefined),
    ).to.equal(true);
  });

  it('who used a model outlives a restart: a tenant still cannot evict what another uses, and each still sees its own', async () => {
    await ask(daemon, 'evict', { all: true });
    const url = `file://${model(path.join(base, 'public-3'))}/model.json`;
    for (const user of USERS) expect((await open(user, { url })).ok).to.equal(true);
    expect(await daemon.stop(), daemon.logs.slice(-4000)).to.equal(0); // the model is on disk
    daemon = await Daemon.start(daemonFlags(), {
      dir: daemon.dir,
      cacheDir: daemon.cacheDir,
      user: DAEMON_USER,
    });
    socket = daemon.socketPath;
    const seen = (await asUser('trims-iso-a', { action: 'list', socket })).outcome;
    expect(seen.models, 'a sees its model before opening it again').to.have.length(1);
    expect((await open('trims-iso-b', { url })).ok).to.equal(true); // the first open since the restart
    const evict = (await asUser('trims-iso-b', { action: 'evict', socket, url })).outcome;
    expect(evict.ok, evict.message).to.equal(true);
    expect(evict.evicted, 'a used it before the restart').to.deep.equal([]);
    expect(evict.kept).to.have.length(1);
  });

  it('a tenant is recorded by the file the daemon read, not the text it sent; users of a model gone at a restart are forgotten', async () => {
    // A disk tier too small for the model: it lives in host memory only, and is gone after a restart.
    const run = path.join(base, 'run-small');
    fs.mkdirSync(run, { mode: 0o750 });
    const flags = [...daemonFlags(), '--disk-budget', '1KiB'];
    let small = await Daemon.start(flags, { dir: run, user: DAEMON_USER });
    try {
      const dir = model(path.join(base, 'a-own'));
      const manifest = (
        JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
          weightsManifest: Array<{ paths: string[] }>;
        }
      ).weightsManifest.flatMap((group) => group.paths);
      const fdsOf = ['model.json', ...manifest].map((file) => path.join(dir, file));
      // Nothing checks the URL of a file:// Open against its fds: any text would do.
      const bogus = `/${'x'.repeat(60_000)}`;
      const opened = (
        await asUser('trims-iso-a', { action: 'open', socket: small.socketPath, url: bogus, fdsOf })
      ).outcome;
      expect(opened.ok, opened.message).to.equal(true);
      const listed = async (user: User): Promise<string[][]> =>
        (
          (await asUser(user, { action: 'list', socket: small.socketPath })).outcome
            .models as Array<{
            urls: string[];
          }>
        ).map((m) => m.urls);
      expect(await listed('trims-iso-a')).to.deep.equal([[`file://${dir}/model.json`]]);

      expect(await small.stop(), small.logs.slice(-4000)).to.equal(0);
      small = await Daemon.start(flags, { dir: run, cacheDir: small.cacheDir, user: DAEMON_USER });
      // b brings the same model (its readable twin) in anew: a used the old copy, not this one
      const twin = `file://${model(path.join(base, 'twin-of-a-own'))}/model.json`;
      const b = (
        await asUser('trims-iso-b', { action: 'open', socket: small.socketPath, url: twin })
      ).outcome;
      expect(b.ok, b.message).to.equal(true);
      expect(b.digest).to.equal(opened.digest);
      expect(await listed('trims-iso-a'), 'a sees what b brought in').to.deep.equal([]);
      const evict = (
        await asUser('trims-iso-b', { action: 'evict', socket: small.socketPath, url: twin })
      ).outcome;
      expect(
        evict.evicted,
        'kept for a, who used only the copy gone at the restart',
      ).to.have.length(1);
    } finally {
      await small.stop();
    }
  });

  it('administration is per tenant: status, evict, pins, quotas and shares; secrets are redacted', async () => {
    await ask(daemon, 'evict', { all: true });
    const secret = 's3cret-token';
    const mine = origin.url(`public/public/squeezenet1_1/model.json?token=${secret}&${secret}`);
    expect((await predict('trims-iso-a', { url: mine })).outcome.ok).to.equal(true);
    const listB = (await asUser('trims-iso-b', { action: 'list', socket })).outcome;
    expect(listB.models).to.deep.equal([]); // b sees nothing of a's
    const rootList = (await ask(daemon, 'list', {})).reply as {
      models: Array<{ urls: string[]; digest: string; tiers: number[] }>;
    };
    expect(JSON.stringify(rootList)).to.not.contain(secret);
    expect(JSON.stringify(rootList)).to.contain('token=redacted');
    expect(daemon.logs).to.not.contain(secret);
    for (const file of fs.readdirSync(daemon.cacheDir).filter((f) => f.startsWith('catalog'))) {
      const catalog = path.join(daemon.cacheDir, file);
      expect(fs.statSync(catalog).mode & 0o777, file).to.equal(0o600);
      expect(fs.readFileSync(catalog).includes(secret), file).to.equal(false);
    }

    // evict --all by b, through the CLI: a's model stays
    const cli = spawnSync(
      'runuser',
      ['-u', 'trims-iso-b', '--', process.execPath, TRIMS, 'evict', '--all', '--socket', socket],
      { encoding: 'utf8' },
    );
    expect(cli.stdout).to.contain('evicted 0 model(s)');
    expect(((await ask(daemon, 'list', {})).reply as { models: unknown[] }).models).to.have.length(
      1,
    );

    // pins are per uid: both pin, each against its own quota
    const shared = `file://${model(path.join(base, 'public-2'))}/model.json`;
    for (const user of USERS)
      expect(
        (await asUser(user, { action: 'preload', socket, url: shared, pin: true })).outcome.ok,
      ).to.equal(true);
    // the default pin quota is a quarter of the host tier (6 MiB here): a second 4.8 MB pin is refused
    const publicThree = `file://${model(path.join(base, 'public-3'))}/model.json`;
    const quota = (
      await asUser('trims-iso-b', { action: 'preload', socket, url: publicThree, pin: true })
    ).outcome;
    expect(quota.code).to.equal('QUOTA_EXCEEDED');
    // b's evict keeps the model for a (a's pin and a's use), but takes b's own pin with it
    const bEvicts = (await asUser('trims-iso-b', { action: 'evict', socket, url: shared })).outcome;
    expect(bEvicts.evicted).to.deep.equal([]);
    expect(bEvicts.kept).to.have.length(1);
    const pinnedFor = async (user: User): Promise<boolean | undefined> =>
      (
        (await asUser(user, { action: 'list', socket })).outcome.models as Array<{
          urls: string[];
          pinned?: boolean;
        }>
      ).find((m) => m.urls.some((u) => u.includes('public-2')))?.pinned;
    expect(await pinnedFor('trims-iso-a')).to.equal(true);
    expect(await pinnedFor('trims-iso-b'), "b's pin went with its evict").to.not.equal(true);

    // b's admissions take at most half the host tier: five models later, a's model is still in memory
    for (const dir of ['public-3', 'public-4', 'public-5', 'poison'])
      expect(
        (await open('trims-iso-b', { url: `file://${model(path.join(base, dir))}/model.json` })).ok,
      ).to.equal(true);
    // and bringing its older ones back from disk counts as bringing them in
    for (const dir of ['public-3', 'public-4', 'public-5'])
      expect(
        (await open('trims-iso-b', { url: `file://${model(path.join(base, dir))}/model.json` })).ok,
      ).to.equal(true);
    const held = (
      (await ask(daemon, 'list', {})).reply as {
        models: Array<{ urls: string[]; tiers: number[] }>;
      }
    ).models;
    const aModel = held.find((m) => m.urls.some((u) => u.includes('token=redacted')));
    expect(aModel, 'a model is still cached').to.not.equal(undefined);
    expect(aModel!.tiers).to.include(2); // Tier.HOST
  });

  it('outbound policy: loopback and metadata origins are refused like a missing host, and no body is echoed', async () => {
    const strictDaemon = await Daemon.start(['--allow-root', base], { loopbackOrigins: false });
    try {
      const refused = await Promise.allSettled(
        [
          origin.url('public/public/squeezenet1_1/model.json'),
          'http://169.254.169.254/latest/meta-data/model.json',
          'http://no-such-host.invalid/model.json',
        ].map((url) => ask(strictDaemon, 'open', { url })),
      );
      for (const result of refused) {
        expect(result.status).to.equal('rejected');
        const error = (result as PromiseRejectedResult).reason as {
          codeName: string;
          message: string;
        };
        expect(error.codeName).to.equal('NOT_FOUND');
        expect(error.message).to.match(
          /not found, or not an origin this daemon may fetch from \(loopback, private, link-local, metadata and its own addresses are refused unless its --allow-fetch-from allows them\)$/,
        );
      }
    } finally {
      await strictDaemon.stop();
    }
    const bad = await open('trims-iso-b', { url: origin.url('bad/model.json') });
    expect(bad.code, bad.message).to.equal('CORRUPT_MODEL');
    expect(bad.message).to.not.contain('root:x');
  });

  it('--group-access: a socket directory the daemon creates is 0750 and its socket 0660', async () => {
    const dir = path.join(base, 'made-by-daemon');
    const made = await Daemon.start(['--group-access'], { dir });
    try {
      expect(fs.statSync(dir).mode & 0o7777).to.equal(0o750);
      expect(fs.statSync(made.socketPath).mode & 0o777).to.equal(0o660);
    } finally {
      await made.stop();
    }
  });
});
