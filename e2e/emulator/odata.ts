import { GRAPH_ERRORS, type GraphErrorSpec } from './graph-errors';
import { safeDecode } from './http-io';

export interface EntityDef {
  /** Name after "microsoft.graph." in error messages. */
  readonly type: string;
  /** Name used in "…of resource 'User'" filter errors. */
  readonly resource: string;
  canonical(name: string): string | undefined;
  readonly filterable: ReadonlySet<string>;
  readonly booleans: ReadonlySet<string>;
  defaultValue(property: string): unknown;
}

interface RawPair {
  readonly raw: string;
  readonly key: string;
  readonly value: string;
}

type Literal = string | boolean | number | null;

export type FilterNode =
  | { readonly op: 'and' | 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly op: 'eq'; readonly prop: string; readonly value: Literal }
  | { readonly op: 'in'; readonly prop: string; readonly values: readonly Literal[] }
  | { readonly op: 'startswith'; readonly prop: string; readonly value: string };

export interface CollectionQuery {
  readonly pairs: readonly RawPair[];
  readonly select: readonly string[] | undefined;
  readonly top: number | undefined;
  readonly count: boolean;
  readonly filter: FilterNode | undefined;
  readonly skiptoken: string | undefined;
}

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: GraphErrorSpec };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: GraphErrorSpec): Parsed<T> => ({ ok: false, error });

export function splitQuery(rawQuery: string): RawPair[] {
  const pairs: RawPair[] = [];
  for (const raw of rawQuery.split('&')) {
    if (raw.length === 0) continue;
    const eq = raw.indexOf('=');
    const rawKey = eq < 0 ? raw : raw.slice(0, eq);
    const rawValue = eq < 0 ? '' : raw.slice(eq + 1);
    pairs.push({
      raw,
      key: (safeDecode(rawKey.replace(/\+/g, ' ')) ?? rawKey).trim(),
      value: safeDecode(rawValue.replace(/\+/g, ' ')) ?? rawValue,
    });
  }
  return pairs;
}

function systemOptions(pairs: readonly RawPair[]): Parsed<Map<string, string>> {
  const options = new Map<string, string>();
  for (const p of pairs) {
    if (!p.key.startsWith('$')) continue;
    const name = p.key.toLowerCase();
    if (options.has(name)) return fail(GRAPH_ERRORS.duplicateOption(p.key));
    options.set(name, p.value);
  }
  return ok(options);
}

export function parseSelect(value: string, entity: EntityDef): Parsed<string[]> {
  const out: string[] = [];
  for (const term of value.split(',')) {
    const name = term.trim();
    if (name.length === 0) return fail(GRAPH_ERRORS.badSelect(value));
    const canonical = entity.canonical(name);
    if (canonical === undefined) return fail(GRAPH_ERRORS.unknownProperty(name, entity.type));
    if (!out.includes(canonical)) out.push(canonical);
  }
  return ok(out);
}

const UNSUPPORTED_OPTIONS = new Set(['$orderby', '$search', '$expand', '$format', '$apply', '$compute', '$levels', '$index', '$deltatoken']);

function checkUnknownOptions(options: Map<string, string>, allowed: ReadonlySet<string>): GraphErrorSpec | undefined {
  for (const name of options.keys()) {
    if (allowed.has(name)) continue;
    if (name === '$skip') return GRAPH_ERRORS.skipNotSupported();
    if (UNSUPPORTED_OPTIONS.has(name)) return GRAPH_ERRORS.unsupportedQuery();
    if (!['$select', '$top', '$count', '$filter', '$skiptoken'].includes(name)) return GRAPH_ERRORS.unsupportedOption(name);
  }
  return undefined;
}

