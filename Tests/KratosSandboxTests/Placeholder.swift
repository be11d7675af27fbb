// Placeholder until the KratosSandboxTests tests land.
