import { z } from 'zod';
import { column } from './field.js';

const text = (aliases: readonly string[], requiredColumn = false) =>
  column(z.string().min(1), { kind: 'text', aliases, requiredColumn });
const optText = (aliases: readonly string[]) => column(z.string().min(1).optional(), { kind: 'text', aliases });
const optDate = (aliases: readonly string[]) => column(z.number().int().optional(), { kind: 'date', aliases });
const optBool = (aliases: readonly string[]) => column(z.boolean().optional(), { kind: 'boolean', aliases });

// Alias lists are shared where kinds mean the same thing by the same header.
const REP = [
  'rep', 'sales rep', 'sales_rep', 'salesperson', 'sales person', 'sales agent', 'sales_agent', 'agent', 'owner',
  'opportunity owner', 'deal owner', 'account owner', 'lead owner', 'assigned to', 'sr_id', 'seller',
  '销售', '销售员', '销售人员', '销售代表', '负责人', '客户经理', '业务员', '跟进人', '所有人', '商机所有人', '所有者', '商机负责人', '归属销售',
];
const TEAM = ['team', 'sales team', 'team name', 'department', 'dept', 'group', '团队', '部门', '小组', '销售团队', '所属团队', '所属部门'];
const REGION = ['region', 'regional office', 'regional_office', 'office', 'territory', 'area', 'branch', '区域', '大区', '地区', '片区', '分公司', '所属区域'];
const CUSTOMER = [
  'customer', 'account', 'account name', 'customer name', 'company', 'company name', 'client', 'client name',
  'organization', 'organisation', 'organization name', 'deal - organization', '所属客户',
  '客户', '客户名称', '客户名', '公司名称', '企业名称', '单位名称',
];
const DEAL_ID = [
  'deal id', 'record id', 'deal - id', 'deal_id', 'opportunity id', 'opportunity_id', 'opp id', 'order id', 'order no', 'contract no',
  '商机编号', '商机id', '订单号', '订单编号', '合同编号', '商机', 'deal', 'opportunity',
];
const LEAD_ID = ['lead id', 'lead_id', 'mql_id', 'mql id', 'lead', '线索编号', '线索id', '线索'];

export const STAGES = ['won', 'lost', 'open'] as const;

export const DealSchema = z.object({
  row: z.number().int(),
  id: column(z.string().min(1), { kind: 'text', aliases: [...DEAL_ID, 'id', '编号', 'mql_id'] }),
  rep: text(REP, true),
  team: optText(TEAM),
  region: optText(REGION),
  customer: optText(CUSTOMER),
  product: optText(['product', 'product name', 'item', 'sku', '产品', '产品名称', '商品']),
  stage: column(z.enum(STAGES), {
    kind: 'stage',
    aliases: ['stage', 'stagename', 'deal stage', 'deal_stage', 'opportunity stage', 'sales stage', 'status stage', 'deal status', '阶段', '商机阶段', '销售阶段', '赢单状态'],
  }),
  stage_label: z.string(),
  amount: column(z.number().optional(), {
    kind: 'money',
    aliases: [
      'amount', 'close value', 'close_value', 'deal value', 'deal amount', 'value', 'revenue', 'contract value', 'total',
      'opportunity amount', 'expected revenue',
      '金额', '合同金额', '金额元', '成交金额', '签约金额', '订单金额', '商机金额', '销售额', '预计成交金额', '预计金额',
    ],
  }),
  created_at: optDate([
    'created', 'created date', 'created at', 'create date', 'engage date', 'engage_date', 'open date', 'start date',
    'created time', 'create time', 'created on', 'creation date', 'deal created', 'deal - deal created', 'add time',
    '创建日期', '创建时间', '立项日期', '商机创建时间', '商机创建日期', '接洽日期', '接触日期', '录入日期', '录入时间',
  ]),
  closed_at: column(z.number().int().optional(), {
    kind: 'date',
    requiredColumn: true,
    aliases: [
      'close date', 'close_date', 'closed date', 'closed at', 'won date', 'won_date', 'signed date', 'sign date', 'date won',
      '签约日期', '赢单日期', '成交日期', '关闭日期', '结单日期', '签单日期', '签约时间', '成交时间', '赢单时间', '结单时间', '实际成交日期',
      // after the Chinese ones, so "missing column" messages still show both languages
      'closing date', 'won time', 'deal - won time', 'actual close date', 'date closed',
    ],
  }),
  expected_close_at: optDate([
    'expected close date', 'expected close', 'expected closing', 'expected closing date', 'estimated close date', 'deal - expected close date',
    '预计成交日期', '预计签约日期', '预计关闭日期', '预计结单日期', '预计成交时间',
  ]),
  is_new_customer: optBool(['new customer', 'is new customer', 'new logo', 'first deal', '是否新客户', '新客户', '新客户标识']),
  cancelled_at: optDate(['cancelled date', 'canceled date', 'cancel date', 'refund date', 'reversal date', '取消日期', '退款日期', '撤销日期', '退单日期']),
  status: optText(['status', 'order status', '订单状态', '状态', '合同状态']),
  /** ISO code or symbol per row, where the export has a currency column */
  currency: optText(['currency', 'deal currency', 'currency code', 'opportunity currency', 'deal - currency', '币种', '货币', '币别']),
});
export type Deal = z.infer<typeof DealSchema>;

