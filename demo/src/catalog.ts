/** The demo shop's catalog: what the frontend lists, the inventory stocks and the load generator asks for. */

export interface Product {
  id: string
  name: string
  category: string
  priceUsd: number
}

const ROWS: [string, string, number][] = [
  ['electronics', 'Noise-cancelling headphones', 249],
  ['electronics', 'Mechanical keyboard', 129],
  ['electronics', '4K monitor', 399],
  ['electronics', 'USB-C dock', 89],
  ['electronics', 'Wireless mouse', 39],
  ['electronics', 'Smart speaker', 99],
  ['home', 'Espresso machine', 549],
  ['home', 'Chef knife', 119],
  ['home', 'Cast iron skillet', 45],
  ['home', 'Linen bedding set', 189],
  ['home', 'Air purifier', 229],
  ['outdoor', 'Trail running shoes', 139],
  ['outdoor', 'Ultralight tent', 349],
  ['outdoor', 'Down jacket', 279],
  ['outdoor', 'Water filter', 35],
  ['outdoor', 'Headlamp', 29],
  ['books', 'Designing Data-Intensive Applications', 45],
  ['books', 'Site Reliability Engineering', 39],
  ['books', 'Cloud FinOps', 49],
  ['books', 'The Phoenix Project', 22],
  ['apparel', 'Merino t-shirt', 65],
  ['apparel', 'Rain shell', 179],
  ['apparel', 'Wool socks (3 pairs)', 32],
  ['apparel', 'Canvas tote', 25],
]

export const PRODUCTS: readonly Product[] = ROWS.map(([category, name, priceUsd], i) => ({
  id: `P${String(i + 1).padStart(3, '0')}`,
  name,
  category,
  priceUsd,
}))

export const CATEGORIES: readonly string[] = [...new Set(PRODUCTS.map((p) => p.category))]

export const SEARCH_TERMS: readonly string[] = ['headphones', 'keyboard', 'coffee', 'tent', 'jacket', 'book', 'sre', 'socks', 'monitor', 'knife', 'running', 'gift']

export function productById(id: string): Product | undefined {
  return PRODUCTS.find((p) => p.id === id)
}

export function searchProducts(term: string): Product[] {
  const t = term.toLowerCase()
  return PRODUCTS.filter((p) => p.name.toLowerCase().includes(t) || p.category.includes(t))
}
