"""Size limits of rule packs and conditions, set below durable-rules' own (found by experiment and in its C source).

durable-rules 2.0 (src/rules/rete.c, rules.h) fails or hangs past these: 4,096 engine rules per ruleset
(MAX_ACTIONS, error 106); 128 absence tests (`$nex`) under one node (NEXT_LIST_LENGTH, error 107); 256 rules ending
at the same pattern (BETA_LIST_LENGTH, error 108); 31 expressions in one join (MAX_SEQUENCE_EXPRESSIONS, error 113);
more than 512 distinct tests under one node loops forever (NEXT_BUCKET_LENGTH: create_ruleset hangs). Python
itself stops at its recursion limit on deeply nested conditions. A rule compiles into 3 to 40 engine rules, so the
limits on a pack's rules are set well below; compliance/engine/compile.py checks the engine-side counts of the
whole program (every pack of a kind of unit together) against the ENGINE_* limits.
"""
from __future__ import annotations

import ast

RULES_PER_PACK = 200
CLAUSES_PER_RULE = 16
CONDITION_CHARS = 2_000
CONDITION_DEPTH = 30  # nesting of the parsed syntax tree (the shipped packs reach 9)
CONDITION_TERMS = 64  # comparisons and tests in one condition: `and` terms and `or` width alike
JOIN_SUBJECT_TERMS = 12  # values read of the subject inside one exists() (durable: 31 expressions per join)
LARGEST_NUMBER = 10**15  # a number literal or a constant sum, well inside durable's integers and doubles
TEXT_CHARS = 1_000  # a text literal
ENGINE_RULES = 3_000  # engine rules per kind of unit (durable: 4,096)
ENGINE_TESTS = 400  # distinct tests on the facts of one type (durable hangs past 512 under one node)
ENGINE_ABSENCE_TESTS = 100  # distinct absence tests on one type (durable: 128 under one node)
ENGINE_SAME_PATTERN = 200  # engine rules on the very same pattern (durable: 256)


def syntax_depth(tree: ast.AST) -> int:
    """The nesting depth of a syntax tree, measured without recursion (a hostile tree may be deep)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth <= CONDITION_DEPTH:
            stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def syntax_terms(tree: ast.AST) -> int:
    """How many comparisons, calls and bare tests a condition has (its `and` terms and `or` alternatives)."""
    tests = sum(1 for node in ast.walk(tree) if isinstance(node, (ast.Compare, ast.Call)))
    holders = [node for node in ast.walk(tree) if isinstance(node, (ast.BoolOp, ast.UnaryOp, ast.Expression))]
    return tests + sum(1 for node in holders for child in ast.iter_child_nodes(node) if isinstance(child, ast.Name))
