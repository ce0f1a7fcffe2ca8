import { splitText, truncateText } from './slackText.js'

/**
 * Slack's Block Kit limits for messages (docs.slack.dev, Block Kit reference: blocks, block
 * elements, composition objects). Slack refuses a message that breaks one (400 invalid_blocks),
 * so the builder below cuts or splits content to stay inside them.
 */
export const SLACK_LIMITS = {
  /** blocks in one message */
  blocks: 50,
  /** header block: plain_text */
  headerText: 150,
  /** section block text; also any text object (context elements) */
  sectionText: 3000,
  /** fields of one section block, and the text of each */
  sectionFields: 10,
  fieldText: 2000,
  /** elements of one context block */
  contextElements: 10,
  /** elements of one actions block */
  actionsElements: 25,
  /** button element: text, url, value, action_id */
  buttonText: 75,
  buttonUrl: 3000,
  buttonValue: 2000,
  actionId: 255,
  /** the message's top-level text (the notification fallback); Slack truncates beyond it */
  messageText: 40_000,
} as const

export interface PlainText {
  type: 'plain_text'
  text: string
  emoji?: boolean
}
export interface MrkdwnText {
  type: 'mrkdwn'
  text: string
}
export interface ButtonElement {
  type: 'button'
  text: PlainText
  action_id: string
  url?: string
  value?: string
  style?: 'primary' | 'danger'
}
export interface HeaderBlock {
  type: 'header'
  text: PlainText
}
export interface SectionBlock {
  type: 'section'
  text?: MrkdwnText
  fields?: MrkdwnText[]
  accessory?: ButtonElement
}
export interface ContextBlock {
  type: 'context'
  elements: MrkdwnText[]
}
export interface DividerBlock {
  type: 'divider'
}
export interface ActionsBlock {
  type: 'actions'
  elements: ButtonElement[]
}
export type SlackBlock = HeaderBlock | SectionBlock | ContextBlock | DividerBlock | ActionsBlock

/** A message as Slack's incoming webhooks take it, inside every limit. */
export interface SlackMessage {
  /** Shown in notifications and where blocks cannot be; mrkdwn. */
  text: string
  blocks: SlackBlock[]
}

export interface SlackButton {
  text: string
  url: string
  style?: 'primary' | 'danger'
}

interface Entry {
  block: SlackBlock
  /** How many of the caller's items the block shows (for the "and N more" note). */
  items: number
  /** Kept when the message is cut to 50 blocks (headers and buttons: the link to the rest). */
  keep: boolean
}

export interface BuilderOptions {
  /** The note that replaces blocks cut for the 50-block limit; `n` counts the items they showed. */
  moreNote?: (n: number) => string
}

const mrkdwn = (text: string): MrkdwnText => ({ type: 'mrkdwn', text })

/**
 * Builds a Block Kit message that Slack accepts whatever the content: texts are cut with an
 * ellipsis at their limits, long texts and field lists are split over several blocks, buttons
 * whose URL is too long are left out (a cut URL would lead nowhere), and beyond 50 blocks the
 * last blocks that are not kept (headers and buttons are) give way to one note: "…and N more".
 * Texts given to section, fields and context are mrkdwn: escape user content with escapeMrkdwn.
 */
export class SlackMessageBuilder {
  private readonly entries: Entry[] = []
  private actionCount = 0

  constructor(
    private readonly text: string,
    private readonly options: BuilderOptions = {},
  ) {}

  header(text: string): this {
    const plain = text.trim()
    if (plain) this.push({ type: 'header', text: { type: 'plain_text', text: truncateText(plain, SLACK_LIMITS.headerText), emoji: true } }, 0, true)
    return this
  }

