import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, perfAsync, perfInProcess, ROOT, tempDir } from './helpers.js';
import { linesWiderThan } from './terminal-width.js';

const F = (name: string) => join(ROOT, 'test/fixtures/alerts', name);

/** A webhook on 127.0.0.1 that records every POST and can be told to fail. */
function hookServer() {
  const bodies: Record<string, unknown>[] = [];
  const state = { fail: false, attempts: 0 };
  const server: Server = createServer((req, res) => {
    let data = '';
    req.setEncoding('utf8').on('data', (d) => (data += d));
    req.on('end', () => {
      state.attempts++;
      if (state.fail) {
        res.writeHead(500).end('down');
        return;
      }
      bodies.push(JSON.parse(data));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  return { server, bodies, state };
}

describe('perf alerts: delivery lifecycle against a local webhook', () => {
  const hook = hookServer();
  const tmp = tempDir();
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((r) => hook.server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(hook.server.address() as AddressInfo).port}/hook`;
    writeFileSync(join(tmp.dir, 'teams.csv'), `Sales Rep,Team,Region,Manager,Manager Email,Email,Webhook\nAnn Lee,North,North China,Mo Chen,mo@example.com,ann@example.com,${url}\n`);
  });
  afterAll(() => {
    hook.server.close();
    tmp.cleanup();
  });
  const args = (leads: string, asOf: string, state: string, extra: string[] = []) => [
    '--config', F('config.json'), '--as-of', asOf,
    'alerts', F('deals.csv'), '--leads', F(leads), '--team', join(tmp.dir, 'teams.csv'), '--state', join(tmp.dir, state), '--notify', ...extra,
  ];
  // In this process: the run is async, so the webhook here answers while perf waits on it.
  const run = (...a: Parameters<typeof args>) => perfInProcess(args(...a));

  it('sends once, stays quiet, re-sends when worse, retries a failed delivery on the next run, dry-runs without effect, resolves', async () => {
    // 1st run: L-1 assigned 2026-11-20 10:00 has waited 158 h at 2026-11-27 00:00 → one alert to Ann and her manager, one POST.
    let r = await run('leads-1.csv', '2026-11-27', 'a.db');
    expect(r.code, r.stderr).toBe(3);
    expect(hook.bodies).toHaveLength(1);
    expect(hook.bodies[0]).toMatchObject({ alert: { event: 'raised', key: 'lead-follow-up:rep=Ann Lee', rule: 'lead-follow-up', magnitude: 1 } });
    expect(String(hook.bodies[0].text)).toContain('L-1 Beta Co: assigned 2026-11-20 10:00, 158 h without follow-up');
    expect(String(hook.bodies[0].text)).toContain('Ann Lee (rep, ann@example.com), Mo Chen (manager, mo@example.com)');
    expect(r.stdout).toContain('[NEW · critical] Ann Lee: 1 lead without follow-up for more than 48 hours');

    // 2nd run, same data: nothing new, nothing sent.
    r = await run('leads-1.csv', '2026-11-27', 'a.db');
    expect(r.code).toBe(0);
    expect(hook.bodies).toHaveLength(1);
    expect(r.stdout).toContain('0 raised');
    expect(r.stdout).toContain('1 ongoing');

    // Worse: L-2 is now also unanswered (2 leads ≥ 1 + worsenBy) → sent again at once.
    r = await run('leads-2.csv', '2026-11-27', 'a.db');
    expect(r.code).toBe(3);
    expect(hook.bodies).toHaveLength(2);
    expect(hook.bodies[1]).toMatchObject({ alert: { event: 'worsened', magnitude: 2 } });
    expect(String(hook.bodies[1].title)).toContain('[WORSENED');

    // 8 days later (quiet period 7) a reminder is due, but the webhook is down: 1 try + 1 retry, kept pending.
    hook.state.fail = true;
    hook.state.attempts = 0;
    r = await run('leads-2.csv', '2026-12-05', 'a.db');
    expect(r.code).toBe(5); // a delivery is pending: its own code, not 3
    expect(hook.state.attempts).toBe(2);
    expect(r.stderr).toContain('kept pending for the next run');

    // Dry run while the webhook is down: shows the pending retry, posts nothing.
    hook.state.attempts = 0;
    r = await run('leads-2.csv', '2026-12-05', 'a.db', ['--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would retry 1 delivery left pending');
    expect(hook.state.attempts).toBe(0);

    // The webhook is back: the next run (nothing new) delivers the pending reminder.
    hook.state.fail = false;
    r = await run('leads-2.csv', '2026-12-05', 'a.db');
    expect(r.code).toBe(0);
    expect(hook.bodies).toHaveLength(3);
    expect(hook.bodies[2]).toMatchObject({ alert: { event: 'repeated', asOf: '2026-12-05' } });

    // Dry run of a due reminder: exit 3, the would-be payload printed, nothing posted or recorded.
    r = await run('leads-2.csv', '2026-12-20', 'a.db', ['--dry-run']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`would POST lead-follow-up:rep=Ann Lee to ${url} (generic)`);
    expect(hook.bodies).toHaveLength(3);
    r = await run('leads-2.csv', '2026-12-20', 'a.db');
    expect(r.code).toBe(3);
    expect(hook.bodies).toHaveLength(4);

    // Both leads answered: resolved, recorded, nothing sent.
    r = await run('leads-3.csv', '2026-12-21', 'a.db', ['--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { asOf: '2026-12-21', event: 'resolved', key: 'lead-follow-up:rep=Ann Lee', rule: 'lead-follow-up' },
    ]);
    expect(hook.bodies).toHaveLength(4);
  });

  it('two concurrent runs send the alert once', async () => {
    const before = hook.bodies.length;
    // Two processes: in-process runs take turns, which would not test the store's locking.
    const [a, b] = await Promise.all([perfAsync(args('leads-1.csv', '2026-11-27', 'c.db')), perfAsync(args('leads-1.csv', '2026-11-27', 'c.db'))]);
    expect([a.code, b.code].sort(), a.stderr + b.stderr).toEqual([0, 3]);
    expect(hook.bodies.length - before).toBe(1);
  });
});

describe('perf alerts on the shipped fixtures', () => {
  const args = ['alerts', fixture('deals.csv'), '--leads', fixture('leads.csv'), '--activity', fixture('activity.csv'), '--team', fixture('teams.csv')];

  it('raises the planted problems, as JSON lines and CSV, and changes nothing with --dry-run', async () => {
    const tmp = tempDir();
    try {
      const state = join(tmp.dir, 's.db');
      const out = join(tmp.dir, 'alerts.csv');
      const r = await perfInProcess(['--as-of', '2026-11-27', ...args, '--state', state, '--format', 'json', '--out', out]);
      expect(r.code, r.stderr).toBe(3);
      // stdout holds the JSON lines only; where the CSV went is said on stderr
      expect(r.stderr).toContain(`wrote ${out}`);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      const keys = lines.map((l) => l.key);
      // Wang Fang (lax): touches below 8/week and unanswered leads; Zhang Wei and Li Na (diligent) keep the touch KBI.
      expect(keys).toContain('touches:rep=Wang Fang');
      expect(keys).toContain('lead-follow-up:rep=Wang Fang');
      expect(keys).not.toContain('touches:rep=Zhang Wei');
      expect(keys).not.toContain('touches:rep=Li Na');
      const wang = lines.find((l) => l.key === 'lead-follow-up:rep=Wang Fang');
      // L-00051 assigned 2026-11-24 14:43, no follow-up: 57 h at the as-of midnight; L-00058 (2026-11-26 13:17) is within 48 h.
      expect(wang.numbers.leads.map((l: { id: string }) => l.id)).toEqual(['L-00004', 'L-00051']);
      expect(wang.recipients.map((x: { name: string }) => x.name)).toEqual(['Wang Fang', 'Sun Li']);
      expect(lines.every((l) => l.event === 'raised')).toBe(true);
      const touches = lines.find((l) => l.key === 'touches:rep=Wang Fang');
      // only complete weeks before Friday 2026-11-27 count: the last one is 2026-W47 (Nov 16–22)
      expect(touches.numbers.weeks.at(-1).week).toBe('2026-W47');
      expect(touches.numbers.weeks.every((w: { touches: number }) => w.touches < 8)).toBe(true);
      const csv = readFileSync(out, 'utf8');
      expect(csv.split('\r\n')[0]).toBe('\uFEFFasOf,event,severity,rule,key,team,region,rep,recipients,since,title,details,action');
      expect(csv.split('\r\n').filter((l) => l.startsWith('2026-11-27,raised'))).toHaveLength(lines.length);

      const dry = await perfInProcess(['--lang', 'zh', '--as-of', '2026-11-27', ...args, '--state', join(tmp.dir, 'none.db'), '--dry-run']);
      expect(dry.code).toBe(3);
      expect(dry.stdout).toContain('演练模式');
      expect(dry.stdout).toContain('Wang Fang：客户触达连续');
      expect(dry.stdout).toContain('触达 = 电话 + 拜访 + 邮件');
      // Recipients in Chinese punctuation; in English as before.
      expect(dry.stdout).toContain('接收人：Wang Fang（销售，wang.fang@example.com）、Sun Li（经理，sun.li@example.com）');
      expect(linesWiderThan(dry.stdout)).toEqual([]);
      const again = await perfInProcess(['--as-of', '2026-11-27', ...args, '--state', join(tmp.dir, 'none.db'), '--dry-run']);
      expect(again.code, again.stderr).toBe(3);
      expect(linesWiderThan(again.stdout)).toEqual([]);
      // the checks block comes first (issue 12), then the report's own first line
      expect(again.stdout.split('\n\n')[1].split('\n')[0]).toBe('Alerts as of 2026-11-27 (dry run: nothing is sent or recorded): 9 raised (9 new, 0 worsened, 0');
      expect(again.stdout).toMatch(/^Checks \(read these before the results\):\n/);
      expect(() => readFileSync(join(tmp.dir, 'none.db'))).toThrow();
    } finally {
      tmp.cleanup();
    }
  });

  it('neutralises formula-like CRM text in --out CSV and rejects a bad --format', async () => {
    const tmp = tempDir();
    try {
      writeFileSync(join(tmp.dir, 'leads.csv'), 'Lead ID,Owner,Assigned At\nL-9,=HYPERLINK("x"),2026-11-01 09:00\n');
      const out = join(tmp.dir, 'a.csv');
      const r = await perfInProcess(['--config', F('config.json'), '--as-of', '2026-11-27', 'alerts', F('deals.csv'), '--leads', join(tmp.dir, 'leads.csv'), '--dry-run', '--out', out, '--state', join(tmp.dir, 's.db')]);
      expect(r.code, r.stderr).toBe(3);
      const row = readFileSync(out, 'utf8').split('\r\n')[1];
      expect(row).toContain(`"'=HYPERLINK(""x""): 1 lead without follow-up for more than 48 hours"`);
      expect(row).toContain(`,"'=HYPERLINK(""x"")",`); // the rep column
      expect(row).not.toMatch(/,=|,"=/);
      const bad = await perfInProcess(['alerts', F('deals.csv'), '--format', 'xml']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--format must be text or json');
    } finally {
      tmp.cleanup();
    }
  });
});

describe('perf alerts on a deals export without customers', () => {
  it('skips the new-customer growth rule with a one-line note instead of raising a streak for every week', async () => {
    const tmp = tempDir();
    try {
      // Olist-like closed deals: an id, a seller and a won date, no customer, no new-customer column
      const rows = Array.from({ length: 30 }, (_, i) => `D${i},S${i % 3},2026-${String(1 + Math.floor(i / 3)).padStart(2, '0')}-10,Won,1000`);
      writeFileSync(join(tmp.dir, 'deals.csv'), ['Deal ID,Owner,Close Date,Stage,Amount', ...rows].join('\n') + '\n');
      const common = ['--as-of', '2026-11-27', 'alerts', join(tmp.dir, 'deals.csv'), '--state', join(tmp.dir, 's.db'), '--dry-run', '--width', '300'];
      const text = await perfInProcess(common);
      expect(text.stdout).not.toContain('new-customer growth below');
      expect(text.stdout).toContain('new-customer growth not checked: the deals have neither a customer nor a new-customer column');
      const json = await perfInProcess([...common, '--json']);
      expect(json.stdout.split('\n').filter((l) => l.includes('new-customer-growth'))).toEqual([]);
      expect(json.stderr).toContain('new-customer growth not checked');
      // with a customer column the rule runs again; every deal a repeat customer is 0 → 0: not enough data, not a streak
      writeFileSync(join(tmp.dir, 'deals.csv'), ['Deal ID,Owner,Customer,Close Date,Stage,Amount', ...rows.map((r) => r.replace(/^(D\d+,S\d)/, '$1,Acme'))].join('\n') + '\n');
      const again = (await perfInProcess(common)).stdout;
      expect(again).toContain('new-customer growth not judged, not enough data');
      expect(again).not.toContain('new-customer growth below');
    } finally {
      tmp.cleanup();
    }
  });
});

describe('perf alerts on exports that are empty, end early or cannot be judged', () => {
  const args = ['alerts', fixture('deals.csv'), '--leads', fixture('leads.csv'), '--team', fixture('teams.csv'), '--width', '300'];
  const header = (tmp: string, name: string) => {
    const file = join(tmp, `hdr-${name}`);
    writeFileSync(file, readFileSync(fixture(name), 'utf8').split('\n')[0] + '\n');
    return file;
  };

  it('a header-only activity log or leads export resolves nothing and says first that its rules were not checked', async () => {
    const tmp = tempDir();
    try {
      const state = ['--state', join(tmp.dir, 'st.db')];
      const first = await perfInProcess(['--as-of', '2026-11-27', ...args, '--activity', fixture('activity.csv'), ...state]);
      expect(first.code, first.stderr).toBe(3);
      expect(first.stdout).toContain('touches:rep=Wang Fang');
      // The cron export failed: only the header line arrived.
      const r = await perfInProcess(['--as-of', '2026-11-28', ...args, '--activity', header(tmp.dir, 'activity.csv'), ...state]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toContain('RESOLVED');
      expect(r.stdout).toContain('0 resolved');
      const checks = r.stdout.split('\n\n')[0];
      expect(checks).toMatch(/^Checks \(read these before the results\):\n {2}caveat: touch KBI and lead follow-up not checked: .*hdr-activity\.csv has no rows \(a failed export\?\)/);
      const leads = await perfInProcess(['--as-of', '2026-11-29', 'alerts', fixture('deals.csv'), '--leads', header(tmp.dir, 'leads.csv'), '--activity', fixture('activity.csv'), '--team', fixture('teams.csv'), ...state]);
      expect(leads.code, leads.stderr).toBe(0);
      expect(leads.stdout).not.toContain('RESOLVED');
      expect(leads.stdout.split('\n\n')[0]).toContain('lead follow-up not checked:');
    } finally {
      tmp.cleanup();
    }
  });

  it('says once, before the results, which weeks an export ending before --as-of does not reach (alerts and dashboard)', async () => {
    const tmp = tempDir();
    try {
      const run = ['--as-of', '2026-12-15', ...args, '--activity', fixture('activity.csv'), '--dry-run'];
      const r = await perfInProcess(run);
      const checks = r.stdout.split('\n\n')[0];
      expect(checks).toContain('activity.csv ends 2026-11-26: the touch KBI is not judged for 2026-W48…2026-W50, which it does not reach (or reaches only in part)');
      expect(checks).toContain('lead follow-up judged as of 2026-11-27');
      expect(checks).toContain('deals.csv ends 2026-11-24 and has no rows in 2026-W49…2026-W50');
      // The activity log's own rules say what they did with its missing days: not the general "counts as nothing done".
      expect(checks).not.toMatch(/activity\.csv ends 2026-11-26: the last 4 days of 2026-11 have no rows/);
      // no streak of empty weeks, no lead waiting past the log's end
      expect(r.stdout).not.toContain('2026-W50: 0 touches');
      // L-00051 (assigned 2026-11-24 14:43) waited 57 h to the day after the log's end, not 489 h to 2026-12-15
      expect(r.stdout).toContain('L-00051 Ningbo Haiyue Logistics Co., Ltd.: assigned 2026-11-24 14:43, 57 h without follow-up');
      // The same a week earlier, when the log (ending Thursday 2026-11-26) misses only days, not whole weeks:
      // a later run must not find fewer, milder alerts than an earlier one on the same exports.
      const early = await perfInProcess(['--as-of', '2026-12-03', ...args, '--activity', fixture('activity.csv'), '--dry-run']);
      expect(early.stdout).toContain('L-00051 Ningbo Haiyue Logistics Co., Ltd.: assigned 2026-11-24 14:43, 57 h without follow-up');
      expect(early.stdout.split('\n\n')[0]).toContain('lead follow-up judged as of 2026-11-27');
      const json = await perfInProcess([...run, '--json']);
      // each check said once on stderr (the growth notes were written twice)
      for (const line of ['touch KBI is not judged', 'West: new-customer growth not judged']) expect(json.stderr.split(line).length - 1, line).toBe(1);
      const board = await perfInProcess(['--as-of', '2026-12-15', 'dashboard', fixture('deals.csv'), '--activity', fixture('activity.csv'), '--leads', fixture('leads.csv'), '--team', fixture('teams.csv'), '-o', join(tmp.dir, 'b.html'), '--width', '300']);
      expect(board.code, board.stderr).toBe(0);
      expect(board.stdout.split('\n\n')[0]).toContain('the touch KBI is not judged for 2026-W48…2026-W50');
    } finally {
      tmp.cleanup();
    }
  }, 60_000);

  it('groups new-customer growth by the roster\'s teams, so an export naming its teams otherwise still routes to their managers', async () => {
    const tmp = tempDir();
    try {
      const cfgFile = join(tmp.dir, 'g.json');
      writeFileSync(cfgFile, JSON.stringify({ alerts: { newCustomerGrowth: { windowWeeks: 4, minBase: 1 } } }));
      // The Chinese deals say 西部 where the shipped roster (matching 陈杰 etc. by its aliases) says West.
      const r = await perfInProcess(['--config', cfgFile, '--as-of', '2024-05-06', 'alerts', fixture('deals-zh.gbk.csv'), '--team', fixture('teams.csv'), '--state', join(tmp.dir, 's.db'), '--json']);
      const growth = r.stdout.trim().split('\n').map((l) => JSON.parse(l)).find((a) => a.rule === 'new-customer-growth');
      expect(growth).toMatchObject({ key: 'new-customer-growth:team=West', recipients: [{ role: 'manager', name: 'Zhou Min' }] });
    } finally {
      tmp.cleanup();
    }
  });

  it('a leads export no lead of which can be judged is not refused as stale; one that can be judged still is', async () => {
    const tmp = tempDir();
    try {
      writeFileSync(join(tmp.dir, 'deals.csv'), ['Deal ID,Owner,Close Date,Stage,Amount', ...Array.from({ length: 24 }, (_, i) => `D${i},S1,2018-${String(1 + (i % 11)).padStart(2, '0')}-10,Won,10`)].join('\n') + '\n');
      // Olist's marketing-qualified leads: an id, a first contact and an origin; no owner, no assignment time.
      writeFileSync(join(tmp.dir, 'mql.csv'), 'mql_id,first_contact_date,origin\nM1,2018-05-30,paid_search\nM2,2018-05-31,organic\n');
      const common = ['--as-of', '2018-12-01', 'alerts', join(tmp.dir, 'deals.csv'), '--state', join(tmp.dir, 's.db'), '--dry-run', '--width', '300'];
      const r = await perfInProcess([...common, '--leads', join(tmp.dir, 'mql.csv')]);
      expect(r.code, r.stderr).not.toBe(2);
      expect(r.stdout).toContain('lead follow-up not checked: no lead has both an owner and an assignment time');
      writeFileSync(join(tmp.dir, 'leads.csv'), 'Lead ID,Owner,Assigned At\nL1,S1,2018-05-30 10:00\n');
      const stale = await perfInProcess([...common, '--leads', join(tmp.dir, 'leads.csv')]);
      expect(stale.code).toBe(2);
      expect(stale.stderr).toContain('the export ends 2018-05-30');
      // The dashboard reads the leads for the same rule: not refused either, and its summary line says how many of each.
      const board = await perfInProcess(['--as-of', '2018-12-01', 'dashboard', join(tmp.dir, 'deals.csv'), '--leads', join(tmp.dir, 'mql.csv'), '-o', join(tmp.dir, 'b.html'), '--width', '300']);
      expect(board.code, board.stderr).toBe(0);
      expect(board.stdout).toMatch(/Wrote \S+b\.html: 3 levels, 6 charts, 0 active alerts/);
    } finally {
      tmp.cleanup();
    }
  });

  it('keys the company-wide pacing alert pacing:company, and goes on from an alert a store remembers under the former key "pacing:team=—"', async () => {
    const tmp = tempDir();
    try {
      const rows = Array.from({ length: 30 }, (_, i) => `D${i},S${i % 3},2026-${String(1 + Math.floor(i / 3)).padStart(2, '0')}-10,Won,1000`);
      writeFileSync(join(tmp.dir, 'deals.csv'), ['Deal ID,Owner,Close Date,Stage,Amount', ...rows].join('\n') + '\n');
      const db = join(tmp.dir, 's.db');
      const run = (asOf: string) => perfInProcess(['--as-of', asOf, 'alerts', join(tmp.dir, 'deals.csv'), '--state', db, '--json']);
      const first = await run('2026-11-27');
      expect(first.stdout.trim().split('\n').map((l) => JSON.parse(l).key)).toEqual(['pacing:company']);
      // A store written before the key changed.
      const { sqlite } = await import('../../src/io/state.js');
      const store = new (sqlite())(db);
      for (const table of ['alerts', 'alert_events', 'alert_deliveries']) store.prepare(`UPDATE ${table} SET key = 'pacing:team=—' WHERE key = 'pacing:company'`).run();
      store.close();
      // The same day again: the alert it remembers, unchanged (a new key would raise it as NEW, exit 3).
      const next = await run('2026-11-27');
      expect(next.code).toBe(0);
      expect(next.stdout.trim().split('\n').map((l) => [JSON.parse(l).key, JSON.parse(l).event])).toEqual([['pacing:company', 'ongoing']]);
      const after = new (sqlite())(db);
      expect(after.prepare('SELECT key FROM alerts').all()).toEqual([{ key: 'pacing:company' }]);
      after.close();
    } finally {
      tmp.cleanup();
    }
  });
});

describe('perf alerts: a roster that renames the export\'s teams', () => {
  it('goes on with an alert remembered under the export\'s team (华东) when --team names it East: no false all-clear, no duplicate', async () => {
    const tmp = tempDir();
    try {
      const db = join(tmp.dir, 's.db');
      const run = (asOf: string, ...more: string[]) => perfInProcess(['--as-of', asOf, 'alerts', fixture('deals-zh.gbk.csv'), '--state', db, '--width', '80', ...more]);
      const events = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l) as { key: string; event: string }).map((x) => [x.key, x.event]);
      const first = await run('2026-12-01', '--json');
      expect([first.code, events(first.stdout)]).toEqual([3, [['pacing:team=华东', 'raised']]]);
      const next = await run('2026-12-02', '--team', fixture('teams.csv'));
      expect(next.code).toBe(0);
      expect(next.stdout).toContain('0 raised (0 new, 0 worsened, 0 reminders), 1 ongoing');
      expect(next.stdout).toMatch(/· East: 2026-Q4 projected at 52\.0% of target, below the 85% floor \(last\s+raised 2026-12-01\)/);
      expect(next.stdout).not.toMatch(/RESOLVED|\[NEW/);
      const again = await run('2026-12-03', '--team', fixture('teams.csv'), '--json');
      expect(events(again.stdout)).toEqual([['pacing:team=East', 'ongoing']]);
      // And back: a run without the roster finds the alert it carried over from 华东.
      const back = await run('2026-12-04', '--json');
      expect([back.code, events(back.stdout)]).toEqual([0, [['pacing:team=华东', 'ongoing']]]);
    } finally {
      tmp.cleanup();
    }
  });

  it('goes on under the export\'s team in a run without --team after runs that only ever had it', async () => {
    const tmp = tempDir();
    try {
      const db = join(tmp.dir, 's.db');
      const run = (asOf: string, ...more: string[]) => perfInProcess(['--as-of', asOf, 'alerts', fixture('deals-zh.gbk.csv'), '--state', db, '--json', ...more]);
      const events = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l) as { key: string; event: string }).map((x) => [x.key, x.event]);
      const first = await run('2026-12-01', '--team', fixture('teams.csv'));
      expect(events(first.stdout)).toEqual([['pacing:team=East', 'raised']]);
      const next = await run('2026-12-02');
      expect([next.code, events(next.stdout)]).toEqual([0, [['pacing:team=华东', 'ongoing']]]);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('perf alerts: a long touch streak', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);

  // Ann Lee: 8 calls in the week of Monday 2026-08-31 (2026-W36), then 2 a week for 12 weeks, W37…W48; Bo Wu:
  // 8 a week but 2 in W46…W48. Each week's calls fall on its Tuesday and Friday, so the log reaches W48's Friday.
  const log = join(tmp.dir, 'activity.csv');
  const rows: string[] = [];
  for (let w = 0; w <= 12; w++)
    for (const [rep, calls] of [['Ann Lee', w === 0 ? 8 : 2], ['Bo Wu', w >= 10 ? 2 : 8]] as const)
      for (let i = 0; i < calls; i++) rows.push(`${rep},call,${new Date(Date.UTC(2026, 7, 31 + 7 * w + (i % 2 ? 4 : 1), 9, i)).toISOString().slice(0, 16).replace('T', ' ')}`);
  writeFileSync(log, `Sales Rep,Activity Type,Activity Date\n${rows.join('\n')}\n`);
  const run = (lang: string) => perfInProcess(['--lang', lang, '--as-of', '2026-11-30', 'alerts', F('deals.csv'), '--activity', log, '--dry-run', '--width', '80']);

  it('says how long the streak is when it lists only its last 8 weeks, in English and Chinese', async () => {
    const en = await run('en');
    expect(en.code, en.stderr).toBe(3);
    expect(linesWiderThan(en.stdout)).toEqual([]);
    const ann = en.stdout.split('\n\n').find((b) => b.includes('Ann Lee: fewer than 8'))!;
    expect(ann.replace(/\s+/g, ' ')).toContain('Ann Lee: fewer than 8 customer touches a week for 12 consecutive weeks');
    const listed = ann.split('\n').filter((l) => /^ {2}2026-W\d\d: /.test(l));
    expect(listed.map((l) => l.trim().slice(0, 8))).toEqual(['2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48']);
    // said right before the weeks it qualifies
    expect(ann).toContain('\n  12 weeks in a row; only the last 8 are listed\n  2026-W41: 2 touches\n');
    // a streak listed whole says nothing more
    const bo = en.stdout.split('\n\n').find((b) => b.includes('Bo Wu: fewer than 8'))!;
    expect(bo.replace(/\s+/g, ' ')).toContain('for 3 consecutive weeks');
    expect(bo).not.toContain('in a row');
    const zh = await run('zh');
    const annZh = zh.stdout.split('\n\n').find((b) => b.includes('Ann Lee：客户触达连续 12 周'))!;
    expect(annZh).toContain('\n  连续 12 周；仅列出最近 8 周\n  2026-W41：触达 2 次\n');
  });
});
