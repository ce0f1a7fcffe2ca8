/*
 * `pnpm meridian <command>`: Meridian's command line. Commands:
 *
 *   billing import <file> [--set-aside-bad-rows] [--api <url>]
 *       Import a FOCUS 1.0-1.2 file (CSV, gzip CSV or Parquet); see docs/billing.md.
 */
import { parseArgs } from 'node:util'
import { ConfigError, MeridianError } from '@meridian/core'
import { billingImport, EXIT } from './meridianCli/billingImport.js'

const USAGE = `Usage: pnpm meridian billing import <file> [--set-aside-bad-rows] [--api <url>]

  Imports a FOCUS 1.0, 1.1 or 1.2 billing file (CSV, gzip CSV or Parquet). Each provider and
  billing period in the file replaces what was stored for it.

  --set-aside-bad-rows  import the rows without problems and list the others
                        (default: a file with any bad row is refused whole)
  --api <url>           send the file to a running Meridian's API (e.g. http://localhost:8080)
                        instead of opening the store; done by itself when the embedded store is in use

  Exit code: 0 imported, 1 refused, 2 could not import.
`

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (err) {
    process.stderr.write(`meridian: ${(err as Error).message}\n\n${USAGE}`)
    return EXIT.failed
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(USAGE)
    return 0
  }
  const [group, command, file, ...rest] = positionals
  if (group !== 'billing' || command !== 'import' || !file || rest.length > 0) {
    process.stderr.write(`meridian: ${group ? `unknown command "${positionals.join(' ')}"` : 'no command'}\n\n${USAGE}`)
    return EXIT.failed
  }
  return billingImport({ file, setAsideBadRows: values['set-aside-bad-rows'] ?? false, apiUrl: values.api }, process.stdout, process.stderr)
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'set-aside-bad-rows': { type: 'boolean' },
      api: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

main(process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')))
  .then((code) => {
    process.exitCode = code
  })
  .catch((err) => {
    const message = err instanceof ConfigError || err instanceof MeridianError ? err.message : (err as Error).stack
    process.stderr.write(`meridian: ${message}\n`)
    process.exitCode = EXIT.failed
  })
