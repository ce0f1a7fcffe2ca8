import { describe, expect, it } from 'vitest'
import { SLACK_LIMITS, type SectionBlock, type SlackBlock, SlackMessageBuilder } from './slackMessage.js'
import { escapeMrkdwn, mrkdwnLink, truncateText } from './slackText.js'

const textOf = (block: SlackBlock) => (block.type === 'section' ? (block.text?.text ?? '') : block.type === 'context' ? block.elements.map((e) => e.text).join(' ') : '')

/** Every limit of SLACK_LIMITS, checked on a built message. */
function expectWithinLimits(blocks: SlackBlock[]) {
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks)
  for (const block of blocks) {
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText)
    if (block.type === 'section') {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionText)
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionFields)
      for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText)
    }
    if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements)
    if (block.type === 'actions') {
      expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.actionsElements)
      for (const b of block.elements) {
        expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText)
        expect(b.url!.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonUrl)
      }
    }
  }
}

describe('SlackMessageBuilder', () => {
  it('cuts a message of 80 items to 50 blocks with an "and N more" note, keeping the header and the buttons', () => {
    const builder = new SlackMessageBuilder('80 things').header('Things')
    for (let i = 1; i <= 80; i++) builder.section(`item ${i}`)
    builder.buttons([{ text: 'Open the report', url: 'https://meridian.example/reports/2025-01' }])
    const { blocks } = builder.build()
    expectWithinLimits(blocks)
    expect(blocks).toHaveLength(50)
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Things' } })
    expect(blocks.at(-1)).toMatchObject({ type: 'actions' })
    const sections = blocks.filter((b) => b.type === 'section')
    expect(sections.map(textOf)).toEqual(Array.from({ length: 47 }, (_, i) => `item ${i + 1}`))
    // 80 items, 47 shown: the note counts the other 33
    expect(blocks.at(-2)).toMatchObject({ type: 'context' })
    expect(textOf(blocks.at(-2)!)).toBe('…and 33 more not shown here')
  })

  it('counts items a block stands for, and takes its own wording of the note', () => {
    const builder = new SlackMessageBuilder('x', { moreNote: (n) => `and ${n} more services in the report` })
    for (let i = 0; i < 60; i++) builder.section(`group ${i}`, { items: 3 })
    const { blocks } = builder.build()
    expect(blocks).toHaveLength(50)
    expect(textOf(blocks[49])).toBe(`and ${11 * 3} more services in the report`)
  })

  it('leaves a message of 50 blocks whole', () => {
    const builder = new SlackMessageBuilder('x')
    for (let i = 0; i < 50; i++) builder.section(`s${i}`)
    expect(builder.build().blocks.map(textOf)).toEqual(Array.from({ length: 50 }, (_, i) => `s${i}`))
  })

  it('cuts a 5,000-character section text to 3,000 with an ellipsis', () => {
    const long = 'a'.repeat(5000)
    const { blocks } = new SlackMessageBuilder('x').section(long).build()
    const text = (blocks[0] as SectionBlock).text!.text
    expect(text.length).toBe(SLACK_LIMITS.sectionText)
    expect(text.endsWith('…')).toBe(true)
    expect(text.startsWith('a'.repeat(2999))).toBe(true)
  })

  it('splits long text at line breaks over several sections when it should be shown whole', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${String(i).padStart(3, '0')} ${'x'.repeat(40)}`)
    const { blocks } = new SlackMessageBuilder('x').longSection(lines.join('\n')).build()
    expectWithinLimits(blocks)
    expect(blocks.length).toBeGreaterThan(1)
    expect(blocks.map(textOf).join('\n')).toBe(lines.join('\n'))
  })

  it('cuts header, field and button texts, splits fields by ten and actions by 25, and drops a button whose URL is too long', () => {
    const builder = new SlackMessageBuilder('x')
      .header('H'.repeat(400))
      .fields(Array.from({ length: 23 }, (_, i) => `*f${i}* ${'v'.repeat(i === 0 ? 2500 : 5)}`))
      .buttons([
        ...Array.from({ length: 30 }, (_, i) => ({ text: `${'B'.repeat(100)}${i}`, url: `https://x.example/${i}` })),
        { text: 'too long', url: `https://x.example/${'p'.repeat(3000)}` },
      ])
    const { blocks } = builder.build()
    expectWithinLimits(blocks)
    expect(blocks.filter((b) => b.type === 'section').map((b) => (b as SectionBlock).fields!.length)).toEqual([10, 10, 3])
    const actions = blocks.filter((b) => b.type === 'actions')
    expect(actions.map((a) => (a.type === 'actions' ? a.elements.length : 0))).toEqual([25, 5])
    const ids = actions.flatMap((a) => (a.type === 'actions' ? a.elements.map((e) => e.action_id) : []))
    expect(new Set(ids).size).toBe(30)
  })

  it('leaves out empty blocks (Slack refuses empty texts)', () => {
    const { blocks } = new SlackMessageBuilder('x').header('  ').section('').fields(['', ' ']).context([]).build()
    expect(blocks).toEqual([])
  })

  it('cuts the fallback text to 40,000 characters', () => {
    expect(new SlackMessageBuilder('t'.repeat(50_000)).build().text.length).toBe(SLACK_LIMITS.messageText)
  })
})

describe('Slack text', () => {
  it('escapes the three reserved characters and keeps links intact', () => {
    expect(escapeMrkdwn('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d')
    expect(mrkdwnLink('https://x.example/a|b?q=<1>', 'R&D <team>')).toBe('<https://x.example/a%7Cb?q=%3C1%3E|R&amp;D &lt;team&gt;>')
  })

  it('never cuts inside an escape, a link or a surrogate pair', () => {
    expect(truncateText(`${'a'.repeat(8)}&amp;b`, 10, true)).toBe(`${'a'.repeat(8)}…`)
    expect(truncateText(`abc <https://x.example/long|label> tail`, 20, true)).toBe('abc …')
    expect(truncateText(`${'a'.repeat(8)}😀😀`, 10)).toBe(`${'a'.repeat(8)}…`)
    expect(truncateText('short', 10)).toBe('short')
  })
})
