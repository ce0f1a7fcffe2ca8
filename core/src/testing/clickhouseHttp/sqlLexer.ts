// A small SQL lexer: enough to find parameter placeholders, the FORMAT clause, where an INSERT's
// inline data starts, and statements after a `;` (see sqlShape.ts).

export interface Token {
  kind: 'word' | 'number' | 'string' | 'quoted' | 'param' | 'punct'
  text: string
  start: number
  end: number
  depth: number
  param?: { name: string; type: string }
}

const PARAM_START = /\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*:/y
const HEREDOC_START = /\$([A-Za-z0-9_]*)\$/y

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0x80
}
function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57) || c === 36
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

export class SqlLexer {
  private pos = 0
  private depth = 0
  private peeked: Token | undefined

  constructor(private readonly s: string) {}

  peek(): Token | undefined {
    this.peeked ??= this.read()
    return this.peeked
  }

  next(): Token | undefined {
    const t = this.peek()
    this.peeked = undefined
    return t
  }

  private read(): Token | undefined {
    const s = this.s
    const n = s.length
    let i = this.pos
    for (;;) {
      if (i >= n) {
        this.pos = n
        return undefined
      }
      const c = s.charCodeAt(i)
      if (c === 32 || (c >= 9 && c <= 13)) i++
      else if ((c === 45 && s[i + 1] === '-') || (c === 35 && (s[i + 1] === ' ' || s[i + 1] === '!'))) {
        const eol = s.indexOf('\n', i)
        i = eol < 0 ? n : eol + 1
      } else if (c === 47 && s[i + 1] === '*') {
        // Block comments nest in ClickHouse.
        let level = 1
        i += 2
        while (i < n && level > 0) {
          if (s[i] === '/' && s[i + 1] === '*') {
            level++
            i += 2
          } else if (s[i] === '*' && s[i + 1] === '/') {
            level--
            i += 2
          } else i++
        }
      } else break
    }
    const start = i
    const c = s.charCodeAt(i)
    const ch = s[i]
    let kind: Token['kind'] = 'punct'
    let param: Token['param']
    const depth = this.depth
    if (ch === "'" || ch === '"' || ch === '`') {
      i = quotedEnd(s, i, ch)
      kind = ch === "'" ? 'string' : 'quoted'
    } else if (ch === '$' && execAt(HEREDOC_START, s, i)) {
      const tag = s.slice(i, HEREDOC_START.lastIndex)
      const close = s.indexOf(tag, HEREDOC_START.lastIndex)
      i = close < 0 ? n : close + tag.length
      kind = 'string'
    } else if (ch === '{') {
      const m = execAt(PARAM_START, s, i)
      let j = m ? i + m[0].length : n
      while (j < n && s[j] !== '}') j = s[j] === "'" || s[j] === '"' || s[j] === '`' ? quotedEnd(s, j, s[j]) : j + 1
      if (m && j < n) {
        param = { name: m[1], type: s.slice(i + m[0].length, j).trim() }
        kind = 'param'
        i = j + 1
      } else {
        // A map literal or a lone brace.
        i++
        this.depth++
      }
    } else if (isWordStart(c)) {
      i++
      while (i < n && isWordPart(s.charCodeAt(i))) i++
      kind = 'word'
    } else if (isDigit(c) || (ch === '.' && isDigit(s.charCodeAt(i + 1)))) {
      i++
      while (i < n) {
        const d = s[i]
        if (/[0-9A-Za-z_.]/.test(d)) i++
        else if ((d === '+' || d === '-') && /[eEpP]/.test(s[i - 1])) i++
        else break
      }
      kind = 'number'
    } else {
      i++
      if (ch === '(' || ch === '[' || ch === '{') this.depth++
      else if (ch === ')' || ch === ']' || ch === '}') this.depth = Math.max(0, this.depth - 1)
    }
    this.pos = i
    return { kind, text: s.slice(start, i), start, end: i, depth: kind === 'punct' ? Math.min(depth, this.depth) : depth, param }
  }
}

/** `re` (sticky) matched at `at`; afterwards re.lastIndex is the end of the match. */
function execAt(re: RegExp, s: string, at: number): RegExpExecArray | null {
  re.lastIndex = at
  return re.exec(s)
}

/** End (exclusive) of a quoted literal opening at `i`; backslash escapes and doubled quotes stay inside. */
function quotedEnd(s: string, i: number, quote: string): number {
  let j = i + 1
  while (j < s.length) {
    if (s[j] === '\\') j += 2
    else if (s[j] === quote) {
      if (s[j + 1] === quote) j += 2
      else return j + 1
    } else j++
  }
  return s.length
}
