import { allocationFile } from '../../api/allocation.js'
import { type Env, envOptional } from '../../env.js'
import { ConfigError } from '../../errors.js'
import { InvalidFileError, parseYamlText, readYamlFile } from './parseYamlFile.js'
import { type AllocationSettings, NO_ALLOCATION_FILE } from './ruleSet.js'

export const ALLOCATION_RULES_ENV = 'MERIDIAN_ALLOCATION_RULES'

/** Where a number in the rules file is an id or a name: kept as written (`012345678901`). */
const textPath = (path: (string | number)[]) =>
  path[0] === 'teams' || (path[0] === 'rules' && (path[2] === 'match' || path[2] === 'service' || path[2] === 'team' || (path[2] === 'split' && path[3] === 'among')))

/** Validates the text of a rules file; refuses it with file, line, column and reason (InvalidFileError). */
export function parseAllocationText(text: string, file: string): AllocationSettings {
  return { file, fileContent: parseYamlText(text, file, allocationFile, { numbersAsText: textPath }) }
}

/** Reads and validates a rules file; refuses it with file, line, column and reason (InvalidFileError). */
export function readAllocationFile(file: string): AllocationSettings {
  return { file, fileContent: readYamlFile(file, allocationFile, { numbersAsText: textPath }) }
}

/** The rules file named by MERIDIAN_ALLOCATION_RULES, read once at start; an invalid file stops the start with what is wrong where. */
export function parseAllocationSettings(env: Env = process.env): AllocationSettings {
  const file = envOptional(env, ALLOCATION_RULES_ENV)
  if (!file) return NO_ALLOCATION_FILE
  try {
    return readAllocationFile(file)
  } catch (err) {
    if (err instanceof InvalidFileError) throw new ConfigError(`${ALLOCATION_RULES_ENV}: the allocation rules file is not valid:\n${err.message}`)
    throw err
  }
}
