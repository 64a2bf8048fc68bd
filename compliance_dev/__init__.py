"""Development tools outside the runtime path: synthetic bundles and the benchmark."""
