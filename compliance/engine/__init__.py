"""The rule engine: rules compiled to durable-rules and run one session per unit (the only user of durable)."""