/** Options of GET /{collection}. Order of checks follows ODataLib: syntax first, then $count consistency. */
export function parseCollectionQuery(rawQuery: string, entity: EntityDef, consistencyEventual: boolean): Parsed<CollectionQuery> {
  const pairs = splitQuery(rawQuery);
  const optionsResult = systemOptions(pairs);
  if (!optionsResult.ok) return optionsResult;
  const options = optionsResult.value;
  const unknown = checkUnknownOptions(options, new Set(['$select', '$top', '$count', '$filter', '$skiptoken']));
  if (unknown) return fail(unknown);

  let select: string[] | undefined;
  const selectValue = options.get('$select');
  if (selectValue !== undefined) {
    const r = parseSelect(selectValue, entity);
    if (!r.ok) return r;
    select = r.value;
  }

  let top: number | undefined;
  const topValue = options.get('$top');
  if (topValue !== undefined) {
    if (!/^\d+$/.test(topValue.trim())) return fail(GRAPH_ERRORS.badTop(topValue));
    top = Number.parseInt(topValue, 10);
    if (top < 1 || top > 999) return fail(GRAPH_ERRORS.badPageSize(topValue.trim()));
  }

  let count = false;
  const countValue = options.get('$count');
  if (countValue !== undefined) {
    const v = countValue.trim().toLowerCase();
    if (v !== 'true' && v !== 'false') return fail(GRAPH_ERRORS.badCount(countValue));
    count = v === 'true';
  }

  let filter: FilterNode | undefined;
  const filterValue = options.get('$filter');
  if (filterValue !== undefined) {
    const r = parseFilter(filterValue, entity);
    if (!r.ok) return r;
    filter = r.value;
  }

  if (count && !consistencyEventual) return fail(GRAPH_ERRORS.countNotSupported());

  return ok({ pairs, select, top, count, filter, skiptoken: options.get('$skiptoken') });
}

/** GET /{collection}/{id}: $select only; other options are ignored as Graph does. */
export function parseEntityQuery(rawQuery: string, entity: EntityDef): Parsed<{ select: string[] | undefined }> {
  const pairs = splitQuery(rawQuery);
  const optionsResult = systemOptions(pairs);
  if (!optionsResult.ok) return optionsResult;
  const selectValue = optionsResult.value.get('$select');
  if (selectValue === undefined) return ok({ select: undefined });
  const r = parseSelect(selectValue, entity);
  return r.ok ? ok({ select: r.value }) : r;
}

/* ---------- $filter ---------- */

type Token =
  | { readonly t: 'punct'; readonly v: '(' | ')' | ',' }
  | { readonly t: 'string'; readonly v: string }
  | { readonly t: 'number'; readonly v: number }
  | { readonly t: 'word'; readonly v: string };

function tokenize(input: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input.charAt(i);
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ t: 'punct', v: c });
      i += 1;
    } else if (c === "'") {
      let s = '';
      i += 1;
      for (;;) {
        if (i >= input.length) return `unterminated string literal at position ${i}`;
        const d = input.charAt(i);
        if (d === "'") {
          if (input.charAt(i + 1) === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        s += d;
        i += 1;
      }
      tokens.push({ t: 'string', v: s });
    } else {
      const m = /^[A-Za-z0-9_.$/:@-]+/.exec(input.slice(i));
      if (!m) return `syntax error at position ${i} in '${input}'`;
      const word = m[0];
      if (/^-?\d+(\.\d+)?$/.test(word)) tokens.push({ t: 'number', v: Number(word) });
      else tokens.push({ t: 'word', v: word });
      i += word.length;
    }
  }
  return tokens;
}

