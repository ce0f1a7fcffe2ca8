// Query parameter values: HTTP `param_<name>` values arrive in ClickHouse's escaped text form, and
// chDB's binder escapes again whatever it is given, so the values are unescaped before binding.

const TSV_SIMPLE_ESCAPES: Record<string, number> = { b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, '0': 0x00, a: 0x07, v: 0x0b, e: 0x1b }

/** Whether chDB's TSV escaping (backslash and the C0 controls \0 \b \f \n \r \t) would change `s`. */
function needsTsvEscaping(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 0x5c || c === 0x00 || c === 0x08 || c === 0x0c || c === 0x0a || c === 0x0d || c === 0x09) return true
  }
  return false
}

function isCompositeType(type: string): boolean {
  let t = type.trim()
  for (;;) {
    const m = /^(Nullable|LowCardinality)\s*\((.*)\)$/is.exec(t)
    if (!m) break
    t = m[2].trim()
  }
  return /^(Array|Map|Tuple|Nested|Object|JSON|Variant|Dynamic)\b/i.test(t)
}

/**
 * The value to hand chDB's binder for an HTTP `param_<name>` value. ClickHouse parses that value
 * with its escaped (TSV) text rules for the placeholder's type; chDB TSV-escapes whatever string it
 * is given. So a value chDB's escaping leaves alone goes through verbatim, `\N` becomes null, a
 * scalar is unescaped (chDB re-escapes it to an equivalent text), and a composite (Array, Map,
 * Tuple), whose text holds quoted literals rather than TSV escapes, has the escapes inside its
 * quoted strings resolved, a quote becoming '' so that chDB's re-escaping keeps it intact.
 */
export function bindableValue(raw: string, declaredType: string | undefined): string | null {
  if (!needsTsvEscaping(raw)) return raw
  if (raw === '\\N') return null
  const bytes = Buffer.from(raw, 'utf8')
  const out: number[] = []
  const composite = declaredType !== undefined && isCompositeType(declaredType)
  let inQuotes = false
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    if (composite && !inQuotes) {
      if (b === 0x27) inQuotes = true
      // Whitespace between elements: a raw tab or newline would come out of chDB's escaping as \t or \n.
      out.push(b === 0x09 || b === 0x0a || b === 0x0d ? 0x20 : b)
      continue
    }
    if (composite && b === 0x27) {
      if (bytes[i + 1] === 0x27) {
        out.push(0x27, 0x27)
        i++
      } else {
        out.push(0x27)
        inQuotes = false
      }
      continue
    }
    if (b !== 0x5c || i + 1 >= bytes.length) {
      out.push(b)
      continue
    }
    const next = String.fromCharCode(bytes[i + 1])
    i++
    if (next === 'x' && /^[0-9A-Fa-f]{2}$/.test(bytes.subarray(i + 1, i + 3).toString('latin1'))) {
      out.push(Number.parseInt(bytes.subarray(i + 1, i + 3).toString('latin1'), 16))
      i += 2
    } else if (next in TSV_SIMPLE_ESCAPES) {
      out.push(TSV_SIMPLE_ESCAPES[next])
    } else if (composite && next === "'") {
      out.push(0x27, 0x27)
    } else {
      out.push(bytes[i])
    }
  }
  return Buffer.from(out).toString('utf8')
}