  /** One section; text beyond 3,000 characters is cut. `items`: how many things it shows (default 1). */
  section(text: string, options: { button?: SlackButton; items?: number } = {}): this {
    if (!text.trim()) return this
    const button = options.button ? this.button(options.button) : undefined
    this.push({ type: 'section', text: mrkdwn(truncateText(text, SLACK_LIMITS.sectionText, true)), ...(button ? { accessory: button } : {}) }, options.items ?? 1)
    return this
  }

  /** Text shown whole: split at line breaks over as many sections as it needs, one item each. */
  longSection(text: string): this {
    for (const piece of splitText(text, SLACK_LIMITS.sectionText, true)) this.section(piece)
    return this
  }

  /** Two-column fields, 10 per section (more go to further sections), each cut to 2,000 characters. */
  fields(texts: string[]): this {
    const list = texts.filter((t) => t.trim()).map((t) => mrkdwn(truncateText(t, SLACK_LIMITS.fieldText, true)))
    for (let i = 0; i < list.length; i += SLACK_LIMITS.sectionFields) {
      const chunk = list.slice(i, i + SLACK_LIMITS.sectionFields)
      this.push({ type: 'section', fields: chunk }, chunk.length)
    }
    return this
  }

  /** Small grey text; up to 10 elements per block (more go to further blocks). */
  context(texts: string[], options: { keep?: boolean } = {}): this {
    const list = texts.filter((t) => t.trim()).map((t) => mrkdwn(truncateText(t, SLACK_LIMITS.sectionText, true)))
    for (let i = 0; i < list.length; i += SLACK_LIMITS.contextElements) {
      this.push({ type: 'context', elements: list.slice(i, i + SLACK_LIMITS.contextElements) }, 0, options.keep ?? false)
    }
    return this
  }

  divider(): this {
    this.push({ type: 'divider' }, 0)
    return this
  }

  /** Link buttons, 25 per actions block; kept when the message is cut. */
  buttons(buttons: SlackButton[]): this {
    const elements = buttons.map((b) => this.button(b)).filter((b): b is ButtonElement => b !== undefined)
    for (let i = 0; i < elements.length; i += SLACK_LIMITS.actionsElements) {
      this.push({ type: 'actions', elements: elements.slice(i, i + SLACK_LIMITS.actionsElements) }, 0, true)
    }
    return this
  }

  build(): SlackMessage {
    const text = truncateText(this.text, SLACK_LIMITS.messageText, true)
    if (this.entries.length <= SLACK_LIMITS.blocks) return { text, blocks: this.entries.map((e) => e.block) }

    // Drop the last blocks that may go until they and the note fit; kept blocks go last, if ever.
    const dropped = new Set<number>()
    const excess = this.entries.length - (SLACK_LIMITS.blocks - 1)
    for (const pass of [false, true]) {
      for (let i = this.entries.length - 1; i >= 0 && dropped.size < excess; i--) {
        if (this.entries[i].keep === pass) dropped.add(i)
      }
    }
    const items = [...dropped].reduce((n, i) => n + this.entries[i].items, 0)
    const first = Math.min(...dropped)
    const note = this.options.moreNote?.(items) ?? `…and ${items} more not shown here`
    const blocks: SlackBlock[] = []
    this.entries.forEach((entry, i) => {
      if (i === first) blocks.push({ type: 'context', elements: [mrkdwn(truncateText(note, SLACK_LIMITS.sectionText, true))] })
      if (!dropped.has(i)) blocks.push(entry.block)
    })
    return { text, blocks }
  }

  private push(block: SlackBlock, items: number, keep = false): void {
    this.entries.push({ block, items, keep })
  }

  private button(b: SlackButton): ButtonElement | undefined {
    if (b.url.length > SLACK_LIMITS.buttonUrl || !b.text.trim()) return undefined
    this.actionCount++
    return {
      type: 'button',
      text: { type: 'plain_text', text: truncateText(b.text.trim(), SLACK_LIMITS.buttonText), emoji: true },
      action_id: `meridian-${this.actionCount}`,
      url: b.url,
      ...(b.style ? { style: b.style } : {}),
    }
  }
}
