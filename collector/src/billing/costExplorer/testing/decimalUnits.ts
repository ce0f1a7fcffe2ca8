/**
 * Exact decimal arithmetic for tests: a decimal string as a bigint count of 10^-scale units, and
 * back. The fake Cost Explorer sums amounts with it, and tests compare the store's Decimal sums
 * with it, so no float rounding hides a wrong cent.
 */
export function decimalUnits(text: string, scale = 12): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim())
  if (!match) throw new Error(`not a plain decimal: "${text}"`)
  const [, sign, whole, fraction = ''] = match
  if (fraction.replace(/0+$/, '').length > scale) throw new Error(`"${text}" has more than ${scale} decimals`)
  const units = BigInt(whole + fraction.padEnd(scale, '0'))
  return sign === '-' ? -units : units
}

export function formatUnits(units: bigint, scale = 12): string {
  const negative = units < 0n
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0')
  const whole = digits.slice(0, digits.length - scale)
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`
}
