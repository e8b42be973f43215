import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, perfInProcess, ROOT, tempDir, type RunResult } from './helpers.js';

const F = (name: string) => join(ROOT, 'test/fixtures/alerts', name);

/**
 * Webhooks on 127.0.0.1: every accepted POST is counted by path; a path can be told to fail (HTTP 500)
 * or to hang (never answer, as a dead robot behind a firewall does).
 */
function receivers() {
  const got: Record<string, Record<string, unknown>[]> = {};
  const mode: Record<string, 'fail' | 'hang'> = {};
  const hanging: ServerResponse[] = [];
  let seen: (path: string) => void = () => {};
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let data = '';
    req.setEncoding('utf8').on('data', (d) => (data += d));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      seen(path);
      if (mode[path] === 'hang') return void hanging.push(res);
      if (mode[path] === 'fail') return void res.writeHead(500).end('down');
      (got[path] ??= []).push(JSON.parse(data));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  return {
    server,
    got,
    mode,
    count: (path: string) => (got[path] ?? []).length,
    /** resolves when a request for `path` arrives */
    arrival: (path: string) => new Promise<void>((r) => (seen = (p) => p === path && r())),
    release: () => hanging.splice(0).forEach((res) => res.destroy()),
  };
}

/** An SMTP server on 127.0.0.1 that wants a login, counts mails by recipient, and can refuse them for a while. */
function mailbox() {
  const mails: { to: string[]; body: string }[] = [];
  const state = { refuse: false };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth: (auth, _s, cb) => (auth.username === 'perf' && auth.password === 'mail-pw-1234' ? cb(null, { user: 'perf' }) : cb(new Error('bad login'))),
    onRcptTo: (_a, _s, cb) => (state.refuse ? cb(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 })) : cb()),
    onData: (stream, session, cb) => {
      let body = '';
      stream.setEncoding('utf8').on('data', (d: string) => (body += d));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        cb();
      });
    },
  });
  return { server, mails, state };
}

const tmp = tempDir();
const hooks = receivers();
const smtp = mailbox();
let base = '';
let smtpUrl = '';

beforeAll(async () => {
  await new Promise<void>((r) => hooks.server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(hooks.server.address() as AddressInfo).port}`;
  await new Promise<void>((r) => smtp.server.listen(0, '127.0.0.1', r));
  smtpUrl = `smtp://perf@127.0.0.1:${(smtp.server.server.address() as AddressInfo).port}?security=none`;
});
afterAll(async () => {
  hooks.release();
  hooks.server.close();
  smtp.server.close();
  tmp.cleanup();
});

/** A roster file: one webhook per rep (`hook: true`), the manager's own row with or without a robot, e-mails. */
function roster(name: string, rows: string[]): string {
  const file = join(tmp.dir, name);
  writeFileSync(file, ['Sales Rep,Team,Manager,Email,Webhook', ...rows].join('\n') + '\n');
  return file;
}

function config(name: string, delivery: Record<string, unknown> = {}): string {
  const file = join(tmp.dir, name);
  const alerts = { newCustomerGrowth: { enabled: false }, pacing: { enabled: false }, delivery: { retries: 1, backoffMs: 10, timeoutMs: 3000, ...delivery } };
  writeFileSync(file, JSON.stringify({ alerts }));
  return file;
}

