/*
 * Progress of a long command: a bar redrawn in place on a terminal, plain lines (every 10 % and
 * at each new phase) when the output is a file or a pipe, so logs stay readable.
 */

export interface ProgressState {
  phase: string
  bytes: number
  /** File size, when known. */
  totalBytes?: number
  rows?: number
}

export interface Progress {
  update(state: ProgressState): void
  /** Clears the bar (a terminal) before the summary is printed. */
  done(): void
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

function describe(state: ProgressState): string {
  const size = state.totalBytes ? `${mb(state.bytes)} / ${mb(state.totalBytes)}` : mb(state.bytes)
  const rows = state.rows !== undefined ? ` · ${state.rows.toLocaleString('en-US')} rows` : ''
  return `${state.phase} ${size}${rows}`
}

export function createProgress(out: NodeJS.WriteStream): Progress {
  if (out.isTTY) {
    let last = 0
    let shown = false
    return {
      update(state) {
        const now = Date.now()
        if (now - last < 100 && state.bytes !== state.totalBytes) return
        last = now
        const width = 30
        const fraction = state.totalBytes ? Math.min(1, state.bytes / state.totalBytes) : 0
        const filled = Math.round(fraction * width)
        const bar = state.totalBytes ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ` : ''
        out.write(`\r\x1b[2K${bar}${describe(state)}`)
        shown = true
      },
      done() {
        if (shown) out.write('\r\x1b[2K')
      },
    }
  }
  let lastPhase = ''
  let lastTenth = -1
  return {
    update(state) {
      const tenth = state.totalBytes ? Math.floor((state.bytes / state.totalBytes) * 10) : -1
      if (state.phase === lastPhase && tenth === lastTenth) return
      lastPhase = state.phase
      lastTenth = tenth
      const percent = state.totalBytes ? ` (${Math.round((state.bytes / state.totalBytes) * 100)} %)` : ''
      out.write(`${describe(state)}${percent}\n`)
    },
    done() {},
  }
}
