// ClickHouse error codes this server raises itself (the engine's errors carry their own).
export const ErrorCode = {
  BAD_ARGUMENTS: 36,
  NOT_IMPLEMENTED: 48,
  SYNTAX_ERROR: 62,
  UNKNOWN_COMPRESSION_METHOD: 89,
  UNKNOWN_SETTING: 115,
  QUERY_IS_TOO_LARGE: 229,
  NETWORK_ERROR: 210,
  ZLIB_INFLATE_FAILED: 354,
  SESSION_NOT_FOUND: 372,
  INVALID_SESSION_TIMEOUT: 374,
  BAD_QUERY_PARAMETER: 457,
  AUTHENTICATION_FAILED: 516,
  STD_EXCEPTION: 1001,
} as const
const errorName = new Map<number, string>(Object.entries(ErrorCode).map(([name, code]) => [code, name]))

// HTTP status per exception code, as ClickHouse's exceptionCodeToHTTPStatus maps them; 500 otherwise.
const STATUS_BY_CODE = new Map<number, number>([
  ...[194].map((c) => [c, 401] as const), // REQUIRED_PASSWORD
  // UNKNOWN_USER, WRONG_PASSWORD, ACCESS_DENIED, SET_NON_GRANTED_ROLE, AUTHENTICATION_FAILED
  ...[192, 193, 497, 512, 516].map((c) => [c, 403] as const),
  // BAD_ARGUMENTS, CANNOT_PARSE_* (text, escape sequence, quoted string, date, datetime, number,
  // domain value, IPv4, IPv6, input assertion, UUID), CANNOT_COMPILE_REGEXP, DUPLICATE_COLUMN,
  // ILLEGAL_COLUMN, THERE_IS_NO_COLUMN, UNKNOWN_ELEMENT_IN_AST, UNKNOWN_TYPE_OF_AST_NODE,
  // TOO_DEEP_AST, TOO_BIG_AST, UNEXPECTED_AST_STRUCTURE, SYNTAX_ERROR, INCORRECT_DATA,
  // TYPE_MISMATCH, VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
  ...[36, 6, 25, 26, 38, 41, 72, 441, 675, 676, 27, 376, 427, 15, 44, 8, 37, 123, 167, 168, 223, 62, 117, 53, 321].map((c) => [c, 400] as const),
  // UNKNOWN_TABLE, UNKNOWN_FUNCTION, UNKNOWN_IDENTIFIER, UNKNOWN_TYPE, UNKNOWN_STORAGE,
  // UNKNOWN_DATABASE, UNKNOWN_SETTING, UNKNOWN_DIRECTION_OF_SORTING, UNKNOWN_AGGREGATE_FUNCTION,
  // UNKNOWN_FORMAT, UNKNOWN_DATABASE_ENGINE, UNKNOWN_TYPE_OF_QUERY, UNKNOWN_ROLE
  ...[60, 46, 47, 50, 56, 81, 115, 152, 63, 73, 336, 78, 511].map((c) => [c, 404] as const),
  [229, 413], // QUERY_IS_TOO_LARGE
  [48, 501], // NOT_IMPLEMENTED
  [209, 503], // SOCKET_TIMEOUT
  [76, 503], // CANNOT_OPEN_FILE
  [439, 503], // CANNOT_SCHEDULE_TASK
  [381, 411], // HTTP_LENGTH_REQUIRED
  [159, 408], // TIMEOUT_EXCEEDED
  [779, 415], // UNSUPPORTED_MEDIA_TYPE
])

/** An error answered in ClickHouse's shape: `Code: N. DB::Exception: message. (NAME) (version v)`. */
export class ClickHouseFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** Overrides the status ClickHouse would give the code. */
    readonly status?: number,
  ) {
    super(message)
  }
}

/** Any error as a ClickHouseFailure: the engine's own code when its message or error carries one. */
export function toFailure(err: unknown): ClickHouseFailure {
  if (err instanceof ClickHouseFailure) return err
  const e = err as { message?: unknown; code?: unknown; clickhouseCode?: unknown } | undefined
  const message = e && typeof e.message === 'string' ? e.message : String(err)
  const fromText = /^Code: (\d+)\. /.exec(message)
  const code = fromText ? Number(fromText[1]) : typeof e?.clickhouseCode === 'number' ? e.clickhouseCode : e?.code === 'CHDB_BIND' ? ErrorCode.BAD_QUERY_PARAMETER : ErrorCode.STD_EXCEPTION
  return new ClickHouseFailure(code, message)
}

/** The exception text ClickHouse sends: `Code: N. DB::Exception: message. (NAME) (version v)`. */
export function exceptionText(failure: ClickHouseFailure, version: string): string {
  const code = failure.code
  let text = failure.message
  if (!/^Code: \d+\. /.test(text)) {
    text = `Code: ${code}. DB::Exception: ${text.replace(/\.?\s*$/, '')}. (${errorName.get(code) ?? 'UNKNOWN_EXCEPTION'})`
  }
  if (!/\(version [^()]*(\([^()]*\))?\)\s*$/.test(text)) text = `${text.trimEnd()} (version ${version})`
  return text
}

export function httpStatusOf(failure: ClickHouseFailure): number {
  return failure.status ?? STATUS_BY_CODE.get(failure.code) ?? 500
}
