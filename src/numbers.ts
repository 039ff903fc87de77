/**
 * Twelve significant digits for the numbers a user reads or a file holds: sums and shares of floats
 * carry noise (1.4 x 1/7 is 0.19999999999999998), which would otherwise reach rules and reports and
 * make the same input print different digits after an unrelated change to the order of additions.
 */
export function roundSignificant(n: number): number {
  return Number(n.toPrecision(12));
}
