/** Numbers and durations as every page writes them (the same on the server and in the browser). */
export const formatCount = (n: number) => n.toLocaleString('en-US');

export function percent(part: number, whole: number): string {
  if (whole <= 0) return '–';
  const p = (part / whole) * 100;
  if (p === 0 || p === 100) return `${p}%`;
  if (p < 0.1) return '< 0.1%';
  if (p > 99.9) return '> 99.9%';
  return `${p.toFixed(1)}%`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}
