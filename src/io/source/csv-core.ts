/**
 * An RFC 4180 tokenizer over UTF-8 bytes, resumable across chunks. It replaces csv-parse in the hot
 * path: on a 1,000,000-row export csv-parse spent ~3.4 s where this spends a fraction, and reading is
 * most of what `perf score` and `perf inspect` do. Tolerant like csv-parse's relax options: a quote
 * inside an unquoted field is literal, text after a closing quote is kept, rows may be ragged.
 */
import { isAscii } from 'node:buffer';
import { isControl } from '../../core/values/text.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const DEL = 0x7f;

/** Whether bytes [start, end) hold a control character (isControl): text the converter must clean. */
function controlIn(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (isControl(buf[i])) return true;
  return false;
}

export class CsvQuoteNotClosed extends Error {
  readonly code = 'CSV_QUOTE_NOT_CLOSED';
}

const EMPTY = Buffer.alloc(0);

// Buffer's own decoders, without toString's argument checks and encoding lookup; present on every Node
// version perf supports.
type Decoding = Buffer & { utf8Slice(start: number, end: number): string; latin1Slice(start: number, end: number): string };
const utf8 = (buf: Buffer, start: number, end: number): string => (buf as Decoding).utf8Slice(start, end);

/**
 * Shorter fields of an ASCII buffer are cut from one string decoded per buffer: a call into C++ per
 * field cost four times as much. V8 copies substrings this short (longer ones would be views keeping
 * the whole buffer's text alive as long as the field lives, e.g. as a map key).
 */
const SHORT = 13;

/** slots of a column's table at first; it doubles (rehashed) when a third full, up to MAX_SLOTS */
const SLOTS = 1 << 12;
const MAX_SLOTS = 1 << 17;
const PROBES = 8;
/** bytes of a column's texts at first; doubles when full, up to MAX_ARENA */
const ARENA = 1 << 16;
const MAX_ARENA = 1 << 23;
/** longer fields are notes and addresses, seldom repeated */
const LONGEST = 64;
/** a column that had to decode this many texts, more often than it found one, is not repetitive */
const GIVE_UP = 1 << 13;

/**
 * A view for reading four bytes in one load: the texts' hashes and comparisons go four bytes at a time
 * (a byte at a time, a customer's name cost ~0.18 µs a row to find).
 */
const viewOf = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** The slot hash of the bytes [start, end): every byte, four at a time (see ColumnTexts). */
function hashOf(v: DataView, start: number, end: number): number {
  let h = Math.imul(0x811c9dc5 ^ (end - start), 0x01000193);
  let i = start;
  for (; i + 4 <= end; i += 4) h = Math.imul(h ^ v.getInt32(i, true), 0x01000193);
  for (; i < end; i++) h = Math.imul(h ^ v.getUint8(i), 0x01000193);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 12);
}

/**
 * The texts one column has held, found again by their bytes: fields of 13-64 bytes (a customer's name)
 * and every field of a buffer that is not all ASCII (Chinese names). Exports repeat a few values in most
 * columns (40 reps and 2,000 customers over a million rows): decoding each once spares a C++ call and a
 * string per cell, and the rows then carry the same string for the same name, whose hash the maps keyed
 * by it keep. The table and the bytes grow with the column's distinct values: fixed at 8,192 slots and
 * 128 KiB, a log with 5,000 customers gave up its customer column (every name decoded afresh, and each
 * map lookup by it hashed and compared anew: 0.6 µs a row), and names alike in their first, middle and
 * last bytes ("… Logistics Co., Ltd.") used up their probes: every byte is hashed now, four at a time.
 */
class ColumnTexts {
  private texts: string[] = new Array<string>(SLOTS).fill('');
  /** per slot: 1 when its text holds no control character */
  private clean = new Uint8Array(SLOTS);
  /** whether the text the last call returned holds no control character (false: not known) */
  lastClean = false;
  /** per slot its text's length (0: free; empty fields never come here) and offset in `bytes`, side by side: one cache line to probe */
  private slots = new Int32Array(2 * SLOTS);
  private bytes = new Uint8Array(ARENA);
  private view = viewOf(this.bytes);
  private used = 0;
  private count = 0;
  private decoded = 0;
  private found = 0;

