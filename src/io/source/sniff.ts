import { isUtf8 } from 'node:buffer';
import { extname } from 'node:path';
import { unreadable } from './fatal.js';
import { iconv } from './iconv.js';

export type TextEncoding = { encoding: string; bomLength: number };

const startsWith = (b: Buffer, bytes: number[]): boolean => bytes.every((x, i) => b[i] === x);

/** Decides from the first bytes whether this is a zip (xlsx and friends) or text; refuses everything else. */
export function classify(path: string, head: Buffer, forcedEncoding: string | undefined): 'zip' | 'cfb' | 'text' {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'cfb';
  if (startsWith(head, [0x1f, 0x8b]) || startsWith(head, [0x37, 0x7a, 0xbc, 0xaf]) || startsWith(head, [0x52, 0x61, 0x72, 0x21])) {
    throw unreadable(path, 'this is a compressed archive (gzip/7z/rar), not a table. Extract it first and give perf the .csv or .xlsx inside.', '这是压缩包（gzip/7z/rar），不是表格。请先解压，再把里面的 .csv 或 .xlsx 交给 perf。');
  }
  const markup = markupKind(head);
  const ext = extname(path).toLowerCase();
  if (markup === 'spreadsheetml') {
    throw unreadable(path, 'this is an Excel 2003 XML spreadsheet, which perf cannot read. Open it in Excel or WPS and save it as .xlsx or CSV (UTF-8).', '这是 Excel 2003 XML 表格，perf 无法读取。请用 Excel 或 WPS 打开，另存为 .xlsx 或 CSV（UTF-8）。');
  }
  if (markup === 'html' || (markup === 'tag' && (ext === '.xls' || ext === '.xlsx'))) {
    throw unreadable(path, 'this is a web page (HTML) saved with an Excel or CSV extension, not a real spreadsheet. Open it in Excel or WPS and save it as .xlsx or CSV (UTF-8).', '这是一个网页（HTML）文件，只是用了 Excel 或 CSV 的扩展名，并不是真正的表格。请用 Excel 或 WPS 打开，另存为 .xlsx 或 CSV（UTF-8）。');
  }
  if (!forcedEncoding && !bomEncoding(head) && !utf16ByNuls(head) && head.includes(0)) {
    throw unreadable(path, 'this looks like a binary file, not a CSV or XLSX table. Export the data from your CRM as .xlsx or CSV (UTF-8).', '这看起来是二进制文件，不是 CSV 或 XLSX 表格。请从 CRM 导出为 .xlsx 或 CSV（UTF-8）。');
  }
  return 'text';
}

function markupKind(head: Buffer): 'html' | 'spreadsheetml' | 'tag' | null {
  let text = head.toString('latin1', 0, Math.min(head.length, 4096));
  if (text.startsWith('\xef\xbb\xbf')) text = text.slice(3);
  text = text.trimStart().toLowerCase();
  if (!text.startsWith('<')) return null;
  if (text.includes('urn:schemas-microsoft-com:office:spreadsheet') && !text.includes('<html')) return 'spreadsheetml';
  if (/^<(!doctype|html|table|head|body|meta|!--|\?xml)/.test(text)) return 'html';
  return 'tag';
}

/** An OLE compound file: a legacy .xls, or an encrypted .xlsx. `bytes` should cover its directory (head and tail). */
export function cfbError(path: string, bytes: Buffer[]): Error {
  // The directory of a CFB file names its streams in UTF-16LE; an encrypted OOXML file has "EncryptedPackage".
  const name = Buffer.from('EncryptedPackage', 'utf16le');
  if (bytes.some((b) => b.includes(name))) {
    return unreadable(path, 'this workbook is password-protected, so perf cannot read it. Open it in Excel, remove the password (File → Info → Protect Workbook → Encrypt with Password, clear it), save, and try again.', '此工作簿设置了打开密码，perf 无法读取。请在 Excel 中打开，取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后保存，再试一次。');
  }
  return unreadable(path, 'this is an old Excel 97-2003 (.xls) file, which perf cannot read. Open it in Excel or WPS and save it as .xlsx or CSV (UTF-8).', '这是旧版 Excel 97-2003（.xls）文件，perf 无法读取。请用 Excel 或 WPS 打开，另存为 .xlsx 或 CSV（UTF-8）。');
}

function bomEncoding(head: Buffer): TextEncoding | null {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8-bom', bomLength: 3 };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le', bomLength: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be', bomLength: 2 };
  return null;
}