export const ActivitySchema = z.object({
  row: z.number().int(),
  id: optText(['activity id', 'activity_id', 'record id', 'id', '记录编号', '活动编号', '编号', '记录id']),
  rep: text(REP, true),
  team: optText(TEAM),
  region: optText(REGION),
  customer: optText(CUSTOMER),
  deal_id: optText(DEAL_ID),
  lead_id: optText(LEAD_ID),
  type: column(z.string().min(1), {
    kind: 'activityType',
    requiredColumn: true,
    aliases: ['type', 'activity type', 'activity', 'action', 'task type', 'event type', '行为类型', '活动类型', '类型', '跟进方式', '行为', '动作'],
  }),
  type_label: z.string(),
  at: column(z.number().int(), {
    kind: 'date',
    requiredColumn: true,
    aliases: ['at', 'date', 'time', 'datetime', 'timestamp', 'activity date', 'occurred at', 'start time', '发生时间', '时间', '日期', '活动时间', '跟进时间', '活动日期'],
  }),
  duration_min: column(z.number().nonnegative().optional(), {
    kind: 'number',
    aliases: ['duration', 'duration min', 'duration minutes', 'minutes', '时长', '时长分钟', '通话时长', '持续时间'],
  }),
  effective: optBool(['effective', 'is effective', 'valid', '是否有效', '有效', '有效拜访']),
  complete: optBool(['complete', 'is complete', 'report complete', '是否完整', '报告是否完整', '完整']),
  outcome: optText(['outcome', 'result', '结果', '拜访结果', '跟进结果']),
});
export type Activity = z.infer<typeof ActivitySchema>;

export const LeadSchema = z.object({
  row: z.number().int(),
  id: column(z.string().min(1), { kind: 'text', requiredColumn: true, aliases: [...LEAD_ID, 'id', '编号'] }),
  rep: optText(REP),
  team: optText(TEAM),
  region: optText(REGION),
  customer: optText(CUSTOMER),
  assigned_at: optDate(['assigned at', 'assigned date', 'assignment date', 'assigned', '分配时间', '分配日期', '线索分配时间']),
  first_contact_at: optDate(['first contact', 'first contact date', 'first_contact_date', 'first follow up', '首次跟进时间', '首次联系时间', '首次跟进日期']),
  source: optText(['source', 'origin', 'lead source', 'channel', '来源', '线索来源', '渠道']),
});
export type Lead = z.infer<typeof LeadSchema>;

