import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  from: string
  to: string[]
  /** The message as sent (RFC 5322, MIME). */
  raw: string
}

export interface SmtpReceiverOptions {
  /** Accept only this login (AUTH PLAIN/LOGIN); without it no login is asked for. */
  auth?: { user: string; pass: string }
  /** Refuse these recipients with 550. */
  refuse?: string[]
}

export interface SmtpReceiver {
  port: number
  mails: ReceivedMail[]
  /** Answer the next `count` messages (after DATA) with this SMTP error, e.g. 451 (try later). */
  failNext(count: number, code: number, message: string): void
  close(): Promise<void>
}

/** A real SMTP server on 127.0.0.1 (smtp-server, without TLS) that keeps every mail it accepts. */
export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = []
  const failures: { code: number; message: string }[] = []
  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) return callback(null, { user: auth.username })
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }))
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.includes(address.address)) return callback(Object.assign(new Error(`No such user ${address.address}`), { responseCode: 550 }))
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const failure = failures.shift()
        if (failure) return callback(Object.assign(new Error(failure.message), { responseCode: failure.code }))
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    port,
    mails,
    failNext: (count, code, message) => {
      for (let i = 0; i < count; i++) failures.push({ code, message })
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