/** UTF-16 text without a BOM: ASCII characters leave a NUL in every other byte. */
function utf16ByNuls(head: Buffer): TextEncoding | null {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd > pairs * 0.3 && even < pairs * 0.05) return { encoding: 'utf-16le', bomLength: 0 };
  if (even > pairs * 0.3 && odd < pairs * 0.05) return { encoding: 'utf-16be', bomLength: 0 };
  return null;
}

const ALIASES: Record<string, string> = { utf8: 'utf-8', 'utf-8': 'utf-8', 'utf-8-bom': 'utf-8', 'utf-8-sig': 'utf-8', utf16le: 'utf-16le', 'utf-16le': 'utf-16le', utf16be: 'utf-16be', 'utf-16be': 'utf-16be' };

/** The encoding to decode with: the one forced, the BOM's, UTF-16 by its NULs, UTF-8 if the head is valid UTF-8, else GB18030. */
export function detectEncoding(path: string, head: Buffer, complete: boolean, forced: string | undefined): TextEncoding {
  const bom = bomEncoding(head);
  if (forced) {
    const name = ALIASES[forced.toLowerCase()] ?? forced.toLowerCase();
    if (!iconv().encodingExists(name)) {
      throw unreadable(path, `unknown encoding "${forced}" given with --encoding. Use utf-8, gb18030, gbk, utf-16le, utf-16be or latin1.`, `--encoding 指定的编码 "${forced}" 无法识别。可用：utf-8、gb18030、gbk、utf-16le、utf-16be、latin1。`);
    }
    const bomMatches = bom !== null && (bom.encoding === name || (bom.encoding === 'utf-8-bom' && name === 'utf-8'));
    return { encoding: bomMatches ? bom.encoding : name, bomLength: bomMatches ? bom.bomLength : 0 };
  }
  if (bom) return bom;
  const utf16 = utf16ByNuls(head);
  if (utf16) return utf16;
  const sample = complete ? head : head.subarray(0, completeUtf8Length(head));
  if (isUtf8(sample)) return { encoding: 'utf-8', bomLength: 0 };
  return { encoding: mostlyUtf8(sample) ? 'utf-8' : 'gb18030', bomLength: 0 };
}

/**
 * A file that mixes encodings (UTF-8 rows with a few GBK rows pasted in) is read as UTF-8 when most of
 * its non-ASCII lines are valid UTF-8, so the odd rows get reported instead of the whole file garbled.
 */
function mostlyUtf8(sample: Buffer): boolean {
  let valid = 0;
  let invalid = 0;
  let start = 0;
  while (start < sample.length) {
    let end = sample.indexOf(0x0a, start);
    if (end < 0) end = sample.length;
    const line = sample.subarray(start, end);
    if (line.some((b) => b >= 0x80)) {
      if (isUtf8(line)) valid++;
      else invalid++;
    }
    start = end + 1;
  }
  return valid > 0 && valid >= invalid;
}

/** A whole small text file (minutes, notes) decoded the way exports are: BOM, UTF-16 by its NULs, UTF-8, else GB18030. */
export function decodeText(path: string, bytes: Buffer): string {
  const { encoding, bomLength } = detectEncoding(path, bytes, true, undefined);
  const body = bytes.subarray(bomLength);
  return encoding === 'utf-8' || encoding === 'utf-8-bom' ? body.toString('utf8') : iconv().decode(body, encoding);
}

/** Length of the prefix that does not end inside a multi-byte UTF-8 sequence. */
export function completeUtf8Length(buf: Buffer): number {
  const n = buf.length;
  for (let back = 1; back <= Math.min(4, n); back++) {
    const b = buf[n - back];
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

const CANDIDATES = [',', ';', '\t', '|'];

/** The delimiter that splits the first lines (outside quotes) into the same number of fields, most often. */
export function sniffDelimiter(text: string): string {
  const counts: number[][] = CANDIDATES.map(() => []);
  const line = CANDIDATES.map(() => 0);
  let quoted = false;
  let nonEmpty = false;
  const limit = Math.min(text.length, 65536);
  let lines = 0;
  for (let i = 0; i < limit && lines < 50; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (nonEmpty) {
        CANDIDATES.forEach((_, k) => counts[k].push(line[k]));
        lines++;
      }
      line.fill(0);
      nonEmpty = false;
    } else {
      nonEmpty = true;
      if (!quoted) {
        const k = CANDIDATES.indexOf(ch);
        if (k >= 0) line[k]++;
      }
    }
  }
  if (nonEmpty && lines < 50) CANDIDATES.forEach((_, k) => counts[k].push(line[k]));
  let best = ',';
  let bestScore = 0;
  CANDIDATES.forEach((d, k) => {
    const freq = new Map<number, number>();
    for (const c of counts[k]) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    let score = 0;
    for (const f of freq.values()) score = Math.max(score, f);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  });
  return best;
}