export const TeamMemberSchema = z.object({
  row: z.number().int(),
  rep: text(REP, true),
  team: optText(TEAM),
  region: optText(REGION),
  manager: optText(['manager', 'sales manager', 'team lead', 'supervisor', '经理', '销售经理', '主管', '上级', '直属上级', '团队负责人']),
  manager_email: optText(['manager email', 'manager_email', '经理邮箱', '主管邮箱']),
  rep_email: optText(['email', 'rep email', 'rep_email', 'e-mail', '邮箱', '销售邮箱']),
  webhook: optText(['webhook', 'webhook url', 'robot', '机器人', '通知地址', 'webhook地址']),
  /** other spellings of the rep's name in exports, separated by , ; 、 or | */
  aliases: optText(['aliases', 'alias', 'also known as', 'aka', '别名', '曾用名', '其他写法']),
  manager_webhook: optText(['manager webhook', 'manager_webhook', 'manager robot', '经理机器人', '经理webhook', '主管机器人']),
});
export type TeamMember = z.infer<typeof TeamMemberSchema>;

export const AccountSchema = z.object({
  row: z.number().int(),
  customer: text(CUSTOMER, true),
  sector: column(z.string().min(1).optional(), { kind: 'text', requiredColumn: true, aliases: ['sector', 'industry', '行业', '所属行业'] }),
  revenue: column(z.number().optional(), { kind: 'money', aliases: ['revenue', 'annual revenue', '营收', '年营收'] }),
  employees: column(z.number().optional(), { kind: 'number', aliases: ['employees', 'headcount', '员工数', '人数'] }),
  region: optText([...REGION, 'office location', 'office_location', 'location', 'country']),
  parent: optText(['subsidiary of', 'subsidiary_of', 'parent', 'parent company', '母公司']),
});
export type Account = z.infer<typeof AccountSchema>;

export const ProductSchema = z.object({
  row: z.number().int(),
  product: text(['product', 'product name', 'item', 'sku', '产品', '产品名称', '商品'], true),
  series: optText(['series', 'product line', 'family', '系列', '产品线']),
  price: column(z.number().optional(), {
    kind: 'money',
    requiredColumn: true,
    aliases: ['price', 'sales price', 'sales_price', 'list price', 'unit price', '价格', '单价', '售价', '标价'],
  }),
});
export type Product = z.infer<typeof ProductSchema>;

/**
 * One change of one deal field, as CRMs log them (Salesforce OpportunityFieldHistory, HubSpot property
 * history, 纷享销客/销售易 change logs). `field` is the changed field's name, matched to the deals export's
 * headers and aliases; an export without an old-value column (HubSpot) has each value's predecessor as old.
 */
export const HistorySchema = z.object({
  row: z.number().int(),
  deal_id: column(z.string().min(1), {
    kind: 'text',
    requiredColumn: true,
    aliases: [...DEAL_ID, 'object id', 'parent id', '记录id', '对象id', '数据id'],
  }),
  field: column(z.string().min(1), {
    kind: 'text',
    requiredColumn: true,
    aliases: ['field', 'field name', 'property', 'property name', 'changed field', '字段', '字段名', '字段名称', '变更字段', '修改字段', '变更项'],
  }),
  old_value: optText(['old value', 'previous value', 'value before', 'from value', '原值', '旧值', '变更前', '修改前', '变更前值', '修改前值']),
  new_value: optText(['new value', 'value', 'value after', 'to value', '新值', '变更后', '修改后', '变更后值', '修改后值']),
  at: column(z.number().int(), {
    kind: 'date',
    requiredColumn: true,
    aliases: [
      'created date', 'changed at', 'change date', 'changed date', 'timestamp', 'updated at', 'date',
      '变更时间', '修改时间', '操作时间', '变更日期', '修改日期', '更新时间',
    ],
  }),
});
export type HistoryRow = z.infer<typeof HistorySchema>;

export const KINDS = ['deals', 'activities', 'leads', 'teams', 'accounts', 'products', 'history'] as const;
export type Kind = (typeof KINDS)[number];

export const ROW_SCHEMAS = {
  deals: DealSchema,
  activities: ActivitySchema,
  leads: LeadSchema,
  teams: TeamMemberSchema,
  accounts: AccountSchema,
  products: ProductSchema,
  history: HistorySchema,
} as const;

export type RowOf<K extends Kind> = z.infer<(typeof ROW_SCHEMAS)[K]>;
