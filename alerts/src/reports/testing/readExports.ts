import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'

/** The CSV read back by a real CSV reader (exceljs's, fast-csv), every cell as the text written. */
export async function readCsv(text: string): Promise<Record<string, string>[]> {
  const workbook = new ExcelJS.Workbook()
  const sheet = await workbook.csv.read(Readable.from([text]), { map: (value: unknown) => value })
  const rows: string[][] = []
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))))
  const [header, ...body] = rows
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])))
}

/** Every sheet of an XLSX as rows of cell values keyed by the header row. */
export async function readXlsx(buffer: Buffer): Promise<Record<string, Record<string, unknown>[]>> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer)
  const sheets: Record<string, Record<string, unknown>[]> = {}
  workbook.eachSheet((sheet) => {
    const rows: unknown[][] = []
    sheet.eachRow({ includeEmpty: false }, (row) => rows.push((row.values as unknown[]).slice(1)))
    const [header = [], ...body] = rows
    sheets[sheet.name] = body.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i] ?? null])))
  })
  return sheets
}

/** The number format of a sheet's column, by its header. */
export async function columnFormats(buffer: Buffer, sheetName: string): Promise<Record<string, string>> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer)
  const sheet = workbook.getWorksheet(sheetName)!
  const formats: Record<string, string> = {}
  sheet.getRow(1).eachCell((cell, col) => {
    formats[String(cell.value)] = sheet.getRow(2).getCell(col).numFmt ?? ''
  })
  return formats
}