interface Run {
  team?: string;
  state?: string;
  leads?: string;
  asOf?: string;
  cfg?: string;
  extra?: string[];
  env?: Record<string, string>;
}
const argv = (r: Run): string[] => [
  '--config', r.cfg ?? config('default.json'), '--as-of', r.asOf ?? '2026-11-27',
  'alerts', F('deals.csv'), '--leads', r.leads ?? F('leads-1.csv'),
  ...(r.team ? ['--team', r.team] : []), ...(r.state ? ['--state', join(tmp.dir, r.state)] : []), ...(r.extra ?? []),
];
// In this process (the run is async: the servers here answer while perf waits); a run that must be a process of
// its own (stdout on a full disk, killed mid-send) is spawned where it happens.
const alerts = (r: Run): Promise<RunResult> => perfInProcess(argv(r), { env: r.env });
const ENV = { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8', LC_ALL: '', PERF_CONFIG: '' };

const noStack = (stderr: string) => expect(stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe('perf alerts: nothing is silenced by accident', () => {
  it('a hand run raises (exit 3) but delivers nothing; the --notify run afterwards delivers it, once', async () => {
    const team = roster('t1.csv', [`Ann Lee,North,Mo Chen,ann@example.com,${base}/t1/ann`, `Mo Chen,North,Boss,mo@example.com,${base}/t1/mo`]);
    let r = await alerts({ team, state: 't1.db' });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain('1 raised (1 new');
    expect(r.stdout).toContain('not delivered yet: lead-follow-up:rep=Ann Lee');
    expect(hooks.count('/t1/ann') + hooks.count('/t1/mo')).toBe(0);

    // A second hand run: ongoing, but never sent, so not "not re-sent during the quiet period".
    r = await alerts({ team, state: 't1.db' });
    expect(r.stdout).toContain('Ongoing, not sent yet (a run with --notify sends them):');
    expect(r.stdout).not.toContain('not re-sent');

    r = await alerts({ team, state: 't1.db', extra: ['--notify'] });
    expect(r.code, r.stderr).toBe(0); // nothing new today: it was raised by the hand run
    expect(r.stdout).toContain('Ongoing, raised earlier, not delivered yet, sent by this run:');
    expect(r.stdout).not.toContain('not re-sent');
    expect(hooks.count('/t1/ann')).toBe(1);
    expect(hooks.count('/t1/mo')).toBe(1);
    expect(hooks.got['/t1/ann'][0]).toMatchObject({ alert: { event: 'raised', key: 'lead-follow-up:rep=Ann Lee', asOf: '2026-11-27' } });

    r = await alerts({ team, state: 't1.db', extra: ['--notify'] });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Ongoing, already sent, not re-sent during the quiet period:');
    expect(hooks.count('/t1/ann') + hooks.count('/t1/mo')).toBe(2);
  });

  it('says a refused connection is refused, in both languages', async () => {
    // A port nothing listens on: opened, then closed.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const team = roster('t-refused.csv', [`Ann Lee,North,Mo Chen,,http://127.0.0.1:${port}/dead`]);
    let r = await alerts({ team, state: 't-refused.db', extra: ['--notify'] });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`pending: lead-follow-up:rep=Ann Lee → http://127.0.0.1:${port}/dead: connection refused (ECONNREFUSED)`);
    expect(r.stderr).not.toContain('fetch failed');
    r = await alerts({ team, state: 't-refused.db', extra: ['--notify', '--lang', 'zh'] });
    expect(r.stderr).toContain('连接被拒绝（ECONNREFUSED）');
    // Port 9 is one fetch never connects to: said so, not "fetch failed".
    const blocked = roster('t-blocked.csv', ['Ann Lee,North,Mo Chen,,http://127.0.0.1:9/dead']);
    r = await alerts({ team: blocked, state: 't-blocked.db', extra: ['--notify'] });
    expect(r.stderr).toContain('http://127.0.0.1:9/dead: port not allowed');
  });

  it('--notify with no route keeps the alert pending, says so even with -q (exit 5), and delivers once a route is added', async () => {
    const bare = roster('t2-bare.csv', ['Ann Lee,North,Mo Chen,,']);
    let r = await alerts({ team: bare, state: 't2.db', extra: ['--notify', '-q'] });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('pending: lead-follow-up:rep=Ann Lee: no route');
    r = await alerts({ team: bare, state: 't2.db', extra: ['--notify', '-q'] });
    expect(r.code).toBe(5); // still pending the next day too, not "sent"
    const routed = roster('t2.csv', [`Ann Lee,North,Mo Chen,,${base}/t2/ann`]);
    r = await alerts({ team: routed, state: 't2.db', extra: ['--notify', '-q'] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(hooks.count('/t2/ann')).toBe(1);
  });

  it.skipIf(!existsSync('/dev/full'))('a report that cannot be written (full disk) delivers nothing, fails cleanly, and the next run delivers', async () => {
    const team = roster('t3.csv', [`Ann Lee,North,Mo Chen,,${base}/t3/ann`]);
    const out = openSync('/dev/full', 'w');
    const child = spawn(process.execPath, [BIN, ...argv({ team, state: 't3.db', extra: ['--notify'] })], { cwd: ROOT, env: ENV, stdio: ['ignore', out, 'pipe'] });
    closeSync(out);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d) => (stderr += d));
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(1);
    expect(stderr).toContain('the report could not be written');
    noStack(stderr);
    expect(hooks.count('/t3/ann')).toBe(0);
    const r = await alerts({ team, state: 't3.db', extra: ['--notify'] });
    expect(r.code, r.stderr).toBe(0);
    expect(hooks.count('/t3/ann')).toBe(1);
  });

  it('state is per data set: a second data set is not silenced by the first, and an as-of going backwards is refused unless --replay', async () => {
    const env = { XDG_STATE_HOME: join(tmp.dir, 'xdg') };
    for (const set of ['east', 'west']) {
      mkdirSync(join(tmp.dir, set), { recursive: true });
      copyFileSync(F('deals.csv'), join(tmp.dir, set, 'deals.csv'));
    }
    const run = (set: string, asOf: string, extra: string[] = []) =>
      perfInProcess(['--config', config('default.json'), '--as-of', asOf, 'alerts', join(tmp.dir, set, 'deals.csv'), '--leads', F('leads-1.csv'), ...extra], { env });
    expect((await run('east', '2026-11-27')).code).toBe(3);
    const west = await run('west', '2026-11-27');
    expect(west.code, west.stderr).toBe(3); // its own alert, not "ongoing" because of east's
    expect(readdirSync(join(tmp.dir, 'xdg', 'perf', 'alerts'))).toHaveLength(2);
    const back = await run('east', '2026-11-20');
    expect(back.code).toBe(2);
    expect(back.stderr).toContain('--as-of 2026-11-20 is earlier than the last run on this state (2026-11-27)');
    expect(back.stderr).toContain('--replay');
    expect((await run('east', '2026-11-20', ['--replay'])).code).not.toBe(2);
  });

  it("routes a manager's alert to the manager's own robot, never to a rep's", async () => {
    const acts = join(tmp.dir, 'activity.csv');
    // Ann: 1 call a week for three complete weeks (KBI 8): a touch alert, which goes to her manager only.
    // (Ben's call on Thursday 2026-11-26: the log reaches the as-of date, so every week and lead is judged.)
    writeFileSync(acts, 'Owner,Type,Date\nAnn Lee,call,2026-11-03\nAnn Lee,call,2026-11-10\nAnn Lee,call,2026-11-17\nBen Wu,call,2026-11-04\nBen Wu,call,2026-11-26\n');
    const team = roster('t5.csv', [`Ann Lee,North,Mo Chen,,${base}/t5/ann`, `Ben Wu,North,Mo Chen,,${base}/t5/ben`, `Mo Chen,North,Boss,,${base}/t5/mo`]);
    const r = await alerts({ team, state: 't5.db', extra: ['--notify', '--activity', acts] });
    expect(r.code, r.stderr).toBe(3);
    const keys = (path: string) => (hooks.got[path] ?? []).map((b) => (b.alert as { key: string }).key).sort();
    expect(keys('/t5/mo')).toEqual(['lead-follow-up:rep=Ann Lee', 'touches:rep=Ann Lee', 'touches:rep=Ben Wu']);
    expect(keys('/t5/ann')).toEqual(['lead-follow-up:rep=Ann Lee']);
    expect(keys('/t5/ben')).toEqual([]);
  });

  it('masks robot tokens in every note, and a failed delivery exits 5, distinct from 3', async () => {
    const secret = 'tok-5f3a9c1e77';
    const team = roster('t6.csv', [`Ann Lee,North,Mo Chen,,${base}/t6/ann?access_token=${secret}&sign=sig-0042`]);
    hooks.mode['/t6/ann'] = 'fail';
    const dry = await alerts({ team, state: 't6.db', extra: ['--notify', '--dry-run'] });
    expect(dry.stdout).toContain('would POST lead-follow-up:rep=Ann Lee to');
    expect(dry.stdout).toContain('/t6/ann?access_token=***&sign=***');
    expect(dry.stdout).not.toContain(secret);
    let r = await alerts({ team, state: 't6.db', extra: ['--notify'] });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`${base}/t6/ann?access_token=***&sign=***`);
    expect(r.stderr).toContain('HTTP 500');
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(r.stdout + r.stderr).not.toContain('sig-0042');
    delete hooks.mode['/t6/ann'];
    r = await alerts({ team, state: 't6.db', extra: ['--notify'] });
    expect(r.code, r.stderr).toBe(0);
    expect(hooks.count('/t6/ann')).toBe(1);
  });

  it('a dead robot cannot stall the run past its deadline; the alert stays pending (exit 5) and goes out once the robot answers', async () => {
    const team = roster('t7.csv', [`Ann Lee,North,Mo Chen,,${base}/t7/ann`, `Mo Chen,North,Boss,,${base}/t7/mo`]);
    hooks.mode['/t7/ann'] = 'hang';
    const cfg = config('deadline.json', { deadlineMs: 1500, timeoutMs: 600_000, retries: 0 });
    let r = await alerts({ team, state: 't7.db', cfg, extra: ['--notify'] });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain("the run's deadline of 1500 ms was reached");
    expect(hooks.count('/t7/mo')).toBe(1); // sent concurrently, not stuck behind the dead one
    delete hooks.mode['/t7/ann'];
    hooks.release();
    r = await alerts({ team, state: 't7.db', cfg, extra: ['--notify'] });
    expect(r.code, r.stderr).toBe(0);
    expect(hooks.count('/t7/ann')).toBe(1);
    expect(hooks.count('/t7/mo')).toBe(1);
  });

  it('a claim left by a run killed mid-send is reclaimed by the next run and reported', async () => {
    const team = roster('t8.csv', [`Ann Lee,North,Mo Chen,,${base}/t8/ann`]);
    hooks.mode['/t8/ann'] = 'hang';
    const arrived = hooks.arrival('/t8/ann');
    const child = spawn(process.execPath, [BIN, ...argv({ team, state: 't8.db', extra: ['--notify'] })], { cwd: ROOT, env: ENV, stdio: 'ignore' });
    await arrived;
    const gone = new Promise((r) => child.on('close', r));
    child.kill('SIGKILL');
    await gone;
    delete hooks.mode['/t8/ann'];
    hooks.release();
    const r = await alerts({ team, state: 't8.db', extra: ['--notify'] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('reclaimed 1 delivery claimed by a run that stopped mid-send');
    expect(hooks.count('/t8/ann')).toBe(1);
  });
});

describe('perf alerts: e-mail over SMTP', () => {
  const env = () => ({ PERF_SMTP_URL: smtpUrl, PERF_SMTP_PASSWORD: 'mail-pw-1234' });

  it("mails the rep and the manager's own address once each; a refused mail stays pending and is sent once later", async () => {
    const team = roster('m1.csv', ['Ann Lee,North,Mo Chen,ann@example.com,', 'Mo Chen,North,Boss,mo@example.com,']);
    smtp.state.refuse = true;
    let r = await alerts({ team, state: 'm1.db', env: env(), extra: ['--notify'] });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('mailbox busy');
    expect(smtp.mails).toHaveLength(0);
    smtp.state.refuse = false;
    r = await alerts({ team, state: 'm1.db', env: env(), extra: ['--notify'] });
    expect(r.code, r.stderr).toBe(0);
    expect(smtp.mails.map((m) => m.to).sort()).toEqual([['ann@example.com'], ['mo@example.com']]);
    // the body as sent (quoted-printable): the alert's lines, to each address once
    expect(smtp.mails[0].body).toContain('To: Ann Lee (rep, ann@example.com), Mo Chen (manager, mo@example.com)');
    expect(smtp.mails[0].body).toContain('L-1 Beta Co: assigned 2026-11-20 10:00');
    r = await alerts({ team, state: 'm1.db', env: env(), extra: ['--notify'] });
    expect(r.code).toBe(0);
    expect(smtp.mails).toHaveLength(2);
  });

  it('refuses a login without PERF_SMTP_PASSWORD, and never prints the password', async () => {
    const team = roster('m2.csv', ['Ann Lee,North,Mo Chen,ann@example.com,']);
    const r = await alerts({ team, state: 'm2.db', env: { PERF_SMTP_URL: smtpUrl }, extra: ['--notify'] });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('set PERF_SMTP_PASSWORD');
    const wrong = await alerts({ team, state: 'm2.db', env: { PERF_SMTP_URL: smtpUrl.replace('perf@', 'perf:wrong-pw-777@') }, extra: ['--notify'] });
    expect(wrong.code).toBe(5);
    expect(wrong.stdout + wrong.stderr).not.toContain('wrong-pw-777');
    noStack(wrong.stderr);
  });
});

describe('delivery errors in words', () => {
  it('words timeouts and the run deadline in both languages, keeping the numbers', async () => {
    const { deliveryError } = await import('../../src/cli/alerts/delivery.js');
    expect(deliveryError('timeout after 5000 ms')).toEqual({ en: 'no answer within 5000 ms (timeout)', zh: '5000 毫秒内无响应（超时）' });
    expect(deliveryError('run deadline of 1500 ms reached').zh).toBe('已到本次运行的截止时间（1500 毫秒）');
    expect(deliveryError('run deadline reached').zh).toBe('已到本次运行的截止时间');
    expect(deliveryError('HTTP 500')).toEqual({ en: 'HTTP 500', zh: 'HTTP 500' });
  });
});
