/** Cartesian product of named value lists, in the order the names are given (last name varies fastest). */
export function cartesian<K extends string>(lists: ReadonlyArray<readonly [K, readonly number[]]>): Array<Record<K, number>> {
  let rows: Array<Record<K, number>> = [{} as Record<K, number>];
  for (const [name, values] of lists) {
    const next: Array<Record<K, number>> = [];
    for (const row of rows) for (const value of values) next.push({ ...row, [name]: value });
    rows = next;
  }
  return rows;
}
