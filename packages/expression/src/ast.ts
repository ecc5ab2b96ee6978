/**
 * The syntax tree of an expression. Every node keeps the column it starts at, for messages.
 */

export type BinaryOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**';
export type CompareOperator = '<' | '<=' | '>' | '>=' | '==' | '!=' | 'in' | 'not in' | 'is' | 'is not';

export type Node =
  | { readonly type: 'literal'; readonly value: number | string | boolean | null; readonly column: number }
  | { readonly type: 'name'; readonly name: string; readonly column: number }
  /** `$(meter)`: the whole sample when `record`, else its volume. */
  | { readonly type: 'meter'; readonly meter: string; readonly record: boolean; readonly column: number }
  | { readonly type: 'attribute'; readonly object: Node; readonly attribute: string; readonly column: number }
  | { readonly type: 'unary'; readonly operator: '-' | '+' | 'not'; readonly operand: Node; readonly column: number }
  | { readonly type: 'binary'; readonly operator: BinaryOperator; readonly left: Node; readonly right: Node; readonly column: number }
  /** Python's chained comparison: `a < b <= c` is `a < b and b <= c`, each operand evaluated once. */
  | { readonly type: 'compare'; readonly first: Node; readonly rest: readonly (readonly [CompareOperator, Node])[]; readonly column: number }
  | { readonly type: 'logical'; readonly operator: 'and' | 'or'; readonly left: Node; readonly right: Node; readonly column: number }
  | { readonly type: 'conditional'; readonly test: Node; readonly then: Node; readonly otherwise: Node; readonly column: number }
  // The Python subset (`python: true`): subscripts and slices, calls, list and dict displays, lambdas.
  | { readonly type: 'subscript'; readonly object: Node; readonly index: Node; readonly column: number }
  | { readonly type: 'slice'; readonly object: Node; readonly start: Node | null; readonly stop: Node | null; readonly column: number }
  | { readonly type: 'call'; readonly callee: Node; readonly args: readonly Node[]; readonly column: number }
  | { readonly type: 'list'; readonly items: readonly Node[]; readonly column: number }
  | { readonly type: 'dict'; readonly entries: readonly (readonly [Node, Node])[]; readonly column: number }
  | { readonly type: 'lambda'; readonly params: readonly string[]; readonly body: Node; readonly column: number };
