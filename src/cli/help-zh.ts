import type { Command } from 'commander';
import { shownWidth, wrapText } from './render.js';

/**
 * `--help` in Chinese (--lang zh or a zh locale): each command's, argument's and option's English description
 * is looked up here; one not found (a new option) stays English rather than going missing.
 */
const ZH = new Map<string, string>([
  // perf itself
  ['Sales-performance toolkit: forecasts, targets, behaviour scores, audits, alerts and coaching from CRM exports.', '销售绩效工具：基于 CRM 导出数据的预测、目标、行为评分、审计、预警与辅导。'],
  ['language of messages and reports: zh or en (default from LC_ALL/LANG)', '消息和报告的语言：zh 或 en（默认取自 LC_ALL/LANG）'],
  ['no colours (also when NO_COLOR is set or output is not a terminal)', '不使用颜色（设置了 NO_COLOR 或输出不是终端时也不使用）'],
  ['no notes or progress on stderr', '标准错误输出上不显示提示和进度'],
  ['config file (else $PERF_CONFIG, else ./perf.config.json)', '配置文件（否则 $PERF_CONFIG，再否则 ./perf.config.json）'],
  ['treat this date (YYYY-MM-DD) as today', '把该日期（YYYY-MM-DD）当作今天'],
  ['exit 4 when any data problem is found', '发现任何数据问题时以退出码 4 结束'],
  ['fit reports to N columns (default: the terminal width, else $COLUMNS, else 100)', '报告适配 N 列宽（默认：终端宽度，否则 $COLUMNS，否则 100）'],
  ['output the version number', '显示版本号'],
  ['display help for command', '显示命令帮助'],
  // commands
  ['show how perf reads an export: format, encoding, header, column mapping, rows, dates and problems', '显示 perf 如何读取导出文件：格式、编码、表头、列映射、行数、日期和数据问题'],
  ['a CSV or XLSX export (- for stdin)', 'CSV 或 XLSX 导出文件（- 表示标准输入）'],
  ['read the file as deals|activities|leads|teams|accounts|products|history (default: detected from the header)', '把文件当作 deals|activities|leads|teams|accounts|products|history 读取（默认：按表头识别）'],
  ['print JSON', '输出 JSON'],
  ['force the CSV encoding (utf-8, gb18030, gbk, utf-16le …); default: detected', '强制指定 CSV 编码（utf-8、gb18030、gbk、utf-16le …）；默认：自动识别'],
  ['XLSX sheet by name or 1-based number; default: the first with a recognisable header', 'XLSX 工作表名称或从 1 开始的序号；默认：第一个有可识别表头的工作表'],
  ['write perf.config.json with every default of the method, and perf.config.schema.json so editors complete and check it', '写出含方法全部默认值的 perf.config.json，以及供编辑器补全和校验的 perf.config.schema.json'],
  ['where to write the files', '写入文件的目录'],
  ['replace existing files', '覆盖已有文件'],
  ['print the JSON Schema of the config to stdout and write nothing', '把配置的 JSON Schema 输出到标准输出，不写任何文件'],
  ['rolling forecast of won deals per company, team and rep, and next-quarter targets with a ±15% band', '按公司、团队、销售滚动预测赢单，并给出下季度目标及 ±15% 浮动区间'],
  ['deals / opportunities export (CSV or XLSX)', '商机/订单导出文件（CSV 或 XLSX）'],
  ['levels to report: company,team,rep (default all three)', '报告的层级：company,team,rep（默认三者都有）'],
  ['months to forecast, counting the current one; at least to the end of next quarter, which targets are set for (the default)', '预测月数，含当月；至少到下季度末（目标所在季度，即默认值）'],
  ['forecast method: auto|snaive|naive|mean|ses|ets|damped|theta|croston|sba|combo (default auto)', '预测方法：auto|snaive|naive|mean|ses|ets|damped|theta|croston|sba|combo（默认 auto）'],
  ['market adjustments CSV: scope,name,from,to,change,reason', '市场调整 CSV：scope,name,from,to,change,reason'],
  ['set targets at this quantile of the forecast (e.g. 0.6) instead of its mean', '按预测分布的该分位数（如 0.6）设定目标，而不是均值'],
  ['team roster (rep → team/region, manager)', '团队名单（销售 → 团队/区域、经理）'],
  ['also write every chart as SVG and PNG into DIR (for email)', '同时把每张图表以 SVG 和 PNG 写入 DIR（用于邮件）'],
  ['leave the chart images out of the workbook (faster)', '工作簿中不放图表图片（更快）'],
  ['write the targets workbook (.xlsx, charts in its Summary sheet) or JSON (.json) to FILE', '把目标工作簿（.xlsx，图表在概要页下方）或 JSON（.json）写入 FILE'],
  ['replace an existing output file', '覆盖已有的输出文件'],
  ['print JSON instead of the text report', '输出 JSON 而不是文字报告'],
  ['audit targets against the data', '用数据审查目标'],
  ["keep this run's forecasts and targets in the forecast ledger, for sales-perf accuracy later", '把本次运行的预测和目标记入预测台账，供日后 sales-perf accuracy 评估'],
  ["the ledger's SQLite state (default: the deals export's own state file, as perf alerts keeps)", '预测台账的 SQLite 状态库（默认：该商机导出文件自己的状态文件，与 perf alerts 相同）'],
  ['the forecast ledger (forecast --record): adds forecast vs actual per quarter to each level and the accuracy to the notes', '预测台账（forecast --record 记录）：为每个层级加上各季度预测与实际对比图，并在注释中给出准确度'],
  ['were we right? every forecast recorded by forecast --record against what was won: error by horizon, bias per rep and team, quarters', '预测准不准？把 forecast --record 记录的每次预测与实际赢单对比：按提前期的误差、各销售和团队的偏差、各季度'],
  ['a later deals / opportunities export: the actuals the recorded forecasts are scored against', '较晚的商机/订单导出文件：用其中的实际结果为已记录的预测评分'],
  ["the ledger's SQLite state (default: the deals export's own state file, where forecast --record on the same file wrote)", '预测台账的 SQLite 状态库（默认：该商机导出文件自己的状态文件，即对同一文件运行 forecast --record 时写入之处）'],
  ['team roster (rep → team), as for perf forecast', '团队名单（销售 → 团队），同 perf forecast'],
  ['write the scores to FILE (.xlsx workbook with the quarter chart, or .json)', '把评分写入 FILE（含季度图表的 .xlsx 工作簿，或 .json）'],
  ['the \"three nos\" audit (三无: no baseline, no milestones, no resources) of a proposed target: growth vs history, probability under the forecast, baseline, milestones, resources', '对建议目标做\"三无\"审查：与历史相比的增长、按预测达成的概率、基线、里程碑、资源'],
  ['growth (40%), an amount for the period (1200000), or a per-team CSV: team,target[,headcount][,budget][,2027-Q1 …]', '增长率（40%）、该期间的金额（1200000），或按团队的 CSV：team,target[,headcount][,budget][,2027-Q1 …]'],
  ['the period the target is for: 2027, 2027-Q1, 2027-03 or 2027-01..2027-06 (default: next calendar year; on 1 January, the year starting that day)', '目标对应的期间：2027、2027-Q1、2027-03 或 2027-01..2027-06（默认：下一个自然年；1 月 1 日当天则为当年）'],
  ['deliver every alert not yet delivered to its routes (webhooks; e-mail when SMTP is configured), whichever run raised it', '把尚未送达的每条预警发送到其路由（webhook；配置了 SMTP 时也发邮件），无论是哪次运行触发的'],
  ['team roster (rep → team/region)', '团队名单（销售 → 团队/区域）'],
  ['forecast method (default auto)', '预测方法（默认 auto）'],
  ['market adjustments CSV', '市场调整 CSV'],
  ['write the audit to FILE (.xlsx or .json)', '把审查结果写入 FILE（.xlsx 或 .json）'],
  ['rolling-origin accuracy of each forecast method, auto and the static \"last year + x%\" target, per level', '各预测方法、auto 及静态\"去年 + x%\"目标在各层级的滚动起点准确度'],
  ['methods to compare (default snaive,ets,theta,croston,sba,auto)', '参与比较的方法（默认 snaive,ets,theta,croston,sba,auto）'],
  ['rolling origins per series (default: config forecast.backtestOrigins, 4 — the figure perf forecast prints)', '每个序列的滚动起点数（默认：配置 forecast.backtestOrigins，4 —— 即 perf forecast 显示的数字）'],
  ['months ahead scored at each origin (default 3)', '每个起点评估的未来月数（默认 3）'],
  ['growth of the static target, e.g. 40% (default: each origin\'s trailing year-over-year growth)', '静态目标的增长率，如 40%（默认：每个起点前一年的同比增长）'],
  ['amount or count (default amount)', 'amount 或 count（默认 amount）'],
  ['write the scores to FILE (.xlsx or .json)', '把评分写入 FILE（.xlsx 或 .json）'],
  ['score sales behaviour: key behaviour indicators (KBIs) and point rules from the activity log, per rep, week and month', '销售行为评分：按销售、周、月，依据行为记录计算关键行为指标（KBI）和积分规则'],
  ['the activity log export (CSV or XLSX; - for stdin)', '行为记录导出文件（CSV 或 XLSX；- 表示标准输入）'],
  ['deals export: won deals are checked for interviews and a demo before the close, signed customers for monthly revisits', '商机导出文件：检查赢单前是否有需求访谈和演示，签约客户是否每月回访'],
  ['leads export: assignment time and first contact for the lead follow-up rule', '线索导出文件：线索跟进规则所需的分配时间和首次联系时间'],
  ['team roster: team of each rep, and reps with no activity at all', '团队名单：每位销售的团队，以及完全没有行为记录的销售'],
  ['score this calendar month (default: the month holding --as-of, up to --as-of)', '评分的自然月（默认：--as-of 所在月份，截至 --as-of）'],
  ['first day of the period (with --to)', '期间第一天（与 --to 一起用）'],
  ['last day of the period', '期间最后一天'],
  ['write the workbook (Summary with charts, Scores, Teams, KBI compliance, KBI misses, Weekly detail, Point audit, Problems) to FILE.xlsx', '把工作簿（概览及图表、得分、团队、KBI 达成率、KBI 未达标、每周明细、积分审计、数据问题）写入 FILE.xlsx'],
  ['were results earned? period-end cramming, reversed period-end deals, deals without activity, duplicates and splits, single-KPI risk', '业绩是真实取得的吗？期末突击、期末签约后冲销、无行为记录的订单、重复与拆单、单一 KPI 风险'],
  ['activity log: enables the no-activity and single-KPI checks', '行为记录：启用\"无行为记录\"和\"单一 KPI\"检查'],
  ['team roster (rep, team, region, manager)', '团队名单（销售、团队、区域、经理）'],
  ['write the audit to FILE (.xlsx: Summary, Flags, Evidence, Problems; .json)', '把审计结果写入 FILE（.xlsx：概要、标记、证据、数据问题；.json）'],
  ['the overall evaluation: target attainment (results) and behaviour score combined 60/40, the ±15% band, and the accelerator reward', '综合考核：目标达成（结果）与行为得分按 60/40 合并，±15% 区间及超额奖励'],
  ['deals / opportunities export', '商机/订单导出文件'],
  ['deals / opportunities export (the same as --deals)', '商机/订单导出文件（同 --deals）'],
  ['activity log export (behaviour score); without it only results are scored', '行为记录导出文件（行为得分）；没有它只评结果'],
  ['the period evaluated: a quarter (2026-Q4 or 2026Q4) or a month (2026-11)', '考核期间：季度（2026-Q4 或 2026Q4）或月份（2026-11）'],
  ['targets: a perf forecast workbook (with the manager\'s \"Adjusted target\" and \"Note\") or a CSV level,name,period,target; default: forecast on the spot', '目标：perf forecast 生成的工作簿（含经理填写的\"调整后目标\"和\"备注\"）或 CSV level,name,period,target；默认：当场预测'],
  ['market adjustments, as for perf forecast (targets computed on the spot)', '市场调整，同 perf forecast（当场计算目标）'],
  ['write the evaluation to FILE (.xlsx: Evaluation, Attainment, Behaviour, Reward, Problems; .json)', '把考核结果写入 FILE（.xlsx：考核、达成、行为、奖励、数据问题；.json）'],
  ['early warnings for cron: new-customer growth, leads without follow-up, touch KBI, quarter pacing; each sent once, never lost', '供 cron 使用的预警：新客户增长、未跟进线索、触达 KBI、季度进度；每条只发一次，绝不丢失'],
  ['activity log: the touch KBI rule and lead follow-ups', '行为记录：触达 KBI 规则和线索跟进'],
  ['leads export: the 48-hour follow-up rule', '线索导出文件：48 小时跟进规则'],
  ['team roster: team, region, manager, emails, webhook per rep', '团队名单：每位销售的团队、区域、经理、邮箱、webhook'],
  ['market adjustments, as for perf forecast (the pacing targets)', '市场调整，同 perf forecast（进度目标）'],
  ['POST new alerts (and deliveries left pending by earlier runs) to the routed webhooks', '把新预警（以及之前运行中未送达的）POST 到对应的 webhook'],
  ['print what would be sent; send nothing, record nothing', '只显示将要发送的内容；不发送，不记录'],
  ['stdout: text (default) or json (one object per line)', '标准输出格式：text（默认）或 json（每行一个对象）'],
  ['same as --format json', '同 --format json'],
  ['also write the alerts as CSV', '同时把预警写成 CSV'],
  ['replace an existing --out file', '覆盖已有的 --out 文件'],
  ['the bi-weekly coaching loop: calendar invites, prep packets, minutes and action items', '双周辅导闭环：日历邀请、准备材料、会议纪要和行动项'],
  ['write iCalendar (.ics) files with a recurring calibration 1:1 for every manager–rep pair, free of clashes', '为每一对经理与销售写出 iCalendar（.ics）文件，含不冲突的每两周一次校准 1:1'],
  ['the roster: rep, manager, and optionally Manager Email / Email columns', '名单：销售、经理，可选 Manager Email / Email 列'],
  ['first day of the series (default: the Monday after --as-of)', '系列的第一天（默认：--as-of 之后的周一）'],
  ['how many weeks the series runs (default: calibrate.weeks, 12)', '系列持续的周数（默认：calibrate.weeks，12）'],
  ['days and hours for the 1:1s, e.g. \'Mon-Fri 10:00-17:00\' (default: calibrate.slots)', '1:1 可用的日期和时段，如 \'Mon-Fri 10:00-17:00\'（默认：calibrate.slots）'],
  ['one file per manager–rep pair instead of one per manager', '每对经理与销售一个文件，而不是每位经理一个'],
  ['iCalendar METHOD: publish (import as entries) or request (an invitation Outlook can send); default: calibrate.method', 'iCalendar METHOD：publish（作为日程导入）或 request（Outlook 可发送的邀请）；默认：calibrate.method'],
  ['folder for the .ics files (created if missing); the paths written are listed on stderr', '.ics 文件所在目录（不存在则创建）；写出的路径列在标准错误输出'],
  ['replace existing .ics files (without it, an existing file stops the run before anything is written)', '覆盖已有的 .ics 文件（不加时，已有文件会在写入任何内容之前终止运行）'],
  ['print the schedule as JSON', '以 JSON 输出日程'],
  ['a one-page prep packet per rep: progress against the quarter target, KBI misses of the last two weeks, open action items, the four questions', '每位销售一页的准备材料：季度目标进度、近两周未达标的 KBI、未完成的行动项、四个问题'],
  ['deals export (targets and progress)', '商机导出文件（目标与进度）'],
  ['activity export (KBIs)', '行为导出文件（KBI）'],
  ['the roster: teams, managers, and which reps get a packet', '名单：团队、经理，以及哪些销售需要准备材料'],
  ['only this rep', '只看这位销售'],
  ['market adjustments, as for perf forecast', '市场调整，同 perf forecast'],
  ['also write a workbook with one sheet per rep (.xlsx)', '同时写出每位销售一页的工作簿（.xlsx）'],
  ['write one Markdown file per rep into this folder (default: print Markdown)', '把每位销售的 Markdown 文件写入该目录（默认：输出 Markdown）'],
  ['print the packets as JSON', '以 JSON 输出准备材料'],
  ['the SQLite state store (default: $XDG_STATE_HOME/perf/state.db, else ~/.local/state/perf/state.db)', 'SQLite 状态库（默认：$XDG_STATE_HOME/perf/state.db，否则 ~/.local/state/perf/state.db）'],
  ['write a minutes template: the four questions and an action-item section that `record` reads back', '写出会议纪要模板：四个问题和一个 `record` 可读回的行动项部分'],
  ['the rep the calibration is with', '本次校准的销售'],
  ['meeting date (default: --as-of, i.e. today)', '会议日期（默认：--as-of，即今天）'],
  ['the manager (default: from --team)', '经理（默认：取自 --team）'],
  ['the roster, to fill in the manager', '名单，用于填写经理'],
  ['write the template to FILE (default: stdout)', '把模板写入 FILE（默认：标准输出）'],
  ['replace an existing file', '覆盖已有文件'],
  ['archive filled minutes and store their action items in the state store (recording twice adds nothing)', '归档已填写的会议纪要，并把行动项存入状态库（重复记录不会重复添加）'],
  ['a filled minutes file (from `sales-perf calibrate minutes`)', '已填写的会议纪要文件（来自 `sales-perf calibrate minutes`）'],
  ['allow an --as-of earlier than the last run on this state', '允许 --as-of 早于此状态库上一次运行的日期'],
  ['archive folder (default: calibrate.archive, \"calibrations\")', '归档目录（默认：calibrate.archive，\"calibrations\"）'],
  ['print the result as JSON', '以 JSON 输出结果'],
  ['list action items from recorded calibrations (open ones by default)', '列出已记录校准中的行动项（默认只列未完成的）'],
  ['only open items past their due date (as of --as-of)', '只列截至 --as-of 已过期的未完成项'],
  ['open, done or all', 'open、done 或 all'],
  ['text, csv or json', 'text、csv 或 json'],
  ['close action items', '关闭行动项'],
  ['item ids, as `tasks` lists them', '行动项编号，即 `tasks` 列出的编号'],
  ['the dashboard (看板): one self-contained HTML page with trend charts per level — history, forecast and intervals, target band, quarter pace, behaviour scores, KBI compliance, active alerts', '看板：一个独立的 HTML 页面，按层级展示趋势图 —— 历史、预测及区间、目标区间、季度进度、行为得分、KBI 达成率、当前预警'],
  ['activity log: behaviour-score trend, KBI compliance, touch alerts', '行为记录：行为得分趋势、KBI 达成率、触达预警'],
  ['leads export: lead follow-up (score rule and alerts)', '线索导出文件：线索跟进（评分规则和预警）'],
  ['team roster: team of each rep, managers for the alerts', '团队名单：每位销售的团队，预警所需的经理'],
  ['market adjustments for the forecast, as in perf forecast', '预测所用的市场调整，同 perf forecast'],
  ['draw this plan (the output of perf forecast --json, e.g. with its --adjust) instead of forecasting the deals again', '绘制该计划（perf forecast --json 的输出，例如带 --adjust 的）而不是重新预测'],
  ['months of behaviour scores to show, ending with the month of --as-of', '显示的行为得分月数，截至 --as-of 所在月份'],
  ['what the forecast charts show: signed amount or number of won deals (default: the plan\'s measure, count when the deals carry no amounts)', '预测图显示的内容：签约金额或赢单数（默认：计划的度量；商机没有金额时用单数）'],
  ['the page to write (- for stdout)', '要写出的页面（- 表示标准输出）'],
  ['replace an existing page or chart files', '覆盖已有的页面或图表文件'],
  // changes
  ['where the pipeline went between two exports: created, pulled in, pushed, won, lost, deleted … balanced to the cent', '两次导出之间商机管道的去向：新建、提前、推迟、赢单、输单、删除……精确到分地平衡'],
  ['the later export of the same CRM', '同一 CRM 的较晚导出文件'],
  ["the window, e.g. 2026-Q4 (default: the quarter holding --as-of, else NEW's latest created/close date)", '统计窗口，例如 2026-Q4（默认：--as-of 所在季度，否则 NEW 中最晚的创建/成交日期所在季度）'],
  ['team roster (rep → team/region), joined to both exports', '团队名单（销售 → 团队/区域），同时关联两份导出'],
  ['write the waterfall and the deals per bucket to FILE (.xlsx or .json)', '把瀑布图及各类别的商机写入 FILE（.xlsx 或 .json）'],
  // field history and earlier exports (changes, audit, dashboard)
  ['the earlier deals / opportunities export (CSV or XLSX); with --history, the one deals export', '较早的商机/订单导出文件（CSV 或 XLSX）；使用 --history 时为唯一的商机导出'],
  ["a field-history export (deal id, field, old value, new value, changed at): rebuilds the pipeline at --from and --to from one deals export", '字段变更记录导出（商机编号、字段、原值、新值、变更时间）：由一份商机导出重建 --from 与 --to 两个日期的商机'],
  ['with --history: the earlier date, YYYY-MM-DD (the pipeline at its end)', '配合 --history：较早的日期 YYYY-MM-DD（取当天结束时的商机）'],
  ['with --history: the later date, YYYY-MM-DD (default window: the quarter holding it)', '配合 --history：较晚的日期 YYYY-MM-DD（默认窗口：其所在季度）'],
  ['an earlier export of the same deals: quarter-end wins it shows that are now lost, reopened, cancelled or deleted are cramming evidence', '同一批商机的较早导出：其中的季末赢单如今输单、重开、取消或被删除，即为冲量证据'],
  ["an earlier export of the same deals: adds the pipeline waterfall (perf changes) of the --as-of quarter to each level", '同一批商机的较早导出：为每个层级加上 --as-of 所在季度的商机瀑布图（perf changes）'],
]);

