/**
 * Lists every difference in shape between two JSON values: keys missing or extra at any
 * level, and values of a different JSON type. Array elements are checked against the
 * reference's first element, so an empty array matches any reference array.
 * Returns [] when the shapes agree; a list reads better in a failing test than a boolean.
 */
export function shapeDifferences(actual: unknown, reference: unknown, path = "$"): string[] {
  const a = jsonType(actual);
  const r = jsonType(reference);
  if (a !== r) return [`${path}: ${a}, expected ${r}`];
  if (r === "array") {
    const template = (reference as unknown[])[0];
    if (template === undefined) return [];
    return (actual as unknown[]).flatMap((item, i) => shapeDifferences(item, template, `${path}[${i}]`));
  }
  if (r !== "object") return [];
  const actualObject = actual as Record<string, unknown>;
  const referenceObject = reference as Record<string, unknown>;
  const differences: string[] = [];
  for (const key of Object.keys(referenceObject)) {
    if (!(key in actualObject)) differences.push(`${path}.${key}: missing`);
    else differences.push(...shapeDifferences(actualObject[key], referenceObject[key], `${path}.${key}`));
  }
  for (const key of Object.keys(actualObject)) {
    if (!(key in referenceObject)) differences.push(`${path}.${key}: not in the reference`);
  }
  return differences;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
