/**
 * Where to go after sign-in: a path of this site, never another origin (no open redirect). The value is read as
 * a browser would read it (which drops tabs and newlines and turns `\` into `/`, so `/\t/evil.example` means
 * `//evil.example`), and only a result on this site's own origin is kept, as its normalised path.
 */
export function safeNextPath(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v || !v.startsWith('/')) return '/';
  const base = 'https://wizard.invalid';
  try {
    const url = new URL(v, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}
