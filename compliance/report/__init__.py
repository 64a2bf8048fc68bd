"""The report: findings, units and run statistics as plain values, and the view formatters read them through."""
