import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { fixture, perfInProcess, ROOT, tempDir } from './helpers.js';
import { linesWiderThan } from './terminal-width.js';

const { dir, cleanup } = tempDir('perf-calibrate-');
afterAll(cleanup);

interface Occurrence {
  summary: string;
  organizer: string;
  attendees: string[];
  /** wall-clock start in the event's zone, e.g. 2026-12-07T10:00:00 */
  local: string;
  tzid: string;
  utcStart: number;
  utcEnd: number;
}

/** Every occurrence of every event in an .ics file, expanded by ical.js from the RRULE. */
function expand(file: string): { events: ICAL.Component[]; occurrences: Occurrence[]; text: string } {
  const text = readFileSync(file, 'utf8');
  const cal = new ICAL.Component(ICAL.parse(text));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const events = cal.getAllSubcomponents('vevent');
  const occurrences: Occurrence[] = [];
  for (const v of events) {
    const ev = new ICAL.Event(v);
    const it = ev.iterator();
    for (let t = it.next(); t; t = it.next()) {
      const { startDate, endDate } = ev.getOccurrenceDetails(t);
      occurrences.push({
        summary: ev.summary,
        organizer: String(ev.organizer),
        attendees: ev.attendees.map((a) => String(a.getFirstValue()).toLowerCase()),
        local: startDate.toString(),
        tzid: startDate.zone?.tzid ?? '',
        utcStart: startDate.toUnixTime(),
        utcEnd: endDate.toUnixTime(),
      });
    }
  }
  return { events, occurrences, text };
}

