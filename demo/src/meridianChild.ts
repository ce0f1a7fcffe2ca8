/**
 * Meridian as a child process of `pnpm demo`, started with exactly the commands of the root
 * package.json's `start` script (`node … && node … scripts/start.ts`), in this process's
 * environment (so MERIDIAN_DATA_DIR, the MERIDIAN_* ports and the rest apply as for `pnpm start`).
 * The last command is Meridian itself: it runs in its own process group, so a Ctrl+C in the
 * terminal reaches only `pnpm demo`, which stops the demo first and then Meridian.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface MeridianChild {
  child: ChildProcess
  otlpHttpUrl: string
  uiUrl: string
  exited: Promise<number | null>
  /** SIGTERM, then waits for the exit (Meridian writes what it accepted first). */
  stop(): Promise<number | null>
}

/** The `start` script's commands, each as node arguments: `node --flag x.ts && node y.ts` → [['--flag', 'x.ts'], ['y.ts']]. */
export function startCommands(script: string): string[][] {
  return script.split('&&').map((command) => {
    const [program, ...args] = command.trim().split(/\s+/)
    if (program !== 'node' || args.length === 0) throw new Error(`pnpm demo runs the start script's node commands, and cannot run "${command.trim()}"`)
    return args
  })
}

function startScript(): string {
  const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { scripts?: Record<string, string> }
  const script = pkg.scripts?.start
  if (!script) throw new Error('the root package.json has no start script')
  return script
}

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit' })
    child.once('error', reject)
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`node ${args.join(' ')} exited with ${signal ?? code}`))))
  })
}

/**
 * Runs `pnpm start`'s commands; resolves once Meridian has printed where to send data. Its output
 * goes to ours. `signal` aborts the start (Meridian, if already spawned, is stopped). `env` is
 * Meridian's environment (default: this process's).
 */
export async function startMeridianChild(signal?: AbortSignal, timeoutMs = 120_000, env: NodeJS.ProcessEnv = process.env): Promise<MeridianChild> {
  const commands = startCommands(startScript())
  for (const args of commands.slice(0, -1)) await run(args)
  signal?.throwIfAborted()
  const child = spawn(process.execPath, commands[commands.length - 1]!, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const abort = () => child.kill('SIGTERM')
  signal?.addEventListener('abort', abort, { once: true })
  let out = '' // Meridian's output until it is ready, to read its URLs from
  let ready = false
  child.stdout!.on('data', (chunk: Buffer) => {
    if (!ready) out += chunk.toString()
    process.stdout.write(chunk)
  })
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk))
  const urls = await new Promise<{ otlpHttpUrl: string; uiUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM')
      reject(new Error(`Meridian did not start within ${timeoutMs / 1000} s`))
    }, timeoutMs)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`Meridian exited (${code}) before it was ready`))
    })
    child.stdout!.on('data', () => {
      const otlpHttpUrl = /Send OTLP\/HTTP to\s+(\S+)/.exec(out)?.[1]
      const uiUrl = /Open the UI at\s+(\S+)/.exec(out)?.[1]
      if (otlpHttpUrl && uiUrl && !ready) {
        ready = true
        clearTimeout(timer)
        resolve({ otlpHttpUrl, uiUrl })
      }
    })
  })
  // started: from now on the caller stops Meridian (after the demo)
  signal?.removeEventListener('abort', abort)
  return {
    child,
    ...urls,
    exited,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      return exited
    },
  }
}
