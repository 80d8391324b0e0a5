/** File sizes as people read them in a note: `512 B`, `14 KB`, `2.1 MB` (powers of 1024, as Discord shows them). */

/** `bytes` in B, KB, MB or GB, with one decimal below 10 of a unit. */
export function formatByteSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${bytes} B`;
  const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${shown} ${units[unit]}`;
}
