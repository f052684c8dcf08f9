import { parseFilter, type FilterExpr } from "./odata";

/**
 * Group queries as Entra serves them: `groupTypes/any(g:g eq 'Unified')` is a standard filter, but `not` and `ne`
 * on directory objects are advanced queries that Graph refuses without ConsistencyLevel: eventual and $count=true.
 */

function advancedOperator(expr: FilterExpr): string | null {
  switch (expr.kind) {
    case "and":
    case "or":
      return advancedOperator(expr.left) ?? advancedOperator(expr.right);
    case "not":
      return "Not";
    case "compare":
    case "lambda":
      return expr.op === "ne" ? "Ne" : null;
    default:
      return null;
  }
}

/** Graph's Request_UnsupportedQuery message when an advanced-query operator lacks its parameters, or null when fine. */
export function missingAdvancedQuery(filter: string | null, count: boolean, consistencyLevel: string | undefined): string | null {
  if (!filter || (count && consistencyLevel?.toLowerCase() === "eventual")) return null;
  let operator: string | null;
  try {
    operator = advancedOperator(parseFilter(filter));
  } catch {
    return null; // the collection handler reports the syntax error
  }
  return operator
    ? `Operator '${operator}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information`
    : null;
}
