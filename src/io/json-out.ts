/**
 * JSON documents too big to hold as one string (a score's misses and point audit over a whole log): the
 * text of `JSON.stringify(value, null, 2)` produced piece by piece, the long lists read from their
 * iterables (spools on disk) as the text is written. test/properties/json-out.test.ts holds it to
 * JSON.stringify.
 */

/** What JSON.stringify met when it reached a JsonList: the value holding it is walked instead. */
class NestedList extends Error {}

/** A list written as a JSON array, its items read one by one when the text gets there. */
export class JsonList {
  constructor(readonly items: Iterable<unknown>) {}
  /** Its items are written by JSON.stringify, which would write this list as an object: refused, not mistyped. */
  toJSON(): never {
    throw new NestedList('a JsonList inside an item of another JsonList is not supported');
  }
}

const INDENT = '  ';

/**
 * The text of a member `key` of a container whose brackets sit at `pad`: exactly what JSON.stringify writes
 * there (toJSON called with the key); undefined for what it omits.
 */
function memberText(value: unknown, key: string, pad: string): string | undefined {
  // As a property of a wrapper, JSON.stringify calls toJSON with the member's key.
  const wrapped = JSON.stringify({ [key]: value }, null, INDENT);
  if (wrapped === '{}') return undefined;
  // The wrapper already indents the member's lines one level, as its container does; the container's own depth is added.
  const text = wrapped.slice(INDENT.length + JSON.stringify(key).length + 4, -2);
  // JSON text holds no raw newline inside a string: every newline is layout.
  return pad === '' ? text : text.replace(/\n/g, `\n${pad}`);
}

/** One item of a list whose brackets sit at `pad` (null for what has no JSON, as an array writes it). */
const itemText = (item: unknown, index: number, pad: string): string => memberText(item, String(index), pad) ?? 'null';

function* walk(holder: Record<string, unknown>, key: string, pad: string): Generator<string, boolean> {
  // An element of an array (a row: a week, a rep's month) that holds no JsonList is one JSON.stringify:
  // walking a whole log's weeks and reps value by value in generators took ~1.3 s of a score's --json. Not
  // a whole array or object: as one string, a long list would be held whole (the 200-rep log: +300 MB).
  if (Array.isArray(holder) && typeof holder[key] === 'object' && holder[key] !== null && !(holder[key] instanceof JsonList))
    try {
      const text = memberText(holder[key], key, pad.slice(INDENT.length));
      if (text === undefined) return false;
      yield text;
      return true;
    } catch (e) {
      if (!(e instanceof NestedList)) throw e;
    }
  let value = holder[key];
  if (typeof value === 'object' && value !== null && !(value instanceof JsonList) && typeof (value as { toJSON?: unknown }).toJSON === 'function')
    value = (value as { toJSON: (k: string) => unknown }).toJSON(key);
  if (value instanceof Number || value instanceof String || value instanceof Boolean) value = value.valueOf();
  if (typeof value !== 'object' || value === null) {
    const text = JSON.stringify(value);
    if (text === undefined) return false;
    yield text;
    return true;
  }
  const inner = pad + INDENT;
  if (value instanceof JsonList) {
    let i = 0;
    for (const item of value.items) yield `${i === 0 ? '[' : ','}\n${inner}${itemText(item, i++, pad)}`;
    yield i === 0 ? '[]' : `\n${pad}]`;
    return true;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return true;
    }
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '[' : ','}\n${inner}`;
      if (!(yield* walk(value as unknown as Record<string, unknown>, String(i), inner))) yield 'null';
    }
    yield `\n${pad}]`;
    return true;
  }
  let written = 0;
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    const head = `${written === 0 ? '{' : ','}\n${inner}${JSON.stringify(k)}: `;
    // What JSON.stringify omits (undefined, a function, what toJSON turns into nothing) loses its key too: the key waits for the value's first piece.
    const parts = walk(value as Record<string, unknown>, k, inner);
    let step = parts.next();
    if (step.done && !step.value) continue;
    yield head;
    written++;
    for (; !step.done; step = parts.next()) yield step.value;
  }
  yield written === 0 ? '{}' : `\n${pad}}`;
  return true;
}

/** The text of `JSON.stringify(value, null, 2)` (nothing where it returns undefined), in pieces of at least `size` characters but the last, each JsonList written as an array of its items. */
export function* jsonChunks(value: unknown, size = 1 << 16): Generator<string> {
  let buffer = '';
  for (const piece of walk({ '': value }, '', '')) {
    buffer += piece;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

/** A JSON output as perf writes it (`--json`, `-o FILE.json`): the text, then a newline. */
export function* jsonDocument(value: unknown): Generator<string> {
  yield* jsonChunks(value);
  yield '\n';
}
