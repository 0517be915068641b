/**
 * A streaming CSV reader (RFC 4180 plus what exports do in practice): chunks in, rows out, holding only
 * the record that straddles two chunks. Quoted fields with commas, doubled quotes and line breaks;
 * CRLF, LF or CR line ends; a UTF-8 byte-order mark; comma, semicolon or tab, decided from the header.
 * Runs in the browser (File.stream()) and in Node alike.
 */

const QUOTE = 34;
const LF = 10;
const CR = 13;

export type Delimiter = ',' | ';' | '\t';

/** The delimiter of a header line: the most frequent of , ; and tab outside quotes (comma on a tie). */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c] += 1;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

export class CsvParser {
  private rest = '';
  private started = false;
  private skipLf = false;
  private delimiter: number | undefined;
  private fields: string[] = [];
  private only: ReadonlySet<number> | undefined;
  /** Records emitted so far (blank lines are not records). */
  rows = 0;

  constructor(
    private readonly onRow: (fields: string[]) => void,
    delimiter?: Delimiter,
  ) {
    if (delimiter) this.delimiter = delimiter.charCodeAt(0);
  }

  /**
   * From the next record on, only these columns get their text; the others are read past and come out
   * as ''. Saves a string per unused field on files of millions of rows.
   */
  onlyColumns(columns: Iterable<number> | undefined): void {
    this.only = columns ? new Set(columns) : undefined;
  }

  push(chunk: string): void {
    let text = chunk;
    if (!this.started) {
      if (text.length === 0) return;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.started = true;
    }
    if (this.skipLf && text.length > 0) {
      if (text.charCodeAt(0) === LF) text = text.slice(1);
      this.skipLf = false;
    }
    this.parse(this.rest.length > 0 ? this.rest + text : text, false);
  }

  end(): void {
    if (this.rest.length > 0) this.parse(this.rest, true);
    this.rest = '';
  }

  private emit(): void {
    const f = this.fields;
    this.fields = [];
    if (f.length === 1 && f[0] === '') return;
    this.rows += 1;
    this.onRow(f);
  }

  private ensureDelimiter(s: string, from: number, final: boolean): boolean {
    if (this.delimiter !== undefined) return true;
    let end = from;
    let quoted = false;
    while (end < s.length) {
      const c = s.charCodeAt(end);
      if (c === QUOTE) quoted = !quoted;
      else if (!quoted && (c === LF || c === CR)) break;
      end++;
    }
    if (end >= s.length && !final) return false;
    this.delimiter = detectDelimiter(s.slice(from, end)).charCodeAt(0);
    return true;
  }

  private parse(s: string, final: boolean): void {
    const n = s.length;
    let i = 0;
    let recordStart = 0;
    if (!this.ensureDelimiter(s, 0, final)) {
      this.rest = s;
      return;
    }
    const D = this.delimiter!;
    this.fields = [];
    outer: while (i < n) {
      let value: string;
      const only = this.only;
      if (only !== undefined && !only.has(this.fields.length)) {
        // A column nobody reads: find its end, keep no text.
        if (s.charCodeAt(i) === QUOTE) {
          let j = i + 1;
          for (;;) {
            const q = s.indexOf('"', j);
            if (q < 0) {
              if (!final) break outer;
              j = n;
              break;
            }
            if (q + 1 >= n && !final) break outer;
            if (s.charCodeAt(q + 1) === QUOTE) {
              j = q + 2;
              continue;
            }
            j = q + 1;
            break;
          }
          i = j;
        }
        while (i < n) {
          const c = s.charCodeAt(i);
          if (c === D || c === LF || c === CR) break;
          i++;
        }
        if (i >= n && !final) break outer;
        value = '';
      } else if (s.charCodeAt(i) === QUOTE) {
        let j = i + 1;
        let segment = j;
        value = '';
        for (;;) {
          const q = s.indexOf('"', j);
          if (q < 0 && final) {
            // An unterminated quote at the end of the file: keep the text rather than lose the row.
            value += s.slice(segment);
            i = n;
            break;
          }
          if (q < 0 || (q + 1 >= n && !final)) break outer;
          if (s.charCodeAt(q + 1) === QUOTE) {
            value += s.slice(segment, q + 1);
            j = q + 2;
            segment = j;
            continue;
          }
          value += s.slice(segment, q);
          i = q + 1;
          break;
        }
        // Text after a closing quote (malformed, e.g. "a"b) is kept as it is, up to the next delimiter.
        if (i < n) {
          const c = s.charCodeAt(i);
          if (c !== D && c !== LF && c !== CR) {
            let k = i;
            while (k < n) {
              const d = s.charCodeAt(k);
              if (d === D || d === LF || d === CR) break;
              k++;
            }
            if (k >= n && !final) break outer;
            value += s.slice(i, k);
            i = k;
          }
        }
      } else {
        let j = i;
        while (j < n) {
          const c = s.charCodeAt(j);
          if (c === D || c === LF || c === CR) break;
          j++;
        }
        if (j >= n && !final) break outer;
        value = s.slice(i, j);
        i = j;
      }
      this.fields.push(value);
      if (i >= n) {
        if (!final) break outer;
        this.emit();
        recordStart = i;
        break;
      }
      const c = s.charCodeAt(i);
      if (c === D) {
        i++;
        if (i >= n) {
          if (!final) break outer;
          this.fields.push('');
          this.emit();
          recordStart = i;
        }
        continue;
      }
      // End of record: CRLF, LF or a lone CR.
      i++;
      if (c === CR) {
        if (i < n) {
          if (s.charCodeAt(i) === LF) i++;
        } else if (!final) {
          this.skipLf = true;
        }
      }
      this.emit();
      recordStart = i;
    }
    this.fields = [];
    this.rest = !final && recordStart < n ? s.slice(recordStart) : '';
  }
}

/** Reads a whole string (tests, small files). */
export function parseCsv(text: string, delimiter?: Delimiter): string[][] {
  const rows: string[][] = [];
  const p = new CsvParser((f) => rows.push(f), delimiter);
  p.push(text);
  p.end();
  return rows;
}
