import { describe, expect, it } from 'vitest';
import { CsvParser, detectDelimiter, parseCsv } from './csv';

/** Feeds the text in every possible two-chunk split, and one character at a time: same rows each time. */
function allSplits(text: string): string[][][] {
  const out: string[][][] = [];
  for (let cut = 0; cut <= text.length; cut++) {
    const rows: string[][] = [];
    const p = new CsvParser((f) => rows.push(f));
    p.push(text.slice(0, cut));
    p.push(text.slice(cut));
    p.end();
    out.push(rows);
  }
  const rows: string[][] = [];
  const p = new CsvParser((f) => rows.push(f));
  for (const ch of text) p.push(ch);
  p.end();
  out.push(rows);
  return out;
}

describe('CSV edge cases', () => {
  it('strips a UTF-8 byte-order mark', () => {
    expect(parseCsv('\uFEFFuser.name,user.ad.username\r\nJane,jane@contoso.com\r\n')).toEqual([
      ['user.name', 'user.ad.username'],
      ['Jane', 'jane@contoso.com'],
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quotes', () => {
    expect(parseCsv('name,upn\n"Vance, Adele","adele@contoso.com"\n"Say ""hi""\nthere",x@y.z\n')).toEqual([
      ['name', 'upn'],
      ['Vance, Adele', 'adele@contoso.com'],
      ['Say "hi"\nthere', 'x@y.z'],
    ]);
  });

  it('accepts CRLF, LF and lone CR line ends, and a last line without one', () => {
    expect(parseCsv('a,b\r\n1,2\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('keeps empty fields (a,,c and a trailing delimiter) and skips blank lines', () => {
    expect(parseCsv('a,b,c\n1,,3\n\n4,5,\n,,\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['4', '5', ''],
      ['', '', ''],
    ]);
  });

  it('gives the same rows however the text is cut into chunks', () => {
    const text = '\uFEFFuser.name,user.sid,user.ad.username\r\n"Vance, Adele",S-1-5-21-1,"adele@contoso.com"\r\n"Q ""x""",,\r\nplain,S-2,p@x.com';
    const expected = parseCsv(text);
    expect(expected).toHaveLength(4);
    for (const rows of allSplits(text)) expect(rows).toEqual(expected);
  });

  it('detects semicolon and tab delimited exports from the header', () => {
    expect(detectDelimiter('user.name;user.sid;user.ad.username')).toBe(';');
    expect(detectDelimiter('user.name\tuser.ad.username')).toBe('\t');
    expect(detectDelimiter('"a;b",c')).toBe(',');
    expect(parseCsv('name;upn\r\n"Vance; Adele";a@x.com\r\n')).toEqual([
      ['name', 'upn'],
      ['Vance; Adele', 'a@x.com'],
    ]);
  });

  it('keeps the text of an unterminated quote at the end of the file', () => {
    expect(parseCsv('a,b\n1,"unterminated')).toEqual([
      ['a', 'b'],
      ['1', 'unterminated'],
    ]);
  });

  it('skips the text of columns nobody reads, however the text is cut', () => {
    const text = 'a,b,c\r\n"x, ""y""",keep me,"z\nz"\r\nplain,"kept, too",\r\n';
    const expected = [
      ['a', 'b', 'c'],
      ['', 'keep me', ''],
      ['', 'kept, too', ''],
    ];
    for (let cut = 0; cut <= text.length; cut++) {
      const rows: string[][] = [];
      const p = new CsvParser((f) => {
        rows.push(f);
        if (rows.length === 1) p.onlyColumns([1]);
      });
      p.push(text.slice(0, cut));
      p.push(text.slice(cut));
      p.end();
      expect(rows, `cut at ${cut}`).toEqual(expected);
    }
  });

  it('counts records', () => {
    const p = new CsvParser(() => {});
    p.push('h\n1\n2\n');
    p.push('3');
    p.end();
    expect(p.rows).toBe(4);
  });
});
