import { type ChildProcess, spawn } from 'node:child_process'
import { meridianNodeArgs } from '../meridianCommand.js'

const ROOT = new URL('../..', import.meta.url).pathname

export interface Started {
  child: ChildProcess
  otlpHttp: string
  ui: string
  output: () => string
}

/** The environment of a Meridian run on loopback, free ports, quiet logs, on `dataDir`. */
export function meridianProcessEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    MERIDIAN_DATA_DIR: dataDir,
    MERIDIAN_OTLP_HOST: '127.0.0.1',
    MERIDIAN_HTTP_HOST: '127.0.0.1',
    MERIDIAN_OTLP_HTTP_PORT: '0',
    MERIDIAN_OTLP_GRPC_PORT: '0',
    MERIDIAN_HTTP_PORT: '0',
    MERIDIAN_LOG_LEVEL: 'warn',
  }
}

/** Runs `pnpm start`'s script as a user would, on free ports, and reads the URLs it prints. */
export function startMeridian(dataDir: string, env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, meridianNodeArgs(), {
    cwd: ROOT,
    env: { ...meridianProcessEnv(dataDir), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`meridian did not start in time:\n${out}`)), 45_000)
    child.on('exit', (code) => reject(new Error(`meridian exited with ${code}:\n${out}`)))
    const poll = setInterval(() => {
      const otlp = /Send OTLP\/HTTP to\s+(\S+)/.exec(out)?.[1]
      const ui = /Open the UI at\s+(\S+)/.exec(out)?.[1]
      if (otlp && ui) {
        clearInterval(poll)
        clearTimeout(timer)
        resolve({ child, otlpHttp: otlp, ui, output: () => out })
      }
    }, 50)
  })
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}


/** Stops a Meridian that startMeridian started (SIGTERM, as Ctrl+C would) and waits until it has exited. */
export async function stopMeridian(meridian: Started | undefined): Promise<void> {
  if (!meridian) return
  const exited = exitOf(meridian.child)
  meridian.child.kill('SIGTERM')
  await exited
}