  /** The text of buf[start, end) (1 to LONGEST bytes; `view` views buf); null once the column proved not repetitive. */
  text(buf: Buffer, view: DataView, start: number, end: number): string | null {
    const n = end - start;
    const slots = this.slots;
    const mask = this.texts.length - 1;
    for (let p = 0, slot = hashOf(view, start, end) & mask; p < PROBES; p++, slot = (slot + 1) & mask) {
      const len = slots[2 * slot];
      if (len === 0) return this.add(buf, start, end, slot);
      if (len === n && this.holds(slots[2 * slot + 1], view, start, n)) {
        this.found++;
        this.lastClean = this.clean[slot] === 1;
        return this.texts[slot];
      }
    }
    this.lastClean = false;
    return this.decode(buf, start, end);
  }

  /** Whether the bytes at `at` are the n bytes of `view` at `start`. */
  private holds(at: number, view: DataView, start: number, n: number): boolean {
    const own = this.view;
    let i = 0;
    for (; i + 4 <= n; i += 4) if (own.getInt32(at + i, true) !== view.getInt32(start + i, true)) return false;
    for (; i < n; i++) if (own.getUint8(at + i) !== view.getUint8(start + i)) return false;
    return true;
  }

  private add(buf: Buffer, start: number, end: number, slot: number): string | null {
    const n = end - start;
    this.lastClean = false;
    if (this.used + n > this.bytes.length) {
      if (this.bytes.length >= MAX_ARENA) return this.decode(buf, start, end);
      const bytes = new Uint8Array(this.bytes.length * 2);
      bytes.set(this.bytes.subarray(0, this.used));
      this.bytes = bytes;
      this.view = viewOf(bytes);
    }
    const text = this.decode(buf, start, end);
    if (text === null) return null;
    this.bytes.set(buf.subarray(start, end), this.used);
    this.lastClean = !controlIn(buf, start, end);
    this.place(slot, n, this.used, text, this.lastClean);
    this.used += n;
    if (++this.count * 3 > this.texts.length && this.texts.length < MAX_SLOTS) this.rehash();
    return text;
  }

  private place(slot: number, length: number, offset: number, text: string, clean: boolean): void {
    this.slots[2 * slot] = length;
    this.slots[2 * slot + 1] = offset;
    this.texts[slot] = text;
    this.clean[slot] = clean ? 1 : 0;
  }

  /** Twice the slots, every text placed again by its bytes' hash. */
  private rehash(): void {
    const { texts, slots, clean } = this;
    const size = texts.length * 2;
    this.texts = new Array<string>(size).fill('');
    this.slots = new Int32Array(2 * size);
    this.clean = new Uint8Array(size);
    for (let s = 0; s < texts.length; s++) {
      const n = slots[2 * s];
      if (n === 0) continue;
      const at = slots[2 * s + 1];
      // A text placed more than PROBES slots on is not found again, only decoded each time: rare a sixth full.
      let slot = hashOf(this.view, at, at + n) & (size - 1);
      while (this.slots[2 * slot] !== 0) slot = (slot + 1) & (size - 1);
      this.place(slot, n, at, texts[s], clean[s] === 1);
    }
  }

  private decode(buf: Buffer, start: number, end: number): string | null {
    if (++this.decoded > GIVE_UP && this.decoded > this.found) return null;
    return utf8(buf, start, end);
  }
}

/** What a non-empty field of a column no one reads becomes (CsvCore.unread): never decoded, never looked at. */
export const UNREAD = '(unread)';

/** Where a record ended, as a byte offset in the file: a tokenizer started there reads on exactly. */
export interface RecordBoundary {
  at: number;
  /** the record ended with a CR as the last byte seen: an LF right after it belongs to that CR */
  skipLf: boolean;
}

