import { describe, expect, it } from 'vitest';
import { managersFor, type Routing } from '../../../src/core/alerts/index.js';
import { repAndManager } from '../../../src/core/alerts/routing.js';
import { maskSecrets } from '../../../src/core/mask.js';
import type { TeamMember } from '../../../src/schema/rows.js';

let row = 1;
const member = (rep: string, m: Partial<TeamMember>): TeamMember => ({ row: ++row, rep, team: 'East', manager: 'Sun Li', ...m });
const routing = (roster: TeamMember[], routes: Routing['routes'] = []): Routing => ({ routes, roster });

describe("routing: a manager's alerts reach the manager, never a rep's robot", () => {
  const perRep = [
    member('Zhang Wei', { webhook: 'https://hook/zhang', rep_email: 'zhang@example.com' }),
    member('Li Na', { webhook: 'https://hook/li', rep_email: 'li@example.com' }),
  ];

  it('one webhook per rep and no manager route: the manager has no webhook (and no rep e-mail) at all', () => {
    expect(managersFor(routing(perRep), 'East', undefined)).toEqual([{ role: 'manager', name: 'Sun Li', email: undefined, webhook: undefined, style: undefined }]);
  });

  it("the manager's own roster row, or a manager_webhook / manager_email column, is the manager's route", () => {
    const own = [...perRep, member('Sun Li', { manager: 'Boss', webhook: 'https://hook/sun', rep_email: 'sun@example.com' })];
    expect(managersFor(routing(own), 'East', undefined)[0]).toMatchObject({ webhook: 'https://hook/sun', email: 'sun@example.com' });
    const column = perRep.map((m) => ({ ...m, manager_webhook: 'https://hook/mgr', manager_email: 'mgr@example.com' }));
    expect(managersFor(routing(column), 'East', undefined)[0]).toMatchObject({ webhook: 'https://hook/mgr', email: 'mgr@example.com' });
    // a config route wins field by field
    const routed = managersFor(routing(column, [{ team: 'East', manager: 'Sun Li', webhook: 'https://hook/route' }]), 'East', undefined)[0];
    expect(routed).toMatchObject({ webhook: 'https://hook/route', email: 'mgr@example.com' });
  });

  it('a robot every row of the team shares is the team robot, and reaches the manager', () => {
    const shared = perRep.map((m) => ({ ...m, webhook: 'https://hook/team' }));
    expect(managersFor(routing(shared), 'East', undefined)[0].webhook).toBe('https://hook/team');
  });

  it("a rep's alert goes to the rep's robot and the manager's own route, not the manager's to the rep's", () => {
    const own = [...perRep, member('Sun Li', { manager: 'Boss', webhook: 'https://hook/sun' })];
    expect(repAndManager(routing(own), 'Li Na').map((r) => [r.role, r.name, r.webhook])).toEqual([
      ['rep', 'Li Na', 'https://hook/li'],
      ['manager', 'Sun Li', 'https://hook/sun'],
    ]);
    // a rep without a robot is not given the manager's
    const bare = [member('Wang Fang', {}), member('Sun Li', { manager: 'Boss', webhook: 'https://hook/sun' })];
    expect(repAndManager(routing(bare), 'Wang Fang')[0].webhook).toBeUndefined();
  });
});

describe('maskSecrets', () => {
  it('hides robot tokens, signatures, keys, hook paths and URL passwords, and given secrets', () => {
    expect(maskSecrets('POST https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1&sign=xyz%3D failed')).toBe(
      'POST https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1&sign=*** failed',
    );
    expect(maskSecrets('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***');
    expect(maskSecrets('https://open.feishu.cn/open-apis/bot/v2/hook/2d5b-77aa')).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/***');
    expect(maskSecrets('smtps://ops:hunter22@mail.example.com:465')).toBe('smtps://ops:***@mail.example.com:465');
    expect(maskSecrets('535 auth failed for s3cret-pw', ['s3cret-pw'])).toBe('535 auth failed for ***');
    expect(maskSecrets('http://127.0.0.1:8080/hook')).toBe('http://127.0.0.1:8080/hook');
  });
  it('keeps the Chinese text that follows a URL: a credential ends at the first non-ASCII character', () => {
    expect(maskSecrets('待发送：pacing:team=West → https://oapi.dingtalk.com/robot/send?access_token=abc123：连接被拒绝（ECONNREFUSED）')).toBe(
      '待发送：pacing:team=West → https://oapi.dingtalk.com/robot/send?access_token=***：连接被拒绝（ECONNREFUSED）',
    );
    expect(maskSecrets('https://open.feishu.cn/open-apis/bot/v2/hook/2d5b-77aa：端口不允许')).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/***：端口不允许');
  });
});

describe("routing: the manager's own row in the team", () => {
  it('is the way to reach the manager, and does not make their own manager a manager of the team', () => {
    const rows = [member('Ann Lee', { webhook: 'https://hook/ann' }), member('Sun Li', { manager: 'Boss', webhook: 'https://hook/sun' })];
    expect(managersFor(routing(rows), 'East', undefined).map((m) => [m.name, m.webhook])).toEqual([['Sun Li', 'https://hook/sun']]);
  });
});