class FilterParser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly entity: EntityDef,
    private readonly text: string,
  ) {}

  parse(): Parsed<FilterNode> {
    const node = this.or();
    if (!node.ok) return node;
    if (this.pos < this.tokens.length) return fail(GRAPH_ERRORS.badFilter(`syntax error at position ${this.pos} in '${this.text}'`));
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isWord(word: string): boolean {
    const t = this.peek();
    return t?.t === 'word' && t.v.toLowerCase() === word;
  }

  private expectPunct(v: '(' | ')' | ','): boolean {
    const t = this.peek();
    if (t?.t === 'punct' && t.v === v) {
      this.pos += 1;
      return true;
    }
    return false;
  }

  private or(): Parsed<FilterNode> {
    let left = this.and();
    while (left.ok && this.isWord('or')) {
      this.pos += 1;
      const right = this.and();
      if (!right.ok) return right;
      left = ok({ op: 'or', left: left.value, right: right.value });
    }
    return left;
  }

  private and(): Parsed<FilterNode> {
    let left = this.primary();
    while (left.ok && this.isWord('and')) {
      this.pos += 1;
      const right = this.primary();
      if (!right.ok) return right;
      left = ok({ op: 'and', left: left.value, right: right.value });
    }
    return left;
  }

  private property(name: string): Parsed<string> {
    if (name.includes('/')) return fail(GRAPH_ERRORS.unsupportedQuery());
    const canonical = this.entity.canonical(name);
    if (canonical === undefined) return fail(GRAPH_ERRORS.unknownProperty(name, this.entity.type));
    if (!this.entity.filterable.has(canonical)) return fail(GRAPH_ERRORS.unsupportedFilterProperty(canonical, this.entity.resource));
    return ok(canonical);
  }

  private literal(prop: string): Parsed<Literal> {
    const t = this.peek();
    this.pos += 1;
    let value: Literal;
    if (t?.t === 'string' || t?.t === 'number') value = t.v;
    else if (t?.t === 'word' && ['true', 'false', 'null'].includes(t.v.toLowerCase())) {
      const w = t.v.toLowerCase();
      value = w === 'null' ? null : w === 'true';
    } else return fail(GRAPH_ERRORS.badFilter(`syntax error at position ${this.pos} in '${this.text}'`));
    const isBoolProp = this.entity.booleans.has(prop);
    if (value !== null && isBoolProp !== (typeof value === 'boolean')) {
      const found = isBoolProp ? 'Edm.Boolean' : 'Edm.String';
      const other = typeof value === 'boolean' ? 'Edm.Boolean' : typeof value === 'number' ? 'Edm.Int32' : 'Edm.String';
      return fail({
        status: 400,
        code: 'BadRequest',
        message: `A binary operator with incompatible types was detected. Found operand types '${found}' and '${other}' for operator kind 'Equal'.`,
      });
    }
    return ok(value);
  }

  private primary(): Parsed<FilterNode> {
    const t = this.peek();
    if (t === undefined) return fail(GRAPH_ERRORS.badFilter(`unexpected end of '${this.text}'`));
    if (t.t === 'punct' && t.v === '(') {
      this.pos += 1;
      const inner = this.or();
      if (!inner.ok) return inner;
      if (!this.expectPunct(')')) return fail(GRAPH_ERRORS.badFilter(`')' expected in '${this.text}'`));
      return inner;
    }
    if (t.t !== 'word') return fail(GRAPH_ERRORS.badFilter(`syntax error at position ${this.pos} in '${this.text}'`));
    this.pos += 1;
    const next = this.peek();
    if (next?.t === 'punct' && next.v === '(') {
      if (t.v.toLowerCase() !== 'startswith') return fail(GRAPH_ERRORS.unsupportedQuery());
      this.pos += 1;
      const propTok = this.peek();
      if (propTok?.t !== 'word') return fail(GRAPH_ERRORS.badFilter(`property expected in '${this.text}'`));
      this.pos += 1;
      const prop = this.property(propTok.v);
      if (!prop.ok) return prop;
      if (!this.expectPunct(',')) return fail(GRAPH_ERRORS.badFilter(`',' expected in '${this.text}'`));
      const lit = this.peek();
      if (lit?.t !== 'string') return fail(GRAPH_ERRORS.badFilter(`string literal expected in '${this.text}'`));
      this.pos += 1;
      if (!this.expectPunct(')')) return fail(GRAPH_ERRORS.badFilter(`')' expected in '${this.text}'`));
      return ok({ op: 'startswith', prop: prop.value, value: lit.v });
    }
    if (t.v.toLowerCase() === 'not') return fail(GRAPH_ERRORS.unsupportedQuery());
    const prop = this.property(t.v);
    if (!prop.ok) return prop;
    const opTok = this.peek();
    if (opTok?.t !== 'word') return fail(GRAPH_ERRORS.badFilter(`operator expected in '${this.text}'`));
    const op = opTok.v.toLowerCase();
    this.pos += 1;
    if (op === 'eq') {
      const value = this.literal(prop.value);
      return value.ok ? ok({ op: 'eq', prop: prop.value, value: value.value }) : value;
    }
    if (op === 'in') {
      if (!this.expectPunct('(')) return fail(GRAPH_ERRORS.badFilter(`'(' expected in '${this.text}'`));
      const values: Literal[] = [];
      do {
        const value = this.literal(prop.value);
        if (!value.ok) return value;
        values.push(value.value);
      } while (this.expectPunct(','));
      if (!this.expectPunct(')')) return fail(GRAPH_ERRORS.badFilter(`')' expected in '${this.text}'`));
      return ok({ op: 'in', prop: prop.value, values });
    }
    if (['ne', 'gt', 'ge', 'lt', 'le', 'has'].includes(op)) return fail(GRAPH_ERRORS.unsupportedQuery());
    return fail(GRAPH_ERRORS.badFilter(`syntax error at position ${this.pos} in '${this.text}'`));
  }
}

