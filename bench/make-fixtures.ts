/**
 * Regenerates the shipped sample exports in fixtures/ from a fixed seed:
 *   npm run build && node dist/bench/make-fixtures.js [DIR]
 * One small company (two teams, six reps, 28 accounts) seen through every export, so the files agree
 * with each other: the activity log and the leads refer to the deals' reps, accounts and ids.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dayNumber, localTime } from '../src/core/calendar.js';
import { writeKind, writeKindCsv, type Scenario } from './generate.js';
import { rng } from './lib/prng.js';
import { fileOutput } from './lib/sinks.js';
import { customerName, emailOf, type Customer, type Label, type Rep, type Team, type World } from './lib/world.js';

const day = (y: number, m: number, d: number) => dayNumber(localTime(y, m, d));

export const FIXTURE_SEED = 20261127;
const START = day(2024, 1, 1);
/** The day before the README's `--as-of 2026-11-27`. */
const END = day(2026, 11, 26);
const ACTIVITY_START = day(2026, 9, 1);
const LEAD_START = day(2026, 10, 1);

const person = (en: string, zh: string): Label => ({ en, zh });

function fixtureWorld(): World {
  const teams: Team[] = [
    { name: { en: 'East', zh: '华东' }, region: { en: 'East China', zh: '华东大区' }, manager: person('Sun Li', '孙丽'), managerEmail: 'sun.li@example.com' },
    { name: { en: 'West', zh: '西部' }, region: { en: 'West China', zh: '西部大区' }, manager: person('Zhou Min', '周敏'), managerEmail: 'zhou.min@example.com' },
  ];
  const rep = (name: Label, team: number, skill: number, diligence: number, extra: Partial<Rep> = {}): Rep => ({
    name, email: emailOf(name), team, skill, diligence, joinDay: START, intermittent: false, crammer: false, ...extra,
  });
  const reps: Rep[] = [
    rep(person('Zhang Wei', '张伟'), 0, 1.35, 0.95), // top seller, diligent
    rep(person('Li Na', '李娜'), 0, 1.0, 0.85), // steady, diligent
    rep(person('Wang Fang', '王芳'), 0, 1.1, 0.3, { crammer: true }), // lax; quarter-end cramming, fake orders
    rep(person('Chen Jie', '陈杰'), 1, 0.95, 0.6), // average
    rep(person('Zhao Lei', '赵磊'), 1, 0.7, 0.5, { intermittent: true }), // wins in bursts, many zero months
    rep(person('Liu Yang', '刘洋'), 1, 0.9, 0.8, { joinDay: day(2026, 9, 1) }), // joined 2026-09: short history
  ];
  const r = rng(FIXTURE_SEED, 'fixture-accounts');
  const east = [person('Shanghai', '上海'), person('Hangzhou', '杭州'), person('Suzhou', '苏州'), person('Nanjing', '南京'), person('Ningbo', '宁波')];
  const west = [person('Chengdu', '成都'), person('Chongqing', '重庆'), person("Xi'an", '西安'), person('Kunming', '昆明')];
  // [owner, first day the account can buy]; late accounts are the new logos of 2025–2026 and the leads' prospects.
  const plan: [number, number][] = [
    [0, START], [0, START], [0, START], [0, day(2024, 9, 10)], [0, day(2025, 11, 3)],
    [1, START], [1, START], [1, START], [1, day(2025, 4, 14)], [1, day(2026, 10, 12)],
    [2, START], [2, START], [2, day(2024, 6, 3)], [2, day(2026, 10, 20)],
    [3, START], [3, START], [3, START], [3, day(2025, 3, 3)], [3, day(2026, 6, 8)],
    [4, START], [4, START], [4, START], [4, day(2025, 8, 18)],
    [5, START], [5, START], [5, day(2026, 9, 15)], [5, day(2026, 10, 9)], [5, day(2026, 11, 2)],
  ];
  const seen = new Set<string>();
  const customers: Customer[] = plan.map(([owner, sinceDay]) => {
    const team = reps[owner].team;
    let name: Label;
    do name = customerName(r, r.pick(team === 0 ? east : west));
    while (seen.has(name.en));
    seen.add(name.en);
    return { name, team, owner, sinceDay };
  });
  return { teams, reps, customers };
}

export function fixtureScenario(): Scenario {
  const span = { seed: FIXTURE_SEED, startDay: START, endDay: END };
  const deals = { ...span, count: 380, amountMedian: 60_000, winRate: 0.55 };
  const leads = { ...span, startDay: LEAD_START, count: 60 };
  return { world: fixtureWorld(), deals, leads, activities: { ...span, startDay: ACTIVITY_START, target: 1000, deals, leads } };
}

const ADJUSTMENTS = `scope,name,from,to,change,reason
all,,2027-01,2027-03,-5%,Competitor X price cut
team,East,2026-12,2026-12,+50000,New distributor signed
team,West,2027-02,2027-03,+8%,Provincial SME digitalisation subsidy
`;

export const FIXTURE_FILES = ['deals.csv', 'deals-zh.gbk.csv', 'activity.xlsx', 'activity.csv', 'leads.csv', 'teams.csv', 'adjustments.csv'] as const;

/** Writes every fixture into `dir`; returns the paths written. */
export async function makeFixtures(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const sc = fixtureScenario();
  const en = { lang: 'en', seed: FIXTURE_SEED } as const;
  const path = (f: (typeof FIXTURE_FILES)[number]) => join(dir, f);
  writeKindCsv(sc, 'deals', fileOutput(path('deals.csv')), en);
  // As Excel on Chinese Windows saves it: GBK-range characters only, CRLF, 2026/3/5 dates, ￥ and 万 amounts.
  writeKindCsv(sc, 'deals', fileOutput(path('deals-zh.gbk.csv')), { lang: 'zh', seed: FIXTURE_SEED, encoding: 'gb18030', eol: '\r\n' });
  await writeKind(sc, 'activities', path('activity.xlsx'), { lang: 'zh', names: 'en', seed: FIXTURE_SEED, format: 'xlsx', sheet: '行为记录', title: '销售行为记录 2026年9–11月' });
  writeKindCsv(sc, 'activities', fileOutput(path('activity.csv')), en);
  writeKindCsv(sc, 'leads', fileOutput(path('leads.csv')), en);
  writeKindCsv(sc, 'teams', fileOutput(path('teams.csv')), en);
  writeFileSync(path('adjustments.csv'), ADJUSTMENTS);
  return FIXTURE_FILES.map(path);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  makeFixtures(process.argv[2] ?? 'fixtures').then((files) => process.stderr.write(`wrote ${files.join(', ')}\n`));
}
