/** The one error type of Meridian: an HTTP status and a stable code travel with the message. */
export class MeridianError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'MeridianError'
  }

  toJSON(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } }
  }
}

/** A configuration value that cannot be used; the message names the variable. */
export class ConfigError extends MeridianError {
  constructor(message: string) {
    super(500, 'invalid_config', message)
    this.name = 'ConfigError'
  }
}