export function parseFilter(text: string, entity: EntityDef): Parsed<FilterNode> {
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return fail(GRAPH_ERRORS.badFilter(tokens));
  if (tokens.length === 0) return fail(GRAPH_ERRORS.badFilter('empty $filter'));
  return new FilterParser(tokens, entity, text).parse();
}

function literalEquals(actual: unknown, expected: Literal): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (typeof expected === 'string') return typeof actual === 'string' && actual.toLowerCase() === expected.toLowerCase();
  return actual === expected;
}

/** Directory string comparisons are case-insensitive. */
export function evaluateFilter(node: FilterNode, record: Readonly<Record<string, unknown>>, entity: EntityDef): boolean {
  switch (node.op) {
    case 'and':
      return evaluateFilter(node.left, record, entity) && evaluateFilter(node.right, record, entity);
    case 'or':
      return evaluateFilter(node.left, record, entity) || evaluateFilter(node.right, record, entity);
    case 'eq':
      return literalEquals(record[node.prop] ?? entity.defaultValue(node.prop), node.value);
    case 'in': {
      const actual = record[node.prop] ?? entity.defaultValue(node.prop);
      return node.values.some((v) => literalEquals(actual, v));
    }
    case 'startswith': {
      const actual = record[node.prop];
      return typeof actual === 'string' && actual.toLowerCase().startsWith(node.value.toLowerCase());
    }
  }
}

/** Keys that a filter pins to exact values (`id eq 'x'`, `userPrincipalName in (...)`), for index lookups. */
export function exactKeys(node: FilterNode | undefined, prop: string): readonly string[] | undefined {
  if (!node) return undefined;
  if (node.op === 'eq' && node.prop === prop && typeof node.value === 'string') return [node.value];
  if (node.op === 'in' && node.prop === prop && node.values.every((v) => typeof v === 'string')) return node.values as string[];
  return undefined;
}

/* ---------- $skiptoken ---------- */

const SKIPTOKEN_PREFIX = 'RFNwdAIAAQAAA';

interface PageCursor {
  readonly tenant: string;
  readonly kind: string;
  readonly position: number;
}

export function encodeSkiptoken(cursor: PageCursor): string {
  return SKIPTOKEN_PREFIX + Buffer.from(JSON.stringify([cursor.tenant, cursor.kind, cursor.position])).toString('base64url');
}

export function decodeSkiptoken(token: string): PageCursor | undefined {
  if (!token.startsWith(SKIPTOKEN_PREFIX)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(token.slice(SKIPTOKEN_PREFIX.length), 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3) return undefined;
    const [tenant, kind, position] = value as unknown[];
    if (typeof tenant !== 'string' || typeof kind !== 'string' || typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0) {
      return undefined;
    }
    return { tenant, kind, position };
  } catch {
    return undefined;
  }
}
