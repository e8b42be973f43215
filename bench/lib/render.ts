import { MS_PER_DAY } from '../../src/core/calendar.js';
import type { ActivityRecord, ActivityType } from './activities.js';
import type { DealRecord } from './deals.js';
import { DayFormats } from './days.js';
import { LEAD_SOURCES, type LeadRecord } from './leads.js';
import { rng } from './prng.js';
import type { Lang, Label, Rep, World } from './world.js';

/** A cell of a typed (XLSX) row. */
export type Cell = string | number | Date | null;

/** One export kind rendered in one language: CSV lines (fields escaped) or typed cells. */
export interface Table<T> {
  headers: string[];
  line(rec: T): string;
  cells(rec: T): Cell[];
  /** Excel number formats of typed columns (dates, money). */
  numFmts: (string | undefined)[];
  widths: number[];
}

export interface RenderOptions {
  /** Headers, labels (stages, types, yes/no) and value formats: `zh` writes dates like 2026/3/5 and money like ￥12,800.00 or 1.5万. */
  lang: Lang;
  /** Language of people, team and customer names (defaults to `lang`). */
  names?: Lang;
  /** Seeds the choice between money formats in Chinese exports. */
  seed: number;
}

export const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

const HEADERS = {
  deals: {
    en: ['Opportunity ID', 'Opportunity Owner', 'Team', 'Region', 'Account Name', 'Stage', 'Amount', 'Created Date', 'Close Date', 'Expected Close Date', 'New Customer', 'Cancelled Date'],
    zh: ['商机编号', '负责人', '团队', '区域', '客户名称', '商机阶段', '合同金额', '创建日期', '签约日期', '预计签约日期', '是否新客户', '取消日期'],
  },
  activities: {
    en: ['Activity ID', 'Sales Rep', 'Account Name', 'Opportunity ID', 'Lead ID', 'Activity Type', 'Activity Date', 'Duration Minutes', 'Effective', 'Report Complete'],
    zh: ['记录编号', '客户经理', '客户名称', '商机编号', '线索编号', '行为类型', '发生时间', '时长(分钟)', '是否有效', '报告是否完整'],
  },
  leads: {
    en: ['Lead ID', 'Owner', 'Account Name', 'Assigned At', 'First Contact Date', 'Source'],
    zh: ['线索编号', '负责人', '客户名称', '分配时间', '首次跟进时间', '来源'],
  },
  teams: {
    en: ['Sales Rep', 'Team', 'Region', 'Manager', 'Manager Email', 'Email', 'Aliases'],
    zh: ['销售人员', '团队', '区域', '销售经理', '经理邮箱', '邮箱', '别名'],
  },
} as const;

const STAGE_LABELS = {
  en: { won: 'Closed Won', lost: 'Closed Lost', open: ['Prospecting', 'Proposal', 'Negotiation'] },
  zh: { won: '赢单', lost: '输单', open: ['初步接洽', '方案报价', '商务谈判'] },
} as const;

export const TYPE_LABELS: Record<Lang, Record<ActivityType, string>> = {
  en: { call: 'call', visit: 'visit', email: 'email', demo: 'demo', needs_analysis: 'needs analysis', objection_log: 'objection log', revisit: 'revisit', lead_assigned: 'lead assigned' },
  zh: { call: '电话', visit: '拜访', email: '邮件', demo: '演示', needs_analysis: '需求分析', objection_log: '异议记录', revisit: '回访', lead_assigned: '线索分配' },
};

const YES_NO = { en: ['Yes', 'No'], zh: ['是', '否'] } as const;
const DATE_FMT = { en: 'yyyy-mm-dd', zh: 'yyyy/m/d' } as const;
const DATETIME_FMT = { en: 'yyyy-mm-dd hh:mm', zh: 'yyyy/m/d hh:mm' } as const;

const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Names of the world's entities, escaped once for CSV. */
class Names {
  readonly reps: string[];
  readonly repsCsv: string[];
  readonly teams: string[];
  readonly regions: string[];
  readonly customers: string[];
  readonly customersCsv: string[];
  constructor(world: World, lang: Lang) {
    const of = (l: Label) => l[lang];
    this.reps = world.reps.map((r) => of(r.name));
    this.repsCsv = this.reps.map(csvField);
    this.teams = world.reps.map((r) => of(world.teams[r.team].name));
    this.regions = world.reps.map((r) => of(world.teams[r.team].region));
    this.customers = world.customers.map((c) => of(c.name));
    this.customersCsv = this.customers.map(csvField);
  }
}

class Formats {
  private days = new DayFormats();
  constructor(private lang: Lang) {}
  day(day: number | null): string {
    if (day === null) return '';
    return this.lang === 'zh' ? this.days.slashDay(day) : this.days.isoDay(day);
  }
  dateTime(t: number | null): string {
    if (t === null) return '';
    return `${this.day(Math.floor(t / MS_PER_DAY))} ${DayFormats.hhmm(t)}`;
  }
  yesNo(b: boolean | null): string {
    return b === null ? '' : YES_NO[this.lang][b ? 0 : 1];
  }
}

