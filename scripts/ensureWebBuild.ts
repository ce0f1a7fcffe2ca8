/*
 * Run by `pnpm start` before Meridian starts: builds the web app (vite, a few seconds) when
 * web/dist is missing or older than its sources, so a fresh clone shows the app. A failed build
 * does not stop the start: the server's `/` then says how to build.
 */
import { ensureWebBuild } from '../web/src/webBuild.js'

try {
  await ensureWebBuild({ log: (line) => process.stdout.write(`${line}\n`) })
} catch (err) {
  process.stderr.write(`meridian: could not build the web app (${(err as Error).message}); starting without it. Build it with: pnpm --filter @meridian/web build\n`)
}
