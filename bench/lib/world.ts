import type { Rng } from './prng.js';
import { rng } from './prng.js';

/** A value as an English and a Chinese export would write it. */
export interface Label {
  en: string;
  zh: string;
}
export type Lang = keyof Label;

export interface Team {
  name: Label;
  region: Label;
  manager: Label;
  managerEmail: string;
}

export interface Rep {
  name: Label;
  email: string;
  team: number;
  /** Multiplies deal volume and win rate; 1 is an average rep. */
  skill: number;
  /** 0..1: how faithfully the rep logs calls, interviews, demos, objections and revisits. */
  diligence: number;
  /** Day number of the first working day; reps who join late have short histories. */
  joinDay: number;
  /** Works in bursts: many months without a single deal. */
  intermittent: boolean;
  /** Pulls signings into the last days of the quarter and books the odd fake order. */
  crammer: boolean;
}

export interface Customer {
  name: Label;
  team: number;
  owner: number;
  /** Day number from which the account can buy (before that it does not exist for the CRM). */
  sinceDay: number;
}

export interface World {
  teams: Team[];
  reps: Rep[];
  customers: Customer[];
}

const REGIONS: { team: Label; region: Label; cities: Label[] }[] = [
  { team: { en: 'East', zh: '华东' }, region: { en: 'East China', zh: '华东大区' }, cities: labels('Shanghai 上海,Hangzhou 杭州,Suzhou 苏州,Nanjing 南京,Ningbo 宁波,Hefei 合肥') },
  { team: { en: 'West', zh: '西部' }, region: { en: 'West China', zh: '西部大区' }, cities: labels("Chengdu 成都,Chongqing 重庆,Xi'an 西安,Kunming 昆明,Guiyang 贵阳") },
  { team: { en: 'North', zh: '华北' }, region: { en: 'North China', zh: '华北大区' }, cities: labels('Beijing 北京,Tianjin 天津,Jinan 济南,Qingdao 青岛,Shijiazhuang 石家庄') },
  { team: { en: 'South', zh: '华南' }, region: { en: 'South China', zh: '华南大区' }, cities: labels('Shenzhen 深圳,Guangzhou 广州,Xiamen 厦门,Fuzhou 福州,Dongguan 东莞') },
  { team: { en: 'Central', zh: '华中' }, region: { en: 'Central China', zh: '华中大区' }, cities: labels('Wuhan 武汉,Changsha 长沙,Zhengzhou 郑州,Nanchang 南昌') },
  { team: { en: 'Northeast', zh: '东北' }, region: { en: 'Northeast China', zh: '东北大区' }, cities: labels('Shenyang 沈阳,Dalian 大连,Harbin 哈尔滨,Changchun 长春') },
];
const SURNAMES = labels('Zhang 张,Wang 王,Li 李,Zhao 赵,Chen 陈,Liu 刘,Yang 杨,Huang 黄,Zhou 周,Wu 吴,Xu 徐,Sun 孙,Ma 马,Zhu 朱,Hu 胡,Guo 郭,He 何,Lin 林,Gao 高,Luo 罗');
const GIVEN = labels('Wei 伟,Fang 芳,Na 娜,Min 敏,Jing 静,Lei 磊,Qiang 强,Yang 洋,Jie 杰,Tao 涛,Ming 明,Chao 超,Hui 慧,Yan 燕,Li 丽,Jun 军,Ping 平,Gang 刚,Hong 红,Bin 斌,Hao 浩,Yu 宇,Xin 欣,Kai 凯');
const BRANDS = labels('Huaxin 华信,Tianyu 天宇,Hengtong 恒通,Ruida 瑞达,Jinqiao 金桥,Xinghe 星河,Boyuan 博远,Zhongke 中科,Yuanhang 远航,Hongtu 宏图,Lianchuang 联创,Dingsheng 鼎盛,Kaiyuan 开元,Minghui 明辉,Haiyue 海悦,Jiahe 嘉禾,Tengfei 腾飞,Shengshi 盛世,Anda 安达,Zhida 智达');
const TRADES = labels('Technology 科技,Electronics 电子,Logistics 物流,Pharmaceutical 医药,Machinery 机械,Trading 贸易,Software 软件,New Materials 新材料,Foods 食品,Auto Parts 汽车零部件');
const ZH_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 'Shanghai 上海,Hangzhou 杭州' → labels (the Chinese form is the last word). */
function labels(list: string): Label[] {
  return list.split(',').map((s) => {
    const i = s.lastIndexOf(' ');
    return { en: s.slice(0, i), zh: s.slice(i + 1) };
  });
}