describe('perf calibrate plan', () => {
  it('writes one clash-free recurring calendar per manager that a parser reads back', async () => {
    const out = join(dir, 'cal');
    const r = await perfInProcess(['--as-of', '2026-11-27', 'calibrate', 'plan', '--team', fixture('teams.csv'), '--start', '2026-12-07', '--weeks', '12', '-o', out, '--json'], {
      env: { TZ: 'America/Los_Angeles' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['calibrate-sun-li.ics', 'calibrate-zhou-min.ics']);
    const sun = expand(join(out, 'calibrate-sun-li.ics'));
    // 3 reps × 6 fortnightly meetings in 12 weeks, Mon/Tue/Wed at 10:00 Shanghai = 02:00 UTC
    expect(sun.events).toHaveLength(3);
    expect(sun.occurrences).toHaveLength(18);
    expect(sun.occurrences.every((o) => o.tzid === 'Asia/Shanghai' && o.local.endsWith('T10:00:00'))).toBe(true);
    expect(sun.occurrences.every((o) => o.utcEnd - o.utcStart === 30 * 60)).toBe(true);
    const zhang = sun.occurrences.filter((o) => o.summary.includes('Zhang Wei')).map((o) => o.local.slice(0, 10));
    expect(zhang).toEqual(['2026-12-07', '2026-12-21', '2027-01-04', '2027-01-18', '2027-02-01', '2027-02-15']);
    expect(new Date(sun.occurrences[0].utcStart * 1000).toISOString()).toBe('2026-12-07T02:00:00.000Z');
    // no clash for the manager: no two of his meetings overlap
    const spans = sun.occurrences.map((o) => [o.utcStart, o.utcEnd]).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
    // people and reminder
    expect(sun.occurrences[0].organizer).toBe('mailto:sun.li@example.com');
    expect(sun.occurrences[0].attendees).toContain('mailto:zhang.wei@example.com');
    for (const v of sun.events) {
      const alarm = v.getFirstSubcomponent('valarm')!;
      expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
      expect(String(alarm.getFirstPropertyValue('trigger'))).toBe('-P1D');
      expect(String(alarm.getFirstPropertyValue('description'))).toMatch(/prepare/);
      expect(String(v.getFirstPropertyValue('description'))).toContain("4. What are next week's key actions?");
      const rrule = v.getFirstPropertyValue('rrule') as ICAL.Recur;
      expect([rrule.freq, rrule.interval, rrule.count]).toEqual(['WEEKLY', 2, 6]);
    }
    // what calendar apps need: CRLF only, folded at 75 octets, the standard header lines
    const lines = sun.text.split('\r\n');
    expect(sun.text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(lines.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(lines.slice(0, 4)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//sales-perf//perf calibrate//EN', 'METHOD:PUBLISH']);
    expect(sun.text).toContain('DTSTAMP:20261126T160000Z');
    const j = JSON.parse(r.stdout);
    expect(j.pairs).toHaveLength(6);
  });

  it('is byte-identical on a rerun in another machine time zone, refuses to overwrite, and writes one file per pair in Chinese', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const args = (o: string) => ['--as-of', '2026-11-27', '--lang', 'zh', 'calibrate', 'plan', '--team', fixture('teams.csv'), '--start', '2026-12-07', '--per-pair', '-o', o];
    expect((await perfInProcess(args(a), { env: { TZ: 'UTC' } })).code).toBe(0);
    expect((await perfInProcess(args(b), { env: { TZ: 'Asia/Kolkata' } })).code).toBe(0);
    const files = readdirSync(a).sort();
    expect(files).toHaveLength(6);
    expect(files).toContain('calibrate-sun-li-wang-fang.ics');
    for (const f of files) expect(readFileSync(join(a, f))).toEqual(readFileSync(join(b, f)));
    const wang = expand(join(a, 'calibrate-sun-li-wang-fang.ics'));
    expect(wang.occurrences[0].summary).toBe('双周校准：Sun Li / Wang Fang');
    expect(wang.text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const again = await perfInProcess(args(a));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
  });

  it('without -o writes into the current folder, lists every path on stderr, keeps stdout for the schedule, and refuses to overwrite without --force', async () => {
    const cwd = join(dir, 'cwd');
    mkdirSync(cwd);
    const args = ['--as-of', '2026-11-27', 'calibrate', 'plan', '--team', fixture('teams.csv'), '--start', '2026-12-07'];
    const r = await perfInProcess(args, { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(cwd).sort()).toEqual(['calibrate-sun-li.ics', 'calibrate-zhou-min.ics']);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('wrote '))).toEqual([`wrote ${join(cwd, 'calibrate-sun-li.ics')}`, `wrote ${join(cwd, 'calibrate-zhou-min.ics')}`]);
    expect(r.stdout).not.toContain('wrote');
    expect((await perfInProcess([...args, '--quiet'], { cwd: join(dir, 'cwd') })).stderr).toContain('already exists; add --force');
    const forced = await perfInProcess([...args, '--force', '--quiet'], { cwd });
    expect([forced.code, forced.stderr]).toEqual([0, '']);
  });

  it('explains an unusable slot window (exit 2)', async () => {
    const r = await perfInProcess(['calibrate', 'plan', '--team', fixture('teams.csv'), '--start', '2026-12-07', '--slot', 'Mon 10:00-10:30', '-o', join(dir, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no free slot left for (Sun Li|Zhou Min)/);
  });
});

describe('minutes → record → tasks → done', () => {
  const state = join(dir, 'state.db');
  const archive = join(dir, 'archive');
  const minutes = join(dir, 'minutes.md');

  it('writes a template, records the filled minutes once, lists and closes the items', async () => {
    const t = await perfInProcess(['--as-of', '2026-12-07', 'calibrate', 'minutes', 'Wang Fang', '--team', fixture('teams.csv'), '-o', minutes]);
    expect(t.code, t.stderr).toBe(0);
    const template = readFileSync(minutes, 'utf8');
    expect(template).toContain('- Manager: Sun Li');
    const filled = template
      .replace('## 2. What is in the way?\n', '## 2. What is in the way?\nThree accounts stalled at pricing.\n')
      .replace(/- \[ \] owner: Wang Fang \| due: 2026-12-14 \| $/m, '- [ ] owner: Wang Fang | due: 2026-12-14 | Call the three stalled accounts\n- [ ] 负责人：Wang Fang ｜ 截止：12月4日 ｜ Send the revised quote')
      .replace(/- \[ \] owner: Sun Li \| due: 2026-12-14 \| $/m, '- [ ] owner: Sun Li | due: 2026-12-10 | Book a demo engineer\n- [ ] Think about pricing');
    writeFileSync(minutes, filled);

    const rec = await perfInProcess(['--as-of', '2026-12-07', 'calibrate', 'record', minutes, '--archive', archive, '--state', state, '--json']);
    expect(rec.code, rec.stderr).toBe(0);
    const j = JSON.parse(rec.stdout);
    expect(j.archived).toBe(join(archive, '2026-12-07-wang-fang.md'));
    expect(readFileSync(j.archived, 'utf8')).toBe(filled);
    expect(j.added.map((i: { owner: string; due: string; text: string }) => [i.owner, i.due, i.text])).toEqual([
      ['Wang Fang', '2026-12-14', 'Call the three stalled accounts'],
      ['Wang Fang', '2027-12-04', 'Send the revised quote'],
      ['Sun Li', '2026-12-10', 'Book a demo engineer'],
    ]);
    // "12月4日" after a 7 Dec meeting is next year's: a due date before the meeting makes no sense
    const bad = filled.split('\n').findIndex((l) => l.includes('Think about pricing')) + 1;
    expect(j.problems.map((p: { row: number; code: string }) => [p.row, p.code])).toEqual([[bad, 'item_no_owner']]);

    // recording the same minutes again: no new items, no second archive copy
    const again = await perfInProcess(['--as-of', '2026-12-08', 'calibrate', 'record', minutes, '--archive', archive, '--state', state]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 new, 3 already recorded');
    expect(again.stdout).toContain(`line ${bad}`.replace('line', 'row'));
    expect(readdirSync(archive)).toEqual(['2026-12-07-wang-fang.md']);
    // an edited version is archived beside it, never over it; --strict turns the malformed item into exit 4
    writeFileSync(minutes, filled.replace('Three accounts', 'Four accounts'));
    const edited = await perfInProcess(['--as-of', '2026-12-08', '--strict', 'calibrate', 'record', minutes, '--archive', archive, '--state', state]);
    expect(edited.code).toBe(4);
    expect(readdirSync(archive).sort()).toEqual(['2026-12-07-wang-fang-2.md', '2026-12-07-wang-fang.md']);

    const overdue = await perfInProcess(['--as-of', '2026-12-12', 'calibrate', 'tasks', '--overdue', '--format', 'json', '--state', state]);
    expect(overdue.code).toBe(0);
    expect(JSON.parse(overdue.stdout).map((i: { text: string; daysOverdue: number }) => [i.text, i.daysOverdue])).toEqual([['Book a demo engineer', 2]]);
    const demoId = JSON.parse(overdue.stdout)[0].id;

    const done = await perfInProcess(['--as-of', '2026-12-12', 'calibrate', 'done', String(demoId), '--state', state]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('Book a demo engineer');
    const csv = await perfInProcess(['calibrate', 'tasks', '--status', 'all', '--rep', 'Wang Fang', '--format', 'csv', '--state', state]);
    const rows = csv.stdout.trim().split('\r\n');
    expect(rows[0]).toBe('id,rep,manager,meetingDate,owner,due,daysOverdue,status,text,doneOn,minutesFile,line');
    expect(rows).toHaveLength(4);
    expect(rows.find((l) => l.includes('Book a demo'))).toContain(',done,Book a demo engineer,2026-12-12,');
    const text = await perfInProcess(['calibrate', 'tasks', '--state', state]);
    expect(text.stdout).not.toContain('Book a demo engineer');
    expect(text.stdout).toContain('Call the three stalled accounts');

    expect((await perfInProcess(['calibrate', 'done', '999', '--state', state])).code).toBe(2);
    const notMinutes = join(dir, 'notes.md');
    writeFileSync(notMinutes, '# just notes\n- [ ] owner: A | due: 2026-12-01 | x\n');
    const nm = await perfInProcess(['calibrate', 'record', notMinutes, '--archive', archive, '--state', state]);
    expect(nm.code).toBe(2);
    expect(nm.stderr).toContain('Rep:');
    expect(existsSync(join(archive, '2026-12-01-a.md'))).toBe(false);
  });
});

describe('perf calibrate prep on deals without amounts', () => {
  it('states progress in won deals against the deal-count target', async () => {
    const activity = join(dir, 'na-activity.csv');
    writeFileSync(activity, 'Activity ID,Sales Rep,Account Name,Activity Type,Activity Date,Duration Minutes\nA1,Ann,Acme,call,2026-11-20 10:00,10\n');
    const noAmount = join(ROOT, 'test/fixtures/plan/no-amount.csv');
    const r = await perfInProcess(['--as-of', '2026-11-27', 'calibrate', 'prep', '--deals', noAmount, '--activity', activity, '--rep', 'Ann', '--state', join(dir, 'na.db'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [ann] = JSON.parse(r.stdout).packets;
    // Ann's last win was in September: none in Q4 by 2026-11-27, against a positive count target
    expect(ann.progress).toMatchObject({ quarter: '2026-Q4', measure: 'count', wonToDate: 0, pace: 0 });
    expect(ann.progress.target).toBeGreaterThan(0);
    const target = ann.progress.target.toLocaleString('en-US', { maximumFractionDigits: 1 });
    expect(ann.sections[0].facts[0]).toBe(`Won 0 deals of the 2026-Q4 target ${target} deals (0%), with 63% of the quarter gone.`);
    expect(ann.sections[0].facts.join(' ')).not.toContain('¥');
  });
});

describe('minutes saved by Notepad on Chinese Windows', () => {
  it('reads them in GBK, and in UTF-8 with a BOM, to the same items', async () => {
    const iconv = (await import('iconv-lite')).default;
    const template = (await perfInProcess(['--as-of', '2026-12-07', '--lang', 'zh', 'calibrate', 'minutes', 'Wang Fang', '--team', fixture('teams.csv'), '-o', '-'])).stdout;
    const filled = template.replace(/^- \[ \] 负责人：Wang Fang[^\n]*$/m, '- [ ] 负责人：Wang Fang ｜ 截止：2026-12-14 ｜ 回访三家停滞客户');
    const items = async (name: string, bytes: Buffer) => {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      const r = await perfInProcess(['--as-of', '2026-12-07', 'calibrate', 'record', file, '--archive', join(dir, `archive-${name}`), '--state', join(dir, `${name}.db`), '--json']);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).added.map((i: { owner: string; due: string; text: string }) => [i.owner, i.due, i.text]);
    };
    const gbk = await items('gbk.md', iconv.encode(filled, 'gbk'));
    expect(gbk).toContainEqual(['Wang Fang', '2026-12-14', '回访三家停滞客户']);
    expect(await items('bom.md', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(filled, 'utf8')]))).toEqual(gbk);
  });
});

describe('perf calibrate prep, and the loop back from minutes', () => {
  const f = (name: string) => join(ROOT, 'test/fixtures/calibrate', name);
  const state = join(dir, 'prep-state.db');
  const prep = (asOf: string, extra: string[] = []) =>
    perfInProcess(['--as-of', asOf, 'calibrate', 'prep', '--deals', f('deals.csv'), '--activity', f('activity.csv'), '--team', f('teams.csv'), '--state', state, ...extra]);

  it('fills the packet with hand-checked numbers, then shows recorded items as open, overdue and done', async () => {
    // Ann won on the 10th of every month since 2024-10: 9,000 in odd months of the file, 11,000 in even ones, so every
    // October and December 9,000, every November 11,000 (a flat history has no spread, and the forecast refuses its
    // target). The 2026-Q4 target set on 2026-09-30 is 9,000 + 11,000 + 9,000 = 29,000. By 2026-11-27 she won 20,000
    // (10,000 in Oct and in Nov; the 5,000 deal of 20 Nov was cancelled on the 25th): 58 of 92 days gone → 18,283 due
    // by now → pace 109%; the rest of the quarter (3 of 30 November days of 11,000 + December's 9,000) adds 10,100 →
    // projected 30,100 = 104%.
    const first = await prep('2026-11-27', ['--json']);
    expect(first.code, first.stderr).toBe(0);
    const [ann] = JSON.parse(first.stdout).packets;
    expect(ann.progress).toMatchObject({ quarter: '2026-Q4', target: 29000, wonToDate: 20000, projected: 30100, noTarget: null, targetDoubts: [] });
    expect(ann.progress.expectedByNow).toBeCloseTo((29000 * 58) / 92, 6);
    expect(ann.sections[0].facts).toEqual([
      'Won 20,000 of the 2026-Q4 target 29,000 (69%), with 63% of the quarter gone.',
      'Pace: 109% of the 18,283 due by now; projected 30,100 (104% of target).',
    ]);
    // 5 calls in W46 (short of 8); W47 has 3 calls + 3 visits + 2 emails = 8 (no miss); the call of 24 Nov is after the window
    expect(ann.sections[1].facts).toContain('Customer touches: 5 of 8 in 2026-W46 (2026-11-09 – 2026-11-15)');
    expect(ann.sections[1].facts.filter((x: string) => x.startsWith('Customer touches'))).toHaveLength(1);
    expect(ann.sections[1].points[0]).toBe('Customer touches fell short in 1 of 2 weeks (5 of 8 in 2026-W46): what took the time?');
    expect(ann.open).toEqual([]);

    // the calibration of 27 Nov agrees two actions
    const minutes = join(dir, 'ann.md');
    expect((await perfInProcess(['--as-of', '2026-11-27', 'calibrate', 'minutes', 'Ann', '--team', f('teams.csv'), '-o', minutes])).code).toBe(0);
    writeFileSync(
      minutes,
      readFileSync(minutes, 'utf8')
        .replace(/- \[ \] owner: Ann \| due: 2026-12-04 \| $/m, '- [ ] owner: Ann | due: 2026-11-30 | Call the three stalled accounts')
        .replace(/- \[ \] owner: Bo Yang \| due: 2026-12-04 \| $/m, '- [ ] owner: Bo Yang | due: 2026-12-10 | Find a presales engineer'),
    );
    const rec = await perfInProcess(['--as-of', '2026-11-27', 'calibrate', 'record', minutes, '--archive', join(dir, 'ann-archive'), '--state', state, '--json']);
    expect(rec.code, rec.stderr).toBe(0);
    const [call, presales] = JSON.parse(rec.stdout).added;
    expect([call.text, presales.text]).toEqual(['Call the three stalled accounts', 'Find a presales engineer']);

    // next prep: one overdue (3 days), one open; also as Markdown files and a workbook
    const md = join(dir, 'prep-md');
    const xlsx = join(dir, 'prep.xlsx');
    const second = await prep('2026-12-03', ['--json', '--md', md, '-o', xlsx]);
    expect(second.code, second.stderr).toBe(0);
    const p2 = JSON.parse(second.stdout).packets[0];
    expect(p2.overdue.map((i: { id: number }) => i.id)).toEqual([call.id]);
    expect(p2.open.map((i: { id: number }) => i.id)).toEqual([call.id, presales.id]);
    expect(p2.sections[2].facts).toEqual([`Overdue by 3 days: #${call.id} Ann: Call the three stalled accounts (due 2026-11-30)`]);
    expect(p2.sections[3].facts).toEqual([`Open: #${presales.id} Bo Yang: Find a presales engineer (due 2026-12-10)`]);
    const page = readFileSync(join(md, 'prep-2026-12-03-ann.md'), 'utf8');
    expect(page).toContain('# Calibration prep: Ann (North · manager Bo Yang)');
    expect(page).toContain('2 open (1 overdue), 0 done recently.');
    const wb = XLSX.read(readFileSync(xlsx));
    expect(wb.SheetNames).toEqual(['Ann', 'Problems']);
    const cells = XLSX.utils.sheet_to_json<string[]>(wb.Sheets.Ann, { header: 1 }).flat();
    expect(cells).toContain(`Overdue by 3 days: #${call.id} Ann: Call the three stalled accounts (due 2026-11-30)`);

    // after `done`, the next prep lists the call as done and only the presales item as open
    const closed = await perfInProcess(['--as-of', '2026-12-03', 'calibrate', 'done', String(call.id), '--state', state]);
    expect(closed.code, closed.stderr).toBe(0);
    const third = await prep('2026-12-04', ['--json']);
    const p3 = JSON.parse(third.stdout).packets[0];
    expect(p3.open.map((i: { id: number }) => i.id)).toEqual([presales.id]);
    expect(p3.overdue).toEqual([]);
    expect(p3.recentlyDone.map((i: { id: number; doneOn: string }) => [i.id, i.doneOn])).toEqual([[call.id, '2026-12-03']]);
    expect(p3.sections[3].facts).toContain(`Done: #${call.id} Call the three stalled accounts (2026-12-03)`);
  });

  it('says which reps it knows when --rep names none (exit 2)', async () => {
    const r = await prep('2026-11-27', ['--rep', 'Nobody']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('known: Ann');
  });
});

describe('perf calibrate prep: why a rep has no target', () => {
  it('says the deals name the rep otherwise (Chinese names against a pinyin roster), not "too little history"', async () => {
    // Wang Fang has 33 months of deals in fixtures/deals.csv; the Chinese export writes her 王芳, this roster Wang Fang
    // (without the shipped roster's aliases; the others in characters, so the roster is not refused as another team's)
    const roster = join(dir, 'mixed-roster.csv');
    writeFileSync(roster, 'Sales Rep,Team,Manager,Manager Email\n张伟,East,Sun Li,sun.li@example.com\n李娜,East,Sun Li,sun.li@example.com\nWang Fang,East,Sun Li,sun.li@example.com\n陈杰,West,Zhou Min,zhou.min@example.com\n赵磊,West,Zhou Min,zhou.min@example.com\n刘洋,West,Zhou Min,zhou.min@example.com\n');
    const run = (lang: string, json: boolean) =>
      perfInProcess(['--lang', lang, '--as-of', '2026-11-27', 'calibrate', 'prep', '--deals', fixture('deals-zh.gbk.csv'), '--activity', fixture('activity.csv'), '--team', roster, '--rep', 'Wang Fang', '--state', join(dir, 'why.db'), ...(json ? ['--json'] : [])]);
    const j = await run('en', true);
    expect(j.code, j.stderr).toBe(0);
    const [wang] = JSON.parse(j.stdout).packets;
    expect(wang.progress).toMatchObject({ target: null, noTarget: { why: 'no_deals' } });
    expect(wang.sections[0].facts[0]).toBe(
      'Won ¥0 in 2026-Q4; no target for this quarter: the deals export has no won deal under the name "Wang Fang". If it spells the name otherwise, list that spelling in the roster\'s "aliases" column (see the checks above).',
    );
    const zh = (await run('zh', false)).stdout.replace(/\n\s+/g, '');
    expect(zh).toContain('本季度没有目标：商机导出中没有以"Wang Fang"为名的赢单。若商机中的写法不同，请在花名册的"别名"列中登记该写法');
    expect(zh).not.toContain('制定时历史数据不足');
  });
});

describe('perf calibrate prep: targets the forecast refused or doubts', () => {
  // fixtures: the 2026-Q4 plan made on 2026-09-30 refuses West's October (a target of 0 for an active series), so the
  // quarter targets of Chen Jie, Zhao Lei and Liu Yang are refused, as evaluate refuses them; East's reps' targets
  // stand but follow a history that ends in a surge (unreliable).
  const run = (extra: string[], lang = 'en') =>
    perfInProcess(['--lang', lang, '--width', '80', '--as-of', '2026-11-27', 'calibrate', 'prep', '--deals', fixture('deals.csv'), '--activity', fixture('activity.xlsx'), '--team', fixture('teams.csv'), '--state', join(dir, 'doubts.db'), ...extra]);
  const REFUSED = 'its month 2026-10 was refused: a target of 0 for an active series: the forecast has nothing to base a target on';

  it('shows no number for a refused target and asks no pace question on it; puts an unreliable target\'s doubt first', async () => {
    const j = await run(['--json']);
    expect(j.code, j.stderr).toBe(0);
    const out = JSON.parse(j.stdout);
    const by = new Map(out.packets.map((p: { rep: string }) => [p.rep, p]));
    for (const rep of ['Chen Jie', 'Zhao Lei', 'Liu Yang']) {
      const p = by.get(rep) as { progress: Record<string, unknown>; sections: { facts: string[]; points: string[] }[] };
      expect(p.progress).toMatchObject({ target: null, pace: null, projectedShare: null, noTarget: { why: 'refused', refused: { en: REFUSED } } });
      const q1 = [...p.sections[0].facts, ...p.sections[0].points].join('\n');
      expect(q1).not.toMatch(/of the 2026-Q4 target|On pace|At this pace/);
    }
    const zhao = by.get('Zhao Lei') as { sections: { facts: string[]; points: string[] }[] };
    expect(zhao.sections[0].facts).toEqual([`Won 106,100 in 2026-Q4; no target for this quarter: the forecast refused it (${REFUSED}).`]);
    expect(zhao.sections[0].points[0]).toContain('sales-perf forecast --as-of 2026-09-30 -o targets.xlsx');
    const zhang = by.get('Zhang Wei') as { progress: { target: number; targetDoubts: { en: string }[] }; sections: { facts: string[]; points: string[] }[] };
    expect(zhang.progress.target).toBe(542096);
    expect(zhang.progress.targetDoubts.map((d) => d.en)).toEqual([expect.stringMatching(/^the history ends in a level shift/)]);
    expect(zhang.sections[0].facts[0]).toMatch(/^⚠ The forecast calls this target unreliable: the history ends in a level shift/);
    expect(zhang.sections[0].facts[1]).toBe('Won 173,600 of the 2026-Q4 target 542,096 (32%), with 63% of the quarter gone.');
    expect(zhang.sections[0].points[0]).toMatch(/doubts this target/);
    // said before the packets, and in the JSON's checks
    const codes = out.checks.map((c: { code: string; message: { en: string } }) => [c.code, c.message.en]);
    expect(codes).toContainEqual(['target_refused', expect.stringContaining('targets of Chen Jie, Zhao Lei, Liu Yang (its month 2026-10 was refused')]);
    expect(codes).toContainEqual(['target_unreliable', expect.stringContaining('targets of Zhang Wei, Li Na, Wang Fang unreliable')]);

    const text = (await run(['--rep', 'Zhao Lei'])).stdout;
    expect(text.indexOf('caveat: The forecast refused the 2026-Q4 target of Zhao Lei')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('caveat: The forecast refused')).toBeLessThan(text.indexOf('# Calibration prep: Zhao Lei'));
    expect(text).not.toMatch(/37,991|279%|On pace/);
    expect(linesWiderThan(text, 80)).toEqual([]);
    const zh = await run(['--rep', 'Zhao Lei'], 'zh');
    expect(zh.stdout.replace(/\n\s+/g, '')).toContain('本季度没有目标：预测拒绝了该目标（其中 2026-10 的月目标被拒绝');
    expect(zh.stdout).not.toMatch(/37,991|进度正常/);
    expect(linesWiderThan(zh.stdout, 80)).toEqual([]);
    const zhLi = (await run(['--rep', 'Li Na'], 'zh')).stdout;
    expect(zhLi.indexOf('⚠ 预测认为该目标不可靠')).toBeLessThan(zhLi.indexOf('2026-Q4 目标 463,873'));
  });

  it('refuses a flat history\'s target (no spread) as evaluate does', async () => {
    // 10,000 won every month: the forecast has no spread, and refuses the target it would set (Oct and Nov won: 20,000)
    const deals = join(dir, 'flat-deals.csv');
    // 2024-10 … 2026-11, on the 10th
    const months = Array.from({ length: 26 }, (_, k) => 9 + k).map((m) => `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`);
    writeFileSync(deals, 'Opportunity ID,Opportunity Owner,Stage,Amount,Created Date,Close Date\n' + months.map((m, k) => `F-${k},Ann,Won,10000,${m}-01,${m}-10`).join('\n') + '\n');
    const activity = join(dir, 'flat-activity.csv');
    writeFileSync(activity, 'Date,Sales Rep,Type,Customer\n2026-11-10 10:00,Ann,call,\n');
    const r = await perfInProcess(['--as-of', '2026-11-27', 'calibrate', 'prep', '--deals', deals, '--activity', activity, '--state', join(dir, 'flat.db'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [ann] = JSON.parse(r.stdout).packets;
    expect(ann.progress).toMatchObject({ target: null, wonToDate: 20000, noTarget: { why: 'refused' } });
    expect(ann.progress.noTarget.refused.en).toMatch(/no spread/);
    expect(ann.sections[0].facts[0]).toMatch(/^Won 20,000 in 2026-Q4; no target for this quarter: the forecast refused it \(/);
  });
});

describe('perf calibrate prep: weeks the activity log does not cover', () => {
  const f = (name: string) => join(ROOT, 'test/fixtures/calibrate', name);
  const prep = (asOf: string, lang = 'en') =>
    perfInProcess(['--lang', lang, '--width', '80', '--as-of', asOf, 'calibrate', 'prep', '--deals', f('deals.csv'), '--activity', f('activity.csv'), '--team', f('teams.csv'), '--state', join(dir, 'cover.db'), '--json']);

  it('says the two weeks were not judged when the log has no row before --as-of, not "No KBI misses"', async () => {
    const args = (lang: string, json: boolean) =>
      perfInProcess(['--lang', lang, '--width', '80', '--as-of', '2025-06-20', 'calibrate', 'prep', '--deals', fixture('deals.csv'), '--activity', fixture('activity.xlsx'), '--team', fixture('teams.csv'), '--rep', 'Wang Fang', '--state', join(dir, 'cover-fx.db'), ...(json ? ['--json'] : [])]);
    const j = await args('en', true);
    expect(j.code, j.stderr).toBe(0);
    const out = JSON.parse(j.stdout);
    const [wang] = out.packets;
    expect(wang.behaviour).toMatchObject({ judged: 'none', from: null, to: null });
    expect(wang.sections[1].facts).toEqual([`KBIs not judged for 2025-06-02 – 2025-06-15: ${fixture('activity.xlsx')} has no row up to 2025-06-20 (1,176 rows after it).`]);
    expect(out.checks.map((c: { code: string }) => c.code)).toContain('behaviour_not_judged');
    const en = (await args('en', false)).stdout;
    expect(en).not.toContain('No KBI misses in');
    expect(linesWiderThan(en, 80)).toEqual([]);
    const zh = (await args('zh', false)).stdout;
    expect(zh.replace(/\n\s+/g, '')).toContain('2025-06-02 至 2025-06-15 的关键行为指标未判断');
    expect(zh).not.toContain('没有关键行为指标缺口');
    expect(linesWiderThan(zh, 80)).toEqual([]);
  });

  it('judges only the days the log covers when it starts or stops inside the two weeks', async () => {
    // the log runs 2026-11-09 (Mon) … 2026-11-24 (Tue). As of 2026-11-20 the window is 2 – 15 Nov: its first week is
    // before the log; W46 is judged (5 calls of 8).
    const start = JSON.parse((await prep('2026-11-20')).stdout).packets[0];
    expect(start.behaviour).toMatchObject({ judged: 'part', from: '2026-11-09', to: '2026-11-15' });
    expect(start.sections[1].facts[0]).toMatch(/^KBIs not judged for 2026-11-02 – 2026-11-08: .*activity\.csv starts 2026-11-09; judged 2026-11-09 – 2026-11-15 only\.$/);
    expect(start.sections[1].facts).toContain('Customer touches: 5 of 8 in 2026-W46 (2026-11-09 – 2026-11-15)');
    expect(start.sections[1].points[0]).toBe('Customer touches fell short in 1 of 1 week (5 of 8 in 2026-W46): what took the time?');
    // As of 2026-12-03 the window is 16 – 29 Nov: the log stops on Tuesday of W48, which it does not reach to its Friday
    const end = JSON.parse((await prep('2026-12-03')).stdout).packets[0];
    expect(end.behaviour).toMatchObject({ judged: 'part', from: '2026-11-16', to: '2026-11-22' });
    expect(end.sections[1].facts[0]).toMatch(/^KBIs not judged for 2026-11-23 – 2026-11-29: .*activity\.csv ends 2026-11-24; judged 2026-11-16 – 2026-11-22 only\.$/);
    expect(end.sections[1].facts.join('\n')).not.toMatch(/Customer touches: \d+ of 8 in 2026-W48/);
    // a covered window reads as before
    const covered = JSON.parse((await prep('2026-11-27')).stdout).packets[0];
    expect(covered.behaviour).toEqual({ judged: 'all', from: '2026-11-09', to: '2026-11-22', notJudged: null });
  });
});

describe('perf calibrate record: a due date that is not a date', () => {
  it('refuses the minutes (exit 2) naming file, row, column and value; nothing archived or stored', async () => {
    const minutes = join(dir, 'bad-due.md');
    writeFileSync(minutes, 'Rep: Wang Fang\nDate: 2026-12-09\n\n## Action items\n- [ ] owner: Wang Fang | due: 2026-12-16 | Call back\n- [ ] owner: Wang Fang | due: 2026-13-40 | Send the quote\n- [ ] owner: Sun Li | due: 2026-12-12 | Sit in\n');
    const archive = join(dir, 'bad-due-archive');
    const state = join(dir, 'bad-due.db');
    for (const lang of ['en', 'zh']) {
      const r = await perfInProcess(['--lang', lang, '--width', '80', '--as-of', '2026-12-09', 'calibrate', 'record', minutes, '--archive', archive, '--state', state]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.replace(/\n\s+/g, ' ')).toContain(lang === 'en' ? `${minutes} row 6 [due] "2026-13-40"` : `${minutes} 第 6 行 [due] "2026-13-40"`);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
      expect(linesWiderThan(r.stderr, 80)).toEqual([]);
    }
    expect(existsSync(archive)).toBe(false);
    const tasks = await perfInProcess(['calibrate', 'tasks', '--status', 'all', '--format', 'json', '--state', state]);
    expect(JSON.parse(tasks.stdout)).toEqual([]);
  });
});

describe('perf calibrate plan: people without an email', () => {
  it('names the first few and counts the rest, wrapped to the terminal', async () => {
    const roster = join(dir, 'no-email.csv');
    const reps = ['Alexandra Montgomery', 'Bartholomew Fitzgerald', 'Constantine Wellington', 'Dorothea Kensington', 'Evangeline Worthington', 'Fitzwilliam Darcy', 'Genevieve Ashford'];
    writeFileSync(roster, 'Sales Rep,Team,Manager\n' + reps.map((r) => `${r},North,Maximilian Underwood`).join('\n') + '\n');
    for (const lang of ['en', 'zh']) {
      const r = await perfInProcess(['--lang', lang, '--width', '80', '--as-of', '2026-11-27', 'calibrate', 'plan', '--team', roster, '-o', join(dir, `no-email-${lang}`), '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      const ok = await perfInProcess(['--lang', lang, '--width', '80', '--as-of', '2026-11-27', 'calibrate', 'plan', '--team', roster, '-o', join(dir, `no-email-${lang}`), '--force']);
      const note = ok.stderr.split('\n').filter((l) => !/^(wrote|已写入) /.test(l)).join('\n');
      expect(linesWiderThan(note, 80)).toEqual([]);
      const flat = note.replace(/\n\s+/g, ' ');
      expect(flat).toContain(lang === 'en' ? 'no email for 8 people (Maximilian Underwood, Alexandra Montgomery, Bartholomew Fitzgerald, Constantine Wellington, Dorothea Kensington … (+3))' : '8 人没有邮箱（Maximilian Underwood、Alexandra Montgomery');
      expect(flat).not.toContain('Genevieve Ashford');
    }
  });
});
