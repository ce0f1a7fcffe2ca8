/** A size in bytes in the unit that reads best, for a locale: 755.4 kB, 1.2 GB (decimal units, as browsers show file sizes). */
export function fileSize(bytes: number, locale: string): string {
  const units = [
    ['gigabyte', 1e9],
    ['megabyte', 1e6],
    ['kilobyte', 1e3],
  ] as const
  for (const [unit, size] of units) {
    if (bytes >= size) return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(bytes / size)
  }
  // Intl's short name of a byte is "byte": B reads better beside kB and MB
  return `${new Intl.NumberFormat(locale).format(bytes)} B`
}