/** Draws unique names; past the combinations, a counter keeps them unique. */
class UniqueNames {
  private seen = new Set<string>();
  private nextSuffix = new Map<string, number>();
  take(make: () => Label): Label {
    for (let tries = 0; tries < 20; tries++) {
      const l = make();
      if (!this.seen.has(l.en)) return this.keep(l);
    }
    const base = make();
    for (let n = this.nextSuffix.get(base.en) ?? 2; ; n++) {
      const l = { en: `${base.en} ${n}`, zh: `${base.zh}${n}` };
      if (!this.seen.has(l.en)) {
        this.nextSuffix.set(base.en, n + 1);
        return this.keep(l);
      }
    }
  }
  private keep(l: Label): Label {
    this.seen.add(l.en);
    return l;
  }
}

export const emailOf = (name: Label): string => `${name.en.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`;

export function customerName(r: Rng, city: Label): Label {
  const brand = r.pick(BRANDS);
  const trade = r.pick(TRADES);
  return { en: `${city.en} ${brand.en} ${trade.en} Co., Ltd.`, zh: `${city.zh}${brand.zh}${trade.zh}有限公司` };
}

export interface WorldOptions {
  seed: number;
  reps: number;
  teams: number;
  customers: number;
  startDay: number;
  endDay: number;
}

/** A random company: teams in regions with managers, reps of varied skill and diligence, their accounts. */
export function buildWorld(o: WorldOptions): World {
  const r = rng(o.seed, 'world');
  const people = new UniqueNames();
  const person = () => people.take(() => {
    const s = r.pick(SURNAMES);
    const g = r.pick(GIVEN);
    return { en: `${s.en} ${g.en}`, zh: s.zh + g.zh };
  });
  const nTeams = Math.max(1, Math.min(o.teams, o.reps));
  const teams: Team[] = Array.from({ length: nTeams }, (_, i) => {
    const reg = REGIONS[i % REGIONS.length];
    const k = Math.floor(i / REGIONS.length);
    const manager = person();
    return {
      name: k === 0 ? reg.team : { en: `${reg.team.en} ${k + 1}`, zh: `${reg.team.zh}${ZH_ORDINALS[k % 10]}组` },
      region: reg.region,
      manager,
      managerEmail: emailOf(manager),
    };
  });
  const span = o.endDay - o.startDay;
  const reps: Rep[] = Array.from({ length: o.reps }, (_, i) => {
    const name = person();
    return {
      name,
      email: emailOf(name),
      team: i % nTeams,
      skill: Math.min(2, Math.max(0.4, r.logNormal(1, 0.3))),
      diligence: 0.25 + 0.75 * r.next(),
      joinDay: r.chance(0.75) ? o.startDay : o.startDay + Math.floor(r.next() * span * 0.9),
      intermittent: r.chance(0.1),
      crammer: r.chance(0.1),
    };
  });
  const firms = new UniqueNames();
  const members = teams.map((_, t) => reps.flatMap((rep, k) => (rep.team === t ? [k] : [])));
  const customers: Customer[] = Array.from({ length: o.customers }, (_, i) => {
    const team = i % nTeams;
    const city = r.pick(REGIONS[team % REGIONS.length].cities);
    return {
      name: firms.take(() => customerName(r, city)),
      team,
      owner: r.pick(members[team]),
      sinceDay: r.chance(0.55) ? o.startDay : o.startDay + Math.floor(r.next() * span),
    };
  });
  return { teams, reps, customers };
}