const asDate = (day: number | null): Date | null => (day === null ? null : new Date(day * MS_PER_DAY));

export function dealTable(world: World, o: RenderOptions): Table<DealRecord> {
  const n = new Names(world, o.names ?? o.lang);
  const f = new Formats(o.lang);
  const stages = STAGE_LABELS[o.lang];
  const stage = (d: DealRecord) => (d.stage === 'open' ? stages.open[d.step] : stages[d.stage]);
  const r = rng(o.seed, 'render-money');
  // Chinese spreadsheets mix currency-formatted amounts with amounts typed in 万 (ten thousands).
  const money = (amount: number): string => {
    if (o.lang === 'en') return String(amount);
    if (r.chance(0.2)) return `${(amount / 10_000).toFixed(2).replace(/\.?0+$/, '')}万`;
    return `"￥${thousands(amount)}.00"`;
  };
  return {
    headers: [...HEADERS.deals[o.lang]],
    line: (d) =>
      `${d.id},${n.repsCsv[d.rep]},${n.teams[d.rep]},${n.regions[d.rep]},${n.customersCsv[d.customer]},${stage(d)},${money(d.amount)},` +
      `${f.day(d.createdDay)},${f.day(d.closeDay)},${f.day(d.expectedDay)},${f.yesNo(d.isNew)},${f.day(d.cancelledDay)}`,
    cells: (d) => [
      d.id, n.reps[d.rep], n.teams[d.rep], n.regions[d.rep], n.customers[d.customer], stage(d), d.amount,
      asDate(d.createdDay), asDate(d.closeDay), asDate(d.expectedDay), f.yesNo(d.isNew), asDate(d.cancelledDay),
    ],
    numFmts: [undefined, undefined, undefined, undefined, undefined, undefined, '#,##0.00', DATE_FMT[o.lang], DATE_FMT[o.lang], DATE_FMT[o.lang], undefined, DATE_FMT[o.lang]],
    widths: [14, 16, 10, 16, 44, 14, 14, 12, 12, 12, 10, 12],
  };
}

export function activityTable(world: World, o: RenderOptions): Table<ActivityRecord> {
  const n = new Names(world, o.names ?? o.lang);
  const f = new Formats(o.lang);
  const types = TYPE_LABELS[o.lang];
  const num = (x: number | null) => (x === null ? '' : String(x));
  return {
    headers: [...HEADERS.activities[o.lang]],
    line: (a) =>
      `${a.id},${n.repsCsv[a.rep]},${n.customersCsv[a.customer]},${a.dealId ?? ''},${a.leadId ?? ''},${types[a.type]},` +
      `${f.dateTime(a.at)},${num(a.durationMin)},${f.yesNo(a.effective)},${f.yesNo(a.complete)}`,
    cells: (a) => [a.id, n.reps[a.rep], n.customers[a.customer], a.dealId, a.leadId, types[a.type], new Date(a.at), a.durationMin, f.yesNo(a.effective) || null, f.yesNo(a.complete) || null],
    numFmts: [undefined, undefined, undefined, undefined, undefined, undefined, DATETIME_FMT[o.lang], undefined, undefined, undefined],
    widths: [14, 16, 44, 14, 10, 14, 18, 12, 10, 14],
  };
}

export function leadTable(world: World, o: RenderOptions): Table<LeadRecord> {
  const n = new Names(world, o.names ?? o.lang);
  const f = new Formats(o.lang);
  const source = (l: LeadRecord) => LEAD_SOURCES[l.source][o.lang];
  return {
    headers: [...HEADERS.leads[o.lang]],
    line: (l) => `${l.id},${n.repsCsv[l.rep]},${n.customersCsv[l.customer]},${f.dateTime(l.assignedAt)},${f.dateTime(l.firstContactAt)},${source(l)}`,
    cells: (l) => [l.id, n.reps[l.rep], n.customers[l.customer], new Date(l.assignedAt), l.firstContactAt === null ? null : new Date(l.firstContactAt), source(l)],
    numFmts: [undefined, undefined, undefined, DATETIME_FMT[o.lang], DATETIME_FMT[o.lang], undefined],
    widths: [10, 16, 44, 18, 18, 12],
  };
}

export function teamTable(world: World, o: RenderOptions): Table<Rep> {
  const lang = o.names ?? o.lang;
  const row = (rep: Rep) => {
    const t = world.teams[rep.team];
    // The name in the other language: the roster of one export in pinyin matches an export in characters.
    return [rep.name[lang], t.name[lang], t.region[lang], t.manager[lang], t.managerEmail, rep.email, rep.name[lang === 'en' ? 'zh' : 'en']];
  };
  return {
    headers: [...HEADERS.teams[o.lang]],
    line: (rep) => row(rep).map(csvField).join(','),
    cells: row,
    numFmts: [],
    widths: [16, 10, 16, 16, 28, 28, 16],
  };
}