const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Arguments:': '参数：',
  'Options:': '选项：',
  'Global Options:': '全局选项：',
  'Commands:': '命令：',
};

/**
 * Lays out the help of `cmd` and its subcommands by display width, Chinese characters taking two columns, and
 * wraps descriptions after any of them as well as at spaces: commander wraps at spaces only and counts
 * characters, so a Chinese description stayed one line of up to 105 columns. `zh`: headings in Chinese.
 */
export function layoutHelp(cmd: Command, zh = false): void {
  cmd.configureHelp({
    displayWidth: shownWidth,
    // commander indents the lines after the first itself
    boxWrap: (text, width) => (width < 40 ? text : wrapText(text, width, '')),
    ...(zh ? { styleTitle: (title: string) => TITLES[title] ?? title } : {}),
  });
  for (const sub of cmd.commands) layoutHelp(sub, zh);
}

/** Puts every description of `cmd` and its subcommands into Chinese (layoutHelp then sets the headings). */
export function helpInChinese(cmd: Command): void {
  const zh = (s: string) => ZH.get(s) ?? s;
  cmd.description(zh(cmd.description()));
  for (const a of cmd.registeredArguments) a.description = zh(a.description);
  for (const o of cmd.options) o.description = zh(o.description);
  cmd.helpOption('-h, --help', '显示命令帮助');
  if (cmd.commands.length) cmd.helpCommand('help [command]', '显示子命令的帮助');
  for (const sub of cmd.commands) helpInChinese(sub);
}