export class CsvCore {
  private readonly delim: number;
  /** bytes up to this one are looked at twice in a field: the delimiter, line ends and control characters */
  private readonly low: number;
  /**
   * No control character seen in the record being read: the record is pushed as plain, and the converter
   * skips looking for them in its text (it cleans them out of names). A DEL anywhere in a buffer makes its
   * records not plain; quoted text is looked at once per distinct cached text (ColumnTexts.lastClean).
   */
  private plain = true;
  /** the text the last call of text() returned came from a column's cache, known to hold no control character */
  private cachedClean = false;
  /** Bytes of the unfinished field (from its first byte), carried to the next chunk; they live in {@link work}. */
  private carry: Buffer = EMPTY;
  /**
   * The carried bytes and, behind them, the next chunk: one buffer reused, so no chunk is kept (the
   * reader overwrites it) and joining allocates nothing (a new buffer per chunk cost ~0.1 s per 100 MB).
   */
  private work: Buffer = EMPTY;
  /** Where scanning resumes within carry + next chunk. */
  private resumeAt = 0;
  private fields: string[] = [];
  /** the buffer being parsed as text, when it is all ASCII */
  private ascii: string | null = null;
  /** the buffer being parsed, viewed for ColumnTexts */
  private view = viewOf(EMPTY);
  /** per column: its texts so far, null once it proved not repetitive */
  private readonly columns: (ColumnTexts | null)[] = [];
  private inQuotes = false;
  private quoted = false;
  private escapes = false;
  /** Offset (from the field's first byte) of the closing quote, -1 while none. */
  private closeAt = -1;
  private atFieldStart = true;
  private skipLf = false;
  private discarding = false;
  /** File offset of carry[0]. */
  private base: number;
  /** the end of the last whole record (kept as two numbers: an object per record was garbage to collect) */
  private lastEndAt: number;
  private lastEndSkipLf: boolean;
  /**
   * Columns whose fields no one reads (true), once the header is mapped: a non-empty field there is UNREAD
   * instead of decoded text (empty stays '', so blank rows stay blank). Wide CRM exports carry notes,
   * subjects and addresses perf never maps: decoding them was a string per cell to collect.
   */
  unread: readonly boolean[] | null = null;
  /**
   * Columns whose fields are parsed into numbers, dates or booleans and then dropped (true): in an ASCII
   * buffer their fields of any length are cut from the buffer's text like short fields, where a longer
   * field is otherwise decoded on its own. A cut string keeps the buffer's text alive while it lives, which
   * a parsed field does not (a 1M-row log's dates were a C++ call each: ~6% of a month's score).
   */
  parsed: readonly boolean[] | null = null;
  /** What csv-parse exposes too: the size of the field being built, so the caller can cap it. */
  readonly state: { field: { length: number; reset(): void } };

  /** `from`: where in the file the bytes fed start (a record boundary), for {@link boundary}. */
  constructor(delimiter: string, from: RecordBoundary = { at: 0, skipLf: false }) {
    this.delim = delimiter.charCodeAt(0);
    this.low = Math.max(this.delim, 0x1f);
    this.base = from.at;
    this.skipLf = from.skipLf;
    this.lastEndAt = from.at;
    this.lastEndSkipLf = from.skipLf;
    const self = this;
    this.state = {
      field: {
        get length() {
          return self.carry.length;
        },
        reset() {
          self.base += self.resumeAt;
          self.carry = self.carry.subarray(self.resumeAt);
          self.resumeAt = 0;
          self.discarding = true;
          self.closeAt = -1;
        },
      },
    };
  }

  /** `push` gets each record, and whether it is plain (no control character in it). */
  parse(chunk: Buffer | undefined, end: boolean, push: (record: string[], plain: boolean) => void, _close: () => void): Error | undefined {
    let buf = chunk === undefined ? this.carry : this.carry.length === 0 ? chunk : this.join(chunk);
    let pos = this.resumeAt;
    let fieldStart = 0;
    const len = buf.length;
    const delim = this.delim;
    const low = this.low;
    const del = buf.indexOf(DEL) >= 0;
    if (del) this.plain = false;
    this.ascii = isAscii(buf) ? (buf as Decoding).latin1Slice(0, len) : null;
    this.view = viewOf(buf);
    if (this.skipLf && pos < len) {
      if (buf[pos] === LF) pos++;
      fieldStart = pos;
      this.skipLf = false;
    }
    while (pos < len) {
      if (this.atFieldStart) {
        this.atFieldStart = false;
        if (buf[pos] === QUOTE) {
          this.inQuotes = true;
          this.quoted = true;
          pos++;
          continue;
        }
      }
      if (this.inQuotes) {
        const q = buf.indexOf(QUOTE, pos);
        if (q < 0) {
          pos = len;
          break;
        }
        if (q + 1 >= len && !end) {
          // Cannot tell "" (an escaped quote) from a closing quote until the next byte arrives.
          pos = q;
          break;
        }
        if (q + 1 < len && buf[q + 1] === QUOTE) {
          this.escapes = true;
          pos = q + 2;
          continue;
        }
        this.inQuotes = false;
        this.closeAt = q - fieldStart;
        pos = q + 1;
        continue;
      }
      let c = 0;
      while (pos < len) {
        c = buf[pos];
        if (c <= low) {
          if (c === delim || c === LF || c === CR) break;
          if (c < 0x20) this.plain = false;
        }
        pos++;
      }
      if (pos >= len) break;
      this.fields.push(this.field(buf, fieldStart, pos));
      pos++;
      if (c !== delim) {
        push(this.fields, this.plain);
        this.fields = [];
        this.plain = !del;
        if (c === CR) {
          if (pos < len) {
            if (buf[pos] === LF) pos++;
          } else if (!end) this.skipLf = true;
        }
        this.lastEndAt = this.base + pos;
        this.lastEndSkipLf = this.skipLf;
      }
      fieldStart = pos;
      this.atFieldStart = true;
    }
    if (end) {
      this.ascii = null;
      if (this.inQuotes) return new CsvQuoteNotClosed('Quote Not Closed');
      const pendingField = pos > fieldStart || this.fields.length > 0 || this.discarding;
      if (pendingField && !(this.atFieldStart && this.fields.length === 0 && pos === fieldStart)) {
        this.fields.push(this.field(buf, fieldStart, len));
        push(this.fields, this.plain);
        this.fields = [];
        this.plain = true;
        this.lastEndAt = this.base + len;
        this.lastEndSkipLf = false;
      }
      this.base += len;
      this.carry = EMPTY;
      this.resumeAt = 0;
      return undefined;
    }
    this.base += Math.min(fieldStart, len);
    this.carry = fieldStart >= len ? EMPTY : this.keep(buf, fieldStart);
    this.resumeAt = pos - fieldStart;
    this.ascii = null;
    buf = EMPTY;
    return undefined;
  }

