import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { detectStyle, payloadFor, postJson } from '../../src/io/notify.js';

const msg = { title: '[NEW · warning] East: growth below 5%', lines: ['To: Sun Li (manager)', 'Action: coach'], lang: 'zh' as const, alert: { key: 'k' } };

describe('webhook payloads as each robot documents them', () => {
  it('detects the robot from the URL host', () => {
    expect(detectStyle('https://oapi.dingtalk.com/robot/send?access_token=x')).toBe('dingtalk');
    expect(detectStyle('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x')).toBe('wecom');
    expect(detectStyle('https://open.feishu.cn/open-apis/bot/v2/hook/x')).toBe('feishu');
    expect(detectStyle('http://127.0.0.1:9/hook')).toBe('generic');
  });

  it('builds DingTalk, WeCom and Feishu text and markdown/post bodies', () => {
    expect(payloadFor('dingtalk', 'text', msg)).toEqual({ msgtype: 'text', text: { content: `${msg.title}\nTo: Sun Li (manager)\nAction: coach` } });
    expect(payloadFor('dingtalk', 'markdown', msg)).toEqual({
      msgtype: 'markdown',
      markdown: { title: msg.title, text: `#### ${msg.title}\n\n- To: Sun Li (manager)\n\n- Action: coach` },
    });
    expect(payloadFor('wecom', 'markdown', msg)).toEqual({ msgtype: 'markdown', markdown: { content: `**${msg.title}**\n> To: Sun Li (manager)\n> Action: coach` } });
    expect(payloadFor('wecom', 'text', msg)).toMatchObject({ msgtype: 'text', text: { content: expect.stringContaining('Action: coach') } });
    expect(payloadFor('feishu', 'text', msg)).toEqual({ msg_type: 'text', content: { text: `${msg.title}\nTo: Sun Li (manager)\nAction: coach` } });
    expect(payloadFor('feishu', 'markdown', msg)).toEqual({
      msg_type: 'post',
      content: { post: { zh_cn: { title: msg.title, content: [[{ tag: 'text', text: 'To: Sun Li (manager)' }], [{ tag: 'text', text: 'Action: coach' }]] } } },
    });
    const long = payloadFor('wecom', 'text', { ...msg, lines: Array(300).fill('线索未跟进超过 48 小时') }) as { text: { content: string } };
    expect(Buffer.byteLength(long.text.content)).toBeLessThanOrEqual(2048);
  });

  it('treats a robot error code in a 200 answer as a failure, and retries it', async () => {
    let hits = 0;
    const server = createServer((req, res) => {
      hits++;
      req.resume().on('end', () => res.writeHead(200).end(hits === 1 ? '{"errcode":310000,"errmsg":"keywords not in content"}' : '{"errcode":0,"errmsg":"ok"}'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      expect(await postJson(url, '{}', 'dingtalk', { timeoutMs: 2000, retries: 0, backoffMs: 1 })).toEqual({ ok: false, attempts: 1, error: 'errcode 310000: keywords not in content' });
      expect(await postJson(url, '{}', 'dingtalk', { timeoutMs: 2000, retries: 0, backoffMs: 1 })).toEqual({ ok: true, attempts: 1 });
      hits = 0;
      expect(await postJson(url, '{}', 'wecom', { timeoutMs: 2000, retries: 2, backoffMs: 1 })).toEqual({ ok: true, attempts: 2 });
      const dead = await postJson('http://127.0.0.1:1/', '{}', 'generic', { timeoutMs: 500, retries: 1, backoffMs: 1 });
      expect(dead).toMatchObject({ ok: false, attempts: 2 });
    } finally {
      server.close();
    }
  });
});