  /** The carried bytes followed by the chunk's, in the work buffer (grown when they do not fit). */
  private join(chunk: Buffer): Buffer {
    const carried = this.carry.length;
    const need = carried + chunk.length;
    if (this.work.length < need) {
      const work = Buffer.allocUnsafeSlow(Math.max(need, this.work.length * 2));
      this.carry.copy(work, 0);
      this.work = work;
    } else {
      const at = this.carry.byteOffset - this.work.byteOffset;
      if (at > 0) this.work.copyWithin(0, at, at + carried);
    }
    chunk.copy(this.work, carried);
    return this.work.subarray(0, need);
  }

  /** buf from start on as the carry: a view when buf is the work buffer already, else copied into it. */
  private keep(buf: Buffer, start: number): Buffer {
    if (buf.buffer === this.work.buffer) return buf.subarray(start);
    const n = buf.length - start;
    if (this.work.length < n) this.work = Buffer.allocUnsafeSlow(Math.max(n, 1 << 16));
    buf.copy(this.work, 0, start);
    return this.work.subarray(0, n);
  }

  /** The end of the last whole record pushed (the start offset while none was). */
  boundary(): RecordBoundary {
    return { at: this.lastEndAt, skipLf: this.lastEndSkipLf };
  }

  /** Every byte fed so far belongs to a pushed record: nothing of a next record has been seen. */
  atRecordStart(): boolean {
    return this.carry.length === 0 && this.fields.length === 0 && this.atFieldStart && !this.inQuotes;
  }

  private field(buf: Buffer, start: number, end: number): string {
    const unread = this.unread !== null && this.unread[this.fields.length] === true;
    // Most fields: unquoted and read, with no state to reset.
    if (!this.quoted && !this.discarding && !unread) return this.text(buf, start, end);
    const close = this.closeAt < 0 ? end - start : this.closeAt;
    let text: string;
    if (this.discarding) text = '';
    else if (unread) text = (this.quoted ? close <= 1 && start + close + 1 >= end : end === start) ? '' : UNREAD;
    else {
      const plain = !this.escapes && start + close + 1 >= end;
      this.cachedClean = false;
      text = plain ? this.text(buf, start + 1, start + close) : utf8(buf, start + 1, start + close);
      // Text after the closing quote was looked at as an unquoted field's is.
      if (!this.cachedClean && controlIn(buf, start + 1, start + close)) this.plain = false;
      if (this.escapes) text = text.replaceAll('""', '"');
      if (start + close + 1 < end) text += utf8(buf, start + close + 1, end);
    }
    this.discarding = false;
    this.quoted = false;
    this.escapes = false;
    this.closeAt = -1;
    return text;
  }

  private text(buf: Buffer, start: number, end: number): string {
    const n = end - start;
    if (n === 0) return '';
    const col = this.fields.length;
    if (this.ascii !== null && (n < SHORT || (this.parsed !== null && this.parsed[col] === true))) return this.ascii.slice(start, end);
    if (n > LONGEST) return utf8(buf, start, end);
    let texts = this.columns[col];
    if (texts === undefined) texts = this.columns[col] = new ColumnTexts();
    if (texts !== null) {
      const text = texts.text(buf, this.view, start, end);
      if (text !== null) {
        this.cachedClean = texts.lastClean;
        return text;
      }
      this.columns[col] = null;
    }
    return utf8(buf, start, end);
  }
}
